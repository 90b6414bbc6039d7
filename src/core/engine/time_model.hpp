#pragma once
// Per-op roofline with efficiency factors and per-kernel overhead (see time_profile.hpp for the
// formula), and its exact sum over decode passes whose cost grows linearly with the KV length.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/presets/gpu.hpp"
#include "core/ops/layer_cost.hpp"
#include "core/base/precision.hpp"
#include "core/presets/time_profile.hpp"

namespace mm {

enum class Bound { compute, memory, overhead, none };
std::string_view bound_name(Bound b);

// Time of one op, or the sum over a module's ops.
struct TimeSplit {
    double time_s = 0;
    double compute_bound_s = 0;   // time of ops whose roofline is set by FLOPs
    double memory_bound_s = 0;    // ... by DRAM bytes
    double overhead_bound_s = 0;  // ... by kernel launches (host side) or per-kernel gaps
    Bound bound() const;          // the largest of the three; none when all are 0
    TimeSplit& operator+=(const TimeSplit& o) {
        time_s += o.time_s;
        compute_bound_s += o.compute_bound_s;
        memory_bound_s += o.memory_bound_s;
        overhead_bound_s += o.overhead_bound_s;
        return *this;
    }
};

// The rates one analysis runs at: the profile's efficiencies applied to the GPU's peaks. Kept in the
// analysis, so every reader (the table's header, explain, the page) shows the rates the time model
// used instead of looking a peak up again.
struct Rates {
    Precision tensor_precision = Precision::bf16;  // the precision the GEMMs run at (compute_precision)
    double tensor_peak_flops_per_s = 0;  // the GPU's dense tensor peak at that precision
    double tensor_flops_per_s = 0;  // GEMM inputs at the workload's compute precision
    double cuda_flops_per_s = 0;
    double bytes_per_s = 0;
    double kernel_gap_s = 0;
    double host_launch_s = 0;
    bool eager_kernels = false;
};

Rates make_rates(const GpuSpec& gpu, const TimeProfile& profile, Precision tensor_precision);
// The rates decode ops run at: make_rates' unless the profile replays decode steps as CUDA graphs,
// where no kernel is launched from the host (host_launch 0) and each keeps the graph's GPU gap.
Rates decode_rates(const Rates& rates, const TimeProfile& profile);

// Time of one call of an op. Defined here: the evaluator calls it for every op of every view and
// pass, and inlined its result stays in registers instead of a round trip through the stack.
namespace time_detail {

struct Parts {
    double compute_s;  // tensor + CUDA-core time (they share the SMs' issue slots)
    double memory_s;
    double kernels;
};

inline Parts parts_of(const LayerCost& c, const Rates& r) {
    return Parts{c.flops_tensor / r.tensor_flops_per_s + c.flops_cuda / r.cuda_flops_per_s,
                 c.bytes() / r.bytes_per_s, r.eager_kernels ? c.eager_kernels : c.kernels};
}

// t = max(max(compute, memory) + k * gap, k * host); attributed to the term that sets it.
inline TimeSplit classify(double compute_s, double memory_s, double kernels, const Rates& r) {
    TimeSplit t;
    const double roof = std::max(compute_s, memory_s);
    const double gap = kernels * r.kernel_gap_s;
    const double busy = roof + gap;
    const double host = kernels * r.host_launch_s;
    t.time_s = std::max(busy, host);
    if (t.time_s <= 0) return t;
    if (host > busy || gap > roof) t.overhead_bound_s = t.time_s;
    else if (compute_s >= memory_s) t.compute_bound_s = t.time_s;
    else t.memory_bound_s = t.time_s;
    return t;
}

}  // namespace time_detail

inline TimeSplit op_time(const LayerCost& cost, const Rates& rates) {
    const time_detail::Parts p = time_detail::parts_of(cost, rates);
    return time_detail::classify(p.compute_s, p.memory_s, p.kernels, rates);
}

// Sum of op_time(first + j * step) for j = 0 .. passes-1, exact (piecewise over where the bound
// changes). `step` holds the per-pass growth (KV reads and attention FLOPs grow with the cache).
TimeSplit op_time_over_passes(const LayerCost& first, const LayerCost& step, int64_t passes, const Rates& rates);

}  // namespace mm
