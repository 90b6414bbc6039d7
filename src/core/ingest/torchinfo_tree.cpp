#include "core/ingest/torchinfo_tree.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

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
    Leaf() = default;
    Leaf(Op o, std::string why_uncosted) : op(std::move(o)), uncosted(std::move(why_uncosted)) {}
    Op op;
    std::string uncosted;
    std::string estimated;  // how, when the op is an estimate
};

// The sequence length of a [N, L, E] or [L, N, E] tensor whose batch is `b`: the dimension that is
// not the batch (nn.MultiheadAttention, LSTM and transformer layers take either layout).
int64_t sequence_length(const Shape& s, int64_t b) {
    if (s.size() != 3) return 0;
    if (b > 1 && s[0] == b && s[1] != b) return s[1];
    if (b > 1 && s[1] == b && s[0] != b) return s[0];
    return mha_batch_first(s) ? s[1] : s[0];
}

// What the builder carries from row to row: the batch, and the length of the last encoder's output
// (a decoder's cross-attention attends to it).
struct Context {
    int64_t batch = 1;
    int64_t memory_tokens = 0;
};

// The last part of a dotted instance name: "layers.0.self_attn.query" -> "query".
std::string_view last_name(std::string_view instance) {
    const auto dot = instance.find_last_of('.');
    return dot == std::string_view::npos ? instance : instance.substr(dot + 1);
}

bool is_cross_attention(std::string_view instance) {
    const std::string_view last = last_name(instance);
    for (std::string_view n : {"multihead_attn", "encoder_attn", "cross_attn", "crossattention", "enc_dec_attn", "encoder_decoder_attention"})
        if (last == n) return true;
    return false;
}

// nn.LSTM / GRU / RNN: layers, directions and bias solved from the parameter count, given the input
// width I, the output width O (directions x hidden) and the gates.
std::optional<op::Recurrent> recurrent_from(int64_t gates, int64_t I, int64_t O, int64_t params) {
    for (int64_t d : {1, 2}) {
        if (O % d != 0) continue;
        const int64_t H = O / d;
        for (bool bias : {true, false}) {
            const int64_t b = bias ? 2 * gates * H : 0;
            const int64_t first = gates * H * (I + H) + b, next = gates * H * (d * H + H) + b;
            if (params % d != 0) continue;
            const int64_t per_direction = params / d;
            if (per_direction < first || (per_direction - first) % next != 0) continue;
            return op::Recurrent{gates, I, H, 1 + (per_direction - first) / next, d, 0, bias};
        }
    }
    return std::nullopt;
}

// A leaf row's op from its kind, shapes and parameters; per-sample counts divide by the batch.
Leaf leaf_op(const TorchInfoRow& r, std::string_view kind, int64_t params, const Context& ctx) {
    const int64_t b = ctx.batch;
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
        const int64_t T = out_n / E;
        // A decoder's cross-attention attends to the encoder's output (the last encoder row's length).
        const bool cross = is_cross_attention(r.instance_name) && ctx.memory_tokens > 0;
        return {op::MultiheadAttention{E, cross ? ctx.memory_tokens : sequence_length(out, b), T, params == 4 * E * E + 4 * E,
                                       cross ? ctx.memory_tokens : 0},
                {}};
    }
    if (kind == "recurrent_lstm" || kind == "recurrent_gru" || kind == "recurrent_rnn") {
        const int64_t gates = kind == "recurrent_lstm" ? 4 : kind == "recurrent_gru" ? 3 : 1;
        const int64_t I = in.empty() ? 0 : in.back(), O = out.empty() ? 0 : out.back();
        auto rec = I > 0 && O > 0 ? recurrent_from(gates, I, O, params) : std::nullopt;
        if (!rec)
            return {{}, std::string(kind) + ": no layer count, direction and bias give " + with_commas(params) +
                            " parameters for input " + std::to_string(I) + " and output " + std::to_string(O) +
                            " (proj_size is not modelled)"};
        rec->steps_per_sample = in_n / I;
        return {*rec, {}};
    }
    if (kind == "transformer_encoder_layer" || kind == "transformer_decoder_layer") {
        // params = self-attention 4E^2 + 4E, (decoder: cross-attention 4E^2 + 4E), MLP 2EF + F + E,
        // LayerNorms 2E each (2, or 3 in a decoder layer): F follows.
        const bool decoder = kind == "transformer_decoder_layer";
        const int64_t E = out.empty() ? 0 : out.back();
        const int64_t fixed = decoder ? 8 * E * E + 15 * E : 4 * E * E + 9 * E;
        const bool solvable = E > 0 && params > fixed && (params - fixed) % (2 * E + 1) == 0 && (!decoder || ctx.memory_tokens > 0);
        if (solvable) return {op::TransformerLayer{E, (params - fixed) / (2 * E + 1), out_n / E, decoder ? ctx.memory_tokens : 0}, {}};
        // Else estimated below, with the reason.
    }
    if (kind == "pooling" || kind == "adaptive_pooling")
        return {op::Elementwise{OperatorCategory::other, int64_t(pooling_window(in, out, r.kernel)), in_n, out_n, 0}, {}};
    if (const double per = elementwise_per_output(kind); per > 0)
        return {op::Elementwise{is_norm(kind) ? OperatorCategory::norm : OperatorCategory::activation, int64_t(per), in_n, out_n, params},
                {}};
    return {{}, std::string(kind) + ": a composite or model-specific kind with no formula for a plain network yet" +
                    (params > 0 ? " (" + with_commas(params) + " parameters)" : std::string())};
}

// A leaf the formulas could not cost but whose parameters say it works: estimated as 2 x parameters x
// output positions, labelled as such. Without parameters or an output shape it stays uncosted.
Leaf estimate(const TorchInfoRow& r, int64_t params, const Context& ctx, Leaf unknown) {
    if (params <= 0 || r.output_shapes.empty() || r.output_shapes[0].empty() || unknown.uncosted.empty()) return unknown;
    const Shape& out = r.output_shapes[0];
    const int64_t b = ctx.batch;
    const int64_t positions = elements(out) / b / std::max<int64_t>(1, out.back());
    const int64_t in_n = r.input_shapes.empty() ? 0 : elements(r.input_shapes[0]) / b;
    Leaf e;
    e.op = op::Estimated{params, positions, in_n, elements(out) / b};
    e.estimated = "estimated as 2 x " + with_commas(params) + " parameters x " + with_commas(positions) +
                  " output positions per sample, because " + unknown.uncosted;
    return e;
}

// An attention module written with torch.matmul or SDPA: its q/k/v projections are children (query /
// key / value, q_proj / k_proj / v_proj, ...), the score and context matmuls are its own work.
std::optional<op::AttentionCore> attention_core(const std::vector<const TorchInfoRow*>& children, int64_t b) {
    static constexpr std::string_view kTriples[][3] = {{"query", "key", "value"}, {"q_proj", "k_proj", "v_proj"}, {"q", "k", "v"},
                                                      {"to_q", "to_k", "to_v"},   {"q_lin", "k_lin", "v_lin"},    {"wq", "wk", "wv"},
                                                      {"query_proj", "key_proj", "value_proj"}};
    auto find = [&](std::string_view name) -> const TorchInfoRow* {
        for (const TorchInfoRow* c : children)
            if (last_name(c->instance_name) == name && !c->output_shapes.empty() && !c->output_shapes[0].empty()) return c;
        return nullptr;
    };
    for (const auto& t : kTriples) {
        const TorchInfoRow *q = find(t[0]), *k = find(t[1]), *v = find(t[2]);
        if (!q || !k || !v) continue;
        const Shape &qs = q->output_shapes[0], &ks = k->output_shapes[0];
        const int64_t E = qs.back(), Ek = ks.back();
        if (E <= 0 || Ek <= 0) return std::nullopt;
        return op::AttentionCore{E, elements(ks) / b / Ek, elements(qs) / b / E};
    }
    return std::nullopt;
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
    std::vector<const TorchInfoRow*> row_of{nullptr};  // the row each node came from
    Context ctx;
    ctx.batch = b;
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
            row_of.push_back(&r);
            at_depth.resize(size_t(r.depth) + 1);
            at_depth[size_t(r.depth)] = index;
        }
        ModuleNode& n = tree->nodes[size_t(index)];
        // TorchInfo prints a parent's own leftover parameters and a leaf's subtree total; "(recursive)"
        // rows repeat a module whose parameters were counted at its first call.
        const int64_t params = r.is_recursive ? (r.named ? first_params[r.instance_name] : 0)
                                              : (!r.shows_children && r.params_subtree ? *r.params_subtree : r.params);
        n.params_own = r.is_recursive ? 0 : params;
        const std::string kind = classify(map, r.class_name_qualified, r.class_name, root_class);
        if (kind == "encoder" && r.class_name.find("Decoder") == std::string::npos && !r.output_shapes.empty())  // what a decoder's cross-attention will attend to
            if (const int64_t L = sequence_length(r.output_shapes[0], b); L > 0) ctx.memory_tokens = L;
        if (r.shows_children) continue;
        Leaf leaf = estimate(r, params, ctx, leaf_op(r, kind, params, ctx));
        n.op = leaf.op;
        n.uncosted = std::move(leaf.uncosted);
        n.estimated = std::move(leaf.estimated);
    }
    // Attention modules whose projections are children: the score and context matmuls are their own.
    for (size_t i = 1; i < tree->nodes.size(); ++i) {
        ModuleNode& n = tree->nodes[i];
        if (n.children.empty() || has_op(n.op)) continue;
        std::vector<const TorchInfoRow*> children;
        for (int c : n.children) children.push_back(row_of[size_t(c)]);
        if (auto core = attention_core(children, b)) n.op = *core;
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
