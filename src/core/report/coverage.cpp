#include "core/report/coverage.hpp"

#include "core/base/format.hpp"

namespace mm {

CostCoverage cost_coverage(const Analysis& a) {
    CostCoverage c;
    const auto& nodes = a.tree->nodes;
    const auto& rows = a.modules();
    for (size_t i = 0; i < nodes.size() && i < rows.size(); ++i) {
        const ModuleNode& n = nodes[i];
        double own = rows[i].cost.flops_executed();
        for (int child : n.children) own -= rows[size_t(child)].cost.flops_executed();
        if (!n.uncosted.empty()) {
            c.params_uncosted += n.params_own;
            ++c.modules_uncosted;
        } else if (!n.estimated.empty()) {
            c.flops_estimated += own;
            c.params_estimated += n.params_own;
            ++c.modules_estimated;
        } else {
            c.flops_exact += own;
            c.params_exact += n.params_own;
        }
    }
    return c;
}

std::string describe_coverage(const CostCoverage& c) {
    const double params = double(c.params_exact + c.params_estimated + c.params_uncosted);
    auto pct = [](double part, double all) { return format_fixed(all > 0 ? 100.0 * part / all : 0.0, 1) + " %"; };
    return pct(c.flops_share_exact(), 1.0) + " of FLOPs by exact formulas, " + pct(1.0 - c.flops_share_exact(), 1.0) +
           " estimated (" + format_int(c.modules_estimated) + (c.modules_estimated == 1 ? " module" : " modules") +
           "); parameters " + pct(double(c.params_exact), params) + " exact, " + pct(double(c.params_estimated), params) +
           " estimated, " + pct(double(c.params_uncosted), params) + " (" + format_grouped(c.params_uncosted) + " in " +
           format_int(c.modules_uncosted) + (c.modules_uncosted == 1 ? " module" : " modules") + ") not costed";
}

}  // namespace mm
