#include "core/presets/gpu.hpp"

#include <cmath>

#include "core/base/json_read.hpp"

namespace mm {

namespace {

// Preset keys (unit in the name), how they map to GpuSpec's base units, and how the page labels them.
struct NumericField {
    GpuFieldText text;
    double GpuSpec::*member;
    double to_base;  // multiply the file's value by this to get base units
    bool required;
};

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

constexpr NumericField kFields[] = {
    {{"memory_capacity_GiB", "Memory (GiB)", "Memory capacity in GiB (2^30 bytes)."}, &GpuSpec::memory_capacity_bytes, kGiB, true},
    {{"memory_bandwidth_GB_per_s", "DRAM bandwidth (GB/s)", "Peak DRAM bandwidth in GB/s (1e9 bytes per second), as the vendor quotes it."},
     &GpuSpec::bandwidth_bytes_per_s, 1e9, true},
    {{"l2_cache_MB", "L2 cache (MB)", "L2 cache size in MB (1e6 bytes)."}, &GpuSpec::l2_cache_bytes, 1e6, false},
    {{"cuda_core_fp32_TFLOPS", "CUDA-core FP32 (TFLOPS)", "Peak FP32 rate of the CUDA cores (non-tensor), TFLOPS."},
     &GpuSpec::cuda_fp32_flops_per_s, 1e12, true},
    {{"tensor_bf16_dense_TFLOPS", "Tensor BF16 (TFLOPS)", "Dense tensor-core BF16 peak (no sparsity), TFLOPS, at the preset's accumulate type."},
     &GpuSpec::tensor_bf16_flops_per_s, 1e12, true},
    {{"tensor_fp16_dense_TFLOPS", "Tensor FP16 (TFLOPS)", "Dense tensor-core FP16 peak (no sparsity), TFLOPS, at the preset's accumulate type."},
     &GpuSpec::tensor_fp16_flops_per_s, 1e12, false},
    {{"tensor_fp8_dense_TFLOPS", "Tensor FP8 (TFLOPS)", "Dense tensor-core FP8 peak (no sparsity), TFLOPS."}, &GpuSpec::tensor_fp8_flops_per_s,
     1e12, false},
    {{"tensor_fp4_dense_TFLOPS", "Tensor FP4 (TFLOPS)", "Dense tensor-core FP4 peak (no sparsity), TFLOPS."}, &GpuSpec::tensor_fp4_flops_per_s,
     1e12, false},
    {{"sm_count", "SMs", "Streaming multiprocessors."}, &GpuSpec::sm_count, 1.0, false},
    {{"boost_clock_MHz", "Boost clock (MHz)", "Boost clock in MHz."}, &GpuSpec::boost_clock_hz, 1e6, false},
    {{"power_W", "Board power (W)", "Total board power in watts."}, &GpuSpec::power_w, 1.0, false},
};

}  // namespace

double GpuSpec::tensor_flops_per_s(Precision p) const {
    switch (p) {
        case Precision::bf16: return tensor_bf16_flops_per_s;
        case Precision::fp16: return tensor_fp16_flops_per_s;
        case Precision::fp8: return tensor_fp8_flops_per_s;
        case Precision::fp4: return tensor_fp4_flops_per_s;
        case Precision::fp32: return 0;
    }
    return 0;
}

Result<GpuSpec> parse_gpu(std::string_view path, std::string_view json_text) {
    auto parsed = parse_json_text(path, json_text);
    if (!parsed.ok()) return parsed.error();
    const nlohmann::json& j = parsed.value();
    JsonReader r(path);
    GpuSpec g;
    g.name = r.text(j, "", "name");
    g.display_name = r.text(j, "", "display_name");
    g.source = r.text(j, "", "source");
    g.architecture = r.text(j, "", "architecture", false);
    g.tensor_accumulate = r.text(j, "", "tensor_accumulate");
    g.notes = r.text(j, "", "notes", false);
    std::string sparsity = r.text(j, "", "tensor_figures");
    if (r.ok() && sparsity != "dense")
        r.fail("tensor_figures", "must be \"dense\": sparse figures are 2x the dense ones and never a default.");
    for (const NumericField& f : kFields) g.*f.member = r.number(j, "", std::string(f.text.key).c_str(), f.required, 0) * f.to_base;
    if (r.ok() && g.memory_capacity_bytes <= 0) r.fail("memory_capacity_GiB", "must be positive.");
    if (r.ok() && g.bandwidth_bytes_per_s <= 0) r.fail("memory_bandwidth_GB_per_s", "must be positive.");
    if (r.ok() && g.cuda_fp32_flops_per_s <= 0) r.fail("cuda_core_fp32_TFLOPS", "must be positive.");
    if (r.ok() && g.tensor_bf16_flops_per_s <= 0) r.fail("tensor_bf16_dense_TFLOPS", "must be positive.");
    if (!r.ok()) return r.error();
    return g;
}

Result<GpuSpec> apply_gpu_overrides(GpuSpec gpu, const std::vector<GpuOverride>& overrides) {
    for (const GpuOverride& o : overrides) {
        const NumericField* field = nullptr;
        for (const NumericField& f : kFields)
            if (o.key == f.text.key) field = &f;
        if (!field) {
            std::string keys;
            for (const NumericField& f : kFields) keys += std::string(keys.empty() ? "" : ", ") + std::string(f.text.key);
            return make_error("Unknown GPU field \"" + o.key + "\"; the fields are: " + keys + ".", o.key);
        }
        if (!std::isfinite(o.value) || o.value < 0 || (field->required && o.value == 0))
            return make_error("GPU field " + o.key + " must be a finite " +
                                  (field->required ? "positive" : "zero or positive") + " number.",
                              o.key);
        gpu.*field->member = o.value * field->to_base;
    }
    return gpu;
}

std::vector<std::string_view> gpu_numeric_keys() {
    std::vector<std::string_view> keys;
    for (const NumericField& f : kFields) keys.push_back(f.text.key);
    return keys;
}

std::vector<GpuFieldText> gpu_numeric_fields() {
    std::vector<GpuFieldText> fields;
    for (const NumericField& f : kFields) fields.push_back(f.text);
    return fields;
}

double gpu_field(const GpuSpec& gpu, std::string_view key) {
    for (const NumericField& f : kFields)
        if (key == f.text.key) return gpu.*f.member / f.to_base;
    return 0;
}

}  // namespace mm
