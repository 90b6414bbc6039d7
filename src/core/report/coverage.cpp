#include "core/report/coverage.hpp"

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

}  // namespace mm
