#pragma once
// What a chart point stands for, without ImGui: identical ops (the same intensity and FLOP/s, e.g. the
// MLP of decoder layers 1-11) are one point, and the point names every module behind it in a few lines.
// The Capacity chart's points: the planner's rows in the order of their concurrency, and the runs of
// rows that one limit binds.
#include <cstddef>
#include <string>
#include <vector>

#include "core/engine/plan.hpp"

namespace mm::app {

struct ChartPoint {
    int module = -1;  // the module row
    double x = 0, y = 0;
};

struct MergedPoint {
    double x = 0, y = 0;       // the first member's
    std::vector<int> modules;  // every member, in input order
};

// Points whose x and y agree to a relative 1e-9 become one; groups in the order of their first member.
std::vector<MergedPoint> merge_points(const std::vector<ChartPoint>& points);

// Module names in few lines: names that differ in one number only become one line with the numbers as
// ranges ("layers.1.mlp" ... "layers.11.mlp" -> "layers.1..11.mlp"; "layers.1..3,5.mlp" with a gap;
// two in a row are listed, "1,2"). At most max_lines lines (>= 1); when more would follow, the last line
// says how many modules are left ("... and 40 more").
std::vector<std::string> summarize_names(const std::vector<std::string>& names, std::size_t max_lines);

// One point of the Capacity chart: a planner row (plan_capacity), its figures copied, none computed.
struct CapacityPoint {
    std::size_t row = 0;  // its index in plan.rows
    double concurrency = 0;  // x: requests in flight
    double pages_per_s = 0, output_tokens_per_s = 0;
    double ttft_s = 0, ttft_end_to_end_s = 0, tpot_s = 0;
    bool fits = false, meets_sla = false;
    bool best = false;  // plan.best: the most pages/s within the service levels
    PlanLimit limit = PlanLimit::compute;
};

// The plan's rows as points ordered by concurrency (the knobs may list them in any order; equal
// concurrencies keep the knobs' order), so a line through them runs left to right.
std::vector<CapacityPoint> capacity_points(const Plan& plan);

// Consecutive points (in the order given) that one limit binds: [first, last] indices into the points.
struct LimitRun {
    std::size_t first = 0, last = 0;
    PlanLimit limit = PlanLimit::compute;
};
std::vector<LimitRun> limit_runs(const std::vector<CapacityPoint>& points);

}  // namespace mm::app
