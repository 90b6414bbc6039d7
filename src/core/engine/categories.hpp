#pragma once
// Operator categories (ops/op.hpp: each op kind belongs to one): any module's work splits over them.
// The analysis keeps every module's own work (NodeResult::own, own_time), summed per category over a
// subtree.
#include <array>
#include <string_view>

#include "core/engine/analysis.hpp"

namespace mm {

std::string_view category_id(OperatorCategory c);            // "conv2d", "linear", ...
std::string_view category_display_name(OperatorCategory c);  // "Convolution", "Linear (GEMM)", ...
std::string_view category_description(OperatorCategory c);   // which ops it holds, one sentence

struct CategoryTotals {
    double flops = 0;        // under the analysis' convention
    double bytes = 0;
    double time_s = 0;
    double own_ops = 0;      // modules with work of their own in this category
};
using CategoryBreakdown = std::array<CategoryTotals, kOperatorCategoryCount>;

// The work done inside the subtree rooted at module `root` (its own op included), by category.
CategoryBreakdown category_breakdown(const Analysis& analysis, int root);

}  // namespace mm
