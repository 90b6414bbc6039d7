// modules.csv: one row per module instance in tree order, base units (FLOPs, bytes, seconds), the
// same numbers as report.json and `modelmeter analyze --format json`.
#include <string>

#include "core/format.hpp"
#include "core/report_model.hpp"

namespace mm {

namespace {

}  // namespace

std::string report_modules_csv(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    const bool eager = a.profile.counting == KernelCounting::eager;
    std::string out =
        "module_id,parent_id,name,class,stage,component,depth,calls,params,flops,flops_tensor,flops_cuda,flops_torch,"
        "bytes,bytes_weights,bytes_activations,bytes_kv,intensity_flops_per_byte,kernels,time_s,time_compute_bound_s,"
        "time_memory_bound_s,time_overhead_bound_s,bound,share_of_time,memory_weights_bytes,memory_activations_bytes,"
        "memory_kv_bytes\n";
    for (const ModuleRow& m : a.modules()) {
        append_csv_field(out, m.id);
        out += ',';
        if (m.parent >= 0) append_csv_field(out, a.modules()[size_t(m.parent)].id);
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
        const double numbers[] = {m.calls,
                                  double(m.params),
                                  m.flops,
                                  m.flops_tensor,
                                  m.flops_cuda,
                                  m.cost.flops_torch,
                                  m.bytes,
                                  m.cost.weight_bytes(),
                                  m.cost.activation_bytes(),
                                  m.cost.kv_bytes(),
                                  m.intensity,
                                  eager ? m.cost.eager_kernels : m.cost.kernels,
                                  m.time_s,
                                  m.time.compute_bound_s,
                                  m.time.memory_bound_s,
                                  m.time.overhead_bound_s};
        for (double v : numbers) {
            out += ',';
            out += format_number(v);
        }
        out += ',';
        out += bound_name(m.bound);
        for (double v : {m.share_of_time, m.cost.resident_weight_bytes, m.cost.resident_activation_bytes,
                         m.cost.resident_kv_bytes}) {
            out += ',';
            out += format_number(v);
        }
        out += '\n';
    }
    return out;
}

}  // namespace mm
