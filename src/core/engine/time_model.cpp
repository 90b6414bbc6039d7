#include "core/engine/time_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace mm {

Rates make_rates(const GpuSpec& gpu, const TimeProfile& profile, Precision tensor_precision) {
    Rates r;
    r.tensor_precision = tensor_precision;
    r.tensor_peak_flops_per_s = gpu.tensor_flops_per_s(tensor_precision);
    r.tensor_flops_per_s = r.tensor_peak_flops_per_s * profile.tensor_efficiency;
    r.cuda_flops_per_s = gpu.cuda_fp32_flops_per_s * profile.cuda_core_efficiency;
    r.bytes_per_s = gpu.bandwidth_bytes_per_s * profile.memory_efficiency;
    r.kernel_gap_s = profile.kernel_gap_s;
    r.host_launch_s = profile.host_launch_s;
    r.eager_kernels = profile.counting == KernelCounting::eager;
    return r;
}

Rates decode_rates(const Rates& rates, const TimeProfile& profile) {
    Rates r = rates;
    if (profile.decode_cuda_graphs) {
        r.host_launch_s = 0;
        r.kernel_gap_s = profile.graph_kernel_gap_s;
    }
    return r;
}

using time_detail::classify;
using time_detail::Parts;
using time_detail::parts_of;

// With c_j = c0 + j*dc (compute), m_j = m0 + j*dm (memory), a constant kernel count k:
//   t_j = max(c_j + k*gap, m_j + k*gap, k*host), three lines in j.
// Between consecutive crossings one line is the maximum; each such run of passes is summed in
// closed form: sum_{j=a..b} (y0 + s*j) = (b - a + 1) * (y0 + s * (a + b) / 2).
TimeSplit op_time_over_passes(const LayerCost& first, const LayerCost& step, int64_t passes, const Rates& rates) {
    TimeSplit total;
    if (passes <= 0) return total;
    const Parts p0 = parts_of(first, rates);
    const double dc = step.flops_tensor / rates.tensor_flops_per_s + step.flops_cuda / rates.cuda_flops_per_s;
    const double dm = step.bytes() / rates.bytes_per_s;
    const double k = p0.kernels;
    if (dc == 0 && dm == 0) {
        // Every pass costs the same (only attention's cache grows): passes x one pass, the sum below
        // with its slopes at zero, bit for bit.
        TimeSplit t = classify(p0.compute_s, p0.memory_s, k, rates);
        const double n = double(passes);
        t.time_s *= n;
        t.compute_bound_s *= n;
        t.memory_bound_s *= n;
        t.overhead_bound_s *= n;
        return t;
    }
    const std::array<double, 3> y0 = {p0.compute_s + k * rates.kernel_gap_s, p0.memory_s + k * rates.kernel_gap_s,
                                      k * rates.host_launch_s};
    const std::array<double, 3> s = {dc, dm, 0.0};
    const double last = double(passes - 1);
    std::array<double, 5> cuts{};
    int ncuts = 0;
    cuts[size_t(ncuts++)] = 0;
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b) {
            if (s[size_t(a)] == s[size_t(b)]) continue;
            double x = (y0[size_t(b)] - y0[size_t(a)]) / (s[size_t(a)] - s[size_t(b)]);
            if (x > 0 && x < last) cuts[size_t(ncuts++)] = std::floor(x) + 1;
        }
    // At most four cuts: an insertion sort (std::sort over the partial array draws a false -Warray-bounds
    // from gcc 12 at -O3).
    for (int i = 1; i < ncuts; ++i)
        for (int j = i; j > 0 && cuts[size_t(j)] < cuts[size_t(j - 1)]; --j) std::swap(cuts[size_t(j)], cuts[size_t(j - 1)]);
    for (int i = 0; i < ncuts; ++i) {
        double lo = cuts[size_t(i)];
        double hi = i + 1 < ncuts ? cuts[size_t(i + 1)] - 1 : last;
        if (hi < lo) continue;
        double mid = (lo + hi) / 2;
        // Classify the run at its middle pass, then add its exact sum to that class.
        TimeSplit at_mid = classify(p0.compute_s + dc * mid, p0.memory_s + dm * mid, k, rates);
        int best = 0;
        for (int a = 1; a < 3; ++a)
            if (y0[size_t(a)] + s[size_t(a)] * mid > y0[size_t(best)] + s[size_t(best)] * mid) best = a;
        double sum = (hi - lo + 1) * (y0[size_t(best)] + s[size_t(best)] * (lo + hi) / 2);
        total.time_s += sum;
        if (at_mid.overhead_bound_s > 0) total.overhead_bound_s += sum;
        else if (at_mid.compute_bound_s > 0) total.compute_bound_s += sum;
        else total.memory_bound_s += sum;
    }
    return total;
}

std::string_view bound_name(Bound b) {
    switch (b) {
        case Bound::compute: return "compute";
        case Bound::memory: return "memory";
        case Bound::overhead: return "overhead";
        case Bound::none: return "none";
    }
    return "none";
}

Bound TimeSplit::bound() const {
    if (time_s <= 0) return Bound::none;
    if (compute_bound_s >= memory_bound_s && compute_bound_s >= overhead_bound_s) return Bound::compute;
    if (memory_bound_s >= overhead_bound_s) return Bound::memory;
    return Bound::overhead;
}

}  // namespace mm
