// analyze(): evaluates every module's op for the workload, times it, and sums up the tree.
#include <algorithm>
#include <cmath>
#include <limits>
#include <cstring>
#include <type_traits>

#include "core/api.hpp"
#include "core/engine/op_cost.hpp"
#include "core/ops/layers.hpp"
#include "core/engine/time_model.hpp"

namespace mm {

namespace {

LayerCost difference(const LayerCost& a, const LayerCost& b) {  // a - b for the work counts
    LayerCost r;
    r.flops_torch = a.flops_torch - b.flops_torch;
    r.flops_tensor = a.flops_tensor - b.flops_tensor;
    r.flops_cuda = a.flops_cuda - b.flops_cuda;
    r.read_weight_bytes = a.read_weight_bytes - b.read_weight_bytes;
    r.read_activation_bytes = a.read_activation_bytes - b.read_activation_bytes;
    r.read_kv_bytes = a.read_kv_bytes - b.read_kv_bytes;
    r.write_activation_bytes = a.write_activation_bytes - b.write_activation_bytes;
    r.write_kv_bytes = a.write_kv_bytes - b.write_kv_bytes;
    r.kernels = a.kernels - b.kernels;
    r.eager_kernels = a.eager_kernels - b.eager_kernels;
    return r;
}

Result<bool> check_precisions(const GpuSpec& gpu, const Workload& w) {
    struct Item {
        Precision p;
        const char* what;
    } items[] = {{w.weights, "the weights"}, {w.activations, "the activations"}, {w.kv, "the KV cache"}};
    for (const Item& it : items) {
        if (gpu.tensor_flops_per_s(it.p) > 0) continue;
        std::string name(precision_name(it.p));
        for (char& ch : name) ch = char(std::toupper(static_cast<unsigned char>(ch)));
        // The precisions this GPU does have tensor cores for, in the option's order: "bf16, fp16 or fp8".
        std::string supported;
        std::vector<std::string_view> names;
        for (std::string_view n : kStoragePrecisionNames)
            if (const auto q = parse_precision(n); q && gpu.tensor_flops_per_s(*q) > 0) names.push_back(n);
        for (size_t i = 0; i < names.size(); ++i)
            supported += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
        return make_error("The " + gpu.display_name + " has no " + name + " tensor cores, so it does not support " +
                              std::string(precision_name(it.p)) + " for " + it.what + "; choose " + supported + ".",
                          "precision");
    }
    return true;
}

// Evaluates every distinct subtree once (ModuleNode::result): its own op over the whole request, then
// its children's costs and times added in execution order.
struct Evaluator {
    const ModuleTree& tree;
    std::vector<NodeResult>& results;
    const Workload& w;
    const ElementBytes e;
    const Rates& rates;
    const Rates& decode_rates;  // decode ops: rates, or the CUDA-graph variant (decode_rates())
    double graph_launch_s;      // per decode step when decode replays a graph; else 0
    const View* views;
    int nviews;
    const Pass& prefill;
    const Pass& decode0;
    const Pass& decode1;
    int64_t passes;
    const Sample sample;

    // The tree's evaluation plan: each distinct subtree once, children first (ModuleTree::eval_steps).
    void run() {
        // The sums run in locals: the children's results cannot alias them.
        for (const EvalStep& step : tree.eval_steps) {
            const ModuleNode& n = tree.nodes[size_t(step.node)];
            NodeResult& r = results[size_t(step.result)];
            own(r, n);
            LayerCost cost = r.own;
            cost.resident_weight_bytes = double(n.params_own) * e.weights;
            TimeSplit time = r.own_time;
            for (int k = step.children_begin; k < step.children_end; ++k) {
                const NodeResult& rc = results[size_t(tree.eval_children[size_t(k)])];
                cost += rc.cost;
                time += rc.time;
            }
            r.cost = cost;
            r.time = time;
        }
    }

    // An op called once in the request: its cost and time are the module's own (its weights are held
    // by the module, not by the call).
    void once(NodeResult& r, LayerCost c) const {
        r.own_time = op_time(c, rates);
        c.resident_weight_bytes = 0;
        r.own = c;
    }

    // The module's own op over the whole request: every view, or the prefill pass, or all decode
    // passes; calls counted alike.
    void own(NodeResult& r, const ModuleNode& n) const {
        const auto* experts = std::get_if<op::MoeExperts>(&n.op);
        const bool none = !has_op(n.op);
        switch (n.stage) {
            case Stage::vision: {
                if (const auto* sep = std::get_if<op::ViewSeparator>(&n.op)) {
                    once(r, request_cost(*sep, w, e));
                    r.calls = 1;
                    break;
                }
                r.calls = n.never_called ? 0 : nviews;
                if (none || n.never_called) break;
                for (int v = 0; v < nviews; ++v) {
                    LayerCost c = op_cost(n.op, views[v], e);
                    r.own.add_call(c);
                    r.own_time += op_time(c, rates);
                }
                r.own.resident_weight_bytes = 0;
                break;
            }
            case Stage::prefill: {
                // Routed experts: a call per expert touched, E(1 - (1 - k/E)^tokens) in expectation.
                r.calls = experts ? expected_experts_touched(experts->experts, experts->top_k, prefill.tokens()) : 1;
                if (!none) once(r, op_cost(n.op, prefill, e));
                break;
            }
            case Stage::decode: {
                r.calls = double(passes) * (experts ? expected_experts_touched(experts->experts, experts->top_k, decode0.tokens()) : 1.0);
                if (n.parent < 0 && graph_launch_s > 0 && passes > 0) {
                    // The stage root holds the one graph replay per decode step (host time, serial).
                    r.own_time.time_s = r.own_time.overhead_bound_s = double(passes) * graph_launch_s;
                }
                if (none || passes == 0) break;
                // Only attention reads the cache, whose length grows by one token a pass (Pass::kv_tokens);
                // every other op costs the same in each pass, so its step is zero and the second pass
                // need not be costed.
                const bool grows = std::holds_alternative<op::DecoderAttention>(n.op);
                const LayerCost c0 = op_cost(n.op, decode0, e);
                const LayerCost c1 = grows ? op_cost(n.op, decode1, e) : c0;
                const LayerCost step = grows ? difference(c1, c0) : LayerCost{};
                r.own_time = op_time_over_passes(c0, step, passes, decode_rates);
                // Work over all passes: passes * c0 + (0 + 1 + ... + passes-1) * step.
                LayerCost total = c0.repeated(double(passes));
                if (grows) total.add_call(step.repeated(double(passes) * double(passes - 1) / 2.0));
                total.resident_weight_bytes = 0;
                total.resident_activation_bytes =
                    c0.resident_activation_bytes +
                    double(passes - 1) * std::max(0.0, c1.resident_activation_bytes - c0.resident_activation_bytes);
                total.resident_kv_bytes = c0.resident_kv_bytes;
                r.own = total;
                break;
            }
            case Stage::forward: {
                r.calls = 1;
                if (!none) once(r, op_cost(n.op, sample, e));
                break;
            }
        }
    }
};

StageTotals totals_of(const NodeResult& r, Convention conv, bool eager) {
    StageTotals st;
    const ConventionFlops f = flops_under(r.cost, conv);
    st.flops_torch = r.cost.flops_torch;
    st.flops_executed = r.cost.flops_executed();
    st.flops_tensor = f.tensor;
    st.flops_cuda = f.cuda;
    st.flops = f.total();
    st.bytes = r.cost.bytes();
    st.bytes_weights = r.cost.weight_bytes();
    st.bytes_activations = r.cost.activation_bytes();
    st.bytes_kv = r.cost.kv_bytes();
    st.kernels = eager ? r.cost.eager_kernels : r.cost.kernels;
    st.intensity = st.bytes > 0 ? st.flops_executed / st.bytes : 0;
    st.time = r.time;
    st.time_s = r.time.time_s;
    st.bound = r.time.bound();
    return st;
}

}  // namespace

Result<Analysis> analyze(const Catalog& catalog, const AnalyzeOptions& options) {
    const ModelEntry* model = catalog.find_model(options.model);
    if (!model) {
        std::string names;
        for (const std::string& n : model_names(catalog)) names += (names.empty() ? "" : ", ") + n;
        return make_error("Unknown model \"" + options.model + "\"; the models are: " + names + ".", "model");
    }
    return analyze_model(catalog, *model, options);
}

Result<Analysis> analyze_model(const Catalog& catalog, const ModelEntry& entry, const AnalyzeOptions& options) {
    const ModelEntry* model = &entry;
    std::shared_ptr<const GpuSpec> gpu_preset = catalog.find_gpu(options.gpu);
    if (!gpu_preset) {
        std::string names;
        for (const std::string& n : gpu_names(catalog)) names += (names.empty() ? "" : ", ") + n;
        return make_error("Unknown GPU \"" + options.gpu + "\"; the GPUs are: " + names + ".", "gpu");
    }
    std::shared_ptr<const TimeProfile> profile = catalog.find_profile(options.profile);
    if (!profile) {
        std::string names;
        for (const std::string& n : profile_names(catalog)) names += (names.empty() ? "" : ", ") + n;
        return make_error("Unknown time profile \"" + options.profile + "\"; the profiles are: " + names + ".", "profile");
    }
    std::shared_ptr<const GpuSpec> gpu = gpu_preset;
    if (!options.gpu_overrides.empty()) {
        auto overridden = apply_gpu_overrides(*gpu_preset, options.gpu_overrides);
        if (!overridden.ok()) return overridden.error();
        gpu = std::make_shared<const GpuSpec>(std::move(overridden).value());
    }
    auto workload = resolve_workload(*model->config, options);
    if (!workload.ok()) return workload.error();
    auto supported = check_precisions(*gpu, workload.value());
    if (!supported.ok()) return supported.error();

    Analysis a;
    a.options = options;
    a.model_name = model->config->name;
    a.model_display_name = model->config->display_name;
    a.model_id = model->config->model_id;
    a.workload = std::move(workload).value();
    a.gpu_spec = std::move(gpu);
    a.time_profile = std::move(profile);
    a.model = model->config;
    a.tree = model->tree;
    const Workload& w = a.workload;
    const ModuleTree& tree = *a.tree;
    const ElementBytes e = w.element_bytes();
    a.rates = make_rates(a.gpu(), a.profile(), compute_precision(w));

    // The vision encoders run once on the batched crops (when there are any), then on the global
    // views: the vendor's order. The decoder's passes: prefill, then N-1 decode passes.
    const Views views = vision_views(w);
    const Passes pass = decoder_passes(w);
    const int64_t passes = w.decode_passes();

    a.results.resize(size_t(tree.result_count));
    const Rates drates = decode_rates(a.rates, a.profile());
    const double graph_launch_s = a.profile().decode_cuda_graphs ? a.profile().graph_launch_s : 0.0;
    Evaluator ev{tree, a.results, w, e, a.rates, drates, graph_launch_s, views.items, views.count, pass.prefill, pass.decode0, pass.decode1, passes,
                 Sample{w.batch, w.attention == AttentionImpl::flash}};
    ev.run();

    MemoryUse& m = a.memory;
    m.weights_bytes = double(tree.params_total) * e.weights;
    m.kv_bytes_per_token = double(tree.kv_elements_per_token) * e.kv;
    m.kv_bytes = double(w.batch) * double(w.kv_tokens_final()) * m.kv_bytes_per_token;
    m.peak_activation_bytes = 0;
    for (size_t i = 0; i < tree.nodes.size(); i = size_t(tree.nodes[i].subtree_end))
        m.peak_activation_bytes = std::max(m.peak_activation_bytes, a.result(int(i)).cost.resident_activation_bytes);
    m.total_bytes = m.weights_bytes + m.kv_bytes + m.peak_activation_bytes;
    m.capacity_bytes = a.gpu().memory_capacity_bytes * (double(options.gpu_memory_percent) / 100.0);
    m.fits = m.total_bytes <= m.capacity_bytes;
    // KV and activations grow linearly with the batch; weights do not.
    const double per_page = (m.kv_bytes + m.peak_activation_bytes) / double(w.batch);
    const double room = m.capacity_bytes - m.weights_bytes;
    const double fit = room > 0 && per_page > 0 ? std::floor(room / per_page) : 0;
    // At most the largest batch the engine costs (a small network on a large GPU fits millions of
    // samples; a capacity of 1e300 GiB must not overflow the conversion either).
    m.max_batch = int64_t(std::min(fit, double(kMaxBatch)));
    return a;
}

ModuleRow Analysis::module(int i) const {
    const ModuleNode& n = node(i);
    const NodeResult& r = results[size_t(n.result)];
    ModuleRow row;
    row.id = n.id;
    row.name = n.name;
    row.class_name = n.class_name;
    row.stage = n.stage;
    row.component = n.component;
    row.parent = n.parent;
    row.depth = n.depth;
    row.is_function = n.is_function;
    row.params = n.params;
    row.calls = r.calls;
    row.cost = r.cost;
    row.own = r.own;
    const ConventionFlops f = flops_under(r.cost, workload.convention);
    row.flops_tensor = f.tensor;
    row.flops_cuda = f.cuda;
    row.flops = f.total();
    row.bytes = r.cost.bytes();
    row.intensity = row.bytes > 0 ? r.cost.flops_executed() / row.bytes : 0;
    row.time = r.time;
    row.own_time = r.own_time;
    row.time_s = r.time.time_s;
    row.bound = r.time.bound();
    const double total_s = total_time_s();
    row.share_of_time = total_s > 0 ? row.time_s / total_s : 0;
    return row;
}

StageList Analysis::stages() const {
    StageList list;
    for (size_t i = 0; i < tree->nodes.size() && list.count < int(std::size(list.items)); i = size_t(tree->nodes[i].subtree_end))
        list.items[list.count++] = tree->nodes[i].stage;
    return list;
}

int Analysis::stage_root(Stage s) const {
    for (size_t i = 0; i < tree->nodes.size(); i = size_t(tree->nodes[i].subtree_end))
        if (tree->nodes[i].stage == s) return int(i);
    return -1;
}

StageTotals Analysis::stage(Stage s) const {
    const int root = stage_root(s);
    if (root < 0) return StageTotals{};
    return totals_of(result(root), workload.convention, profile().counting == KernelCounting::eager);
}

// total().time_s without the other totals: module rows ask for it, and the page makes rows every frame.
double Analysis::total_time_s() const {
    double t = 0;
    for (Stage s : kStages)
        if (const int root = stage_root(s); root >= 0) t += result(root).time.time_s;
    return t;
}

// The sum of the stages, added in execution order.
StageTotals Analysis::total() const {
    StageTotals t;
    for (Stage s : kStages) {
        const StageTotals st = stage(s);
        t.flops += st.flops;
        t.flops_tensor += st.flops_tensor;
        t.flops_cuda += st.flops_cuda;
        t.flops_torch += st.flops_torch;
        t.flops_executed += st.flops_executed;
        t.bytes += st.bytes;
        t.bytes_weights += st.bytes_weights;
        t.bytes_activations += st.bytes_activations;
        t.bytes_kv += st.bytes_kv;
        t.kernels += st.kernels;
        t.time += st.time;
        t.time_s += st.time_s;
    }
    t.intensity = t.bytes > 0 ? t.flops_executed / t.bytes : 0;
    t.bound = t.time.bound();
    return t;
}

Latency Analysis::latency() const {
    const Workload& w = workload;
    Latency l;
    l.vision_s = stage(Stage::vision).time_s;
    l.prefill_s = stage(Stage::prefill).time_s;
    l.decode_s = stage(Stage::decode).time_s;
    l.ttft_s = l.vision_s + l.prefill_s;
    l.tpot_s = w.decode_passes() > 0 ? l.decode_s / double(w.decode_passes()) : 0;
    l.page_s = l.ttft_s + l.decode_s + stage(Stage::forward).time_s;
    l.pages_per_s = l.page_s > 0 ? double(w.batch) / l.page_s : 0;
    l.tokens_per_s = l.page_s > 0 ? double(w.batch * w.new_tokens) / l.page_s : 0;
    return l;
}

ParamCounts Analysis::params() const {
    return ParamCounts{tree->params_total, tree->params_lm_head, tree->params_vision, tree->params_decoder};
}

}  // namespace mm
