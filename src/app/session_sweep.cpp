// The sweep's points and the re-analysis benchmarks: every point a full analysis by the same engine,
// on the session's current settings with one parameter varied.
#include <algorithm>
#include <cmath>

#include "app/session.hpp"
#include "core/engine/sweep.hpp"
#include "core/model/model_config.hpp"

namespace mm::app {

namespace {

// The crop grids of `model`'s rule for the sweep, by tile count then columns: every w x h with
// crop_min_tiles <= w*h <= crop_max_tiles (DeepSeek-OCR: 2..9 tiles, DeepSeek-OCR 2: 2..6).
std::vector<std::pair<int64_t, int64_t>> sweep_grids(const ModelConfig& model) {
    std::vector<std::pair<int64_t, int64_t>> grids;
    for (int64_t t = std::max<int64_t>(1, model.crop_min_tiles); t <= model.crop_max_tiles; ++t)
        for (int64_t w = 1; w <= t; ++w)
            if (t % w == 0) grids.emplace_back(w, t / w);
    return grids;
}

}  // namespace

std::vector<SweepPoint> Session::sweep(SweepAxis axis, int points, const Comparison& with) const {
    std::vector<SweepPoint> out;
    if (!analysis_) return out;
    if (network() && axis != SweepAxis::batch) return out;  // one forward pass: no crops, no new tokens
    if (network() && !with.model.empty()) return out;       // a network is compared on another GPU only
    std::vector<AnalyzeOptions> grid;
    std::vector<std::pair<double, std::string>> xs;
    if (axis == SweepAxis::crops) {
        if (!analysis_->model) return out;
        for (const auto& [w, h] : sweep_grids(*analysis_->model)) {
            AnalyzeOptions o = options_;
            o.crops = AnalyzeOptions::Crops::explicit_grid;
            o.crops_w = w;
            o.crops_h = h;
            grid.push_back(o);
            xs.emplace_back(static_cast<double>(xs.size()), std::to_string(w) + "x" + std::to_string(h));
        }
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
        if (!with.empty()) {
            auto other = compared_options(catalog_, grid[i], with);
            if (!other.ok()) return {};
            // A grid the compared model does not take has no point of its own to show.
            if (axis == SweepAxis::crops && other.value().options.crops != AnalyzeOptions::Crops::explicit_grid) continue;
            grid[i] = std::move(other).value().options;
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
            if (!analysis_->model) return std::nullopt;
            const auto grids = sweep_grids(*analysis_->model);
            for (size_t i = 0; i < grids.size(); ++i)
                if (grids[i].first == w.crops_w && grids[i].second == w.crops_h) return static_cast<double>(i);
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
