// Any model's TorchInfo run: which of its classes map to a known kind (class coverage, weighted by
// TorchInfo's own mult-adds) and the footer's totals reproduced from the rows. The cost of a network's
// layers is the TorchInfo tree builder's (torchinfo_tree.cpp), analysed by the engine: one costing.
#include <algorithm>
#include <map>
#include <unordered_set>

#include "core/ingest/ingest_util.hpp"

namespace mm {

using namespace ingest;

ClassCoverage class_coverage(const TorchInfoRun& run, const ClassMap& map) {
    ClassCoverage cov;
    const std::string root = run.root_class();
    std::map<std::string, ClassCoverage::Entry> entries;  // by qualified name, else short
    auto entry = [&](const std::string& q, const std::string& s) -> ClassCoverage::Entry& {
        auto& e = entries[q.empty() ? s : q];
        if (e.class_name.empty()) {
            e.class_name = s;
            e.class_name_qualified = q;
            e.kind = classify(map, q, s, root, &e.matched_by);
        }
        return e;
    };
    for (const TorchInfoClass& c : run.classes) {
        auto& e = entry(c.class_name_qualified, c.class_name);
        e.instances = std::max<int64_t>(int64_t(c.instance_names.size()), 1);
    }
    if (!run.rows.empty()) {
        std::unordered_set<std::string> seen;
        for (const TorchInfoRow& r : run.rows) {
            // Rows with classes of their own are counted even when they show children.
            auto& e = entry(r.class_name_qualified, r.class_name);
            if (r.named && seen.insert(r.instance_name).second && run.classes.empty()) ++e.instances;
            if (r.shows_children) continue;
            const double cost = r.mult_adds ? 2.0 * double(*r.mult_adds) : 0.0;
            ++e.rows;
            e.cost += cost;
            cov.total += cost;
            if (!e.kind.empty()) cov.known += cost;
        }
        cov.basis = "2 x TorchInfo's mult-adds of the table's leaf rows";
        if (cov.total > 0) {
            cov.share = cov.known / cov.total;
        } else {
            int64_t rows = 0, known = 0;
            for (const auto& [k, e] : entries) {
                rows += e.rows;
                if (!e.kind.empty()) known += e.rows;
            }
            cov.basis = "leaf rows (no cost recorded)";
            cov.known = double(known);
            cov.total = double(rows);
            cov.share = rows ? double(known) / double(rows) : 1.0;
        }
    } else {
        for (const auto& [k, e] : entries) {
            cov.total += double(e.instances);
            if (!e.kind.empty()) cov.known += double(e.instances);
        }
        cov.basis = "module instances (no table rows: the artifacts record classes only)";
        cov.share = cov.total > 0 ? cov.known / cov.total : 1.0;
    }
    for (auto& [k, e] : entries) {
        if (e.kind.empty()) cov.unclassified.push_back(e.class_name_qualified.empty() ? e.class_name : e.class_name_qualified);
        cov.classes.push_back(std::move(e));
    }
    return cov;
}

FooterCheck check_footer(const TorchInfoRun& run) {
    FooterCheck f;
    if (!run.footer || !run.footer->total_params) {
        f.message = "No printed summary footer was loaded; there is nothing to check.";
        return f;
    }
    f.available = true;
    f.footer_params = *run.footer->total_params;
    f.footer_mult_adds = run.footer->total_mult_adds;
    std::unordered_set<std::string> printed;
    for (const TorchInfoRow& r : run.rows) {
        // TorchInfo prints a parent's leftover parameters and a shown leaf's subtree total, so the
        // non-recursive rows partition the parameters; "(recursive)" rows repeat a module.
        if (!r.is_recursive) {
            f.row_params = add_saturating(f.row_params, r.params);
            if (r.named) printed.insert(r.instance_name);
        }
        if (r.mult_adds) f.row_mult_adds += double(*r.mult_adds);
    }
    // A module whose every row is "(recursive)" and whose children are below the printed depth
    // never shows its parameters (TorchInfo marks a ModuleList iterated inside another module's
    // forward as recursive from its first row).
    for (const TorchInfoRow& r : run.rows)
        if (r.is_recursive && !r.shows_children && r.named && !printed.count(r.instance_name) &&
            std::find(f.hidden_under.begin(), f.hidden_under.end(), r.instance_name) == f.hidden_under.end())
            f.hidden_under.push_back(r.instance_name);
    f.gap = sub_saturating(f.footer_params, f.row_params);
    f.params_match = f.gap == 0;
    if (f.params_match) {
        f.message = "The rows' parameters add up to the footer's Total params " + with_commas(f.footer_params) + ".";
    } else {
        std::string where;
        for (std::size_t i = 0; i < f.hidden_under.size(); ++i) where += (i ? ", " : "") + f.hidden_under[i];
        const bool fewer = f.gap > 0;  // gap = footer - rows
        f.message = "The rows add up to " + with_commas(f.row_params) + " parameters, " + with_commas(fewer ? f.gap : -f.gap) +
                    (fewer ? " fewer" : " more") + " than the footer's Total params " + with_commas(f.footer_params) + "; " +
                    (f.hidden_under.empty() ? std::string("no row explains the difference.")
                                            : "the difference is under rows TorchInfo prints only as \"(recursive)\" with their children below the printed depth: " + where + ".");
    }
    return f;
}

}  // namespace mm
