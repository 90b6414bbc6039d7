#include "core/report/metric_table.hpp"

namespace mm {
namespace {

bool eager(const Analysis& a) { return a.profile().counting == KernelCounting::eager; }

const MetricSpec kMetrics[] = {
    {"calls", "1", "Forward calls of this module instance in the whole request (a fraction for MoE experts: the expected share touched).",
     MetricType::number, [](const Analysis&, const ModuleRow& m) { return m.calls; }},
    {"params", "1", "Parameters of the module and everything below it.", MetricType::integer,
     [](const Analysis&, const ModuleRow& m) { return double(m.params); }},
    {"flops", "FLOP", "FLOPs of the subtree under the analysis' counting convention.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.flops; }},
    {"flops_tensor", "FLOP", "Of those, tensor-core FLOPs (GEMMs, convolutions, attention matmuls).", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.flops_tensor; }},
    {"flops_cuda", "FLOP", "Of those, CUDA-core FLOPs (softmax, norms, activations, adds, top-k, rotary); 0 under torch.",
     MetricType::number, [](const Analysis&, const ModuleRow& m) { return m.flops_cuda; }},
    {"flops_torch", "FLOP", "FLOPs as PyTorch's FlopCounterMode counts them on the eager vendor model.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.flops_torch; }},
    {"bytes", "B", "DRAM bytes read and written by the subtree.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.bytes; }},
    {"bytes_weights", "B", "Of those, weights read.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.weight_bytes(); }},
    {"bytes_activations", "B", "Of those, activations read and written.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.activation_bytes(); }},
    {"bytes_kv", "B", "Of those, KV cache read and written.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.kv_bytes(); }},
    {"intensity_flops_per_byte", "FLOP/B", "Executed FLOPs per DRAM byte (the roofline's x).", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.intensity; }},
    {"kernels", "1", "Kernel launches, counted as the time profile counts them (fused or eager).", MetricType::number,
     [](const Analysis& a, const ModuleRow& m) { return eager(a) ? m.cost.eager_kernels : m.cost.kernels; }},
    {"time_s", "s", "Predicted time of the subtree.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.time_s; }},
    {"time_compute_bound_s", "s", "Of that, the time of op calls bound by FLOPs.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.time.compute_bound_s; }},
    {"time_memory_bound_s", "s", "Of that, the time of op calls bound by DRAM bytes.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.time.memory_bound_s; }},
    {"time_overhead_bound_s", "s", "Of that, the time of op calls bound by kernel launches and gaps.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.time.overhead_bound_s; }},
    {"bound", "", "compute, memory or overhead: which of the three holds most of the time.", MetricType::text, nullptr,
     [](const ModuleRow& m) { return bound_name(m.bound); }},
    {"share_of_time", "1", "Share of the whole request's predicted time.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.share_of_time; }},
    {"memory_weights_bytes", "B", "Weights held in memory by the subtree.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.resident_weight_bytes; }},
    {"memory_activations_bytes", "B", "Largest live activation set of any op in the subtree.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.resident_activation_bytes; }},
    {"memory_kv_bytes", "B", "KV cache held by the subtree.", MetricType::number,
     [](const Analysis&, const ModuleRow& m) { return m.cost.resident_kv_bytes; }},
    {"weights_bytes_per_decode_step", "B", "Weights the module reads from DRAM in one decode step (0 outside decode).",
     MetricType::number, [](const Analysis& a, const ModuleRow& m) {
         const int64_t steps = a.workload.decode_passes();
         return m.stage == Stage::decode && steps > 0 ? m.cost.weight_bytes() / double(steps) : 0.0;
     }},
};

const SeedMetric kSeed[] = {
    {"calls", "calls"},
    {"total_time_ms", "time_s", to_ms},
    {"total_flops_tflops", "flops", to_tflops},
    {"total_io_tb", "bytes", to_io_tb},
    {"memory_weights_gb", "memory_weights_bytes", to_gb},
    {"memory_activations_gb", "memory_activations_bytes", to_gb},
    {"memory_kvcache_gb", "memory_kv_bytes", to_gb},
    {"share_of_model_time", "share_of_time"},
};

const SeedMetric kSeedAdditions[] = {
    {"flops_tensor_tflops", "flops_tensor", to_tflops},
    {"flops_cuda_tflops", "flops_cuda", to_tflops},
    {"io_weights_tb", "bytes_weights", to_io_tb},
    {"io_activations_tb", "bytes_activations", to_io_tb},
    {"io_kvcache_tb", "bytes_kv", to_io_tb},
    {"intensity_flops_per_byte", "intensity_flops_per_byte"},
    {"bound", "bound"},
};

}  // namespace

std::span<const MetricSpec> module_metric_table() { return kMetrics; }

const MetricSpec* find_metric(std::string_view key) {
    for (const MetricSpec& m : kMetrics)
        if (m.key == key) return &m;
    return nullptr;
}

std::span<const SeedMetric> seed_module_metrics() { return kSeed; }
std::span<const SeedMetric> seed_module_metric_additions() { return kSeedAdditions; }

}  // namespace mm
