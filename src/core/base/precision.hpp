#pragma once
// Numeric formats of weights, activations and the KV cache, and their storage size.
#include <optional>
#include <string_view>

namespace mm {

enum class Precision { fp32, bf16, fp16, fp8, fp4 };

// Bytes per stored element: fp4 packs two elements per byte.
constexpr double bytes_per_element(Precision p) {
    switch (p) {
        case Precision::fp32: return 4.0;
        case Precision::bf16: return 2.0;
        case Precision::fp16: return 2.0;
        case Precision::fp8: return 1.0;
        case Precision::fp4: return 0.5;
    }
    return 2.0;
}

std::string_view precision_name(Precision p);

// The formats the engine stores weights, activations and the KV cache in: every option, flag, link
// and widget offers exactly these (fp32 is a GPU's CUDA-core figure, not a storage choice here).
inline constexpr std::string_view kStoragePrecisionNames[] = {"bf16", "fp16", "fp8", "fp4"};
std::optional<Precision> parse_precision(std::string_view name);  // "bf16", "fp16", "fp8", "fp4", "fp32"

// Bytes per element for the three tensor families of one workload.
struct ElementBytes {
    double weights = 2.0;
    double activations = 2.0;
    double kv = 2.0;
};

}  // namespace mm
