#pragma once
// How much of an analysis was costed by an exact formula, by an estimate, and not at all (issue 15:
// never "100 %" while a row with parameters is uncosted). Own work only: a module's FLOPs beyond its
// children's, so nothing is counted twice.
#include <cstdint>
#include <string>

#include "core/engine/analysis.hpp"

namespace mm {

struct CostCoverage {
    double flops_exact = 0, flops_estimated = 0;     // executed FLOPs of the modules' own work
    int64_t params_exact = 0, params_estimated = 0;  // parameters held by modules costed so
    int64_t params_uncosted = 0;                     // ... by modules no formula or estimate costed
    int64_t modules_estimated = 0, modules_uncosted = 0;
    double flops_share_exact() const {
        const double all = flops_exact + flops_estimated;
        return all > 0 ? flops_exact / all : 1.0;
    }
    double params_share_uncosted() const {
        const double all = double(params_exact + params_estimated + params_uncosted);
        return all > 0 ? double(params_uncosted) / all : 0.0;
    }
};

CostCoverage cost_coverage(const Analysis& a);

// "100.0 % of FLOPs by exact formulas, 0.0 % estimated (0 modules); parameters 100.0 % exact, 0.0 %
// estimated, 0.0 % (0 in 0 modules) not costed": the one wording of the CLI table and the page.
std::string describe_coverage(const CostCoverage& c);

}  // namespace mm
