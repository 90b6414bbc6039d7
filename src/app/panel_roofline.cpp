// The roofline of the chosen GPU with every op-level module as a point: x = arithmetic intensity
// (executed FLOPs per DRAM byte), y = achieved FLOP/s (executed FLOPs / predicted time). Identical ops
// (the same x and y: the MLP of decoder layers 1-11) are one point that names every module behind it.
// Wheel zooms about the mouse, drag pans, double-click fits the data again; a stage filter; the
// compared GPU's roofs dashed and its points as rings.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms the plot, not the window
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/chart_draw.hpp"
#include "app/chart_points.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {
namespace {

// The op-level modules of `a` (work of their own, no children, time and bytes) of one stage (or all),
// merged where identical.
std::vector<MergedPoint> roofline_points(const Analysis& a, int stage) {
    std::vector<ChartPoint> pts;
    const auto& nodes = a.tree->nodes;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (!has_op(nodes[i].op) || !nodes[i].children.empty()) continue;
        if (stage >= 0 && nodes[i].stage != static_cast<Stage>(stage)) continue;
        const auto m = a.modules()[i];
        const double flops = m.cost.flops_executed();
        if (m.time_s <= 0 || m.bytes <= 0 || flops <= 0) continue;
        pts.push_back({static_cast<int>(i), m.intensity, flops / m.time_s});
    }
    return merge_points(pts);
}

// The names behind a point, as lines: vendor names, or stage/name when the point spans stages.
std::vector<std::string> point_lines(const Analysis& a, const MergedPoint& p, size_t max_lines) {
    bool one_stage = true;
    for (int i : p.modules) one_stage = one_stage && a.tree->nodes[size_t(i)].stage == a.tree->nodes[size_t(p.modules[0])].stage;
    std::vector<std::string> names;
    for (int i : p.modules) names.emplace_back(one_stage ? a.modules()[size_t(i)].name : a.modules()[size_t(i)].id);
    return summarize_names(names, max_lines);
}

double decade_floor(double v) { return std::floor(std::log10(v) + 1e-9); }
double decade_ceil(double v) { return std::ceil(std::log10(v) - 1e-9); }

}  // namespace

void App::draw_roofline() {
    const auto& a = *session_.analysis();
    const Analysis* b = session_.compare() ? &*session_.compare() : nullptr;
    const bool b_roofs = b && !session_.compare_gpu().empty();  // a compared model alone runs on this GPU: the same roofs
    const ChartPalette& pal = chart_palette(session_.dark());
    const float em = ImGui::GetFontSize();

    // Controls: the stage filter, the reset, how to move.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Stage");
    ImGui::SameLine();
    const char* stage_labels[] = {"all stages", "vision", "prefill", "decode"};
    int stage_choice = roofline_stage_ + 1;
    ImGui::SetNextItemWidth(em * 8);
    if (ImGui::Combo("##roofline-stage", &stage_choice, stage_labels, 4)) roofline_stage_ = stage_choice - 1;
    ImGui::SameLine();
    const bool zoomed = roof_x1_ > roof_x0_;
    ImGui::BeginDisabled(!zoomed);
    if (ImGui::Button("Fit")) roof_x0_ = roof_x1_ = roof_y0_ = roof_y1_ = 0;
    const ImVec2 fit_min = ImGui::GetItemRectMin(), fit_max = ImGui::GetItemRectMax();
    ImGui::EndDisabled();
    help("Show every point again (or double-click the plot).");
    ImGui::SameLine();
    ImGui::TextDisabled("wheel: zoom   drag: pan   double-click: fit   click a point: select its module");

    const std::vector<MergedPoint> points = roofline_points(a, roofline_stage_);
    const std::vector<MergedPoint> other = b ? roofline_points(*b, roofline_stage_) : std::vector<MergedPoint>{};

    const double peak_tensor = a.rates.tensor_peak_flops_per_s, peak_cuda = a.gpu().cuda_fp32_flops_per_s;
    const double bw = a.gpu().bandwidth_bytes_per_s;
    // The data's extent in decades: every point, and each roof's knee with a decade either side.
    double dx0 = 1e300, dx1 = -1e300, dy0 = 1e300;
    auto extend = [&](const std::vector<MergedPoint>& ps) {
        for (const auto& p : ps) {
            dx0 = std::min(dx0, decade_floor(p.x));
            dx1 = std::max(dx1, decade_ceil(p.x));
            dy0 = std::min(dy0, decade_floor(p.y));
        }
    };
    extend(points);
    extend(other);
    double top_peak = std::max(peak_tensor, peak_cuda);
    for (const Analysis* g : {&a, b}) {
        if (!g) continue;
        const double gbw = g->gpu().bandwidth_bytes_per_s;
        for (double peak : {g->rates.tensor_peak_flops_per_s, g->gpu().cuda_fp32_flops_per_s})
            if (peak > 0 && gbw > 0) {
                dx0 = std::min(dx0, decade_floor(peak / gbw) - 1);
                dx1 = std::max(dx1, decade_ceil(peak / gbw) + 1);
                top_peak = std::max(top_peak, peak);
            }
    }
    if (!(dx1 > dx0)) dx0 = -2, dx1 = 4;
    const double dy1 = top_peak > 0 ? decade_ceil(top_peak * 1.5) : 15;
    dy0 = std::clamp(std::min(dy0, dy1 - 3), dy1 - 9, dy1 - 1);
    if (!zoomed) roof_x0_ = roof_x1_ = roof_y0_ = roof_y1_ = 0;
    const double vx0 = zoomed ? roof_x0_ : dx0, vx1 = zoomed ? roof_x1_ : dx1;
    const double vy0 = zoomed ? roof_y0_ : dy0, vy1 = zoomed ? roof_y1_ : dy1;

    // Title, then the plot with room for the labels.
    // What the compared analysis is: another GPU (dashed roofs), another model on this GPU (rings), or both.
    std::string against;
    if (b && session_.compare_model().empty()) against = ", against " + b->gpu().display_name + " (dashed)";
    else if (b && !b_roofs) against = ", " + a.model_display_name + " against " + b->model_display_name + " (rings)";
    else if (b) against = ", against " + b->model_display_name + " on " + b->gpu().display_name + " (dashed roofs, rings)";
    const std::string title = "Roofline: " + a.gpu().display_name + ", " + a.profile().name + " profile" + against +
                              (roofline_stage_ >= 0 ? ", " + std::string(stage_labels[roofline_stage_ + 1]) + " only" : std::string());
    ImGui::TextUnformatted(title.c_str());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(avail.x, std::max(avail.y - em * 1.6f, em * 12));
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("roofline-plot", size);
    ImGui::SetItemUsingMouseWheel();
    const bool hovered_plot = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();

    Plot plot;
    plot.log_x = plot.log_y = true;
    plot.x_lo = std::pow(10.0, vx0), plot.x_hi = std::pow(10.0, vx1), plot.y_lo = std::pow(10.0, vy0), plot.y_hi = std::pow(10.0, vy1);
    const int x_target = std::max(3, static_cast<int>(size.x / (em * 5)));
    // A tick every 4 em at most: decades alone over the usual 6-9 decades, their 2x and 5x when zoomed in.
    const int y_target = std::max(3, static_cast<int>(size.y / (em * 4)));
    auto x_ticks = axis_ticks(plot.x_lo, plot.x_hi, true, AxisUnit::count, x_target);
    auto y_ticks = axis_ticks(plot.y_lo, plot.y_hi, true, AxisUnit::rate, y_target, "FLOP/s");
    const float left = widest_label(y_ticks) + em * 0.8f;
    // The last x label is centred on the plot's right edge: leave half of it, and a little.
    const float right = (x_ticks.empty() ? 0 : ImGui::CalcTextSize(x_ticks.back().label.c_str()).x / 2) + em * 0.6f;
    // Legend: the categories of the points (after the stage filter), the roofs, the compared GPU.
    std::vector<LegendItem> legend;
    std::vector<bool> seen(kOperatorCategoryCount, false);
    for (const auto& p : points) seen[size_t(op_category(a.tree->nodes[size_t(p.modules[0])].op))] = true;
    for (int c = 0; c < kOperatorCategoryCount; ++c)
        if (seen[size_t(c)]) legend.push_back({std::string(category_display_name(static_cast<OperatorCategory>(c))),
                                               category_colour(static_cast<OperatorCategory>(c)), LegendItem::Mark::dot});
    legend.push_back({"tensor-core peak", pal.tensor, LegendItem::Mark::line, pal.tensor});
    legend.push_back({"CUDA-core peak", pal.cuda, LegendItem::Mark::line, pal.cuda});
    legend.push_back({"DRAM bandwidth", pal.dram, LegendItem::Mark::line, pal.dram});
    if (b) legend.push_back({session_.compare_label() + (b_roofs ? ": roofs dashed, points as rings" : ": points as rings"), pal.faint,
                             b_roofs ? LegendItem::Mark::dashed : LegendItem::Mark::ring});
    // Above the plot, never over a point: the legend, then the y axis's title.
    const ImVec2 legend_at(o.x + left, o.y);
    const ImVec2 ls = legend_size(legend, size.x - left - right);
    plot.p0 = ImVec2(o.x + left, o.y + ls.y + em * 1.9f);
    plot.p1 = ImVec2(o.x + size.x - right, o.y + size.y - em * 2.7f);
    if (plot.p1.x - plot.p0.x < em * 4 || plot.p1.y - plot.p0.y < em * 4) return;

    // Zoom about the mouse, pan by dragging, fit on double-click.
    const ImGuiIO& io = ImGui::GetIO();
    if (hovered_plot && io.MouseWheel != 0 && plot.contains(io.MousePos)) {
        const double f = std::pow(0.8, static_cast<double>(io.MouseWheel));  // a notch up shows 80 % of the range
        const double mx = std::log10(plot.x_at(io.MousePos.x)), my = std::log10(plot.y_at(io.MousePos.y));
        double nx0 = mx - (mx - vx0) * f, nx1 = mx + (vx1 - mx) * f, ny0 = my - (my - vy0) * f, ny1 = my + (vy1 - my) * f;
        // Between a tenth of a decade and 24 decades across.
        if (nx1 - nx0 >= 0.1 && ny1 - ny0 >= 0.1 && nx1 - nx0 <= 24 && ny1 - ny0 <= 24)
            roof_x0_ = nx0, roof_x1_ = nx1, roof_y0_ = ny0, roof_y1_ = ny1;
    } else if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left) && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        const double ddx = -io.MouseDelta.x / (plot.p1.x - plot.p0.x) * (vx1 - vx0);
        const double ddy = io.MouseDelta.y / (plot.p1.y - plot.p0.y) * (vy1 - vy0);
        roof_x0_ = vx0 + ddx, roof_x1_ = vx1 + ddx, roof_y0_ = vy0 + ddy, roof_y1_ = vy1 + ddy;
    } else if (hovered_plot && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        roof_x0_ = roof_x1_ = roof_y0_ = roof_y1_ = 0;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(plot.p0, plot.p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    draw_legend(dl, legend_at, legend, size.x - left - right, pal);
    draw_axes(dl, plot, x_ticks, y_ticks, "arithmetic intensity (executed FLOP per DRAM byte, log scale)",
              "achieved FLOP/s (executed FLOPs / predicted time, log scale)", pal);

    dl->PushClipRect(plot.p0, plot.p1, true);
    // Roofs: the DRAM slope up to the highest knee, each compute ceiling flat from its own knee.
    auto draw_roofs = [&](const Analysis& g, bool dashed) {
        const double gbw = g.gpu().bandwidth_bytes_per_s;
        const double tensor = g.rates.tensor_peak_flops_per_s, cuda = g.gpu().cuda_fp32_flops_per_s;
        const float thick = dashed ? 1.5f : 2.0f, alpha = dashed ? 0.8f : 1.0f;
        auto seg = [&](ImVec2 p, ImVec2 q, ImU32 c) {
            if (dashed) dashed_line(dl, p, q, with_alpha(c, alpha), thick, em * 0.4f);
            else dl->AddLine(p, q, c, thick);
        };
        const double top = std::max(tensor, cuda);
        if (gbw > 0 && top > 0) {
            // Start where the slope enters the view (y = y_lo), end at the highest knee.
            const double x_start = std::max(plot.x_lo, plot.y_lo / gbw), x_end = std::min(top / gbw, plot.x_hi);
            if (x_start < x_end) seg(plot.at(x_start, gbw * x_start), plot.at(x_end, gbw * x_end), pal.dram);
        }
        for (const auto& [peak, colour] : {std::pair{tensor, pal.tensor}, std::pair{cuda, pal.cuda}}) {
            if (peak <= 0 || gbw <= 0) continue;
            const double knee = std::max(peak / gbw, plot.x_lo);
            if (knee < plot.x_hi) seg(plot.at(knee, peak), plot.at(plot.x_hi, peak), colour);
        }
    };
    if (b_roofs) draw_roofs(*b, true);
    draw_roofs(a, false);

    // Points: the compared GPU's as rings under this GPU's filled dots; the nearest to the mouse wins.
    auto radius = [&](size_t count) { return em * std::min(0.5f, 0.25f + 0.05f * std::log2(static_cast<float>(count))); };
    auto colour_of = [&](const Analysis& g, const MergedPoint& p) { return category_colour(op_category(g.tree->nodes[size_t(p.modules[0])].op)); };
    for (const auto& p : other) dl->AddCircle(plot.at(p.x, p.y), radius(p.modules.size()), with_alpha(colour_of(*b, p), 0.8f), 0, 1.5f);
    int hovered = -1;
    float best = (em * 0.6f) * (em * 0.6f);
    const int selected = session_.selected_module();
    for (size_t k = 0; k < points.size(); ++k) {
        const auto& p = points[k];
        const ImVec2 s = plot.at(p.x, p.y);
        dl->AddCircleFilled(s, radius(p.modules.size()), colour_of(a, p));
        if (selected >= 0 && std::find(p.modules.begin(), p.modules.end(), selected) != p.modules.end())
            dl->AddCircle(s, radius(p.modules.size()) + em * 0.25f, pal.marker, 0, 2.0f);
        const float ddx = s.x - io.MousePos.x, ddy = s.y - io.MousePos.y;
        if (hovered_plot && plot.contains(s) && ddx * ddx + ddy * ddy < best) {
            best = ddx * ddx + ddy * ddy;
            hovered = static_cast<int>(k);
        }
    }
    dl->PopClipRect();

    // Roof labels in their roofs' colours. A ceiling's label ends at its knee, on the line's height: left
    // of the knee and above the slope no op can be, so no label covers a point. (When the knee is too
    // near the left edge, the label goes to the right end, above or below the line.)
    // Labels that would overlap one placed before move up (into the empty space above the slope).
    std::vector<ImVec4> placed;  // x0, y0, x1, y1
    auto place = [&](ImVec2 at, float w) {
        for (bool moved = true; moved;) {
            moved = false;
            for (const auto& r : placed)
                if (at.x < r.z && at.x + w > r.x && at.y < r.w && at.y + em > r.y) {
                    at.y = r.y - em * 1.05f;
                    moved = true;
                }
        }
        placed.push_back(ImVec4(at.x, at.y, at.x + w, at.y + em));
        return at;
    };
    auto draw_ceiling_label = [&](double peak, double knee_bw, ImU32 colour, const std::string& text, bool below) {
        const float y = plot.sy(peak);
        if (y < plot.p0.y || y > plot.p1.y || peak <= 0) return;
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float knee_x = knee_bw > 0 ? plot.sx(peak / knee_bw) : plot.p0.x;
        if (knee_x - em * 0.4f - w > plot.p0.x + em * 0.3f && knee_x <= plot.p1.x)
            dl->AddText(place(ImVec2(knee_x - em * 0.4f - w, y - em * 0.5f), w), colour, text.c_str());
        else
            dl->AddText(place(ImVec2(plot.p1.x - w - em * 0.3f, below ? y + em * 0.15f : y - em * 1.2f), w), colour, text.c_str());
    };
    struct CeilingLabel {
        double peak, knee_bw;
        ImU32 colour;
        std::string text;
        bool below;
    };
    std::vector<CeilingLabel> labels;
    labels.push_back({peak_tensor, bw, pal.tensor, "tensor cores " + format_si(peak_tensor, "FLOP/s"), false});
    labels.push_back({peak_cuda, bw, pal.cuda, "CUDA cores " + format_si(peak_cuda, "FLOP/s"), true});
    if (b_roofs) {
        const std::string name = b->gpu().name;
        const double bbw = b->gpu().bandwidth_bytes_per_s;
        labels.push_back({b->rates.tensor_peak_flops_per_s, bbw, with_alpha(pal.tensor, 0.9f),
                      name + " tensor " + format_si(b->rates.tensor_peak_flops_per_s, "FLOP/s"), b->rates.tensor_peak_flops_per_s < peak_tensor});
        labels.push_back({b->gpu().cuda_fp32_flops_per_s, bbw, with_alpha(pal.cuda, 0.9f),
                      name + " CUDA " + format_si(b->gpu().cuda_fp32_flops_per_s, "FLOP/s"), b->gpu().cuda_fp32_flops_per_s < peak_cuda});
    }
    // From the lowest ceiling up, so that a label pushed up stays above the ones of lower ceilings.
    std::stable_sort(labels.begin(), labels.end(), [](const CeilingLabel& x, const CeilingLabel& y) { return x.peak < y.peak; });
    for (const auto& l : labels) draw_ceiling_label(l.peak, l.knee_bw, l.colour, l.text, l.below);
    if (bw > 0 && top_peak > 0) {
        const double x_start = std::max(plot.x_lo, plot.y_lo / bw), x_end = std::min(std::max(peak_tensor, peak_cuda) / bw, plot.x_hi);
        if (x_start < x_end) {
            const double xm = std::pow(10.0, std::log10(x_start) + 0.45 * (std::log10(x_end) - std::log10(x_start)));
            const std::string text = "DRAM " + format_si(bw, "B/s");
            const ImVec2 s = plot.at(xm, bw * xm);
            const float w = ImGui::CalcTextSize(text.c_str()).x;
            if (s.x - w - em * 0.4f > plot.p0.x) dl->AddText(ImVec2(s.x - w - em * 0.4f, s.y - em * 0.9f), pal.dram, text.c_str());
        }
    }


    nlohmann::json state = plot_state(plot, x_ticks, y_ticks);
    state["view"] = "roofline";
    state["stage"] = roofline_stage_;
    state["fit_button"] = {fit_min.x, fit_min.y, fit_max.x, fit_max.y};
    state["compare_points"] = other.size();
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : points) {
        const ImVec2 s = plot.at(p.x, p.y);
        if (plot.contains(s)) pts.push_back({{"sx", s.x}, {"sy", s.y}, {"modules", p.modules.size()}});
    }
    state["points"] = std::move(pts);

    if (hovered >= 0) {
        const auto& p = points[size_t(hovered)];
        const auto lines = point_lines(a, p, 8);
        const auto m = a.modules()[size_t(p.modules[0])];
        const double n = static_cast<double>(p.modules.size());
        ImGui::BeginTooltip();
        if (p.modules.size() > 1) ImGui::Text("%zu identical ops (%s):", p.modules.size(), std::string(stage_name(m.stage)).c_str());
        else ImGui::Text("%s:", std::string(stage_name(m.stage)).c_str());
        for (const auto& l : lines) ImGui::TextUnformatted(l.c_str());
        ImGui::Separator();
        ImGui::Text("%s%s executed, %s DRAM traffic, %s FLOP/B", p.modules.size() > 1 ? "each: " : "", format_si(m.cost.flops_executed(), "FLOP").c_str(),
                    format_si(m.bytes, "B").c_str(), trim_zeros(format_fixed(m.intensity, m.intensity >= 100 ? 0 : 2)).c_str());
        ImGui::Text("%s achieved, %s, %s-bound", format_si(p.y, "FLOP/s").c_str(), format_seconds(m.time_s).c_str(),
                    std::string(bound_name(m.bound)).c_str());
        if (p.modules.size() > 1) ImGui::Text("all %zu together: %s", p.modules.size(), format_seconds(m.time_s * n).c_str());
        if (b) {
            const auto bm = b->modules()[size_t(p.modules[0])];
            if (bm.time_s > 0)
                ImGui::Text("on %s: %s achieved, %s, %s-bound", b->gpu().name.c_str(), format_si(bm.cost.flops_executed() / bm.time_s, "FLOP/s").c_str(),
                            format_seconds(bm.time_s).c_str(), std::string(bound_name(bm.bound)).c_str());
        }
        ImGui::TextDisabled(p.modules.size() > 1 ? "click to select the first" : "click to select");
        ImGui::EndTooltip();
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < em * em * 0.1f)
            session_.select_module(p.modules[0]);
        state["hovered"] = {{"modules", p.modules.size()}, {"lines", lines}};
    }
    chart_state_ = state.dump();
    ImGui::TextDisabled("One point per distinct op (identical ops of repeated layers share one; hover lists them), coloured by "
                        "operator category; the %s profile's time sets its height.",
                        a.profile().name.c_str());
}

}  // namespace mm::app
