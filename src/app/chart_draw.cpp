#include "app/chart_draw.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace mm::app {

nlohmann::json plot_state(const Plot& plot, const std::vector<AxisTick>& x_ticks, const std::vector<AxisTick>& y_ticks) {
    nlohmann::json j = {{"plot", {plot.p0.x, plot.p0.y, plot.p1.x, plot.p1.y}},
                        {"x", {plot.x_lo, plot.x_hi}},
                        {"y", {plot.y_lo, plot.y_hi}},
                        {"log_x", plot.log_x},
                        {"log_y", plot.log_y}};
    for (const auto& t : x_ticks) j["x_ticks"].push_back(t.label);
    for (const auto& t : y_ticks) j["y_ticks"].push_back(t.label);
    return j;
}

namespace {
ImU32 u32(Rgb c, float alpha = 1.0f) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha)); }
ChartPalette make_palette(bool dark) {
    const ChartColours& c = chart_colours(dark);  // contrast tested in tests/app/test_charts.cpp
    return {u32(c.tensor), u32(c.cuda), u32(c.dram), u32(c.limit), u32(c.marker), u32(c.text), u32(c.faint),
            dark ? IM_COL32(255, 255, 255, 40) : IM_COL32(0, 0, 0, 36), u32(theme(dark).surface(Surface::frame))};
}
}  // namespace

const ChartPalette& chart_palette(bool dark) {
    static const ChartPalette dark_palette = make_palette(true), light_palette = make_palette(false);
    return dark ? dark_palette : light_palette;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
    const ImU32 a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * static_cast<float>((colour >> IM_COL32_A_SHIFT) & 0xFF));
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

namespace {
double fwd(double v, bool log) { return log ? std::log10(v) : v; }
}  // namespace

float Plot::sx(double x) const {
    const double lo = fwd(x_lo, log_x), hi = fwd(x_hi, log_x);
    const double f = (fwd(std::max(x, log_x ? 1e-300 : -1e300), log_x) - lo) / (hi - lo);
    return p0.x + static_cast<float>(std::clamp(f, -4.0, 5.0)) * (p1.x - p0.x);
}

float Plot::sy(double y) const {
    const double lo = fwd(y_lo, log_y), hi = fwd(y_hi, log_y);
    const double f = (fwd(std::max(y, log_y ? 1e-300 : -1e300), log_y) - lo) / (hi - lo);
    return p1.y - static_cast<float>(std::clamp(f, -4.0, 5.0)) * (p1.y - p0.y);
}

double Plot::x_at(float screen_x) const {
    const double f = (screen_x - p0.x) / std::max(1.0f, p1.x - p0.x);
    const double lo = fwd(x_lo, log_x), hi = fwd(x_hi, log_x), v = lo + f * (hi - lo);
    return log_x ? std::pow(10.0, v) : v;
}

double Plot::y_at(float screen_y) const {
    const double f = (p1.y - screen_y) / std::max(1.0f, p1.y - p0.y);
    const double lo = fwd(y_lo, log_y), hi = fwd(y_hi, log_y), v = lo + f * (hi - lo);
    return log_y ? std::pow(10.0, v) : v;
}

float widest_label(const std::vector<AxisTick>& ticks) {
    float w = 0;
    for (const auto& t : ticks) w = std::max(w, ImGui::CalcTextSize(t.label.c_str()).x);
    return w;
}

void draw_axes(ImDrawList* dl, const Plot& plot, const std::vector<AxisTick>& x_ticks, const std::vector<AxisTick>& y_ticks,
               const char* x_title, const char* y_title, const ChartPalette& pal) {
    const float em = ImGui::GetFontSize();
    float last_right = -1e9f;
    for (const auto& t : x_ticks) {
        const float x = plot.sx(t.value);
        if (x < plot.p0.x - 0.5f || x > plot.p1.x + 0.5f) continue;
        dl->AddLine(ImVec2(x, plot.p0.y), ImVec2(x, plot.p1.y), pal.grid);
        const float w = ImGui::CalcTextSize(t.label.c_str()).x;
        const float left = x - w / 2;
        if (left < last_right + em * 0.5f) continue;  // would touch its neighbour
        dl->AddText(ImVec2(left, plot.p1.y + em * 0.2f), pal.faint, t.label.c_str());
        last_right = left + w;
    }
    float last_top = 1e9f;
    for (const auto& t : y_ticks) {
        const float y = plot.sy(t.value);
        if (y < plot.p0.y - 0.5f || y > plot.p1.y + 0.5f) continue;
        dl->AddLine(ImVec2(plot.p0.x, y), ImVec2(plot.p1.x, y), pal.grid);
        if (y + em * 0.5f > last_top) continue;
        const float w = ImGui::CalcTextSize(t.label.c_str()).x;
        dl->AddText(ImVec2(plot.p0.x - w - em * 0.4f, y - em * 0.5f), pal.faint, t.label.c_str());
        last_top = y - em * 0.5f;
    }
    dl->AddRect(plot.p0, plot.p1, pal.grid);
    if (x_title && *x_title) {
        const float w = ImGui::CalcTextSize(x_title).x;
        dl->AddText(ImVec2((plot.p0.x + plot.p1.x - w) / 2, plot.p1.y + em * 1.3f), pal.text, x_title);
    }
    if (y_title && *y_title) {
        const float label_w = widest_label(y_ticks);
        dl->AddText(ImVec2(plot.p0.x - label_w - em * 0.4f, plot.p0.y - em * 1.35f), pal.text, y_title);
    }
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0 || dash <= 0) return;
    for (float s = 0; s < len; s += 2 * dash) {
        const float e = std::min(s + dash, len);
        dl->AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), colour, thickness);
    }
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& points, ImU32 colour, float thickness, float dash) {
    // The dash pattern runs on along the line rather than restarting at each vertex.
    float phase = 0;  // distance into the current period of 2 * dash
    for (size_t i = 1; i < points.size(); ++i) {
        const ImVec2 a = points[i - 1], b = points[i];
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
        float s = 0;
        while (s < len) {
            const bool on = phase < dash;
            const float step = std::min(len - s, (on ? dash : 2 * dash) - phase);
            if (on) dl->AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len), ImVec2(a.x + dx * (s + step) / len, a.y + dy * (s + step) / len),
                                colour, thickness);
            s += step;
            phase += step;
            if (phase >= 2 * dash - 1e-4f) phase = 0;
        }
    }
}

namespace {

// Each item: a mark em * 1.6 wide, the label, em of space; rows of em * 1.3.
struct LegendLayout {
    std::vector<ImVec2> at;  // relative to the box's content origin
    ImVec2 size;
};

LegendLayout layout_legend(const std::vector<LegendItem>& items, float max_width) {
    const float em = ImGui::GetFontSize(), pad = em * 0.4f;
    LegendLayout l;
    float x = 0, y = 0, widest = 0;
    for (const auto& it : items) {
        const float w = em * 1.6f + ImGui::CalcTextSize(it.label.c_str()).x;
        if (x > 0 && x + w > max_width - 2 * pad) {
            x = 0;
            y += em * 1.3f;
        }
        l.at.push_back(ImVec2(x, y));
        x += w + em;
        widest = std::max(widest, x - em);
    }
    l.size = items.empty() ? ImVec2(0, 0) : ImVec2(widest + 2 * pad, y + em * 1.3f + pad);
    return l;
}

}  // namespace

ImVec2 legend_size(const std::vector<LegendItem>& items, float max_width) { return layout_legend(items, max_width).size; }

ImVec2 draw_legend(ImDrawList* dl, ImVec2 at, const std::vector<LegendItem>& items, float max_width, const ChartPalette& pal) {
    const float em = ImGui::GetFontSize(), pad = em * 0.4f;
    const LegendLayout l = layout_legend(items, max_width);
    if (items.empty()) return l.size;
    dl->AddRectFilled(at, ImVec2(at.x + l.size.x, at.y + l.size.y), with_alpha(pal.bg, 0.92f), em * 0.2f);
    dl->AddRect(at, ImVec2(at.x + l.size.x, at.y + l.size.y), pal.grid, em * 0.2f);
    for (size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        const ImVec2 o(at.x + pad + l.at[i].x, at.y + pad * 0.5f + l.at[i].y);
        const ImVec2 mid(o.x + em * 0.6f, o.y + em * 0.62f);
        switch (it.mark) {
            case LegendItem::Mark::dot: dl->AddCircleFilled(mid, em * 0.3f, it.colour); break;
            case LegendItem::Mark::ring: dl->AddCircle(mid, em * 0.3f, it.colour, 0, 1.5f); break;
            case LegendItem::Mark::line: dl->AddLine(ImVec2(o.x, mid.y), ImVec2(o.x + em * 1.2f, mid.y), it.colour, 2.0f); break;
            case LegendItem::Mark::dashed: dashed_line(dl, ImVec2(o.x, mid.y), ImVec2(o.x + em * 1.2f, mid.y), it.colour, 2.0f, em * 0.25f); break;
            case LegendItem::Mark::swatch:
                dl->AddRectFilled(ImVec2(o.x + em * 0.1f, o.y + em * 0.2f), ImVec2(o.x + em * 1.1f, o.y + em * 1.05f), it.colour);
                // Outlined: a swatch of the background's colour (free memory) still shows.
                dl->AddRect(ImVec2(o.x + em * 0.1f, o.y + em * 0.2f), ImVec2(o.x + em * 1.1f, o.y + em * 1.05f), pal.faint);
                break;
        }
        dl->AddText(ImVec2(o.x + em * 1.6f, o.y), it.text ? it.text : pal.text, it.label.c_str());
    }
    return l.size;
}

}  // namespace mm::app
