// `modelmeter bench`: how fast the engine is. Each figure is the median of repeated runs; the
// clock lives here, never in the core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <fstream>
#include <iterator>

#include "cli/commands.hpp"
#include "core/engine/sweep.hpp"
#include "core/ingest/torchinfo.hpp"

namespace mm::cli {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int run_bench(const Catalog& catalog, const std::string& unique_layers_path) {
    const AnalyzeOptions standard;
    double sink = 0;  // keeps the work observable

    // analyze_config_us: one full analysis (all stages, every module) of dsocr-standard-v1.
    constexpr int kPerRun = 200, kRuns = 15;
    std::vector<double> per_analysis_us;
    for (int run = 0; run < kRuns; ++run) {
        auto t0 = Clock::now();
        for (int i = 0; i < kPerRun; ++i) {
            auto a = analyze(catalog, standard);
            if (!a.ok()) {
                std::fprintf(stderr, "modelmeter: %s\n", a.error().message.c_str());
                return 1;
            }
            sink += a.value().latency().page_s;
        }
        per_analysis_us.push_back(seconds_since(t0) * 1e6 / kPerRun);
    }

    // sweep_10k_ms: the 10,000 configurations of benchmark_points (the page's bench times the same).
    const std::vector<AnalyzeOptions> points = benchmark_points(standard);
    constexpr int kSweepRuns = 5;
    std::vector<double> sweep_ms;
    for (int run = 0; run < kSweepRuns; ++run) {
        auto t0 = Clock::now();
        for (const AnalyzeOptions& o : points) {
            auto a = analyze(catalog, o);
            if (a.ok()) sink += a.value().latency().page_s;
        }
        sweep_ms.push_back(seconds_since(t0) * 1e3);
    }

    std::printf("analyze_config_us %.2f us\n", median(per_analysis_us));
    std::printf("sweep_10k_ms %.1f ms\n", median(sweep_ms));
    std::printf("sweep_points %zu configs\n", points.size());

    // parse_unique_layers_ms: parsing the real 205 KB torchinfo-unique-layers.json (median of 50).
    std::ifstream in(unique_layers_path, std::ios::binary);
    if (!in) {
        std::printf("parse_unique_layers_ms n/a (no %s; give --unique-layers FILE)\n", unique_layers_path.c_str());
    } else {
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const TextFile file{"torchinfo-unique-layers.json", text};
        std::vector<double> parse_ms;
        for (int run = 0; run < 50; ++run) {
            auto t0 = Clock::now();
            auto parsed = parse_torchinfo(std::span<const TextFile>(&file, 1));
            parse_ms.push_back(seconds_since(t0) * 1e3);
            if (!parsed.ok()) {
                std::fprintf(stderr, "modelmeter: %s\n", parsed.error().message.c_str());
                return kExitUsage;
            }
            sink += static_cast<double>(parsed.value().classes.size());
        }
        std::printf("parse_unique_layers_ms %.3f ms (%zu bytes)\n", median(parse_ms), text.size());
    }
    if (sink < 0) std::printf("unreachable %f\n", sink);
    return 0;
}

}  // namespace mm::cli
