// explain_module: how one module was costed, in words and numbers (the formula pane, layer docs).
#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/engine/op_cost.hpp"
#include "core/engine/time_model.hpp"

#include <cmath>
#include <initializer_list>
#include <vector>

namespace mm {

namespace {

// "a x b x c" with the product, in grouped digits: the formula with the numbers substituted.
std::string product(std::initializer_list<int64_t> factors, int64_t lead = 1) {
    std::string text;
    double v = double(lead);
    if (lead != 1) text = format_int(lead);
    for (int64_t f : factors) {
        if (!text.empty()) text += " x ";
        text += format_grouped(f);
        v *= double(f);
    }
    return text + " = " + format_grouped(int64_t(v));
}

// One vision view: the op's formula with the view's numbers. The rows, shapes and SAM window geometry
// are the evaluator's own (engine/op_cost), so the text cannot drift from the costed numbers.
std::string rows_text(Rows r, const View& v, int64_t window) {
    switch (r) {
        case Rows::sam_grid: return format_int(v.images) + " x " + format_int(v.grid) + "^2";
        case Rows::sam_windows:
            return format_int(v.images) + " x " + format_int(padded_side(v.grid, window)) + "^2 (grid padded to whole windows)";
        case Rows::clip_seq: return format_int(v.images) + " x " + format_int(v.clip_seq());
        case Rows::features: return format_int(v.images) + " x " + format_int(v.feature_side) + "^2";
        case Rows::encoder_seq:
            return format_int(v.images) + " x 2 x " + format_int(v.feature_side) + "^2 (features, then as many queries)";
        default: return "";
    }
}

std::string in_view(const op::Linear& o, const View& v) {
    const int64_t tokens = rows(o.rows, v, o.window);
    return "tokens = " + rows_text(o.rows, v, o.window) + " = " + format_grouped(tokens) + "; FLOPs = 2 x tokens x in x out = " +
           product({tokens, o.in_features, o.out_features}, 2) + (o.bias ? "; bias adds " + product({tokens, o.out_features}) : "");
}
std::string in_view(const op::Conv2d& o, const View& v) {
    const Conv2dShape c = conv_shape(o, v);
    return "input " + format_int(c.in_h) + "x" + format_int(c.in_w) + " -> output " + format_int(c.out_h()) + "x" +
           format_int(c.out_w()) + " = (" + format_int(c.in_h) + " + 2 x " + format_int(c.padding) + " - " + format_int(c.kernel) +
           ") / " + format_int(c.stride) + " + 1; FLOPs = 2 x images x out^2 x out_ch x in_ch x k^2 = " +
           product({c.images, c.out_h() * c.out_w(), c.out_channels, c.in_channels, c.kernel * c.kernel}, 2);
}
std::string in_view(const op::LayerNorm& o, const View& v) { return "CUDA FLOPs = 8 x tokens x dim = " + product({rows(o.rows, v), o.dim}, 8); }
std::string in_view(const op::LayerNorm2d& o, const View& v) {
    return "CUDA FLOPs = 8 x images x C x H x W = " + product({v.images, o.channels, v.grid, v.grid}, 8);
}
std::string in_view(const op::Gelu& o, const View& v) { return "CUDA FLOPs = 8 x elements = " + product({rows(o.rows, v), o.dim}, 8); }
std::string in_view(const op::QuickGelu& o, const View& v) { return "CUDA FLOPs = 5 x elements = " + product({rows(o.rows, v), o.dim}, 5); }
std::string in_view(const op::ResidualAdd& o, const View& v) {
    return "CUDA FLOPs = tokens x dim x adds = " + product({rows(o.rows, v), o.dim, o.adds});
}
std::string in_view(const op::SamPosEmbed& o, const View& v) { return "CUDA FLOPs = tokens x dim = " + product({v.grid_tokens(), o.dim}); }
std::string in_view(const op::SamRelPos& o, const View& v) {
    const SamAttentionShape s = sam_shape(o, v);
    return "windows = " + format_grouped(s.batch_windows()) + ", side = " + format_int(s.side()) +
           "; torch FLOPs = 4 x windows x heads x side^3 x head_dim = " +
           product({s.batch_windows(), s.heads, s.side() * s.side() * s.side(), s.head_dim}, 4);
}
std::string in_view(const op::SamAttention& o, const View& v) {
    const SamAttentionShape s = sam_shape(o, v);
    const int64_t tp = s.tokens_per_window();
    return "windows = " + format_grouped(s.batch_windows()) + ", tp = " + format_int(tp) +
           " tokens each; torch FLOPs = 4 x windows x heads x tp^2 x head_dim = " +
           product({s.batch_windows(), s.heads, tp * tp, s.head_dim}, 4) + "; softmax + bias CUDA FLOPs = 6 x scores = " +
           product({s.batch_windows(), s.heads, tp * tp}, 6);
}
std::string in_view(const op::ClipAttention& o, const View& v) {
    const int64_t S = v.clip_seq();
    return "S = " + format_int(S) + "; torch FLOPs = 4 x images x heads x S^2 x head_dim = " +
           product({v.images, o.heads, S * S, o.head_dim}, 4) + "; softmax CUDA FLOPs = 5 x scores = " +
           product({v.images, o.heads, S * S}, 5);
}
std::string in_view(const op::ClipEmbeddings& o, const View& v) {
    return "CUDA FLOPs = images x S x hidden = " + product({v.images, v.clip_seq(), o.hidden});
}

// DeepSeek-OCR 2's Qwen2 encoder over L = 2n tokens per image.
std::string in_view(const op::RmsNorm& o, const View& v) {
    return "tokens = " + rows_text(o.rows, v, 0) + "; CUDA FLOPs = 4 x tokens x dim = " + product({rows(o.rows, v), o.dim}, 4);
}
std::string in_view(const op::SiluGate& o, const View& v) {
    return "CUDA FLOPs = 5 x tokens x intermediate = " + product({rows(o.rows, v), o.intermediate}, 5);
}
std::string in_view(const op::EncoderQueries& o, const View& v) {
    const int64_t n = v.feature_side * v.feature_side;
    return "n = " + format_int(v.feature_side) + "^2 = " + format_int(n) + " features and " + format_int(n) +
           " queries per image, L = " + format_int(v.encoder_seq()) + "; elements written = images x L x hidden = " +
           product({v.images, v.encoder_seq(), o.hidden}) + "; no FLOPs";
}
std::string in_view(const op::EncoderMask&, const View& v) {
    const int64_t L = v.encoder_seq();
    return "mask elements = images x L^2 = " + product({v.images, L * L}) + "; eager launches images x (2 + L) + 1 = " +
           format_grouped(v.images * (2 + L) + 1) + "; no FLOPs";
}
std::string in_view(const op::RotaryTables& o, const View& v) {
    return "once per forward, shared by every layer; torch FLOPs = tokens x rope_dim = " + product({rows(o.rows, v), o.rope_dim});
}
std::string in_view(const op::RotaryApply& o, const View& v) {
    return "torch FLOPs 0; CUDA FLOPs = 3 x tokens x (heads + kv_heads) x rope_dim = " +
           product({rows(o.rows, v), o.heads + o.kv_heads, o.rope_dim}, 3);
}
std::string in_view(const op::EncoderAttention& o, const View& v) {
    const int64_t L = v.encoder_seq();
    return "L = " + format_int(L) + "; SDPA with an explicit mask (flash-attention-2 refused by the vendor) computes the full L x L "
           "scores, so torch and executed count the same: FLOPs = 4 x images x heads x L^2 x head_dim = " +
           product({v.images, o.heads, L * L, o.head_dim}, 4) + "; mask add + softmax CUDA FLOPs = 6 x scores = " +
           product({v.images, o.heads, L * L}, 6) + "; repeat_kv copies k and v from " + format_int(o.kv_heads) + " to " +
           format_int(o.heads) + " heads";
}

// The decoder's passes: prefill is one pass over B x S tokens; decode is N-1 passes of B tokens.
struct DecoderCalls {
    int64_t B, S, P, tokens;
    bool prefill, flash;
    std::string total;  // "; x P passes" in decode
};

std::string in_passes(const op::Linear& o, const DecoderCalls& p) {
    return "FLOPs = 2 x tokens x in x out = " + product({p.tokens, o.in_features, o.out_features}, 2) + p.total;
}
std::string in_passes(const op::RmsNorm& o, const DecoderCalls& p) { return "CUDA FLOPs = 4 x tokens x dim = " + product({p.tokens, o.dim}, 4) + p.total; }
std::string in_passes(const op::SiluGate& o, const DecoderCalls& p) {
    return "CUDA FLOPs = 5 x tokens x intermediate = " + product({p.tokens, o.intermediate}, 5) + p.total;
}
std::string in_passes(const op::ResidualAdd& o, const DecoderCalls& p) {
    return "CUDA FLOPs = tokens x dim x adds = " + product({p.tokens, o.dim, o.adds}) + p.total;
}
std::string in_passes(const op::Rotary& o, const DecoderCalls& p) { return "torch FLOPs = tokens x rope_dim = " + product({p.tokens, o.rope_dim}) + p.total; }
std::string in_passes(const op::MoeGate& o, const DecoderCalls& p) {
    return "torch FLOPs = 2 x tokens x hidden x experts = " + product({p.tokens, o.hidden, o.experts}, 2) + p.total;
}
std::string in_passes(const op::MoeExperts& o, const DecoderCalls& p) {
    const double touched = expected_experts_touched(o.experts, o.top_k, p.tokens);
    return "torch FLOPs = tokens x k x 6 x hidden x intermediate = " + product({p.tokens, o.top_k, 6, o.hidden, o.intermediate}) +
           p.total + "; experts touched E(1-(1-k/E)^tokens) = " + format_int(o.experts) + " x (1 - (1 - " + format_int(o.top_k) +
           "/" + format_int(o.experts) + ")^" + format_int(p.tokens) + ") = " + format_fixed(touched, 2);
}
std::string in_passes(const op::LmHead& o, const DecoderCalls& p) {
    if (p.prefill)
        return "torch FLOPs = 2 x positions x hidden x vocab = " + product({p.tokens, o.hidden, o.vocab}, 2) +
               "; executed (last position only) = " + product({p.B, o.hidden, o.vocab}, 2);
    return "FLOPs = 2 x tokens x hidden x vocab = " + product({p.tokens, o.hidden, o.vocab}, 2) + p.total;
}

// A plain network's forward pass over the batch.
std::string in_sample(const op::Linear& o, const Sample& s) {
    const int64_t tokens = rows(o.rows, s, o.rows_per_sample);
    return "tokens = " + format_int(s.batch) + " x " + format_grouped(o.rows_per_sample) + " = " + format_grouped(tokens) +
           "; FLOPs = 2 x tokens x in x out = " + product({tokens, o.in_features, o.out_features}, 2) +
           (o.bias ? "; bias adds " + product({tokens, o.out_features}) : "");
}
std::string in_sample(const op::Convolution& o, const Sample& s) {
    return "output elements = batch x positions x out_ch = " + product({s.batch, o.out_positions, o.out_channels}) +
           "; FLOPs = 2 x output elements x weights per output = " +
           product({s.batch * o.out_positions * o.out_channels, o.weights_per_output}, 2);
}
std::string in_sample(const op::Elementwise& o, const Sample& s) {
    return "CUDA FLOPs = " + format_int(o.flops_per_output) + " x output elements = " + product({s.batch, o.out_elements}, o.flops_per_output);
}
std::string in_sample(const op::Lookup& o, const Sample& s) {
    return "rows = " + product({s.batch, o.rows_per_sample}) + "; table elements read = " + product({s.batch * o.rows_per_sample, o.width});
}
std::string in_sample(const op::MultiheadAttention& o, const Sample& s) {
    const int64_t T = s.batch * o.tokens_per_sample;
    return "tokens T = " + product({s.batch, o.tokens_per_sample}) + ", keys L = " + format_int(o.keys) + ", E = " + format_int(o.embed) +
           "; torch FLOPs = 8 x T x E^2 + 4 x T x L x E = " + product({T, o.embed, o.embed}, 8) + " + " + product({T, o.keys, o.embed}, 4);
}

std::string in_sample(const op::Recurrent& o, const Sample& s) {
    const int64_t tokens = s.batch * o.steps_per_sample;
    std::string sum;
    int64_t per_token = 0;
    const int64_t R = o.proj > 0 ? o.proj : o.hidden;  // the state h's width
    for (int64_t l = 0; l < o.layers; ++l) {
        const int64_t in = l == 0 ? o.input : o.directions * R;
        sum += (l ? " + " : "") + product({o.directions, o.gates, o.hidden, in + R}, 2);
        per_token += 2 * o.directions * o.gates * o.hidden * (in + R);
        if (o.proj > 0) {
            sum += " + " + product({o.directions, o.proj, o.hidden}, 2);
            per_token += 2 * o.directions * o.proj * o.hidden;
        }
    }
    return "tokens = steps x sequences = " + product({o.steps_per_sample, s.batch}) + "; " + format_int(o.layers) + " layer(s), " +
           format_int(o.directions) + " direction(s), gates " + format_int(o.gates) + ", hidden " + format_int(o.hidden) +
           (o.proj > 0 ? ", proj_size " + format_int(o.proj) + " (from the parameter count and the output width)" : std::string()) +
           "; torch FLOPs = tokens x (" + sum + ") = " + product({tokens, per_token});
}
std::string in_sample(const op::AttentionCore& o, const Sample& s) {
    const int64_t T = s.batch * o.tokens_per_sample;
    std::string out = "queries T = " + product({s.batch, o.tokens_per_sample}) + ", keys L = " + format_int(o.keys) +
                      (o.key_tokens_per_sample > o.keys ? " (per window)" : "") + ", width E = " + format_int(o.width) +
                      "; torch FLOPs = 4 x T x L x E = " + product({T, o.keys, o.width}, 4) +
                      " (any head count: heads x head_dim = E)";
    if (o.causal)
        out += s.flash ? "; causal: a flash kernel executes (L + 1)/2 keys per query, torch counts all L"
                       : "; causal: eager attention computes all L x L scores and masks them";
    return out;
}
std::string in_sample(const op::KnownBlock& o, const Sample& s) {
    const int64_t T = s.batch * o.tokens_per_sample, M = s.batch * o.memory_per_sample;
    std::string out = "T = " + product({s.batch, o.tokens_per_sample}) + ", E = " + format_int(o.width) + ", L = " + format_int(o.keys) +
                      "; projections 2 x T x W = " + product({T, o.weights}, 2) + "; attention 4 x T x L x E = " +
                      product({T, o.keys, o.width}, 4) + (o.causal ? " (causal)" : "");
    if (M > 0)
        out += "; cross-attention over M = " + product({s.batch, o.memory_per_sample}) + ": k, v " + product({M, o.memory_weights}, 2) +
               " + " + product({T, o.memory_per_sample, o.width}, 4);
    return out + " (any head count: heads x head_dim = E)";
}
std::string in_sample(const op::TransformerLayer& o, const Sample& s) {
    const int64_t T = s.batch * o.tokens_per_sample, M = s.batch * o.memory_per_sample;
    std::string out = "T = " + product({s.batch, o.tokens_per_sample}) + ", E = " + format_int(o.embed) + ", F = " + format_int(o.ffn) +
                      "; self-attention " + product({T, o.embed, o.embed}, 8) + " + " + product({T, o.tokens_per_sample, o.embed}, 4);
    if (M > 0)
        out += "; cross-attention over M = " + product({s.batch, o.memory_per_sample}) + ": " + product({T, o.embed, o.embed}, 4) + " + " +
               product({M, o.embed, o.embed}, 4) + " + " + product({T, o.memory_per_sample, o.embed}, 4);
    return out + "; MLP " + product({T, o.embed, o.ffn}, 4);
}
std::string in_sample(const op::Estimated& o, const Sample& s) {
    return "estimated: 2 x parameters x positions = " + product({o.params, s.batch * o.positions_per_sample}, 2);
}

template <typename Kind, typename Call>
constexpr bool has_sample_text = requires(const Kind& k, const Call& c) { in_sample(k, c); };
template <typename Kind, typename Call>
constexpr bool has_text = requires(const Kind& k, const Call& c) { in_view(k, c); };
template <typename Kind, typename Call>
constexpr bool has_pass_text = requires(const Kind& k, const Call& c) { in_passes(k, c); };

// One line per call group (vision view, prefill, decode passes): the op's formula with the numbers.
std::string substituted(const Analysis& a, const ModuleNode& n) {
    const Workload& w = a.workload;
    std::string out;
    auto line = [&](const std::string& label, const std::string& text) {
        if (!text.empty()) out += "  " + label + ": " + text + "\n";
    };
    if (n.stage == Stage::vision) {
        for (const View& v : vision_views(w)) {
            const std::string lab = std::string(v.label) + " (" + format_int(v.images) + " image" + (v.images == 1 ? "" : "s") + ")";
            line(lab, std::visit([&](const auto& k) -> std::string {
                if constexpr (has_text<std::decay_t<decltype(k)>, View>) return in_view(k, v);
                else return "";
            }, n.op));
        }
        return out;
    }
    if (n.stage == Stage::forward) {
        const Sample sample{w.batch};
        line("forward pass (batch " + format_int(w.batch) + ")", std::visit([&](const auto& k) -> std::string {
            if constexpr (has_sample_text<std::decay_t<decltype(k)>, Sample>) return in_sample(k, sample);
            else return "";
        }, n.op));
        return out;
    }
    const int64_t B = w.batch, S = w.prefill_tokens, P = w.decode_passes();
    const bool prefill = n.stage == Stage::prefill;
    const DecoderCalls p{B, S, P, prefill ? B * S : B, prefill, w.attention == AttentionImpl::flash,
                    prefill || P <= 1 ? std::string() : "; x " + format_int(P) + " passes"};
    const std::string lab = prefill ? "prefill (tokens = " + format_int(B) + " x " + format_int(S) + " = " + format_grouped(p.tokens) + ")"
                                    : "each of the " + format_int(P) + " decode passes (tokens = batch = " + format_int(B) + ")";
    if (const auto* att = std::get_if<op::DecoderAttention>(&n.op)) {
        const int64_t heads = att->heads, hd = att->head_dim;
        if (prefill) {
            line(lab, "torch FLOPs = 4 x B x heads x S_q x S_kv x head_dim = " + product({B, heads, S, S, hd}, 4) +
                          (p.flash ? "; flash executes the causal pairs S(S+1)/2: 4 x B x heads x head_dim x " +
                                         format_grouped(S * (S + 1) / 2) + " = " +
                                         format_grouped(int64_t(4.0 * double(B * heads * hd) * double(S * (S + 1) / 2)))
                                   : std::string()));
        } else if (P > 0) {
            const int64_t kv_sum = (S + 1 + S + P) * P / 2;  // sum of S+j+1 for j = 0..P-1
            line("decode", "pass j attends to S+j+1 keys; sum over the " + format_int(P) + " passes of S_kv = (" + format_int(S + 1) +
                               " + " + format_int(S + P) + ") x " + format_int(P) + " / 2 = " + format_grouped(kv_sum) +
                               "; torch FLOPs = 4 x B x heads x head_dim x sum = " + product({B, heads, hd, kv_sum}, 4) +
                               "; KV read per pass 2 x S_kv x kv_heads x head_dim elements per sequence");
        }
        return out;
    }
    line(lab, std::visit([&](const auto& k) -> std::string {
        if constexpr (has_pass_text<std::decay_t<decltype(k)>, DecoderCalls>) return in_passes(k, p);
        else return "";
    }, n.op));
    return out;
}

}  // namespace

std::string explain_module(const Analysis& a, int index) {
    if (index < 0 || size_t(index) >= a.modules().size()) return "No such module.\n";
    const ModuleRow& m = a.modules()[size_t(index)];
    const ModuleNode& n = a.tree->nodes[size_t(index)];
    std::string out;
    out += std::string(m.id) + " (" + std::string(m.class_name) + ")\n";
    out += "stage " + std::string(stage_name(m.stage)) + ", part " + std::string(component_name(m.component)) +
           ", calls " + format_number(m.calls) + ", params " + format_grouped(m.params);
    if (n.repetition != Repetition::none)
        out += ", repetition " + std::string(repetition_name(n.repetition)) + " x" + format_int(n.repetition_count);
    out += "\n";
    if (!n.constructor_params.empty()) {
        out += "constructor:";
        for (const auto& [k, v] : n.constructor_params) out += " " + k + "=" + v;
        out += "\n";
    }
    if (const std::string_view f = op_formula(n.op); !f.empty()) out += "formula: " + std::string(f) + "\n";
    if (has_op(n.op)) {
        const std::string numbers = substituted(a, n);
        if (!numbers.empty()) out += "with the numbers:\n" + numbers;
    }
    if (!n.uncosted.empty()) out += "not costed: " + n.uncosted + "\n";
    if (!n.estimated.empty()) out += "estimated: " + n.estimated + "\n";
    if (!has_op(n.op) && !n.children.empty()) out += "formula: the sum of its " + format_int(int64_t(n.children.size())) + " children.\n";
    if (m.stage == Stage::decode)
        out += "decode: summed exactly over " + format_int(a.workload.decode_passes()) +
               " passes, the KV length growing from S+1 = " + format_int(a.workload.prefill_tokens + 1) + " to S+N-1 = " +
               format_int(a.workload.kv_tokens_final()) + ".\n";
    const LayerCost& c = m.cost;
    out += "FLOPs: torch " + format_grouped(int64_t(c.flops_torch)) + ", executed tensor " +
           format_grouped(int64_t(c.flops_tensor)) + " + CUDA " + format_grouped(int64_t(c.flops_cuda)) + "\n";
    out += "bytes moved: weights " + format_traffic(c.weight_bytes()) + ", activations " + format_traffic(c.activation_bytes()) +
           ", KV " + format_traffic(c.kv_bytes()) + "; intensity " + format_fixed(m.intensity, 1) + " FLOP/B\n";
    out += "kernels: fused " + format_number(c.kernels) + ", eager " + format_number(c.eager_kernels) + "\n";
    // Each roof's own time for all of this work (what it would take if that roof alone held), then the
    // predicted time and how it splits by the bound of each op call.
    // Decode ops under CUDA graphs run at the graph's rates (no host launch per kernel).
    const Rates rates = m.stage == Stage::decode ? decode_rates(a.rates, a.profile()) : a.rates;
    const time_detail::Parts roofs = time_detail::parts_of(c, rates);
    out += "roofs: compute " + format_seconds(roofs.compute_s) + " (FLOPs at the profile's rates), memory " +
           format_seconds(roofs.memory_s) + " (bytes / bandwidth), kernel gaps " + format_seconds(roofs.kernels * rates.kernel_gap_s) +
           ", host launches " + format_seconds(roofs.kernels * rates.host_launch_s) + "\n";
    if (m.stage == Stage::decode && m.parent < 0 && a.profile().decode_cuda_graphs)
        out += "CUDA graphs: one replay per decode step, " + format_seconds(a.profile().graph_launch_s) + " each, " +
               format_seconds(a.profile().graph_launch_s * double(a.workload.decode_passes())) + " in all.\n";
    out += "time: " + format_seconds(m.time_s) + " (" + std::string(bound_name(m.bound)) + "-bound; op calls bound by compute " +
           format_seconds(m.time.compute_bound_s) + ", by memory " + format_seconds(m.time.memory_bound_s) + ", by overhead " +
           format_seconds(m.time.overhead_bound_s) + ") on " + a.gpu().display_name + ", profile " + a.profile().name + "\n";
    out += "memory: weights " + format_bytes(c.resident_weight_bytes) + ", live activations " +
           format_bytes(c.resident_activation_bytes) + ", KV " + format_bytes(c.resident_kv_bytes) + "\n";
    return out;
}

}  // namespace mm
