// analysis_to_json: the document `modelmeter analyze --format json` prints. Base units; keys in
// a fixed order; every number formatted the same way natively and in WebAssembly.
#include "core/api.hpp"
#include "core/base/json_writer.hpp"
#include "core/report/coverage.hpp"
#include "core/report/metric_table.hpp"

namespace mm {

namespace {

void write_stage(JsonWriter& j, std::string_view key, const StageTotals& s) {
    j.begin_object(key);
    j.number("flops", s.flops);
    j.number("flops_tensor", s.flops_tensor);
    j.number("flops_cuda", s.flops_cuda);
    j.number("flops_torch", s.flops_torch);
    j.number("flops_executed", s.flops_executed);
    j.number("bytes", s.bytes);
    j.number("bytes_weights", s.bytes_weights);
    j.number("bytes_activations", s.bytes_activations);
    j.number("bytes_kv", s.bytes_kv);
    j.number("intensity_flops_per_byte", s.intensity);
    j.number("kernels", s.kernels);
    j.number("time_s", s.time_s);
    j.number("time_compute_bound_s", s.time.compute_bound_s);
    j.number("time_memory_bound_s", s.time.memory_bound_s);
    j.number("time_overhead_bound_s", s.time.overhead_bound_s);
    j.string("bound", bound_name(s.bound));
    j.end_object();
}

// The modules whose `label` (ModuleNode::uncosted or ::estimated) is set, as an array under `key`
// (left out when there are none): id, class, own parameters and the label under `label_key`.
void write_labelled_modules(JsonWriter& j, const Analysis& a, std::string_view key, std::string ModuleNode::*label,
                            std::string_view label_key) {
    bool any = false;
    for (const ModuleNode& n : a.tree->nodes) any = any || !(n.*label).empty();
    if (!any) return;
    j.begin_array(key);
    for (const ModuleNode& n : a.tree->nodes) {
        if ((n.*label).empty()) continue;
        j.begin_object();
        j.string("id", n.id);
        j.string("class", n.class_name);
        j.integer("params", n.params_own);
        j.string(label_key, n.*label);
        j.end_object();
    }
    j.end_array();
}

}  // namespace

std::string analysis_to_json(const Analysis& a) {
    const Workload& w = a.workload;
    JsonWriter j;
    j.begin_object();
    j.string("schema", "modelmeter.analysis/1");
    j.begin_object("model");
    j.string("name", a.model_name);
    j.string("display_name", a.model_display_name);
    j.string("model_id", a.model_id);
    j.end_object();
    j.begin_object("gpu");
    j.string("name", a.gpu().name);
    j.string("display_name", a.gpu().display_name);
    j.string("source", a.gpu().source);
    j.string("tensor_accumulate", a.gpu().tensor_accumulate);
    for (std::string_view key : gpu_numeric_keys()) j.number(key, gpu_field(a.gpu(), key));
    j.end_object();
    j.begin_object("profile");
    const TimeProfile& p = a.profile();
    j.string("name", p.name);
    j.number("tensor_efficiency", p.tensor_efficiency);
    j.number("cuda_core_efficiency", p.cuda_core_efficiency);
    j.number("memory_efficiency", p.memory_efficiency);
    j.number("kernel_gap_s", p.kernel_gap_s);
    j.number("host_launch_s", p.host_launch_s);
    j.string("kernel_count", p.counting == KernelCounting::eager ? "eager" : "fused");
    j.end_object();
    j.string("convention", convention_name(w.convention));
    j.string("attention", attention_name(w.attention));
    j.begin_object("workload");
    j.string("name", a.options.workload);
    j.string("mode", w.mode);
    j.integer("image_width_px", w.image_width_px);
    j.integer("image_height_px", w.image_height_px);
    j.boolean("crop_mode", w.crop_mode);
    j.integer("base_size_px", w.base_size_px);
    j.integer("tile_size_px", w.tile_size_px);
    j.integer("crops_w", w.crops_w);
    j.integer("crops_h", w.crops_h);
    j.integer("num_crops", w.num_crops());
    j.integer("image_tokens", w.image_tokens);
    j.integer("prompt_text_tokens", w.prompt_text_tokens);
    j.integer("prefill_tokens", w.prefill_tokens);
    j.integer("new_tokens", w.new_tokens);
    j.integer("decode_passes", w.decode_passes());
    j.integer("kv_tokens_final", w.kv_tokens_final());
    j.integer("batch", w.batch);
    j.begin_object("precision");
    j.string("weights", precision_name(w.weights));
    j.string("activations", precision_name(w.activations));
    j.string("kv", precision_name(w.kv));
    j.end_object();
    j.end_object();
    j.begin_object("params");
    j.integer("total", a.params().total);
    j.integer("lm_head", a.params().lm_head);
    j.integer("vision", a.params().vision);
    j.integer("decoder", a.params().decoder);
    j.end_object();
    j.begin_object("stages");
    for (Stage s : a.stages()) write_stage(j, stage_name(s), a.stage(s));
    write_stage(j, "total", a.total());
    j.end_object();
    j.begin_object("latency");
    const Latency l = a.latency();
    j.number("vision_s", l.vision_s);
    j.number("prefill_s", l.prefill_s);
    j.number("decode_s", l.decode_s);
    j.number("ttft_s", l.ttft_s);
    j.number("tpot_s", l.tpot_s);
    j.number("page_s", l.page_s);
    j.number("pages_per_s", l.pages_per_s);
    j.number("tokens_per_s", l.tokens_per_s);
    j.end_object();
    j.begin_object("memory");
    j.number("weights_bytes", a.memory.weights_bytes);
    j.number("kv_bytes", a.memory.kv_bytes);
    j.number("kv_bytes_per_token", a.memory.kv_bytes_per_token);
    j.number("peak_activation_bytes", a.memory.peak_activation_bytes);
    j.number("total_bytes", a.memory.total_bytes);
    j.number("capacity_bytes", a.memory.capacity_bytes);
    j.integer("gpu_memory_percent", a.options.gpu_memory_percent);
    j.boolean("fits", a.memory.fits);
    j.integer("max_batch", a.memory.max_batch);
    j.end_object();
    j.begin_array("modules");
    for (const ModuleRow& m : a.modules()) {
        j.begin_object();
        j.string("id", m.id);
        j.string("name", m.name);
        j.string("class", m.class_name);
        j.string("stage", stage_name(m.stage));
        j.string("component", component_name(m.component));
        if (m.parent >= 0) j.string("parent", a.node(m.parent).id);
        else j.null("parent");
        j.integer("depth", m.depth);
        j.boolean("is_function", m.is_function);
        for (const MetricSpec& metric : module_metric_table()) {
            switch (metric.type) {
                case MetricType::number: j.number(metric.key, metric.number(a, m)); break;
                case MetricType::integer: j.integer(metric.key, int64_t(metric.number(a, m))); break;
                case MetricType::text: j.string(metric.key, metric.text(m)); break;
            }
        }
        j.end_object();
    }
    j.end_array();
    // Modules whose own work no formula could cost (a plain network's unknown classes), then those whose
    // work was estimated: each with the sentence saying why. Never a silent 0.
    write_labelled_modules(j, a, "uncosted", &ModuleNode::uncosted, "why");
    write_labelled_modules(j, a, "estimated", &ModuleNode::estimated, "how");
    // A plain network's coverage: FLOPs by an exact formula and by an estimate, parameters not costed.
    if (a.model && a.model->plain) {
        const CostCoverage c = cost_coverage(a);
        j.begin_object("coverage");
        j.number("flops_exact", c.flops_exact);
        j.number("flops_estimated", c.flops_estimated);
        j.number("flops_share_exact", c.flops_share_exact());
        j.integer("params_exact", c.params_exact);
        j.integer("params_estimated", c.params_estimated);
        j.integer("params_uncosted", c.params_uncosted);
        j.integer("modules_estimated", c.modules_estimated);
        j.integer("modules_uncosted", c.modules_uncosted);
        j.end_object();
    }
    j.end_object();
    return j.take();
}

}  // namespace mm
