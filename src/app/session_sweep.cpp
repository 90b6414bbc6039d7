// The sweep's points and the re-analysis benchmarks: every point a full analysis by the same engine,
// on the session's current settings with one parameter varied.
#include <algorithm>
#include <cmath>

#include "app/session.hpp"
#include "core/engine/sweep.hpp"

namespace mm::app {

std::vector<SweepPoint> Session::sweep(SweepAxis axis, int points, const std::string& gpu) const {
    std::vector<SweepPoint> out;
    if (!analysis_) return out;
    if (network() && axis != SweepAxis::batch) return out;  // one forward pass: no crops, no new tokens
    std::vector<AnalyzeOptions> grid;
    std::vector<std::pair<double, std::string>> xs;
    if (axis == SweepAxis::crops) {
        for (int64_t w = 1; w <= 9; ++w)
            for (int64_t h = 1; h <= 9; ++h)
                if (w * h >= 2 && w * h <= 9) {
                    AnalyzeOptions o = options_;
                    o.crops = AnalyzeOptions::Crops::explicit_grid;
                    o.crops_w = w;
                    o.crops_h = h;
                    grid.push_back(o);
                    xs.emplace_back(static_cast<double>(w * h), std::to_string(w) + "x" + std::to_string(h));
                }
        std::vector<size_t> order(grid.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return xs[a].first < xs[b].first; });
        std::vector<AnalyzeOptions> g2;
        std::vector<std::pair<double, std::string>> x2;
        for (size_t i : order) {
            g2.push_back(grid[i]);
            x2.push_back({static_cast<double>(x2.size()), xs[i].second});
        }
        grid.swap(g2);
        xs.swap(x2);
    } else {
        const double hi = axis == SweepAxis::new_tokens ? 8192.0 : std::max<double>(8, 1.25 * static_cast<double>(analysis_->memory.max_batch));
        int64_t last = 0;
        for (int i = 0; i < points; ++i) {
            const auto v = static_cast<int64_t>(std::llround(std::pow(hi, static_cast<double>(i) / (points - 1))));
            if (v <= last) continue;
            last = v;
            AnalyzeOptions o = options_;
            (axis == SweepAxis::new_tokens ? o.new_tokens : o.batch) = v;
            grid.push_back(o);
            xs.emplace_back(static_cast<double>(v), std::to_string(v));
        }
    }
    for (size_t i = 0; i < grid.size(); ++i) {
        if (!gpu.empty()) {
            grid[i].gpu = gpu;
            grid[i].gpu_overrides.clear();  // the edited figures belong to the first GPU
        }
        auto r = analyse(grid[i]);
        if (!r.ok()) continue;
        const auto& a = r.value();
        out.push_back({xs[i].first, xs[i].second, a.latency().page_s, a.latency().ttft_s, a.latency().decode_s, a.latency().pages_per_s,
                       a.memory.total_bytes, a.memory.kv_bytes, a.memory.fits});
    }
    return out;
}

std::optional<double> Session::sweep_current_x(SweepAxis axis) const {
    if (!analysis_) return std::nullopt;
    const auto& w = analysis_->workload;
    switch (axis) {
        case SweepAxis::new_tokens: return static_cast<double>(w.new_tokens);
        case SweepAxis::batch: return static_cast<double>(w.batch);
        case SweepAxis::crops: {
            // The crop sweep's x is a grid's index: the same enumeration as sweep(crops), without analyses.
            int index = 0;
            for (int64_t t = 2; t <= 9; ++t)
                for (int64_t cw = 1; cw <= 9; ++cw)
                    for (int64_t ch = 1; ch <= 9; ++ch) {
                        if (cw * ch != t) continue;
                        if (cw == w.crops_w && ch == w.crops_h) return static_cast<double>(index);
                        ++index;
                    }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::vector<int> Session::peak_activation_modules() const {
    std::vector<int> out;
    if (!analysis_ || analysis_->memory.peak_activation_bytes <= 0) return out;
    const auto& a = *analysis_;
    const double peak = a.memory.peak_activation_bytes;
    for (size_t i = 0; i < a.tree->nodes.size(); ++i) {
        if (a.result(static_cast<int>(i)).cost.resident_activation_bytes != peak) continue;
        const auto& kids = a.tree->nodes[i].children;
        if (std::none_of(kids.begin(), kids.end(), [&](int c) { return a.result(c).cost.resident_activation_bytes == peak; }))
            out.push_back(static_cast<int>(i));
    }
    return out;
}

std::size_t Session::analyse_grid(int count) const {
    // The configurations `modelmeter bench` times (benchmark_points), cycling.
    const std::vector<AnalyzeOptions> points = benchmark_points(AnalyzeOptions{});
    std::size_t ok = 0;
    for (int i = 0; i < count; ++i)
        if (analyze(catalog_, points[static_cast<std::size_t>(i) % points.size()]).ok()) ++ok;
    return ok;
}

std::size_t Session::analyse_standard(int count) const {
    const AnalyzeOptions standard;
    std::size_t ok = 0;
    for (int i = 0; i < count; ++i)
        if (analyze(catalog_, standard).ok()) ++ok;
    return ok;
}

}  // namespace mm::app
