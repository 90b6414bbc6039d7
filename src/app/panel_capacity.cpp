// The Capacity view (issue 17): the planner (core/engine/plan.hpp) on the current settings: TTFT, TPOT,
// pages/s and memory against requests in flight, the SLA knobs, the best concurrency under them, the
// GPUs a target needs and what binds at each point. The same rows as `modelmeter plan`, drawn as two
// charts against concurrency on a log2 axis (throughput with a band naming what binds; TTFT and TPOT
// with the SLA bounds), the compared plan (another GPU and/or model) dashed, then the rows as a table.
// Every figure drawn is a planner row's; the charts only map them to the screen.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // the table's column widths, for the narrow-window test
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/chart_draw.hpp"
#include "app/chart_points.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/engine/sweep.hpp"

namespace mm::app {
namespace {

// A rate to three significant figures, grouped above 1000 ("5.08", "1,750", "18,285").
std::string rate(double v) {
    if (v >= 1000) return format_grouped(static_cast<int64_t>(v + 0.5));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string limit_name(PlanLimit l) { return std::string(plan_limit_name(l)); }

// One figure of the points, drawn as a line through them.
struct CapSeries {
    const char* name;
    const char* key;  // its name in the chart's state (the planner's JSON key)
    double CapacityPoint::*field;
    ImU32 colour;
};

struct HLine {
    double y;
    std::string label;
};

struct CapChartSpec {
    const char* id;
    const char* title;
    AxisUnit unit;
    bool log_y;
    std::vector<CapSeries> series;
    std::vector<HLine> limits;  // horizontal bounds: the SLA, the host's cap
    bool limit_band = false;    // the band naming what binds, above the plot
    bool status_legend = false; // the markers' legend: within the service levels, misses them, does not fit
};

// What both charts draw: this plan and the compared one (empty points without).
struct CapData {
    const Plan& plan;
    const std::vector<CapacityPoint>& pts;
    const Plan* cmp_plan;
    const std::vector<CapacityPoint>& cmp;
    std::string cmp_name;  // "DeepSeek-OCR 2 (dashed)"
};

// The hovered row of both plans: every figure the table shows, from the row.
void row_tooltip(const CapData& d, const CapacityPoint& pt) {
    const PlanRow& r = d.plan.rows[pt.row];
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(tooltip_wrap(30));
    ImGui::Text("%s in flight%s", format_grouped(r.concurrency).c_str(), pt.best ? ": the best within the service levels" : "");
    ImGui::Text("TTFT %s end to end (%s on the GPU), TPOT %s", format_seconds(r.ttft_end_to_end_s).c_str(), format_seconds(r.ttft_s).c_str(),
                format_seconds(r.tpot_s).c_str());
    ImGui::Text("%s pages/s, %s tokens/s, page latency %s", rate(r.pages_per_s).c_str(), rate(r.output_tokens_per_s).c_str(),
                format_seconds(r.page_latency_s).c_str());
    ImGui::Text("memory %s of %s usable: %s", format_bytes(r.memory_bytes).c_str(), format_bytes(d.plan.capacity_bytes).c_str(),
                !r.fits ? "does not fit" : r.meets_sla ? "fits, within the service levels" : "fits, misses the service levels");
    ImGui::Text("binds: %s", limit_name(r.limit).c_str());
    const CapacityPoint* other = nullptr;
    for (const auto& c : d.cmp)
        if (c.concurrency == pt.concurrency) other = &c;
    if (other && d.cmp_plan) {
        const PlanRow& o = d.cmp_plan->rows[other->row];
        ImGui::Separator();
        ImGui::Text("%s:", d.cmp_name.c_str());
        ImGui::Text("TTFT %s end to end, TPOT %s, %s pages/s, %s tokens/s", format_seconds(o.ttft_end_to_end_s).c_str(),
                    format_seconds(o.tpot_s).c_str(), rate(o.pages_per_s).c_str(), rate(o.output_tokens_per_s).c_str());
        ImGui::Text("%s; binds: %s", !o.fits ? "does not fit" : o.meets_sla ? "fits, within the service levels" : "fits, misses the service levels",
                    limit_name(o.limit).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// One chart of the plan against requests in flight (log2 x). Adds its state (plot, ranges, ticks, every
// point with its screen position) to state["charts"].
void capacity_chart(const CapChartSpec& spec, const CapData& d, ImVec2 size, const ChartPalette& pal, nlohmann::json& state) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(spec.id, size);
    const bool hovered_chart = ImGui::IsItemHovered();
    dl->AddText(o, pal.text, spec.title);
    const auto& pts = d.pts;
    const auto& cmp = d.cmp;
    if (pts.empty()) return;
    double y_max = 0, y_min_pos = 1e300;
    auto take = [&](double v) {
        if (!(v > 0) || !std::isfinite(v)) return;
        y_max = std::max(y_max, v);
        y_min_pos = std::min(y_min_pos, v);
    };
    for (const auto* set : {&pts, &cmp})
        for (const auto& s : spec.series)
            for (const auto& p : *set) take(p.*s.field);
    for (const auto& l : spec.limits) take(l.y);
    if (!(y_max > 0)) {
        dl->AddText(ImVec2(o.x, o.y + em * 1.5f), pal.faint, "Nothing to draw: every value is zero.");
        return;
    }
    Plot plot;
    plot.log_x = true;  // a log axis whose ticks are powers of two
    double c_lo = pts.front().concurrency, c_hi = pts.back().concurrency;
    if (!cmp.empty()) c_lo = std::min(c_lo, cmp.front().concurrency), c_hi = std::max(c_hi, cmp.back().concurrency);
    plot.x_lo = c_lo / 1.3, plot.x_hi = c_hi * 1.3;  // the end points' markers stay inside
    plot.log_y = spec.log_y && y_min_pos < y_max;
    if (plot.log_y) plot.y_lo = y_min_pos / 1.5, plot.y_hi = y_max * 1.5;
    else plot.y_lo = 0, plot.y_hi = y_max * 1.1;

    std::vector<AxisTick> x_ticks;
    for (double c = 1; c <= plot.x_hi; c *= 2)
        if (c >= plot.x_lo) x_ticks.push_back({c, tick_label(c, AxisUnit::count)});
    const int y_target = std::max(3, static_cast<int>(size.y / (em * (plot.log_y ? 2.5f : 3.5f))));
    const auto y_ticks = axis_ticks(plot.y_lo, plot.y_hi, plot.log_y, spec.unit, y_target);
    const float right = (x_ticks.empty() ? 0 : ImGui::CalcTextSize(x_ticks.back().label.c_str()).x / 2) + em * 0.5f;

    // The legend under the title, right-aligned; the band of limits, then the plot, below it.
    std::vector<LegendItem> legend;
    for (const auto& s : spec.series) legend.push_back({s.name, s.colour, LegendItem::Mark::line});
    if (!cmp.empty()) legend.push_back({d.cmp_name, pal.faint, LegendItem::Mark::dashed});
    if (spec.status_legend) {
        bool any_in = false, any_miss = false, any_out = false;
        for (const auto& p : pts) (p.fits ? (p.meets_sla ? any_in : any_miss) : any_out) = true;
        if (any_in) legend.push_back({"within SLA", pal.text, LegendItem::Mark::dot});
        if (any_miss) legend.push_back({"misses SLA", pal.text, LegendItem::Mark::ring});
        if (any_out) legend.push_back({"does not fit", pal.limit, LegendItem::Mark::ring, pal.limit});
    }
    const ImVec2 ls = legend_size(legend, size.x - em * 2);
    draw_legend(dl, ImVec2(o.x + size.x - right - ls.x, o.y + em * 1.35f), legend, size.x - em * 2, pal);
    const float band_h = spec.limit_band ? em * 1.4f : 0.0f;
    const float top = o.y + em * 1.35f + ls.y + em * 0.4f;
    plot.p0 = ImVec2(o.x + widest_label(y_ticks) + em * 0.8f, top + band_h);
    plot.p1 = ImVec2(o.x + size.x - right, o.y + size.y - em * 2.7f);
    if (plot.p1.x - plot.p0.x < em * 4 || plot.p1.y - plot.p0.y < em * 3) return;
    dl->AddRectFilled(plot.p0, plot.p1, ImGui::GetColorU32(ImGuiCol_FrameBg));

    // Past the largest concurrency that fits: shaded, as the sweep shades the batches that do not fit.
    const double fit_c = static_cast<double>(d.plan.max_concurrency);
    if (fit_c < c_hi) {
        const float x0 = std::max(plot.p0.x, plot.sx(std::max(fit_c, 1e-3)));
        dl->AddRectFilled(ImVec2(x0, plot.p0.y), plot.p1, with_alpha(pal.limit, 0.12f));
    }
    draw_axes(dl, plot, x_ticks, y_ticks, "requests in flight (log scale)", nullptr, pal);

    // The band: runs of points one limit binds, each from halfway to its neighbours, named when it fits.
    nlohmann::json band = nlohmann::json::array();
    if (spec.limit_band) {
        const float y0 = top, y1 = top + band_h - em * 0.2f;
        for (const auto& run : limit_runs(pts)) {
            const float a = run.first == 0 ? plot.p0.x : (plot.sx(pts[run.first - 1].concurrency) + plot.sx(pts[run.first].concurrency)) / 2;
            const float b = run.last + 1 == pts.size() ? plot.p1.x
                                                       : (plot.sx(pts[run.last].concurrency) + plot.sx(pts[run.last + 1].concurrency)) / 2;
            const bool kv = run.limit == PlanLimit::kv_capacity;
            dl->AddRectFilled(ImVec2(a, y0), ImVec2(b, y1), kv ? with_alpha(pal.limit, 0.12f) : ImGui::GetColorU32(ImGuiCol_FrameBg));
            dl->AddRect(ImVec2(a, y0), ImVec2(b, y1), pal.grid);
            const std::string name = limit_name(run.limit);
            // The name, or "KV" in a short run past the KV capacity; the hover names it in any case.
            for (const std::string& text : {name, std::string(kv ? "KV" : "")}) {
                const float w = ImGui::CalcTextSize(text.c_str()).x;
                if (text.empty() || w + em * 0.4f >= b - a) continue;
                dl->AddText(ImVec2((a + b - w) / 2, y0 + (y1 - y0 - em) / 2), kv ? pal.limit : pal.text, text.c_str());
                break;
            }
            band.push_back({{"limit", name}, {"from", pts[run.first].concurrency}, {"to", pts[run.last].concurrency}, {"x", {a, b}}});
        }
    }

    dl->PushClipRect(plot.p0, plot.p1, true);
    for (const auto& l : spec.limits) {
        const float y = plot.sy(l.y);
        dashed_line(dl, ImVec2(plot.p0.x, y), ImVec2(plot.p1.x, y), pal.limit, 1.5f, em * 0.4f);
        // At the left, under the line (the curves rise to the right), or over it near the bottom.
        const float ty = y + em * 1.2f < plot.p1.y ? y + em * 0.15f : y - em * 1.15f;
        dl->AddText(ImVec2(plot.p0.x + em * 0.3f, ty), pal.limit, l.label.c_str());
    }
    // The best row and the largest that fits: vertical markers, labelled at the bottom, where curves that
    // rise to the right leave room.
    auto vmarker = [&](double x, ImU32 colour, const std::string& text, int row) {
        const float sx = plot.sx(x);
        if (sx < plot.p0.x - 0.5f || sx > plot.p1.x + 0.5f) return;
        dashed_line(dl, ImVec2(sx, plot.p0.y), ImVec2(sx, plot.p1.y), colour, 1.5f, em * 0.3f);
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float tx = sx + em * 0.3f + w < plot.p1.x ? sx + em * 0.3f : sx - w - em * 0.3f;
        dl->AddText(ImVec2(tx, plot.p1.y - em * (1.3f + 1.2f * static_cast<float>(row))), colour, text.c_str());
    };
    const PlanRow* best = d.plan.best >= 0 ? &d.plan.rows[size_t(d.plan.best)] : nullptr;
    if (best) vmarker(static_cast<double>(best->concurrency), pal.marker, "best: " + format_grouped(best->concurrency), 0);
    if (fit_c < c_hi) vmarker(fit_c, pal.limit, "largest that fits: " + format_grouped(d.plan.max_concurrency), 1);
    // The compared plan's own limit, fainter and named, when it falls inside the chart.
    const double cmp_fit_c = d.cmp_plan ? static_cast<double>(d.cmp_plan->max_concurrency) : c_hi;
    if (d.cmp_plan && cmp_fit_c < c_hi && cmp_fit_c != fit_c)
        vmarker(cmp_fit_c, with_alpha(pal.limit, 0.7f), d.cmp_name.substr(0, d.cmp_name.rfind(" (")) + " fits: " +
                format_grouped(d.cmp_plan->max_concurrency), 2);

    std::vector<ImVec2> line;
    for (const auto& s : spec.series) {
        if (!cmp.empty()) {
            line.clear();
            for (const auto& p : cmp)
                if (p.*s.field > 0 || !plot.log_y) line.push_back(plot.at(p.concurrency, p.*s.field));
            dashed_polyline(dl, line, with_alpha(s.colour, 0.8f), 2.0f, em * 0.45f);
            for (const auto& q : line) dl->AddCircle(q, em * 0.2f, with_alpha(s.colour, 0.8f), 0, 1.0f);
            for (const auto& p : cmp)  // the compared plan's best row: a fainter ring
                if (p.best && (p.*s.field > 0 || !plot.log_y))
                    dl->AddCircle(plot.at(p.concurrency, p.*s.field), em * 0.5f, with_alpha(pal.marker, 0.6f), 0, 1.5f);
        }
        line.clear();
        for (const auto& p : pts)
            if (p.*s.field > 0 || !plot.log_y) line.push_back(plot.at(p.concurrency, p.*s.field));
        dl->AddPolyline(line.data(), static_cast<int>(line.size()), s.colour, 0, 2.0f);
        // Markers: filled within the service levels, a ring when a row misses them, the limit's ring when it does not fit.
        for (const auto& p : pts) {
            if (!(p.*s.field > 0) && plot.log_y) continue;
            const ImVec2 q = plot.at(p.concurrency, p.*s.field);
            if (!p.fits) dl->AddCircle(q, em * 0.32f, pal.limit, 0, 2.0f);
            else if (p.meets_sla) dl->AddCircleFilled(q, em * 0.3f, s.colour);
            else {
                dl->AddCircleFilled(q, em * 0.3f, pal.bg);
                dl->AddCircle(q, em * 0.3f, s.colour, 0, 2.0f);
            }
            if (p.best) dl->AddCircle(q, em * 0.55f, pal.marker, 0, 2.0f);
        }
    }
    dl->PopClipRect();

    nlohmann::json chart = plot_state(plot, x_ticks, y_ticks);
    chart["id"] = spec.id;
    chart["compare"] = !cmp.empty();
    chart["max_concurrency"] = d.plan.max_concurrency;
    chart["best_concurrency"] = best ? nlohmann::json(best->concurrency) : nlohmann::json(nullptr);
    for (const auto& s : spec.series) chart["series"].push_back(s.key);
    for (const auto& l : spec.limits) chart["limits"].push_back({{"y", l.y}, {"label", l.label}, {"sy", plot.sy(l.y)}});
    if (spec.limit_band) chart["band"] = std::move(band);
    // Every point as plotted: the row's figures and where each series put it on the screen.
    auto points_json = [&](const std::vector<CapacityPoint>& set) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : set) {
            nlohmann::json j = {{"concurrency", static_cast<int64_t>(p.concurrency)}, {"sx", plot.sx(p.concurrency)}, {"fits", p.fits},
                                {"meets_sla", p.meets_sla}, {"best", p.best}, {"limit", limit_name(p.limit)}};
            for (const auto& s : spec.series) {
                j[s.key] = p.*s.field;
                j[std::string("sy_") + s.key] = plot.sy(p.*s.field);
            }
            out.push_back(std::move(j));
        }
        return out;
    };
    chart["points"] = points_json(pts);
    if (!cmp.empty()) {
        chart["compare_points"] = points_json(cmp);
        chart["compare_label"] = d.cmp_name;
        chart["compare_max_concurrency"] = d.cmp_plan ? nlohmann::json(d.cmp_plan->max_concurrency) : nlohmann::json(nullptr);
        chart["compare_best_concurrency"] = d.cmp_plan && d.cmp_plan->best >= 0
                                                ? nlohmann::json(d.cmp_plan->rows[size_t(d.cmp_plan->best)].concurrency)
                                                : nlohmann::json(nullptr);
    }

    // Hover: the nearest row, in both plans.
    if (hovered_chart) {
        const size_t near = hover_column(dl, plot, pts, [](const CapacityPoint& p) { return p.concurrency; }, pal.faint);
        row_tooltip(d, pts[near]);
        chart["hovered"] = {{"concurrency", static_cast<int64_t>(pts[near].concurrency)}, {"row", pts[near].row}};
    }
    state["charts"].push_back(std::move(chart));
}

}  // namespace

void App::draw_capacity() {
    PlanOptions knobs = session_.plan_options();
    bool changed = false;
    const float em = ImGui::GetFontSize();

    // Requests in flight: a list or range as the CLI takes it ("1,4,16,64", "1..256*2"); Enter applies.
    if (concurrency_text_[0] == '\0') {
        std::string list;
        for (int64_t c : knobs.concurrency) list += (list.empty() ? "" : ",") + std::to_string(c);
        std::snprintf(concurrency_text_.data(), concurrency_text_.size(), "%s", list.c_str());
    }
    ImGui::SetNextItemWidth(em * 12);
    const bool entered = ImGui::InputText("Requests in flight", concurrency_text_.data(), concurrency_text_.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    help("Concurrencies to plan: a list (1,4,16,64) or a range (1..256*2 doubles, 8..64:8 adds 8); Enter applies. At most 64.");
    std::string list_error;
    if (entered) {
        auto list = parse_int_list(concurrency_text_.data(), "requests in flight");
        if (!list.ok()) list_error = list.error().message;
        else if (list.value().empty() || list.value().size() > Session::kMaxPlanRows) list_error = "Plan 1 to 64 concurrencies at once.";
        else {
            knobs.concurrency = list.value();
            changed = true;
        }
        if (!list_error.empty()) session_.report_error("Requests in flight: " + list_error);
    }
    // The knobs wrap like words on a narrow window.
    auto place = [&](const char* label) {
        flow(em * 5 + ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemInnerSpacing.x + em);
    };
    auto number = [&](const char* label, double& value, double scale, const char* tip) {
        place(label);
        double shown = value * scale;
        ImGui::SetNextItemWidth(em * 5);
        if (ImGui::InputDouble(label, &shown, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue) && shown >= 0 && shown <= 1e12) {
            value = shown / scale;
            changed = true;
        }
        help(tip);
    };
    number("TTFT max (s)", knobs.ttft_max_s, 1.0, "Service level on the end-to-end time to first token; 0: none. Enter applies.");
    number("TPOT max (ms)", knobs.tpot_max_s, 1e3, "Service level on the time per output token; 0: none. Enter applies.");
    number("Host s/page", knobs.host_preprocess_s, 1.0,
           "CPU seconds to preprocess one page (decode, resize, crop, normalise) before the GPU sees it. The default 0.05 s is "
           "an assumption, not a measurement: measure yours.");
    place("Host workers");
    ImGui::SetNextItemWidth(em * 5);
    int64_t workers = knobs.host_workers;
    if (input_int64("Host workers", workers, 1, 1000000)) {
        knobs.host_workers = workers;
        changed = true;
    }
    help("Pages preprocessed in parallel: the host caps pages/s at workers / (s per page).");
    number("Host ms/step", knobs.host_step_s, 1e3,
           "Host milliseconds per decode step that the engine does not hide behind the GPU (scheduler, sampling, "
           "detokenising): added to every step. 0 (the default) models none; measure yours: the TPOT at one request "
           "in flight minus the row's decode step.");
    number("Pages per hour", knobs.target_pages_per_hour, 1.0, "A fleet target: how many GPUs it needs at the best row; 0: none.");
    if (changed) session_.set_plan_options(knobs);

    // The plan, recomputed only when the settings or knobs change (the link carries them all).
    const std::string key = session_.url_state();
    if (!capacity_ || key != capacity_key_) {
        capacity_ = session_.capacity_plan();
        capacity_compare_.reset();
        if (!session_.comparison().empty()) capacity_compare_ = session_.capacity_plan(session_.comparison());
        capacity_key_ = key;
    }
    nlohmann::json state = {{"view", "capacity"}};
    if (!capacity_->ok()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(tone(Tone::warning), "%s", capacity_->error().message.c_str());
        ImGui::PopTextWrapPos();
        state["error"] = capacity_->error().message;
        chart_state_ = state.dump();
        return;
    }
    const Plan& p = capacity_->value();
    ImGui::PushTextWrapPos(0.0f);
    if (p.profile != "serving")
        ImGui::TextColored(tone(Tone::warning),
                           "Time profile %s: the serving profile models a vLLM/SGLang-class engine (decode under CUDA graphs); "
                           "choose it under Time profile for serving figures.",
                           p.profile.c_str());
    ImGui::TextDisabled("Continuous batching on %s: each page prefills %lld tokens (vision + prefill %s on the GPU) and "
                        "generates %lld; the rows are the steady state at each number of requests in flight.",
                        p.gpu_display_name.c_str(), static_cast<long long>(p.prefill_tokens), format_seconds(p.prefill_page_s).c_str(),
                        static_cast<long long>(p.new_tokens));
    ImGui::Text("Largest concurrency that fits: %s (KV cache %s per sequence in blocks of %lld tokens, beside %s of weights, of %s usable).",
                format_grouped(p.max_concurrency).c_str(), format_bytes(p.kv_bytes_per_sequence).c_str(),
                static_cast<long long>(p.options.kv_block_tokens), format_bytes(p.weights_bytes).c_str(),
                format_bytes(p.capacity_bytes).c_str());
    if (p.best >= 0) {
        const PlanRow& b = p.rows[size_t(p.best)];
        std::string line = "Best within the service levels: " + format_grouped(b.concurrency) + " in flight, " +
                           rate(b.pages_per_s) + " pages/s (" + rate(b.pages_per_s * 3600) + " per hour)";
        if (p.gpus_needed > 0) line += "; " + format_grouped(p.gpus_needed) + " GPUs for " + rate(p.options.target_pages_per_hour) + " pages per hour";
        ImGui::TextColored(tone(Tone::good), "%s.", line.c_str());
    } else {
        ImGui::TextColored(tone(Tone::warning), "No planned concurrency fits within the service levels.");
    }
    ImGui::PopTextWrapPos();
    note_item("capacity-summary");

    // The charts: throughput (with what binds) and latency (with the SLA bounds) against requests in flight.
    const ChartPalette& pal = chart_palette(session_.dark());
    const std::vector<CapacityPoint> pts = capacity_points(p);
    const Plan* cmp_plan = capacity_compare_ && capacity_compare_->ok() ? &capacity_compare_->value() : nullptr;
    const std::vector<CapacityPoint> cmp = cmp_plan ? capacity_points(*cmp_plan) : std::vector<CapacityPoint>{};
    if (capacity_compare_ && !capacity_compare_->ok()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(tone(Tone::warning), "No compared plan: %s", capacity_compare_->error().message.c_str());
        ImGui::PopTextWrapPos();
    }
    const CapData data{p, pts, cmp_plan, cmp, session_.compare_label() + " (dashed)"};
    const ImU32 c_pages = IM_COL32(213, 94, 0, 255), c_ttft = IM_COL32(86, 180, 233, 255), c_tpot = IM_COL32(0, 158, 115, 255);
    CapChartSpec throughput{"capacity-throughput", "Pages per second; the band names what binds", AxisUnit::count, false,
                            {{"pages/s", "pages_per_s", &CapacityPoint::pages_per_s, c_pages}}, {}, true, true};
    // The host's cap, when it is near enough to the curve to read (it flattens the curve where it binds).
    double most = 0;
    for (const auto* set : {&pts, &cmp})
        for (const auto& q : *set) most = std::max(most, q.pages_per_s);
    if (p.pages_per_s_host > 0 && p.pages_per_s_host <= most * 1.5)
        throughput.limits.push_back({p.pages_per_s_host, "host: " + rate(p.pages_per_s_host) + " pages/s"});
    CapChartSpec latency{"capacity-latency", "Latency: TTFT (end to end) and TPOT", AxisUnit::seconds, true,
                         {{"TTFT (end to end)", "ttft_end_to_end_s", &CapacityPoint::ttft_end_to_end_s, c_ttft},
                          {"TPOT", "tpot_s", &CapacityPoint::tpot_s, c_tpot}},
                         {}};
    if (p.options.ttft_max_s > 0) latency.limits.push_back({p.options.ttft_max_s, "TTFT max " + trim_zeros(format_seconds(p.options.ttft_max_s))});
    if (p.options.tpot_max_s > 0) latency.limits.push_back({p.options.tpot_max_s, "TPOT max " + trim_zeros(format_seconds(p.options.tpot_max_s))});

    ImGui::Spacing();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool stacked = avail.x < em * 36;  // as the sweep: side by side from 36 em across
    const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2 + 1;
    // The charts take what the table (up to 8 rows) leaves, between 18 and 22 em; the view scrolls below that.
    const float table_min = row_h * static_cast<float>(std::min<size_t>(p.rows.size(), 8) + 1) + ImGui::GetFrameHeightWithSpacing() +
                            ImGui::GetStyle().ScrollbarSize + em;
    const float h = std::clamp(avail.y - table_min, em * 18, em * 22);
    const ImVec2 chart_size(stacked ? avail.x : avail.x * 0.5f - gap / 2, h);
    capacity_chart(throughput, data, chart_size, pal, state);
    note_item("capacity-chart:throughput");
    if (!stacked) ImGui::SameLine();
    capacity_chart(latency, data, chart_size, pal, state);
    note_item("capacity-chart:latency");

    // The rows, as `modelmeter plan` prints them. Scrolls sideways on a narrow window rather than squeezing
    // the fit and the limit to two letters.
    const std::string header = "Rows (" + std::to_string(p.rows.size()) + "), as modelmeter plan prints them###capacity-rows";
    if (ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                      ImGuiTableFlags_SizingFixedFit;
        const float table_width = ImGui::GetContentRegionAvail().x;
        const float all_rows = row_h * static_cast<float>(p.rows.size() + 1) + ImGui::GetStyle().ScrollbarSize + 2;
        const float table_h = std::min(all_rows, std::max(ImGui::GetContentRegionAvail().y, row_h * 9));
        if (ImGui::BeginTable("capacity", 10, flags, ImVec2(0, table_h))) {
            ImGui::TableSetupScrollFreeze(1, 1);
            static constexpr Column columns[] = {
                {"In flight", "Requests in flight (C): sequences decoding together, new pages' prefill interleaved.", 5},
                // On a narrow window the GPU's TTFT gives way first: the service level is on the end-to-end one.
                {"TTFT (GPU)", "Time to first token on the GPU: the page's vision + prefill, plus the decode steps its prefill chunks ride in.", 6,
                 ImGuiTableColumnFlags_WidthFixed, 5},
                {"TTFT (end to end)", "The GPU's TTFT plus the host's preprocessing of the page.", 7, ImGuiTableColumnFlags_WidthFixed, 3},
                {"TPOT", "Time per output token: the decode step at C, plus the prefill work interleaved into it.", 6},
                {"Pages/s", "Steady-state pages per second: the GPU's, capped by the host's.", 5},
                {"Tokens/s", "Output tokens per second.", 6, ImGuiTableColumnFlags_WidthFixed, 2},
                {"Page latency", "End to end, from the page's arrival to its last token.", 6, ImGuiTableColumnFlags_WidthFixed, 4},
                {"Memory", "Weights + KV cache of C sequences + activations, against the usable memory.", 6, ImGuiTableColumnFlags_WidthFixed, 1},
                // Wide enough for "does not fit" and "kv_capacity" (5.1 em): a narrow window scrolls the table instead.
                {"Fits", "Whether C sequences' KV cache and activations fit beside the weights; and within the service levels.", 5.5f},
                {"Limit", "What binds: compute, bandwidth or launch overhead of the GPU time per page, the KV capacity, or the host.", 5.5f},
            };
            table_columns(columns, table_width);
            float widest[std::size(columns)] = {};
            for (size_t i = 0; i < p.rows.size(); ++i) {
                const PlanRow& r = p.rows[i];
                ImGui::TableNextRow();
                if (int(i) == p.best) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_grouped(r.concurrency).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_seconds(r.ttft_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_seconds(r.ttft_end_to_end_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_seconds(r.tpot_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(rate(r.pages_per_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(rate(r.output_tokens_per_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_seconds(r.page_latency_s).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_bytes(r.memory_bytes).c_str());
                ImGui::TableNextColumn();
                const char* fit = !r.fits ? "does not fit" : r.meets_sla ? (int(i) == p.best ? "yes, best" : "yes") : "misses SLA";
                ImGui::TextColored(!r.fits ? tone(Tone::error) : r.meets_sla ? tone(Tone::good) : tone(Tone::warning), "%s", fit);
                widest[8] = std::max(widest[8], ImGui::CalcTextSize(fit).x);
                ImGui::TableNextColumn();
                const std::string limit = limit_name(r.limit);
                ImGui::TextUnformatted(limit.c_str());
                widest[9] = std::max(widest[9], ImGui::CalcTextSize(limit.c_str()).x);
            }
            // Each shown column's width against its widest cell, for the narrow-window test (scrolled-out
            // columns draw no header this frame, so the table's own widths, not the headers' rectangles).
            nlohmann::json cols = nlohmann::json::object();
            const ImGuiTable* t = ImGui::GetCurrentTable();
            for (int k = 0; t && k < t->ColumnsCount && k < static_cast<int>(std::size(columns)); ++k)
                if (t->Columns[k].IsEnabled)
                    cols[columns[k].name] = {{"width", t->Columns[k].WidthGiven}, {"widest_cell", widest[size_t(k)]}};
            state["table_columns"] = std::move(cols);
            state["table_em"] = em;
            ImGui::EndTable();
            note_item("capacity-table");
        }
    }
    state["rows"] = p.rows.size();
    state["best"] = p.best;
    chart_state_ = state.dump();
}

}  // namespace mm::app
