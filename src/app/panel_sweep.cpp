// The sweep view: time, memory and (over the batch) throughput of the current workload as one parameter
// varies (new tokens, batch, or the crop grid), every point a full analysis by the same engine. Markers
// at the current setting and at the largest batch that fits, the region that does not fit shaded, and
// the compared analysis' curves (another GPU and/or model) dashed in the same colours.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/chart_draw.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {
namespace {

struct Series {
    const char* name;
    double SweepPoint::*field;
    ImU32 colour;
};

struct XAxis {
    std::string name;   // "batch": the tooltip's header says "batch 678"
    std::string title;  // under the axis, with its unit and scale
    bool log = false;
    bool categorical = false;  // crop grids: one tick per point, labelled by the point
    std::optional<double> current;
    std::optional<double> limit;  // the largest batch that fits
};

struct ChartSpec {
    const char* id;
    std::string title;
    AxisUnit unit;
    const char* unit_name;  // for AxisUnit::rate
    bool log_y;
    double hline = 0;  // a horizontal limit (GPU memory), 0: none
    std::string hline_label;
};

std::string value_text(double v, AxisUnit unit, const char* unit_name) {
    switch (unit) {
        case AxisUnit::seconds: return format_seconds(v);
        case AxisUnit::bytes: return format_bytes(v);
        case AxisUnit::rate: return format_si(v, unit_name);
        case AxisUnit::count: break;
    }
    return format_si(v, "");
}

void sweep_chart(const ChartSpec& spec, const std::vector<SweepPoint>& pts, const std::vector<SweepPoint>& cmp,
                 const std::string& cmp_name, const std::vector<Series>& series, const XAxis& xa, ImVec2 size,
                 const ChartPalette& pal, nlohmann::json& state) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(spec.id, size);
    const bool hovered_chart = ImGui::IsItemHovered();
    dl->AddText(o, pal.text, spec.title.c_str());
    if (pts.size() < 2) {
        dl->AddText(ImVec2(o.x, o.y + em * 1.5f), pal.faint, "Too few points to draw (the settings cannot be analysed across this range).");
        return;
    }
    // The y range over both GPUs' series (and the limit line).
    double y_max = spec.hline, y_min_pos = spec.hline > 0 ? spec.hline : 1e300;
    for (const auto* set : {&pts, &cmp})
        for (const auto& s : series)
            for (const auto& p : *set) {
                const double v = p.*s.field;
                if (!(v > 0) || !std::isfinite(v)) continue;
                y_max = std::max(y_max, v);
                y_min_pos = std::min(y_min_pos, v);
            }
    if (!(y_max > 0)) {
        dl->AddText(ImVec2(o.x, o.y + em * 1.5f), pal.faint, "Nothing to draw: every value is zero.");
        return;
    }
    Plot plot;
    plot.log_x = xa.log;
    plot.x_lo = pts.front().x, plot.x_hi = pts.back().x;
    if (xa.categorical) plot.x_lo -= 0.5, plot.x_hi += 0.5;
    plot.log_y = spec.log_y && y_min_pos < y_max;
    if (plot.log_y) plot.y_lo = y_min_pos / 1.3, plot.y_hi = y_max * 1.3;
    else plot.y_lo = 0, plot.y_hi = y_max * 1.08;

    const int x_target = std::max(3, static_cast<int>(size.x / (em * 4)));
    // Log axes take their 2x and 5x when about 2.5 em apart; linear ones a nice step every 4 em.
    const int y_target = std::max(3, static_cast<int>(size.y / (em * (spec.log_y ? 2.5f : 4.0f))));
    std::vector<AxisTick> x_ticks;
    if (xa.categorical) {
        for (const auto& p : pts) x_ticks.push_back({p.x, p.label});
    } else {
        x_ticks = axis_ticks(plot.x_lo, plot.x_hi, plot.log_x, AxisUnit::count, x_target);
    }
    const auto y_ticks = axis_ticks(plot.y_lo, plot.y_hi, plot.log_y, spec.unit, y_target, spec.unit_name);
    const float right = (x_ticks.empty() ? 0 : ImGui::CalcTextSize(x_ticks.back().label.c_str()).x / 2) + em * 0.5f;
    // The legend sits under the title, right-aligned; the plot starts below it.
    std::vector<LegendItem> legend;
    for (const auto& s : series) legend.push_back({s.name, s.colour, LegendItem::Mark::line});
    if (!cmp.empty()) legend.push_back({cmp_name, pal.faint, LegendItem::Mark::dashed});
    const ImVec2 ls = legend_size(legend, size.x - em * 4);
    draw_legend(dl, ImVec2(o.x + size.x - right - ls.x, o.y + em * 1.35f), legend, size.x - em * 4, pal);
    plot.p0 = ImVec2(o.x + widest_label(y_ticks) + em * 0.8f, o.y + em * 1.35f + ls.y + em * 0.4f);
    plot.p1 = ImVec2(o.x + size.x - right, o.y + size.y - em * 2.7f);
    if (plot.p1.x - plot.p0.x < em * 4 || plot.p1.y - plot.p0.y < em * 3) return;
    dl->AddRectFilled(plot.p0, plot.p1, ImGui::GetColorU32(ImGuiCol_FrameBg));

    // The region that does not fit in GPU memory, shaded from the first point that does not.
    for (size_t i = 0; i < pts.size(); ++i)
        if (!pts[i].fits) {
            const float x0 = i > 0 ? (plot.sx(pts[i - 1].x) + plot.sx(pts[i].x)) / 2 : plot.p0.x;
            dl->AddRectFilled(ImVec2(x0, plot.p0.y), plot.p1, with_alpha(pal.limit, 0.12f));
            dl->AddText(ImVec2(std::min(x0 + em * 0.3f, plot.p1.x - ImGui::CalcTextSize("does not fit").x - em * 0.3f),
                               plot.p1.y - em * 1.3f),
                        pal.limit, "does not fit");
            break;
        }
    draw_axes(dl, plot, x_ticks, y_ticks, xa.title.c_str(), nullptr, pal);

    dl->PushClipRect(plot.p0, plot.p1, true);
    if (spec.hline > 0) {
        const float y = plot.sy(spec.hline);
        dl->AddLine(ImVec2(plot.p0.x, y), ImVec2(plot.p1.x, y), pal.limit, 2.0f);
        // At the left, under the line: the curves rise to the right.
        dl->AddText(ImVec2(plot.p0.x + em * 0.3f, y + em * 0.15f), pal.limit, spec.hline_label.c_str());
    }
    std::vector<ImVec2> line;
    for (const auto& s : series) {
        if (!cmp.empty()) {
            line.clear();
            for (const auto& p : cmp)
                if (p.*s.field > 0 || !plot.log_y) line.push_back(plot.at(p.x, p.*s.field));
            dashed_polyline(dl, line, with_alpha(s.colour, 0.75f), 2.0f, em * 0.45f);
        }
        line.clear();
        for (const auto& p : pts)
            if (p.*s.field > 0 || !plot.log_y) line.push_back(plot.at(p.x, p.*s.field));
        dl->AddPolyline(line.data(), static_cast<int>(line.size()), s.colour, 0, 2.0f);
    }
    // Markers: the current setting (solid) and the largest batch that fits (the limit's colour).
    auto vmarker = [&](double x, ImU32 colour, const std::string& text, int row) {
        const float sx = plot.sx(x);
        if (sx < plot.p0.x - 0.5f || sx > plot.p1.x + 0.5f) return;
        dashed_line(dl, ImVec2(sx, plot.p0.y), ImVec2(sx, plot.p1.y), colour, 1.5f, em * 0.3f);
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float tx = sx + em * 0.3f + w < plot.p1.x ? sx + em * 0.3f : sx - w - em * 0.3f;
        dl->AddText(ImVec2(tx, plot.p0.y + em * (0.2f + 1.2f * static_cast<float>(row))), colour, text.c_str());
    };
    const std::string current_label = [&] {
        if (!xa.current) return std::string();
        if (xa.categorical) {
            const size_t i = static_cast<size_t>(*xa.current);
            return i < pts.size() ? "current " + pts[i].label : std::string();
        }
        return "current " + std::to_string(std::llround(*xa.current));
    }();
    if (xa.current) vmarker(*xa.current, pal.marker, current_label, 0);
    if (xa.limit) vmarker(*xa.limit, pal.limit, "largest that fits: " + std::to_string(static_cast<long long>(*xa.limit)), 1);
    dl->PopClipRect();

    nlohmann::json chart = plot_state(plot, x_ticks, y_ticks);
    chart["id"] = spec.id;
    chart["compare"] = !cmp.empty();
    chart["points"] = pts.size();
    chart["compare_points"] = cmp.size();
    if (xa.categorical)  // the crop grids swept, in order (the model's own: its min to max tiles)
        for (const auto& p : pts) chart["x_labels"].push_back(p.label);
    if (xa.current) chart["current_x"] = *xa.current;
    if (xa.limit) chart["limit_x"] = *xa.limit;

    // Hover: the nearest point's values in both analyses.
    if (hovered_chart) {
        const size_t best = hover_column(dl, plot, pts, [](const SweepPoint& p) { return p.x; }, pal.faint);
        ImGui::BeginTooltip();
        const std::string header = xa.name + " " + pts[best].label;
        ImGui::TextUnformatted(header.c_str());
        const SweepPoint* other = nullptr;
        for (const auto& p : cmp)
            if (p.x == pts[best].x) other = &p;
        for (const auto& s : series) {
            // The series' colour as a swatch beside its name: orange text on the light tooltip would not read.
            const ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + em * 0.45f), ImVec2(at.x + em * 0.9f, at.y + em * 0.75f), s.colour);
            ImGui::Dummy(ImVec2(em * 0.9f, em));
            ImGui::SameLine();
            std::string text = std::string(s.name) + ": " + value_text(pts[best].*s.field, spec.unit, spec.unit_name);
            if (other) text += "   " + cmp_name + ": " + value_text(other->*s.field, spec.unit, spec.unit_name);
            ImGui::TextUnformatted(text.c_str());
        }
        if (!pts[best].fits) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.limit), "does not fit in GPU memory");
        ImGui::EndTooltip();
        chart["hovered"] = header;
    }
    state["charts"].push_back(std::move(chart));
}

}  // namespace

void App::draw_sweep() {
    const ChartPalette& pal = chart_palette(session_.dark());
    const float em = ImGui::GetFontSize();
    // A dropped network's forward pass has one parameter to sweep: the batch.
    const bool network = session_.network();
    if (network) {
        ImGui::TextUnformatted("Sweep over batch");
        help("A network's forward pass has no page, crops or new tokens: the batch is what varies.");
    } else {
        int axis = static_cast<int>(session_.sweep_axis());
        ImGui::SetNextItemWidth(em * 9);
        auto axis_label = [](void*, int i, const char** text) {
            *text = kSweepAxes[i].label.data();  // the table's labels are string literals: NUL-terminated
            return true;
        };
        if (ImGui::Combo("Sweep over", &axis, axis_label, nullptr, static_cast<int>(std::size(kSweepAxes)))) {
            session_.set_sweep_axis(static_cast<SweepAxis>(axis));
            sweep_key_.clear();
        }
    }
    const SweepAxis ax = network ? SweepAxis::batch : session_.sweep_axis();
    const bool log_x = ax != SweepAxis::crops;
    ImGui::SameLine();
    bool log_y = sweep_log_y_ < 0 ? log_x : sweep_log_y_ > 0;
    if (ImGui::Checkbox("log time", &log_y)) sweep_log_y_ = log_y ? 1 : 0;
    help("Time and throughput on a log scale (the default when the x axis is log); memory stays linear against capacity.");
    ImGui::SameLine();
    ImGui::TextDisabled("every point is a full analysis of the current settings with this one parameter changed");
    const std::string key = session_.url_state();
    if (key != sweep_key_) {  // recompute only when the settings changed
        sweep_points_ = session_.sweep(ax, 48);
        sweep_compare_ = session_.compare() ? session_.sweep(ax, 48, session_.comparison()) : std::vector<SweepPoint>{};
        sweep_key_ = key;
    }
    const auto& a = *session_.analysis();
    const std::string cmp_name = session_.compare() ? session_.compare_label() + " (dashed)" : std::string();

    XAxis xa;
    xa.current = session_.sweep_current_x(ax);
    switch (ax) {
        case SweepAxis::new_tokens:
            xa.name = "new tokens";
            xa.title = "new tokens per page (log scale)";
            break;
        case SweepAxis::batch:
            xa.name = "batch";
            xa.title = network ? "batch (samples per forward pass, log scale)" : "batch (pages processed together, log scale)";
            if (a.memory.max_batch > 0) xa.limit = static_cast<double>(a.memory.max_batch);
            break;
        case SweepAxis::crops:
            xa.name = "crop grid";
            xa.title = "crop grid (columns x rows of local views, by tile count)";
            xa.categorical = true;
            break;
    }
    xa.log = log_x;

    nlohmann::json state = {{"view", "sweep"}, {"axis", std::string(sweep_axis_spec(ax).name)}};
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool three = ax == SweepAxis::batch;
    // Side by side from 36 em across (1024 px windows); narrower, one under the other (the view scrolls).
    const bool stacked = avail.x < em * 36;
    const float rows = stacked ? (three ? 3.0f : 2.0f) : (three ? 2.0f : 1.0f);
    const float h = std::max((avail.y - em * 0.5f) / rows - (rows > 1 ? ImGui::GetStyle().ItemSpacing.y : 0.0f), em * 14);
    const ImVec2 half(stacked ? avail.x : avail.x * 0.5f - gap, h);
    const ImU32 time_colours[] = {IM_COL32(230, 159, 0, 255), IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255)};
    const std::vector<Series> times = network ? std::vector<Series>{{"per forward pass", &SweepPoint::page_s, time_colours[0]}}
                                              : std::vector<Series>{{"per page", &SweepPoint::page_s, time_colours[0]},
                                                                    {"to first token", &SweepPoint::ttft_s, time_colours[1]},
                                                                    {"decode (all tokens)", &SweepPoint::decode_s, time_colours[2]}};
    sweep_chart({"sweep-time", "Time", AxisUnit::seconds, "", log_y, 0, ""}, sweep_points_, sweep_compare_, cmp_name, times, xa, half,
                pal, state);
    if (!stacked) ImGui::SameLine();
    const ImU32 mem_colours[] = {IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255)};
    const double capacity = a.memory.capacity_bytes;
    sweep_chart({"sweep-memory", "GPU memory held", AxisUnit::bytes, "", false, capacity, "usable GPU memory " + format_bytes(capacity)},
                sweep_points_, sweep_compare_, cmp_name,
                network ? std::vector<Series>{{"VRAM total", &SweepPoint::total_bytes, mem_colours[0]}}
                        : std::vector<Series>{{"VRAM total", &SweepPoint::total_bytes, mem_colours[0]},
                                              {"KV cache", &SweepPoint::kv_bytes, mem_colours[1]}},
                xa, half, pal, state);
    if (three) {
        const char* title = network ? "Throughput (samples per second)" : "Throughput (pages per second)";
        sweep_chart({"sweep-throughput", title, AxisUnit::rate, network ? "samples/s" : "pages/s", log_y, 0, ""}, sweep_points_,
                    sweep_compare_, cmp_name,
                    {{network ? "samples per second" : "pages per second", &SweepPoint::pages_per_s, IM_COL32(213, 94, 0, 255)}}, xa,
                    ImVec2(avail.x, h), pal, state);
    }
    chart_state_ = state.dump();
}

}  // namespace mm::app
