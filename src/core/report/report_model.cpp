// The AnalyticModelReport builder and its JSON documents (report.json, summary.json).
#include "core/report/report_model.hpp"

#include <algorithm>
#include <cstdint>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"
#include "core/link/url_state.hpp"
#include "core/report/coverage.hpp"

namespace mm {

namespace {

// One metric of the metric table under `key`, scaled to the seed's unit when `scale` is given.
void write_metric(JsonWriter& j, std::string_view key, const MetricSpec& metric, const Analysis& a, const ModuleRow& row,
                  double (*scale)(double)) {
    switch (metric.type) {
        case MetricType::text: j.string(key, metric.text(row)); break;
        case MetricType::integer: j.integer(key, int64_t(metric.number(a, row))); break;
        case MetricType::number: {
            const double v = metric.number(a, row);
            j.number(key, scale ? scale(v) : v);
            break;
        }
    }
}

void write_seed_metrics(JsonWriter& j, const Analysis& a, const ModuleRow& row, std::span<const SeedMetric> list) {
    for (const SeedMetric& s : list) write_metric(j, s.seed_key, *find_metric(s.metric_key), a, row, s.scale);
}

bool seed_mapped(std::string_view key) {
    for (auto list : {seed_module_metrics(), seed_module_metric_additions()})
        for (const SeedMetric& s : list)
            if (s.metric_key == key) return true;
    return false;
}

// FNV-1a, 32 bits: a short stable tag of a text (not a security hash).
std::string hash8(std::string_view text) {
    uint32_t h = 2166136261u;
    for (unsigned char c : text) {
        h ^= c;
        h *= 16777619u;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(8, '0');
    for (int i = 7; i >= 0; --i, h >>= 4) out[size_t(i)] = kHex[h & 15u];
    return out;
}

// The fields of the options that describe the workload (not the GPU, profile or convention).
std::string workload_key(const AnalyzeOptions& o) {
    std::string crops = o.crops == AnalyzeOptions::Crops::off            ? "off"
                        : o.crops == AnalyzeOptions::Crops::from_image ? "auto"
                                                                       : format_int(o.crops_w) + "x" + format_int(o.crops_h);
    return o.model + "|" + o.mode + "|" + format_int(o.image_width_px) + "x" + format_int(o.image_height_px) + "|" + crops +
           "|" + format_int(o.new_tokens) + "|" + format_int(o.batch) + "|" + std::string(precision_name(o.weights_precision)) + "|" +
           std::string(precision_name(o.activations_precision)) + "|" + std::string(precision_name(o.kv_precision));
}

// Constructor parameter values: integers and booleans as JSON values, the rest as strings.
void ctor_value(JsonWriter& j, std::string_view key, std::string_view v) {
    if (v == "true" || v == "false") {
        j.boolean(key, v == "true");
        return;
    }
    bool integer = !v.empty() && v.size() < 18;
    for (size_t i = 0; i < v.size() && integer; ++i)
        integer = (v[i] >= '0' && v[i] <= '9') || (i == 0 && v[i] == '-' && v.size() > 1);
    if (integer) {
        int64_t x = 0;
        bool neg = v[0] == '-';
        for (size_t i = neg ? 1 : 0; i < v.size(); ++i) x = x * 10 + (v[i] - '0');
        j.integer(key, neg ? -x : x);
    } else {
        j.string(key, v);
    }
}

// "deepseek-ocr@<revision>"; a network from a TorchInfo summary has no revision: "torchinfo".
std::string model_variant(const AnalyticReport& r) {
    return r.model.hf_revision.empty() ? r.model.name : r.model.name + "@" + r.model.hf_revision;
}


std::string notes_text(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    std::string s = "Analytic estimate by ModelMeter on " + a.gpu().display_name + " (" + a.gpu().name + "), time profile " +
                    a.profile().name + ", FLOP convention " + std::string(convention_name(a.workload.convention)) +
                    (a.model && a.model->plain ? std::string() : ", decoder attention " + std::string(attention_name(a.workload.attention))) +
                    ". Units: *_tflops = 1e12 FLOPs, *_io_tb = terabits (bytes x 8 / 1e12), *_gb = GiB (bytes / 2^30), "
                    "*_ms = milliseconds. Nothing was measured: measured_total_time_ms and "
                    "predicted_vs_measured_ratio are null.";
    if (r.preset_modified) s += " The workload differs from the preset " + r.preset.name + ": " + encode_url_state(a.options) + ".";
    return s;
}

void write_stage_extension(JsonWriter& j, std::string_view key, const StageTotals& s) {
    j.begin_object(key);
    j.number("flops_tflops", to_tflops(s.flops));
    j.number("flops_tensor_tflops", to_tflops(s.flops_tensor));
    j.number("flops_cuda_tflops", to_tflops(s.flops_cuda));
    j.number("flops_torch_tflops", to_tflops(s.flops_torch));
    j.number("io_tb", to_io_tb(s.bytes));
    j.number("time_ms", to_ms(s.time_s));
    j.string("bound", bound_name(s.bound));
    j.end_object();
}

}  // namespace

std::string_view seed_stage(const ModuleRow& row) {
    if (row.component == Component::projector) return "projector";
    return stage_name(row.stage);
}

std::string report_share_link(const Analysis& a) {
    if (!a.model || !a.model->plain) return encode_url_state(a.options);
    const std::pair<std::string, std::string> file[] = {{"torchinfo", a.model_id}};
    return encode_url_state(a.options, file);
}

std::string default_run_id(const AnalyzeOptions& o) {
    return o.workload + "_" + o.gpu + "_" + hash8(encode_url_state(o));
}

Result<AnalyticReport> build_report(const Catalog& catalog, const Analysis& analysis, ReportOptions options) {
    AnalyticReport r;
    r.analysis = analysis;
    if (analysis.model && analysis.model->plain) {
        // A network read from a TorchInfo summary: no preset describes it; its workload is one forward
        // pass at the batch, named after the summary (so two networks never share a run id).
        r.model = *analysis.model;
        const std::string key = analysis.model_id + "|" + encode_url_state(analysis.options);
        r.preset.name = "torchinfo-forward";
        r.preset.description = "One forward pass of " + analysis.model_display_name + " from " + analysis.model_id + ", batch " +
                               format_int(analysis.workload.batch) + ".";
        r.preset.source = analysis.model_id;
        r.preset.doc_kind = "synthetic";
        r.preset.batch = analysis.workload.batch;
        r.run_id = options.run_id.empty() ? "torchinfo_" + analysis.options.gpu + "_" + hash8(key) : options.run_id;
        r.profile_id = "torchinfo-forward-" + hash8(key);
    } else {
        const ModelEntry* model = catalog.find_model(analysis.model_name);
        if (!model) return make_error("The report needs the model preset \"" + analysis.model_name + "\", which is not in the catalog.");
        const WorkloadPreset* preset = catalog.find_workload(analysis.options.workload);
        if (!preset)
            return make_error("The report needs the workload preset \"" + analysis.options.workload +
                              "\", which is not in the catalog.");
        r.model = *model->config;
        r.preset = *preset;
        auto preset_options = options_for_workload(catalog, preset->name);
        r.preset_modified = !preset_options.ok() || workload_key(preset_options.value()) != workload_key(analysis.options);
        r.run_id = options.run_id.empty() ? default_run_id(analysis.options) : options.run_id;
        r.profile_id = r.preset_modified ? preset->name + "-custom-" + hash8(workload_key(analysis.options)) : preset->name;
    }
    r.options = std::move(options);

    const auto& nodes = analysis.tree->nodes;
    const size_t n = analysis.modules().size();
    r.breakdowns.resize(n);
    for (size_t i = 0; i < n; ++i) {
        ModuleBreakdown& b = r.breakdowns[i];
        b.totals = category_breakdown(analysis, int(i));
        for (int k = int(i); k < nodes[i].subtree_end; ++k) {
            const ModuleNode& node = nodes[size_t(k)];
            if (!has_op(node.op)) continue;
            b.calls[size_t(op_category(node.op))] += analysis.modules()[size_t(k)].calls;
        }
    }
    for (const ModuleNode& node : nodes) {
        if (!has_op(node.op)) continue;
        auto& list = r.category_classes[size_t(op_category(node.op))];
        if (std::find(list.begin(), list.end(), node.class_name) == list.end()) list.push_back(node.class_name);
    }
    for (auto& list : r.category_classes) std::sort(list.begin(), list.end());
    return r;
}

std::string report_folder(const AnalyticReport& r) { return r.run_id + "/static_analysis/analytic_model"; }

std::string module_doc_filename(std::string_view id) {
    std::string s(id);
    std::replace(s.begin(), s.end(), '/', '_');
    return s + ".md";
}

std::string report_json(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    const Workload& w = a.workload;
    const ModelConfig& m = r.model;
    JsonWriter j;
    j.begin_object();
    j.string("report_id", r.run_id);
    if (!r.options.timestamp.empty()) j.string("generated_at", r.options.timestamp);

    j.begin_object("model");
    j.string("model_id", m.model_id);
    j.string("model_variant", model_variant(r));
    j.string("hf_revision", m.hf_revision);
    if (m.plain) {
        // A network from a TorchInfo summary: the decoder's and vision's fields do not apply.
        j.null("config_path").null("hidden_size").null("intermediate_size").null("num_layers").null("num_attention_heads");
        j.null("vision_backbone");
        j.boolean("uses_moe", false);
        j.string("notes", "A network read from the TorchInfo summary " + m.model_id + ": " + format_int(int64_t(a.modules().size())) +
                              " modules, " + format_grouped(a.params().total) + " parameters. Costed: " +
                              describe_coverage(cost_coverage(a)) + ".");
        j.end_object();
    } else {
        j.string("config_path", "assets/models/" + m.name + ".json");
        j.integer("hidden_size", m.decoder.hidden_size);
        j.integer("intermediate_size", m.decoder.intermediate_size);
        j.integer("num_layers", m.decoder.num_layers);
        j.integer("num_attention_heads", m.decoder.num_heads);
        j.string("vision_backbone", "sam_vit_b");
        j.boolean("uses_moe", m.decoder.n_routed_experts > 0 && m.decoder.first_k_dense_replace < m.decoder.num_layers);
        const std::string second_encoder =
            m.encoder == VisionEncoder::qwen2
                ? "a Qwen2 encoder (" + format_int(m.qwen2.num_layers) + " layers over the features and as many learned queries)"
                : "CLIP-L (" + format_int(m.clip.num_layers) + " layers)";
        j.string("notes", "Vision: SAM ViT-B (" + format_int(m.sam.depth) + " blocks) feeding " + second_encoder +
                              ", linear projector " + format_int(m.projector.input_dim) +
                              "->" + format_int(m.projector.n_embed) + ". Decoder: " + format_int(m.decoder.num_layers) +
                              " layers, MoE " + format_int(m.decoder.n_routed_experts) + " routed experts top-" +
                              format_int(m.decoder.num_experts_per_tok) + " + " + format_int(m.decoder.n_shared_experts) +
                              " shared. " + format_grouped(a.params().total) + " parameters (lm_head " +
                              format_grouped(a.params().lm_head) + "). Source: " + m.source);
        j.end_object();
    }

    j.begin_object("workload");
    j.string("profile_id", r.profile_id);
    j.string("description", r.preset_modified ? "Modified from " + r.preset.name + ": " + encode_url_state(a.options)
                                              : r.preset.description);
    if (m.plain) {  // one forward pass: no page, crops, tokens or KV cache
        j.null("seq_len").null("base_size").null("image_size");
        j.boolean("crop_mode", false);
        j.null("max_new_tokens");
        j.string("doc_kind", "synthetic");
        j.integer("num_pages", w.batch);
        j.string("mode", w.mode);
        j.null("image_width_px").null("image_height_px").null("crops_w").null("crops_h").null("image_tokens");
        j.integer("batch", w.batch);
        j.string("weights_precision", precision_name(w.weights));
        j.string("activations_precision", precision_name(w.activations));
        j.null("kv_precision");
    } else {
        j.integer("seq_len", w.prefill_tokens);
        j.integer("base_size", w.base_size_px);
        j.integer("image_size", w.tile_size_px);
        j.boolean("crop_mode", w.crop_mode);
        j.integer("max_new_tokens", w.new_tokens);
        j.string("doc_kind", r.preset.doc_kind.empty() ? "synthetic" : r.preset.doc_kind);
        j.integer("num_pages", w.batch);
        // ModelMeter's additions (the seed's fields come first).
        j.string("mode", w.mode);
        j.integer("image_width_px", w.image_width_px);
        j.integer("image_height_px", w.image_height_px);
        j.integer("crops_w", w.crops_w);
        j.integer("crops_h", w.crops_h);
        j.integer("image_tokens", w.image_tokens);
        j.integer("batch", w.batch);
        j.string("weights_precision", precision_name(w.weights));
        j.string("activations_precision", precision_name(w.activations));
        j.string("kv_precision", precision_name(w.kv));
    }
    j.end_object();

    const auto& nodes = a.tree->nodes;
    j.begin_array("modules");
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const ModuleRow& row = a.modules()[i];
        const ModuleNode& node = nodes[i];
        j.begin_object();
        j.string("module_id", row.id);
        j.string("name", row.name);
        j.string("qualified_class_name", row.class_name);
        j.string("stage", seed_stage(row));
        if (row.parent >= 0) j.string("parent_id", a.modules()[size_t(row.parent)].id);
        else j.null("parent_id");
        j.begin_array("children");
        for (int c : node.children) j.string({}, a.modules()[size_t(c)].id);
        j.end_array();
        j.string("repetition", repetition_name(node.repetition));
        j.integer("repetition_count", node.repetition_count);
        j.begin_object("constructor_params");
        for (const auto& [k, v] : node.constructor_params) ctor_value(j, k, v);
        j.end_object();
        j.integer("params", row.params);
        j.boolean("is_function", row.is_function);
        j.end_object();
    }
    j.end_array();

    j.begin_array("operator_categories");
    for (int c = 0; c < kOperatorCategoryCount; ++c) {
        const auto cat = OperatorCategory(c);
        j.begin_object();
        j.string("category_id", category_id(cat));
        j.string("display_name", category_display_name(cat));
        j.string("description", category_description(cat));
        j.begin_array("match_classes");
        for (const std::string& cls : r.category_classes[size_t(c)]) j.string({}, cls);
        j.end_array();
        j.end_object();
    }
    j.end_array();

    j.begin_array("module_metrics");
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const ModuleRow& row = a.modules()[i];
        const ModuleBreakdown& b = r.breakdowns[i];
        j.begin_object();
        j.string("module_id", row.id);
        j.string("profile_id", r.profile_id);
        write_seed_metrics(j, a, row, seed_module_metrics());
        j.begin_array("operator_breakdown");
        for (int c = 0; c < kOperatorCategoryCount; ++c) {
            const CategoryTotals& t = b.totals[size_t(c)];
            if (t.own_ops == 0) continue;
            j.begin_object();
            j.string("category_id", category_id(OperatorCategory(c)));
            j.number("calls", b.calls[size_t(c)]);
            j.number("flops_tflops", to_tflops(t.flops));
            j.number("io_tb", to_io_tb(t.bytes));
            j.number("share_of_module_flops", row.flops > 0 ? t.flops / row.flops : 0);
            j.number("time_ms", to_ms(t.time_s));
            j.end_object();
        }
        j.end_array();
        // ModelMeter's additions: the rest of the metric table.
        write_seed_metrics(j, a, row, seed_module_metric_additions());
        for (const MetricSpec& metric : module_metric_table())
            if (!seed_mapped(metric.key)) write_metric(j, metric.key, metric, a, row, nullptr);
        j.end_object();
    }
    j.end_array();

    j.null("profile_run_id");
    j.number("predicted_total_time_ms", to_ms(a.total().time_s));
    j.null("measured_total_time_ms");
    j.null("predicted_vs_measured_ratio");
    j.string("notes", notes_text(r));
    j.string("layer_docs_dir", "layers");

    j.begin_object("modelmeter");
    j.string("schema", "modelmeter.analytic_report/1");
    j.string("share_link", report_share_link(a));
    j.string("gpu", a.gpu().name);
    j.string("gpu_display_name", a.gpu().display_name);
    j.string("gpu_source", a.gpu().source);
    j.string("time_profile", a.profile().name);
    j.string("convention", convention_name(w.convention));
    j.string("attention", attention_name(w.attention));
    j.begin_object("stages");
    for (Stage stage : a.stages()) write_stage_extension(j, stage_name(stage), a.stage(stage));
    write_stage_extension(j, "total", a.total());
    j.end_object();
    j.begin_object("latency");
    if (m.plain) j.null("ttft_ms").null("tpot_ms");  // page_ms is the forward pass, pages_per_s its samples/s
    else j.number("ttft_ms", to_ms(a.latency().ttft_s)).number("tpot_ms", to_ms(a.latency().tpot_s));
    j.number("page_ms", to_ms(a.latency().page_s));
    j.number("pages_per_s", a.latency().pages_per_s);
    j.number("tokens_per_s", a.latency().tokens_per_s);
    j.end_object();
    j.begin_object("memory");
    j.number("weights_gb", to_gb(a.memory.weights_bytes));
    j.number("kvcache_gb", to_gb(a.memory.kv_bytes));
    j.number("activations_gb", to_gb(a.memory.peak_activation_bytes));
    j.number("total_gb", to_gb(a.memory.total_bytes));
    j.number("capacity_gb", to_gb(a.memory.capacity_bytes));
    j.boolean("fits", a.memory.fits);
    j.integer("max_batch", a.memory.max_batch);
    j.end_object();
    j.end_object();

    j.end_object();
    return j.take();
}

std::string report_summary_json(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    // Where the time goes: modules with work of their own (leaves), so shares do not double count.
    std::vector<size_t> leaves;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.tree->nodes[i].children.empty()) leaves.push_back(i);
    std::stable_sort(leaves.begin(), leaves.end(),
                     [&](size_t x, size_t y) { return a.modules()[x].share_of_time > a.modules()[y].share_of_time; });
    if (leaves.size() > size_t(std::max(0, r.options.top_modules))) leaves.resize(size_t(std::max(0, r.options.top_modules)));

    JsonWriter j;
    j.begin_object();
    j.string("report_id", r.run_id);
    if (!r.options.timestamp.empty()) j.string("generated_at", r.options.timestamp);
    j.string("model_variant", model_variant(r));
    j.string("workload_profile_id", r.profile_id);
    j.number("predicted_total_time_ms", to_ms(a.total().time_s));
    j.null("measured_total_time_ms");
    j.null("predicted_vs_measured_ratio");
    j.begin_array("top_modules");
    for (size_t i : leaves) {
        const ModuleRow& row = a.modules()[i];
        j.begin_object();
        j.string("module_id", row.id);
        j.string("name", row.name);
        j.string("stage", seed_stage(row));
        j.number("share_of_model_time", row.share_of_time);
        j.number("total_time_ms", to_ms(row.time_s));
        j.number("total_flops_tflops", to_tflops(row.flops));
        j.number("memory_activations_gb", to_gb(row.cost.resident_activation_bytes));
        j.end_object();
    }
    j.end_array();
    j.string("notes", "top_modules: the " + format_int(int64_t(leaves.size())) +
                          " modules with work of their own (leaves of the module tree) taking the largest share of the "
                          "predicted request time. " + notes_text(r));
    j.end_object();
    return j.take();
}

std::vector<ReportFile> report_files(const AnalyticReport& r) {
    const std::string dir = report_folder(r) + "/";
    std::vector<ReportFile> files;
    files.reserve(r.analysis.modules().size() + 5);
    std::string json = report_json(r);
    std::string yaml = json_to_yaml(json);
    files.push_back({dir + "report.json", std::move(json)});
    files.push_back({dir + "report.yaml", std::move(yaml)});
    files.push_back({dir + "summary.json", report_summary_json(r)});
    files.push_back({dir + "modules.csv", report_modules_csv(r)});
    files.push_back({dir + "layers/summary.md", report_summary_md(r)});
    for (size_t i = 0; i < r.analysis.modules().size(); ++i)
        files.push_back({dir + "layers/" + module_doc_filename(r.analysis.modules()[i].id), report_module_md(r, int(i))});
    return files;
}

std::string report_yaml(const AnalyticReport& r) { return json_to_yaml(report_json(r)); }

}  // namespace mm
