#include "core/base/precision.hpp"

namespace mm {

std::string_view precision_name(Precision p) {
    switch (p) {
        case Precision::fp32: return "fp32";
        case Precision::bf16: return "bf16";
        case Precision::fp16: return "fp16";
        case Precision::fp8: return "fp8";
        case Precision::fp4: return "fp4";
    }
    return "bf16";
}

std::optional<Precision> parse_precision(std::string_view name) {
    for (Precision p : {Precision::fp32, Precision::bf16, Precision::fp16, Precision::fp8, Precision::fp4})
        if (precision_name(p) == name) return p;
    return std::nullopt;
}

}  // namespace mm
