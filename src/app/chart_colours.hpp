#pragma once
// The charts' own colours, per theme, as data (no ImGui): roofs, limits, markers and the charts' text.
// Every one is drawn as text on the plot background (the theme's frame surface) or beside it on the
// window; tests/app/test_charts.cpp holds each pair to WCAG 2's 4.5:1 with theme.hpp's computation.
#include "app/theme.hpp"

namespace mm::app {

struct ChartColours {
    Rgb tensor, cuda, dram;  // the roofs and their labels
    Rgb limit;               // GPU memory, the largest batch that fits, "does not fit"
    Rgb marker;              // the current setting, the selected point
    Rgb text, faint;         // titles and legends; tick labels and hints
};

// Dark: light tints; light: deep tones.
inline constexpr ChartColours kChartColoursDark{{1.00f, 0.47f, 0.47f}, {0.78f, 0.65f, 1.00f}, {0.35f, 0.84f, 0.84f}, {1.00f, 0.51f, 0.51f},
                                                {1.00f, 1.00f, 1.00f}, {0.86f, 0.86f, 0.86f}, {0.67f, 0.67f, 0.67f}};
inline constexpr ChartColours kChartColoursLight{{0.71f, 0.12f, 0.12f}, {0.43f, 0.24f, 0.75f}, {0.00f, 0.46f, 0.46f}, {0.75f, 0.12f, 0.12f},
                                                 {0.08f, 0.08f, 0.08f}, {0.16f, 0.16f, 0.16f}, {0.37f, 0.37f, 0.37f}};

inline const ChartColours& chart_colours(bool dark) { return dark ? kChartColoursDark : kChartColoursLight; }

}  // namespace mm::app
