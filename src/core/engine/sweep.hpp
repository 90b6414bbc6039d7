#pragma once
// Sweeps: one analysis per point of a grid over crop grids, image sizes, new tokens, batch, GPU,
// precision and time profile, reduced to one row of stage totals, latency and memory per point.
// Pure: the grid is text in (the CLI's flags), the rows are values and CSV/JSON text out.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/presets/catalog.hpp"
#include "core/base/result.hpp"

namespace mm {

// Each axis is a list; an empty axis keeps the base options' value. Points are visited with the
// last axis varying fastest: gpu, profile, precision, image, crops, batch, new_tokens.
struct SweepAxes {
    std::vector<std::string> gpus;
    std::vector<std::string> profiles;
    std::vector<std::string> precisions;  // weights = activations = KV
    std::vector<std::string> images;      // "WxH" (the crop grid follows the vendor rule unless crops is set)
    std::vector<std::string> crops;       // "WxH", "off", "auto", or "all" = off + every candidate grid
    std::vector<int64_t> batch;
    std::vector<int64_t> new_tokens;
};

// "1,2,4", "1..8" (step 1), "64..1024:64" (add 64), "1..4096*2" (double). `flag` names the option in
// the error sentence. At most kMaxSweepPoints values.
Result<std::vector<int64_t>> parse_int_list(std::string_view text, std::string_view flag);
// "a,b,c" -> {"a","b","c"} (blanks dropped).
std::vector<std::string> split_list(std::string_view text);

inline constexpr size_t kMaxSweepPoints = 100000;

struct SweepPoint {
    AnalyzeOptions options;
};

// Expands the grid (crops "all" needs the model's candidate grids). Errors: a bad value on an
// axis, or more than kMaxSweepPoints points.
Result<std::vector<SweepPoint>> expand_sweep(const Catalog& catalog, const AnalyzeOptions& base, const SweepAxes& axes);

struct SweepRow {
    AnalyzeOptions options;
    std::string error;  // empty when the point was analysed; else the engine's sentence
    Workload workload;
    StageTotals vision, prefill, decode, total;
    Latency latency;
    MemoryUse memory;
};

SweepRow sweep_point(const Catalog& catalog, const SweepPoint& point);
std::vector<SweepRow> run_sweep(const Catalog& catalog, const std::vector<SweepPoint>& points);

// The 10,000 configurations `modelmeter bench` and the page's bench time (sweep_10k_ms): 25 crop
// settings (no crops and every W x H grid of 2..25 tiles with W, H <= 5) x 20 new-token counts
// (1, 101, ..., 1901) x 20 batches (1..20), on `base`.
std::vector<AnalyzeOptions> benchmark_points(const AnalyzeOptions& base);

// Which stages' columns the writers emit (latency and memory columns always).
struct SweepColumns {
    bool vision = true, prefill = true, decode = true;
};
Result<SweepColumns> parse_sweep_stages(std::string_view text);  // "vision,prefill", "decode", "all"

// One header line, then one line per row; base units (FLOPs, bytes, seconds).
std::string sweep_to_csv(const std::vector<SweepRow>& rows, SweepColumns columns = {});
// {"schema": "modelmeter.sweep/1", "rows": [...]} with the CSV's columns as keys.
std::string sweep_to_json(const std::vector<SweepRow>& rows, SweepColumns columns = {});

}  // namespace mm
