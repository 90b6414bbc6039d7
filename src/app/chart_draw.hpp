#pragma once
// Drawing charts with ImGui's draw lists: a plot's frame and mapping, axes with ticks and titles from
// axis.hpp, legends, dashed lines, and the chart colours of each theme (text drawn in them keeps >= 4.5:1
// against the theme's FrameBg, the plot background). Shared by the roofline, the sweep and the memory bar.
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include "app/axis.hpp"
#include "app/chart_colours.hpp"

namespace mm::app {

struct ChartPalette {
    ImU32 tensor, cuda, dram;  // the roofs (and their labels)
    ImU32 limit;               // a limit: GPU memory, the largest batch that fits
    ImU32 marker;              // the current setting
    ImU32 text, faint, grid, bg;
};
// chart_colours.hpp as ImGui colours, with the grid and the plot background (the theme's frame).
const ChartPalette& chart_palette(bool dark);

ImU32 with_alpha(ImU32 colour, float alpha);

// x and y from data to the screen, linear or log10 on each axis.
struct Plot {
    ImVec2 p0, p1;  // the plot area, top-left and bottom-right
    double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
    bool log_x = false, log_y = false;
    float sx(double x) const;
    float sy(double y) const;
    ImVec2 at(double x, double y) const { return ImVec2(sx(x), sy(y)); }
    double x_at(float screen_x) const;  // the inverse of sx
    double y_at(float screen_y) const;
    bool contains(ImVec2 p) const { return p.x >= p0.x && p.x <= p1.x && p.y >= p0.y && p.y <= p1.y; }
};

// The hovered column of a chart whose points lie along x: the index of the point nearest the mouse's x
// on screen (`x_of(point)` gives its data x), with a faint vertical line drawn through it. pts is not empty.
template <class Point, class X>
std::size_t hover_column(ImDrawList* dl, const Plot& plot, const std::vector<Point>& pts, X x_of, ImU32 colour) {
    const float mx = ImGui::GetIO().MousePos.x;
    std::size_t near = 0;
    for (std::size_t i = 1; i < pts.size(); ++i)
        if (std::fabs(plot.sx(x_of(pts[i])) - mx) < std::fabs(plot.sx(x_of(pts[near])) - mx)) near = i;
    const float bx = plot.sx(x_of(pts[near]));
    dl->AddLine(ImVec2(bx, plot.p0.y), ImVec2(bx, plot.p1.y), colour);
    return near;
}

// What the test hook chart() reports of a plot: its rectangle, axis ranges and scales, and the x and y
// ticks' labels, as {"plot", "x", "y", "log_x", "log_y", "x_ticks", "y_ticks"}.
nlohmann::json plot_state(const Plot& plot, const std::vector<AxisTick>& x_ticks, const std::vector<AxisTick>& y_ticks);

// Grid lines and labels of both axes, the x title centred under the labels and the y title above the
// y labels (left-aligned, as the plot's heading line). Labels that would overlap their neighbour skip.
void draw_axes(ImDrawList* dl, const Plot& plot, const std::vector<AxisTick>& x_ticks, const std::vector<AxisTick>& y_ticks,
               const char* x_title, const char* y_title, const ChartPalette& pal);

// The widest label of the ticks, for the plot's left margin.
float widest_label(const std::vector<AxisTick>& ticks);

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash);
void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& points, ImU32 colour, float thickness, float dash);

struct LegendItem {
    enum class Mark { dot, ring, line, dashed, swatch };
    std::string label;
    ImU32 colour;
    Mark mark = Mark::dot;
    ImU32 text = 0;  // 0: the palette's text colour
};
// A boxed legend with its top-left corner at `at`, items wrapped to max_width; returns its size.
ImVec2 draw_legend(ImDrawList* dl, ImVec2 at, const std::vector<LegendItem>& items, float max_width, const ChartPalette& pal);
// The size draw_legend would take.
ImVec2 legend_size(const std::vector<LegendItem>& items, float max_width);

}  // namespace mm::app
