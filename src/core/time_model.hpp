#pragma once
// Per-op roofline with efficiency factors and per-kernel overhead (see time_profile.hpp for the
// formula), and its exact sum over decode passes whose cost grows linearly with the KV length.
#include <cstdint>

#include "core/analysis.hpp"
#include "core/gpu.hpp"
#include "core/layers/layer_cost.hpp"
#include "core/time_profile.hpp"

namespace mm {

// The rates one analysis runs at: the profile's efficiencies applied to the GPU's peaks.
struct Rates {
    double tensor_flops_per_s = 0;  // GEMM inputs at the workload's compute precision
    double cuda_flops_per_s = 0;
    double bytes_per_s = 0;
    double kernel_gap_s = 0;
    double host_launch_s = 0;
    bool eager_kernels = false;
};

Rates make_rates(const GpuSpec& gpu, const TimeProfile& profile, double tensor_peak_flops_per_s);

// Time of one call of an op.
TimeSplit op_time(const LayerCost& cost, const Rates& rates);

// Sum of op_time(first + j * step) for j = 0 .. passes-1, exact (piecewise over where the bound
// changes). `step` holds the per-pass growth (KV reads and attention FLOPs grow with the cache).
TimeSplit op_time_over_passes(const LayerCost& first, const LayerCost& step, int64_t passes, const Rates& rates);

}  // namespace mm
