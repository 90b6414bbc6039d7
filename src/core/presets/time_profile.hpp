#pragma once
// A time profile (assets/profiles/*.json): how close to peak the kernels run and what each kernel
// launch costs. The per-op time model is
//   t_roof = max(flops_tensor / (peak_tensor * tensor_efficiency)
//                + flops_cuda / (peak_cuda * cuda_core_efficiency),
//                bytes / (bandwidth * memory_efficiency))
//   t      = max(t_roof + kernels * kernel_gap, kernels * host_launch)
// kernel_gap is GPU-side per-kernel time (launch latency, ramp-up and tail) that is never hidden;
// host_launch is the CPU time to issue one kernel: the GPU runs ahead of it only when kernels are
// long, so it bounds the time from below instead of adding to it.
// Decode under CUDA graphs (a serving engine captures each decode step once and replays it): the
// host issues one graph per step instead of one launch per kernel, so host_launch no longer bounds
// a decode op; each kernel keeps a GPU-side gap (graph_kernel_gap), and each step pays one replay
// launch (graph_launch) on top of its ops, serially: t_step = sum(op times) + graph_launch.
#include <string>
#include <string_view>

#include "core/base/result.hpp"

namespace mm {

// Which kernel count of each op the profile applies its overhead to: the fused kernels of a tuned
// runtime, or the many small kernels of the vendor model run eagerly by PyTorch.
enum class KernelCounting { fused, eager };

struct TimeProfile {
    std::string name;
    std::string description;
    std::string calibration;  // how the figures were chosen, in words
    double tensor_efficiency = 1.0;     // fraction of the dense tensor peak reached, (0, 1]
    double cuda_core_efficiency = 1.0;  // fraction of the FP32 CUDA-core peak reached, (0, 1]
    double memory_efficiency = 1.0;     // fraction of DRAM bandwidth reached, (0, 1]
    double kernel_gap_s = 0;            // GPU-side time per kernel, >= 0
    double host_launch_s = 0;           // CPU time to launch one kernel, >= 0
    KernelCounting counting = KernelCounting::fused;
    bool decode_cuda_graphs = false;    // decode steps replay a captured graph
    double graph_kernel_gap_s = 0;      // GPU-side time per kernel inside a graph, >= 0
    double graph_launch_s = 0;          // host time to replay one decode step's graph, >= 0
};

Result<TimeProfile> parse_time_profile(std::string_view path, std::string_view json_text);

}  // namespace mm
