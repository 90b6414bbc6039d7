// modules.csv: one row per module instance in tree order, base units (FLOPs, bytes, seconds): the
// module's place in the tree, then every metric of the metric table (core/report/metric_table).
#include <string>

#include "core/base/format.hpp"
#include "core/report/metric_table.hpp"
#include "core/report/report_model.hpp"

namespace mm {

std::string report_modules_csv(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    std::string out = "module_id,parent_id,name,class,stage,component,depth";
    for (const MetricSpec& metric : module_metric_table()) {
        out += ',';
        out += metric.key;
    }
    out += '\n';
    for (const ModuleRow& m : a.modules()) {
        append_csv_field(out, m.id);
        out += ',';
        if (m.parent >= 0) append_csv_field(out, a.node(m.parent).id);
        out += ',';
        append_csv_field(out, m.name);
        out += ',';
        append_csv_field(out, m.class_name);
        out += ',';
        out += seed_stage(m);
        out += ',';
        out += component_name(m.component);
        out += ',';
        out += format_int(m.depth);
        for (const MetricSpec& metric : module_metric_table()) {
            out += ',';
            if (metric.type == MetricType::text) out += metric.text(m);
            else out += format_number(metric.number(a, m));
        }
        out += '\n';
    }
    return out;
}

}  // namespace mm
