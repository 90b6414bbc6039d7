// The charts' arithmetic without a window (src/app/axis.hpp, chart_points.hpp) and the session's sweep
// additions: ticks, labels, merged roofline points and the names behind them. Expected ticks are
// worked out by hand in the comments; the sweep's figures come from the core's analyze() called apart.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/axis.hpp"
#include "app/chart_colours.hpp"
#include "app/chart_points.hpp"
#include "app/theme.hpp"
#include "app/session.hpp"
#include "core/api.hpp"
#include "embedded/embedded_files.hpp"

namespace {

using mm::app::AxisUnit;

std::vector<std::string> labels(const std::vector<mm::app::AxisTick>& ticks) {
    std::vector<std::string> out;
    for (const auto& t : ticks) out.push_back(t.label);
    return out;
}

void check_values(const std::vector<double>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i]).margin(1e-12 * std::fabs(want.back())));
}

}  // namespace

TEST_CASE("nice_step picks 1, 2 or 5 times a power of ten", "[charts]") {
    // 7.1 s over 5 ticks: raw 1.42 -> nearer 2 than 1 on a log scale (1.42 > sqrt 2 = 1.414).
    CHECK(mm::app::nice_step(7.1, 5) == Approx(2.0));
    // Each boundary is the geometric mean of its neighbours: sqrt(1*2) = 1.414, sqrt(2*5) = 3.162,
    // sqrt(5*10) = 7.071. 6.5 over 5: raw 1.3 -> 1; 16.5 over 5: raw 3.3 -> 5; 15 over 5: raw 3 -> 2.
    CHECK(mm::app::nice_step(6.5, 5) == Approx(1.0));
    CHECK(mm::app::nice_step(16.5, 5) == Approx(5.0));
    CHECK(mm::app::nice_step(15, 5) == Approx(2.0));
    // 3.55 over 5: raw 0.71 > 0.7071 -> 1.
    CHECK(mm::app::nice_step(3.55, 5) == Approx(1.0));
    CHECK(mm::app::nice_step(3.5, 5) == Approx(0.5));  // raw 0.7 < 0.7071
    CHECK(mm::app::nice_step(0.0123, 4) == Approx(0.002));  // raw 0.003075: 3.075 < 3.162 -> 2e-3
    CHECK(mm::app::nice_step(0, 5) == 0);
    CHECK(mm::app::nice_step(-1, 5) == 0);
    CHECK(mm::app::nice_step(NAN, 5) == 0);
}

TEST_CASE("linear time ticks are round times, labelled without padding zeros", "[charts]") {
    // The sweep's old axis read 3.55 s / 7.10 s. 0..7.46 s over 5: raw 1.49 -> step 2 s.
    const auto t = mm::app::axis_ticks(0, 7.46, false, AxisUnit::seconds, 5);
    CHECK(labels(t) == std::vector<std::string>{"0 s", "2 s", "4 s", "6 s"});
    // 0..12 ms over 5: raw 2.4 ms -> 2 ms.
    CHECK(labels(mm::app::axis_ticks(0, 0.012, false, AxisUnit::seconds, 5)) ==
          std::vector<std::string>{"0 s", "2 ms", "4 ms", "6 ms", "8 ms", "10 ms", "12 ms"});
    CHECK(mm::app::tick_label(0.002, AxisUnit::seconds) == "2 ms");
    CHECK(mm::app::tick_label(0.0015, AxisUnit::seconds) == "1.5 ms");
    CHECK(mm::app::tick_label(20, AxisUnit::seconds) == "20 s");
}

TEST_CASE("trim_zeros drops only the formatter's padding", "[charts]") {
    CHECK(mm::app::trim_zeros("1.00 ms") == "1 ms");
    CHECK(mm::app::trim_zeros("2.50 GiB") == "2.5 GiB");
    CHECK(mm::app::trim_zeros("10.0 k") == "10 k");
    CHECK(mm::app::trim_zeros("100 GB") == "100 GB");  // no point: untouched
    CHECK(mm::app::trim_zeros("1.05 s") == "1.05 s");
    CHECK(mm::app::trim_zeros("2.5") == "2.5");
    CHECK(mm::app::trim_zeros("") == "");
}

TEST_CASE("byte ticks step in round binary units", "[charts]") {
    // 0..34 GiB over 5: in GiB, raw 6.8 -> 5 GiB: 0, 5, ... 30 GiB (not multiples of 5.37e9 B).
    const double gib = 1024.0 * 1024 * 1024;
    const auto t = mm::app::axis_ticks(0, 34 * gib, false, AxisUnit::bytes, 5);
    CHECK(labels(t) == std::vector<std::string>{"0 B", "5 GiB", "10 GiB", "15 GiB", "20 GiB", "25 GiB", "30 GiB"});
    CHECK(t[1].value == 5 * gib);
    // 0..1.9 GiB over 4: raw 0.475 -> 0.5 GiB; 0.5 GiB reads as 512 MiB.
    CHECK(labels(mm::app::axis_ticks(0, 1.9 * gib, false, AxisUnit::bytes, 4)) ==
          std::vector<std::string>{"0 B", "512 MiB", "1 GiB", "1.5 GiB"});
}

TEST_CASE("log ticks: decades, with 2x and 5x when they fit", "[charts]") {
    // 1..8192 (the new-tokens sweep): 1,2,5,...,5000 are 12 ticks; with room for 12, all of them.
    check_values(mm::app::log_ticks(1, 8192, 12), {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000});
    // With room for 6 only the decades 1, 10, 100, 1000.
    check_values(mm::app::log_ticks(1, 8192, 6), {1, 10, 100, 1000});
    // The roofline's FLOP/s axis, 1e7..1e15: 9 decades in 4 ticks -> every third decade.
    check_values(mm::app::log_ticks(1e7, 1e15, 4), {1e7, 1e10, 1e13});
    // Inside one decade (3..8): linear 1-2-5 ticks, raw 5/5 = 1 -> 3, 4, ... 8.
    check_values(mm::app::log_ticks(3, 8, 5), {3, 4, 5, 6, 7, 8});
    CHECK(mm::app::log_ticks(0, 10, 5).empty());
    CHECK(mm::app::log_ticks(10, 1, 5).empty());
    CHECK(mm::app::log_ticks(1, INFINITY, 5).empty());
    // The batch sweep's ticks read 1, 8, 32, 121, 462, 1767, 6763; now 1..700 gives 1-2-5.
    CHECK(labels(mm::app::axis_ticks(1, 700, true, AxisUnit::count, 10)) ==
          std::vector<std::string>{"1", "2", "5", "10", "20", "50", "100", "200", "500"});
}

TEST_CASE("count and rate labels", "[charts]") {
    CHECK(mm::app::tick_label(0.01, AxisUnit::count) == "0.01");
    CHECK(mm::app::tick_label(0.3, AxisUnit::count) == "0.3");  // not 0.30000000000000004
    CHECK(mm::app::tick_label(1.5, AxisUnit::count) == "1.5");
    CHECK(mm::app::tick_label(5000, AxisUnit::count) == "5000");
    CHECK(mm::app::tick_label(10000, AxisUnit::count) == "10k");
    CHECK(mm::app::tick_label(0, AxisUnit::count) == "0");
    CHECK(mm::app::tick_label(1e12, AxisUnit::rate, "FLOP/s") == "1 TFLOP/s");
    CHECK(mm::app::tick_label(1e13, AxisUnit::rate, "FLOP/s") == "10 TFLOP/s");
    CHECK(mm::app::tick_label(1.8e12, AxisUnit::rate, "B/s") == "1.8 TB/s");
    // Linear counts with a fractional step: 0..1 over 5 -> 0.2 steps, 0.6 not 0.6000000000000001.
    CHECK(labels(mm::app::axis_ticks(0, 1, false, AxisUnit::count, 5)) ==
          std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"});
}

TEST_CASE("identical points merge and keep every module", "[charts]") {
    using mm::app::ChartPoint;
    const std::vector<ChartPoint> pts = {{10, 2.0, 5e12}, {11, 300.0, 1e14}, {12, 2.0, 5e12 * (1 + 1e-12)},
                                         {13, 2.0, 6e12}, {14, 300.0, 1e14}, {15, 2.0, 5e12}};
    const auto merged = mm::app::merge_points(pts);
    REQUIRE(merged.size() == 3);
    CHECK(merged[0].modules == std::vector<int>{10, 12, 15});  // equal to a relative 1e-9
    CHECK(merged[1].modules == std::vector<int>{11, 14});
    CHECK(merged[2].modules == std::vector<int>{13});  // same x, other y: its own point
    CHECK(merged[2].y == 6e12);
    CHECK(mm::app::merge_points({}).empty());
}

TEST_CASE("names behind a point collapse into ranges", "[charts]") {
    std::vector<std::string> mlp;
    for (int i = 1; i <= 11; ++i) mlp.push_back("layers." + std::to_string(i) + ".mlp");
    CHECK(mm::app::summarize_names(mlp, 5) == std::vector<std::string>{"layers.1..11.mlp"});
    CHECK(mm::app::summarize_names({"layers.1.mlp", "layers.2.mlp", "layers.3.mlp", "layers.5.mlp"}, 5) ==
          std::vector<std::string>{"layers.1..3,5.mlp"});
    CHECK(mm::app::summarize_names({"layers.1.mlp", "layers.2.mlp"}, 5) == std::vector<std::string>{"layers.1,2.mlp"});
    // Two shapes stay apart, in first-seen order; a name without numbers is itself.
    CHECK(mm::app::summarize_names({"sam_model.blocks.0.attn.qkv", "lm_head", "sam_model.blocks.1.attn.qkv"}, 5) ==
          std::vector<std::string>{"sam_model.blocks.0,1.attn.qkv", "lm_head"});
    // Two numbers varying: split by the first, collapse the second.
    CHECK(mm::app::summarize_names({"a.0.b.1", "a.0.b.2", "a.0.b.3", "a.1.b.1", "a.1.b.2", "a.1.b.3"}, 5) ==
          std::vector<std::string>{"a.0.b.1..3", "a.1.b.1..3"});
    // Capped: the last line counts the modules left.
    CHECK(mm::app::summarize_names({"x", "y", "z", "w"}, 2) == std::vector<std::string>{"x", "... and 3 more"});
    CHECK(mm::app::summarize_names({}, 3).empty());
}

TEST_CASE("the roofline's DeepSeek-OCR points: layers 1-11's identical ops are one point naming all", "[charts]") {
    mm::app::Session s;
    const auto& a = *s.analysis();
    std::vector<mm::app::ChartPoint> pts;
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const auto m = a.modules()[i];
        const double flops = m.cost.flops_executed();
        if (!a.tree->nodes[i].children.empty() || m.time_s <= 0 || m.bytes <= 0 || flops <= 0) continue;
        pts.push_back({static_cast<int>(i), m.intensity, flops / m.time_s});
    }
    const auto merged = mm::app::merge_points(pts);
    CHECK(merged.size() < pts.size() / 4);  // 862 ops, far fewer distinct points
    // Some point stands for the same op of many decoder layers.
    bool found = false;
    for (const auto& p : merged) {
        std::vector<std::string> names;
        for (int i : p.modules) names.emplace_back(a.modules()[size_t(i)].name);
        const auto lines = mm::app::summarize_names(names, 6);
        for (const auto& l : lines)
            if (l.find("layers.1..") != std::string::npos && p.modules.size() >= 10) found = true;
    }
    CHECK(found);
}

TEST_CASE("the sweep's throughput, the compared GPU's sweep and the current setting", "[charts]") {
    mm::app::Session s;
    mm::AnalyzeOptions o = s.options();
    o.batch = 4;
    s.set_options(o);
    const auto pts = s.sweep(mm::app::SweepAxis::batch, 12);
    REQUIRE(pts.size() >= 3);
    const mm::Catalog catalog = mm::load_catalog(mm::embedded_assets()).value();
    for (const auto& p : {pts[1], pts.back()}) {
        mm::AnalyzeOptions q = o;
        q.batch = static_cast<int64_t>(p.x);
        const auto a = mm::analyze(catalog, q).value();
        CHECK(p.pages_per_s == Approx(a.latency().pages_per_s));
        // Independent: pages per second = batch / time per page.
        CHECK(p.pages_per_s == Approx(p.x / p.page_s));
    }
    CHECK(s.sweep_current_x(mm::app::SweepAxis::batch) == 4.0);
    CHECK(s.sweep_current_x(mm::app::SweepAxis::new_tokens) == 512.0);
    // The standard page is 2x2 crops; among grids of 2..9 tiles in sweep order, its index names "2x2".
    const auto crops = s.sweep(mm::app::SweepAxis::crops, 0);
    const auto cx = s.sweep_current_x(mm::app::SweepAxis::crops);
    REQUIRE(cx);
    REQUIRE(static_cast<size_t>(*cx) < crops.size());
    CHECK(crops[size_t(*cx)].label == "2x2");

    const auto h100 = s.sweep(mm::app::SweepAxis::batch, 12, {.gpu = "h100-sxm", .model = {}});
    REQUIRE(h100.size() == pts.size());
    mm::AnalyzeOptions q = o;
    q.gpu = "h100-sxm";
    q.batch = static_cast<int64_t>(h100.back().x);
    CHECK(h100.back().x == pts.back().x);  // same x values as the main sweep
    CHECK(h100.back().page_s == Approx(mm::analyze(catalog, q).value().latency().page_s));
    CHECK(h100.back().page_s != Approx(pts.back().page_s));
    CHECK(s.sweep(mm::app::SweepAxis::batch, 12, {.gpu = "no-such-gpu", .model = {}}).empty());
}

TEST_CASE("the Capacity chart's points: the planner's rows by concurrency, and the runs of what binds", "[charts][capacity]") {
    // Rows as a user may list them, "16,1,64,4": the chart draws them left to right, 1, 4, 16, 64.
    mm::Plan plan;
    auto row = [](int64_t c, double pages, double ttft, double tpot, bool fits, mm::PlanLimit limit) {
        mm::PlanRow r;
        r.concurrency = c;
        r.pages_per_s = pages;
        r.output_tokens_per_s = pages * 512;
        r.ttft_s = ttft;
        r.ttft_end_to_end_s = ttft + 0.05;
        r.tpot_s = tpot;
        r.fits = fits;
        r.meets_sla = fits && tpot <= 0.008;
        r.limit = limit;
        return r;
    };
    plan.rows = {row(16, 1.25, 0.30, 0.0075, true, mm::PlanLimit::bandwidth), row(1, 0.125, 0.20, 0.0060, true, mm::PlanLimit::overhead),
                 row(64, 1.5, 0.50, 0.0110, false, mm::PlanLimit::kv_capacity), row(4, 0.5, 0.22, 0.0065, true, mm::PlanLimit::overhead)};
    plan.best = 0;  // C = 16: the most pages/s within TPOT <= 8 ms
    const auto pts = mm::app::capacity_points(plan);
    REQUIRE(pts.size() == 4);
    // By concurrency: 1 (row 1), 4 (row 3), 16 (row 0), 64 (row 2).
    CHECK(pts[0].concurrency == 1);
    CHECK(pts[0].row == 1);
    CHECK(pts[1].concurrency == 4);
    CHECK(pts[1].row == 3);
    CHECK(pts[2].concurrency == 16);
    CHECK(pts[2].row == 0);
    CHECK(pts[3].concurrency == 64);
    CHECK(pts[3].row == 2);
    // Each point's figures are its row's, copied.
    CHECK(pts[1].pages_per_s == 0.5);
    CHECK(pts[1].output_tokens_per_s == 256);
    CHECK(pts[1].ttft_end_to_end_s == Approx(0.27));
    CHECK(pts[3].tpot_s == 0.0110);
    // Only the plan's best row is marked; the row past the KV capacity neither fits nor meets the SLA.
    CHECK(!pts[0].best);
    CHECK(!pts[1].best);
    CHECK(pts[2].best);
    CHECK(!pts[3].best);
    CHECK(!pts[3].fits);
    CHECK(!pts[3].meets_sla);
    // What binds, in runs: overhead at 1 and 4, bandwidth at 16, the KV capacity at 64.
    const auto runs = mm::app::limit_runs(pts);
    REQUIRE(runs.size() == 3);
    CHECK((runs[0].first == 0 && runs[0].last == 1 && runs[0].limit == mm::PlanLimit::overhead));
    CHECK((runs[1].first == 2 && runs[1].last == 2 && runs[1].limit == mm::PlanLimit::bandwidth));
    CHECK((runs[2].first == 3 && runs[2].last == 3 && runs[2].limit == mm::PlanLimit::kv_capacity));
    CHECK(mm::app::limit_runs({}).empty());
    // Equal concurrencies keep the listed order.
    mm::Plan twice;
    twice.rows = {row(8, 1.0, 0.2, 0.006, true, mm::PlanLimit::bandwidth), row(2, 0.4, 0.2, 0.006, true, mm::PlanLimit::overhead),
                  row(8, 1.0, 0.2, 0.006, true, mm::PlanLimit::bandwidth)};
    const auto t = mm::app::capacity_points(twice);
    REQUIRE(t.size() == 3);
    CHECK((t[0].row == 1 && t[1].row == 0 && t[2].row == 2));
}

TEST_CASE("the Capacity view's compared plan is the planner on the compared options", "[charts][capacity]") {
    mm::app::Session s;
    s.apply_url_state("profile=serving&new_tokens=620&view=capacity&concurrency=1,4,16,64&compare_model=deepseek-ocr-2");
    REQUIRE(s.notices().empty());
    const auto mine = s.capacity_plan(s.comparison());
    REQUIRE(mine.ok());
    const mm::Catalog catalog = mm::load_catalog(mm::embedded_assets()).value();
    mm::PlanOptions expected = s.plan_options();
    expected.base = mm::app::compared_options(catalog, s.options(), s.comparison()).value().options;
    CHECK(expected.base.model == "deepseek-ocr-2");
    const auto direct = mm::plan_capacity(catalog, expected);
    REQUIRE(direct.ok());
    CHECK(mm::plan_to_json(mine.value()) == mm::plan_to_json(direct.value()));
    CHECK(mine.value().model != s.capacity_plan().value().model);
    // state() carries it beside the plan, labelled as the page labels it.
    const auto state = nlohmann::json::parse(s.state_json());
    REQUIRE(state.contains("compare_capacity"));
    CHECK(state["compare_capacity"]["rows"].size() == 4);
    CHECK(state["compare_capacity"]["label"] == s.compare_label());
    // A compared GPU: the same knobs on it.
    s.set_compare_model("");
    s.set_compare_gpu("h100-sxm");
    const auto h100 = s.capacity_plan(s.comparison());
    REQUIRE(h100.ok());
    CHECK(h100.value().gpu == "h100-sxm");
    CHECK(h100.value().rows.size() == 4);
    CHECK(!s.capacity_plan({.gpu = "no-such-gpu", .model = {}}).ok());
}

TEST_CASE("the ops that set the activation peak are named", "[charts]") {
    mm::app::Session s;
    const auto peak = s.peak_activation_modules();
    REQUIRE(!peak.empty());
    const auto& a = *s.analysis();
    // Independently: every module with the peak and no child with it, by a walk of the rows.
    std::vector<int> expected;
    for (size_t i = 0; i < a.modules().size(); ++i) {
        if (a.result(int(i)).cost.resident_activation_bytes != a.memory.peak_activation_bytes) continue;
        bool child_has = false;
        for (int c : a.tree->nodes[i].children) child_has = child_has || a.result(c).cost.resident_activation_bytes == a.memory.peak_activation_bytes;
        if (!child_has) expected.push_back(int(i));
    }
    CHECK(peak == expected);
    // For the standard page they are in SAM: its global-attention blocks (2, 5, 8, 11) hold the
    // 64 x 64 tokens' scores.
    std::vector<std::string> names;
    for (int m : peak) names.emplace_back(a.modules()[size_t(m)].name);
    for (const auto& n : names) CHECK(n.rfind("sam_model.blocks.", 0) == 0);
    CHECK(mm::app::summarize_names(names, 4).size() == 1);  // identical blocks: one line
    INFO(mm::app::summarize_names(names, 4)[0]);
    CHECK(peak.size() >= 1);
}

TEST_CASE("the charts' text colours read at 4.5:1 on the plot and on the page, in both themes", "[charts]") {
    using mm::app::Surface;
    for (bool dark : {true, false}) {
        const auto& c = mm::app::chart_colours(dark);
        const auto& t = mm::app::theme(dark);
        const std::pair<const char*, mm::app::Rgb> colours[] = {{"tensor", c.tensor}, {"cuda", c.cuda},   {"dram", c.dram}, {"limit", c.limit},
                                                                {"marker", c.marker}, {"text", c.text}, {"faint", c.faint}};
        for (const auto& [name, colour] : colours)
            for (Surface s : {Surface::frame, Surface::window}) {
                INFO((dark ? "dark " : "light ") << name << " on surface " << static_cast<int>(s));
                CHECK(mm::app::contrast_ratio(colour, t.surface(s)) >= 4.5);
            }
    }
}
