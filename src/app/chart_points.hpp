#pragma once
// What a chart point stands for, without ImGui: identical ops (the same intensity and FLOP/s, e.g. the
// MLP of decoder layers 1-11) are one point, and the point names every module behind it in a few lines.
#include <cstddef>
#include <string>
#include <vector>

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

}  // namespace mm::app
