#include "core/ingest/torchinfo_tree.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "core/ingest/ingest_util.hpp"
#include "core/ingest/layer_shapes.hpp"

namespace mm {

namespace {

using namespace ingest;

bool is_norm(std::string_view k) {
    return k == "batch_norm" || k == "rms_norm" || k == "layer_norm" || k == "group_norm" || k == "layer_norm2d";
}
bool work_free(std::string_view k) { return k == "dropout" || k == "identity" || k == "reshape"; }

// The recorded batch: the leading dimension of the network's input, when every costed row's tensors
// divide by it (a sequence-first network's leading dimension is not its batch: then 1).
int64_t recorded_batch(const TorchInfoRun& run, std::vector<std::string>& notes) {
    int64_t b = 0;
    for (const TorchInfoRow& r : run.rows)
        if (!r.input_shapes.empty() && !r.input_shapes[0].empty()) {
            b = r.input_shapes[0][0];
            break;
        }
    if (b <= 1) return 1;
    for (const TorchInfoRow& r : run.rows) {
        if (r.shows_children) continue;
        for (const auto* shapes : {&r.input_shapes, &r.output_shapes})
            if (!shapes->empty() && elements((*shapes)[0]) % b != 0) {
                notes.push_back("The input's leading dimension " + std::to_string(b) + " does not divide " +
                                (r.instance_name.empty() ? r.class_name : r.instance_name) +
                                "'s tensors, so the summary is taken as one sample (batch 1).");
                return 1;
            }
    }
    return b;
}

struct Leaf {
    Op op;
    std::string uncosted;
};

// A leaf row's op from its kind, shapes and parameters; per-sample counts divide by the batch `b`.
Leaf leaf_op(const TorchInfoRow& r, std::string_view kind, int64_t params, int64_t b) {
    const Shape in = r.input_shapes.empty() ? Shape{} : r.input_shapes[0];
    const Shape out = r.output_shapes.empty() ? Shape{} : r.output_shapes[0];
    const int64_t in_n = r.input_shapes.empty() ? 0 : elements(in) / b;
    const int64_t out_n = elements(out) / b;
    if (kind.empty()) return {{}, "class " + r.class_name + " is not in torchinfo/class-map.json"};
    if (work_free(kind)) return {};
    if (r.output_shapes.empty()) return {{}, std::string(kind) + ": no output shape recorded"};
    if (kind == "linear") {
        const int64_t O = out.empty() ? 0 : out.back();
        if (O <= 0) return {{}, "linear: the output has no last dimension"};
        const int64_t I = linear_in_features(in, params, O);
        return {op::Linear{I, O, params == I * O + O, Rows::sample, 0, out_n / O}, {}};
    }
    if (kind == "conv1d" || kind == "conv2d" || kind == "conv3d") {
        if (out.size() < 3 || params <= 0) return {{}, std::string(kind) + ": needs an [N, C, ...] output and the parameter count"};
        const int64_t cout = out[1], cin = in.size() >= 2 ? in[1] : 0;
        bool bias = false;
        const int64_t per_out = conv_weights_per_output(params, cout, cin, r.kernel.empty() ? 0 : elements(r.kernel), bias);
        return {op::Convolution{cin, cout, per_out, out_n / cout, in_n, bias}, {}};
    }
    if (kind == "embedding") {
        const int64_t width = out.empty() ? 0 : out.back();
        if (width <= 0) return {{}, "embedding: the output has no last dimension"};
        return {op::Lookup{out_n / width, width}, {}};
    }
    if (kind == "multihead_attention") {
        const int64_t E = out.empty() ? 0 : out.back();
        if (E <= 0 || out.size() != 3) return {{}, "multihead_attention: needs a 3-D [L, N, E] or [N, L, E] shape"};
        const int64_t L = mha_batch_first(out) ? out[1] : out[0];
        return {op::MultiheadAttention{E, L, out_n / E, params == 4 * E * E + 4 * E}, {}};
    }
    if (kind == "pooling" || kind == "adaptive_pooling")
        return {op::Elementwise{OperatorCategory::other, int64_t(pooling_window(in, out, r.kernel)), in_n, out_n, 0}, {}};
    if (const double per = elementwise_per_output(kind); per > 0)
        return {op::Elementwise{is_norm(kind) ? OperatorCategory::norm : OperatorCategory::activation, int64_t(per), in_n, out_n, params},
                {}};
    return {{}, std::string(kind) + ": a composite or model-specific kind with no formula for a plain network yet" +
                    (params > 0 ? " (" + with_commas(params) + " parameters)" : std::string())};
}

}  // namespace

Result<TorchInfoModel> build_torchinfo_model(const TorchInfoRun& run, const ClassMap& map, std::string_view source_name) {
    if (run.rows.empty())
        return make_error(std::string(source_name) + " has no table rows (a summary or a layers JSON is needed to build the network).",
                          std::string(source_name));
    TorchInfoModel m;
    m.recorded_batch = recorded_batch(run, m.notes);
    const int64_t b = m.recorded_batch;
    const std::string root_class = run.root_class();
    auto tree = std::make_shared<ModuleTree>();
    std::map<std::string, int64_t> first_params;  // a "(recursive)" call's parameters are its first call's
    for (const TorchInfoRow& r : run.rows)
        if (!r.is_recursive && r.named && !r.shows_children)
            first_params.emplace(r.instance_name, r.params_subtree ? *r.params_subtree : r.params);

    ModuleNode root;
    root.id = std::string(stage_name(Stage::forward));
    root.class_name = root_class.empty() ? std::string("network") : root_class;
    root.stage = Stage::forward;
    tree->nodes.push_back(std::move(root));
    std::vector<int> at_depth{0};  // the last node opened at each depth
    std::map<std::string, int> seen_ids;
    for (const TorchInfoRow& r : run.rows) {
        const bool is_root = r.depth == 0;
        int index = 0;
        if (!is_root) {
            ModuleNode n;
            n.stage = Stage::forward;
            n.name = r.instance_name.empty() ? r.class_name : r.instance_name;
            n.id = std::string(stage_name(Stage::forward)) + "/" + n.name;
            if (const int k = ++seen_ids[n.id]; k > 1) n.id += " (call " + std::to_string(k) + ")";
            n.class_name = r.class_name;
            n.component = Component::root;
            const int parent_depth = std::min<int>(r.depth - 1, int(at_depth.size()) - 1);
            n.parent = at_depth[size_t(std::max(parent_depth, 0))];
            n.depth = tree->nodes[size_t(n.parent)].depth + 1;
            index = int(tree->nodes.size());
            tree->nodes[size_t(n.parent)].children.push_back(index);
            tree->nodes.push_back(std::move(n));
            at_depth.resize(size_t(r.depth) + 1);
            at_depth[size_t(r.depth)] = index;
        }
        ModuleNode& n = tree->nodes[size_t(index)];
        // TorchInfo prints a parent's own leftover parameters and a leaf's subtree total; "(recursive)"
        // rows repeat a module whose parameters were counted at its first call.
        const int64_t params = r.is_recursive ? (r.named ? first_params[r.instance_name] : 0)
                                              : (!r.shows_children && r.params_subtree ? *r.params_subtree : r.params);
        n.params_own = r.is_recursive ? 0 : params;
        if (r.shows_children) continue;
        const std::string kind = classify(map, r.class_name_qualified, r.class_name, root_class);
        Leaf leaf = leaf_op(r, kind, params, b);
        n.op = leaf.op;
        n.uncosted = std::move(leaf.uncosted);
    }
    finish_tree(*tree);

    auto config = std::make_shared<ModelConfig>();
    config->plain = true;
    config->name = "torchinfo";
    config->display_name = tree->nodes[0].class_name + " (TorchInfo)";
    config->model_id = std::string(source_name);
    m.entry = ModelEntry{std::move(config), std::move(tree)};
    return m;
}

}  // namespace mm
