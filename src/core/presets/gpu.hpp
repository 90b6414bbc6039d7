#pragma once
// One GPU preset (assets/gpus/*.json), in base units. Only dense tensor-core figures are kept:
// sparse figures are exactly 2x and never describe the dense GEMMs this model runs.
#include <string>
#include <string_view>
#include <vector>

#include "core/base/precision.hpp"
#include "core/base/result.hpp"

namespace mm {

struct GpuSpec {
    std::string name;          // preset key, e.g. "rtx5090"
    std::string display_name;  // "NVIDIA GeForce RTX 5090"
    std::string source;        // datasheet / whitepaper the figures come from
    std::string architecture;
    std::string tensor_accumulate;  // accumulate type of the tensor figures, e.g. "fp32"
    std::string notes;

    double memory_capacity_bytes = 0;
    double bandwidth_bytes_per_s = 0;
    double l2_cache_bytes = 0;
    double cuda_fp32_flops_per_s = 0;  // non-tensor FP32 (CUDA cores)
    // Dense tensor-core peaks; 0 = the GPU has no tensor cores for that format.
    double tensor_bf16_flops_per_s = 0;
    double tensor_fp16_flops_per_s = 0;
    double tensor_fp8_flops_per_s = 0;
    double tensor_fp4_flops_per_s = 0;
    double sm_count = 0;
    double boost_clock_hz = 0;
    double power_w = 0;

    // Tensor-core peak for GEMMs whose inputs are `p` (fp32 inputs run on CUDA cores: returns 0).
    double tensor_flops_per_s(Precision p) const;
};

// Parses one GPU preset. `path` names the file in messages.
Result<GpuSpec> parse_gpu(std::string_view path, std::string_view json_text);

// One user override of a preset field, keyed by the JSON key of the preset file
// (e.g. {"memory_bandwidth_GB_per_s", 1500}); values in the key's unit.
struct GpuOverride {
    std::string key;
    double value = 0;
};

// Applies overrides in order; an unknown key or a negative value is an error naming the key.
Result<GpuSpec> apply_gpu_overrides(GpuSpec gpu, const std::vector<GpuOverride>& overrides);

// The numeric keys a preset file has and an override may set (for --help and the UI).
std::vector<std::string_view> gpu_numeric_keys();
// The same fields with the page's label (name and unit) and a one-sentence help.
struct GpuFieldText {
    std::string_view key;    // "memory_bandwidth_GB_per_s": the preset's and the share link's key
    std::string_view label;  // "DRAM bandwidth (GB/s)"
    std::string_view help;
};
std::vector<GpuFieldText> gpu_numeric_fields();
// Reads a numeric field by its JSON key, in the key's unit (for the UI's editable fields).
double gpu_field(const GpuSpec& gpu, std::string_view key);

}  // namespace mm
