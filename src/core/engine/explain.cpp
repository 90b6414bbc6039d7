// explain_module: how one module was costed, in words and numbers (the formula pane, layer docs).
#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/engine/op_inputs.hpp"

#include <cmath>
#include <initializer_list>
#include <vector>

namespace mm {

namespace {

const char* formula_of(OpKind k) {
    switch (k) {
        case OpKind::conv2d: return "FLOPs = 2 x out_elements x in_ch x k^2 (tensor cores); bias add on CUDA cores; weights read once per call; input read, output written once.";
        case OpKind::linear: return "FLOPs = 2 x tokens x in x out (tensor cores); bias add tokens x out on CUDA cores; weights (in x out + bias) read once per call; input read, output written once.";
        case OpKind::layer_norm: return "CUDA FLOPs = 8 x tokens x dim (mean, variance, normalise, affine); torch counts 0. Reads x, writes y, reads gamma/beta.";
        case OpKind::layer_norm2d: return "As LayerNorm over channels at every pixel: CUDA FLOPs = 8 x images x C x H x W; 10 eager kernels (written elementwise in the vendor code).";
        case OpKind::rms_norm: return "CUDA FLOPs = 4 x tokens x dim; torch counts 0; 8 eager kernels (fp32 cast, pow, mean, add, rsqrt, mul, cast, weight).";
        case OpKind::gelu: return "CUDA FLOPs = 8 per element (erf GELU); torch counts 0.";
        case OpKind::quick_gelu: return "CUDA FLOPs = 5 per element (x * sigmoid(1.702 x)); torch counts 0.";
        case OpKind::silu_gate: return "CUDA FLOPs = 5 per output element (silu(gate) * up); reads gate and up, writes the product.";
        case OpKind::residual_add: return "Residual adds: 1 CUDA FLOP per element per add; reads both operands, writes the sum.";
        case OpKind::sam_pos_embed: return "x + pos_embed (table resized to the grid when it differs): 1 CUDA FLOP per element.";
        case OpKind::sam_window_copy: return "Window blocks: pad to a multiple of the window and permute into windows, then back and crop: four copies, no FLOPs.";
        case OpKind::sam_rel_pos: return "Decomposed rel-pos: two einsums, torch FLOPs = 4 x windows x heads x side^3 x head_dim; the bias rel_h + rel_w (windows x heads x tp^2) is written to memory.";
        case OpKind::sam_attention_layout: return "The q, k, v and output permute/reshape copies around SDPA: read and write 4 x tokens x dim, no FLOPs.";
        case OpKind::sam_attention: return "SDPA with the rel-pos bias as mask: torch FLOPs = 4 x windows x heads x tp^2 x head_dim (tp = tokens per window); softmax + bias add 6 CUDA FLOPs per score; reads q, k, v and the bias; writes o.";
        case OpKind::clip_embeddings: return "CLIP embeddings from SAM features: flatten, prepend CLS, add the (resized) position table: 1 CUDA FLOP per element.";
        case OpKind::clip_attention: return "Full attention: torch FLOPs = 4 x images x heads x S^2 x head_dim; softmax 5 CUDA FLOPs per score; reads q, k, v; writes o.";
        case OpKind::projector_concat: return "cat(CLIP output without CLS, SAM output flattened) per feature position: a copy, no FLOPs.";
        case OpKind::image_newline: return "Inserts the learned newline after every feature row (crops first permuted into one canvas): copies, no FLOPs.";
        case OpKind::view_separator: return "Concatenates crops, global view and the view separator: a copy of T x n_embed per page, no FLOPs.";
        case OpKind::embedding: return "Gathers one embedding row per token (only the rows looked up are read) and scatters the image features into the image positions in prefill; no FLOPs.";
        case OpKind::rotary: return "RoPE: torch counts the inv_freq x position matmul, rope_dim FLOPs per token; executed adds 3 CUDA FLOPs per rotated element of q and k.";
        case OpKind::decoder_attention: return "Causal attention over the KV cache: torch FLOPs = 4 x B x heads x S_q x S_kv x head_dim (no causal halving); flash executes only the causal pairs S_q(S_kv - S_q) + S_q(S_q + 1)/2; decode reads the whole cache (2 x S_kv x kv_heads x head_dim per sequence) and writes one new token.";
        case OpKind::moe_gate: return "MoEGate: torch FLOPs = 2 x tokens x hidden x experts; softmax and top-k on CUDA cores; fp32 scores written and read back.";
        case OpKind::moe_experts: return "Routed experts: every token runs top-k SwiGLU experts, torch FLOPs = tokens x k x 6 x hidden x intermediate (routing-independent); weights read only for the experts touched, E(1 - (1 - k/E)^tokens) in expectation.";
        case OpKind::lm_head: return "lm_head: torch FLOPs = 2 x positions x hidden x vocab over every prefill position (HF computes all logits); executed keeps the last position only.";
        case OpKind::none: return "";
    }
    return "";
}


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

// One line per call group (vision view, prefill, decode passes): the op's formula with the numbers.
std::string substituted(const Analysis& a, const ModuleNode& n) {
    const OpSpec& op = n.op;
    const Workload& w = a.workload;
    std::string out;
    auto line = [&](const std::string& label, const std::string& text) { out += "  " + label + ": " + text + "\n"; };
    if (n.stage == Stage::vision) {
        // The views, token sets and SAM window geometry are the evaluator's own (engine/op_inputs).
        for (const View& v : vision_views(w)) {
            const int64_t grid_tokens = v.grid_tokens();
            const int64_t clip_seq = v.clip_seq();
            const SamAttentionShape shape = sam_shape(op, *a.model, v);
            const int64_t padded = shape.padded_grid();
            const int64_t windows = shape.batch_windows();
            const int64_t tp = shape.tokens_per_window();
            const int64_t side = shape.side();
            const std::string lab = std::string(v.label) + " (" + format_int(v.images) + " image" + (v.images == 1 ? "" : "s") + ")";
            const bool sam = n.component == Component::sam;
            switch (op.kind) {
                case OpKind::linear: {
                    const int64_t tokens = linear_tokens(op, *a.model, v);
                    std::string how;
                    switch (op.tokens) {
                        case TokenSet::sam_grid: how = format_int(v.images) + " x " + format_int(v.grid) + "^2"; break;
                        case TokenSet::sam_attn:
                            how = format_int(v.images) + " x " + format_int(padded) + "^2" +
                                  (op.global_attention ? "" : " (grid padded to whole windows)");
                            break;
                        case TokenSet::clip_seq: how = format_int(v.images) + " x " + format_int(clip_seq); break;
                        case TokenSet::projector: how = format_int(v.images) + " x " + format_int(v.feature_side) + "^2"; break;
                        default: break;
                    }
                    line(lab, "tokens = " + how + " = " + format_grouped(tokens) + "; FLOPs = 2 x tokens x in x out = " +
                                  product({tokens, op.a, op.b}, 2) + (op.flag ? "; bias adds " + product({tokens, op.b}) : ""));
                    break;
                }
                case OpKind::conv2d: {
                    const int64_t in_side = op.f == 0 ? v.pixels : v.grid / op.f;
                    const int64_t out_side = (in_side + 2 * op.e - op.c) / op.d + 1;
                    line(lab, "input " + format_int(in_side) + "x" + format_int(in_side) + " -> output " + format_int(out_side) + "x" +
                                  format_int(out_side) + " = (" + format_int(in_side) + " + 2 x " + format_int(op.e) + " - " +
                                  format_int(op.c) + ") / " + format_int(op.d) + " + 1; FLOPs = 2 x images x out^2 x out_ch x in_ch x k^2 = " +
                                  product({v.images, out_side * out_side, op.b, op.a, op.c * op.c}, 2));
                    break;
                }
                case OpKind::layer_norm: {
                    const int64_t tokens = sam ? grid_tokens : v.images * clip_seq;
                    line(lab, "CUDA FLOPs = 8 x tokens x dim = " + product({tokens, op.a}, 8));
                    break;
                }
                case OpKind::layer_norm2d: line(lab, "CUDA FLOPs = 8 x images x C x H x W = " + product({v.images, op.a, v.grid, v.grid}, 8)); break;
                case OpKind::gelu: line(lab, "CUDA FLOPs = 8 x elements = " + product({grid_tokens, op.a}, 8)); break;
                case OpKind::quick_gelu: line(lab, "CUDA FLOPs = 5 x elements = " + product({v.images * clip_seq, op.a}, 5)); break;
                case OpKind::residual_add: {
                    const int64_t tokens = sam ? grid_tokens : v.images * clip_seq;
                    line(lab, "CUDA FLOPs = tokens x dim x adds = " + product({tokens, op.a, op.b}));
                    break;
                }
                case OpKind::sam_pos_embed: line(lab, "CUDA FLOPs = tokens x dim = " + product({grid_tokens, op.a})); break;
                case OpKind::sam_rel_pos:
                    line(lab, "windows = " + format_grouped(windows) + ", side = " + format_int(side) +
                                  "; torch FLOPs = 4 x windows x heads x side^3 x head_dim = " +
                                  product({windows, op.a, side * side * side, op.b}, 4));
                    break;
                case OpKind::sam_attention:
                    line(lab, "windows = " + format_grouped(windows) + ", tp = " + format_int(tp) +
                                  " tokens each; torch FLOPs = 4 x windows x heads x tp^2 x head_dim = " +
                                  product({windows, op.a, tp * tp, op.b}, 4) + "; softmax + bias CUDA FLOPs = 6 x scores = " +
                                  product({windows, op.a, tp * tp}, 6));
                    break;
                case OpKind::clip_attention:
                    line(lab, "S = " + format_int(clip_seq) + "; torch FLOPs = 4 x images x heads x S^2 x head_dim = " +
                                  product({v.images, op.a, clip_seq * clip_seq, op.b}, 4) + "; softmax CUDA FLOPs = 5 x scores = " +
                                  product({v.images, op.a, clip_seq * clip_seq}, 5));
                    break;
                case OpKind::clip_embeddings: line(lab, "CUDA FLOPs = images x S x hidden = " + product({v.images, clip_seq, op.a})); break;
                default: break;
            }
        }
        return out;
    }
    // Decoder: prefill is one pass over B x S tokens; decode is N-1 passes of B tokens.
    const int64_t B = w.batch, S = w.prefill_tokens, P = w.decode_passes();
    const bool prefill = n.stage == Stage::prefill;
    const int64_t tokens = prefill ? B * S : B;
    const std::string lab = prefill ? "prefill (tokens = " + format_int(B) + " x " + format_int(S) + " = " + format_grouped(tokens) + ")"
                                    : "each of the " + format_int(P) + " decode passes (tokens = batch = " + format_int(B) + ")";
    const std::string total = prefill || P <= 1 ? std::string() : "; x " + format_int(P) + " passes";
    switch (op.kind) {
        case OpKind::linear:
            line(lab, "FLOPs = 2 x tokens x in x out = " + product({tokens, op.a, op.b}, 2) + total);
            break;
        case OpKind::rms_norm: line(lab, "CUDA FLOPs = 4 x tokens x dim = " + product({tokens, op.a}, 4) + total); break;
        case OpKind::silu_gate: line(lab, "CUDA FLOPs = 5 x tokens x intermediate = " + product({tokens, op.a}, 5) + total); break;
        case OpKind::residual_add: line(lab, "CUDA FLOPs = tokens x dim x adds = " + product({tokens, op.a, op.b}) + total); break;
        case OpKind::rotary: line(lab, "torch FLOPs = tokens x rope_dim = " + product({tokens, op.c}) + total); break;
        case OpKind::moe_gate: line(lab, "torch FLOPs = 2 x tokens x hidden x experts = " + product({tokens, op.a, op.b}, 2) + total); break;
        case OpKind::moe_experts: {
            const double touched = double(op.c) * (1 - std::pow(1 - double(op.d) / double(op.c), double(tokens)));
            line(lab, "torch FLOPs = tokens x k x 6 x hidden x intermediate = " + product({tokens, op.d, 6, op.a, op.b}) + total +
                          "; experts touched E(1-(1-k/E)^tokens) = " + format_int(op.c) + " x (1 - (1 - " + format_int(op.d) + "/" +
                          format_int(op.c) + ")^" + format_int(tokens) + ") = " + format_fixed(touched, 2));
            break;
        }
        case OpKind::lm_head:
            if (prefill)
                line(lab, "torch FLOPs = 2 x positions x hidden x vocab = " + product({tokens, op.a, op.b}, 2) +
                              "; executed (last position only) = " + product({B, op.a, op.b}, 2));
            else
                line(lab, "FLOPs = 2 x tokens x hidden x vocab = " + product({tokens, op.a, op.b}, 2) + total);
            break;
        case OpKind::decoder_attention:
            if (prefill) {
                line(lab, "torch FLOPs = 4 x B x heads x S_q x S_kv x head_dim = " + product({B, op.a, S, S, op.b}, 4) +
                              (w.attention == AttentionImpl::flash ? "; flash executes the causal pairs S(S+1)/2: 4 x B x heads x head_dim x " +
                                                                         format_grouped(S * (S + 1) / 2) + " = " +
                                                                         format_grouped(int64_t(4.0 * double(B * op.a * op.b) * double(S * (S + 1) / 2)))
                                                                   : std::string()));
            } else if (P > 0) {
                const int64_t kv_sum = (S + 1 + S + P) * P / 2;  // sum of S+j+1 for j = 0..P-1
                line("decode", "pass j attends to S+j+1 keys; sum over the " + format_int(P) + " passes of S_kv = (" + format_int(S + 1) +
                                   " + " + format_int(S + P) + ") x " + format_int(P) + " / 2 = " + format_grouped(kv_sum) +
                                   "; torch FLOPs = 4 x B x heads x head_dim x sum = " + product({B, op.a, op.b, kv_sum}, 4) +
                                   "; KV read per pass 2 x S_kv x kv_heads x head_dim elements per sequence");
            }
            break;
        default: break;
    }
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
    if (const char* f = formula_of(n.op.kind); *f) out += "formula: " + std::string(f) + "\n";
    if (n.op.kind != OpKind::none) {
        const std::string numbers = substituted(a, n);
        if (!numbers.empty()) out += "with the numbers:\n" + numbers;
    }
    if (n.op.kind == OpKind::none && !n.children.empty()) out += "formula: the sum of its " + format_int(int64_t(n.children.size())) + " children.\n";
    if (m.stage == Stage::decode)
        out += "decode: summed exactly over " + format_int(a.workload.decode_passes()) +
               " passes, the KV length growing from S+1 = " + format_int(a.workload.prefill_tokens + 1) + " to S+N-1 = " +
               format_int(a.workload.kv_tokens_final()) + ".\n";
    const LayerCost& c = m.cost;
    out += "FLOPs: torch " + format_grouped(int64_t(c.flops_torch)) + ", executed tensor " +
           format_grouped(int64_t(c.flops_tensor)) + " + CUDA " + format_grouped(int64_t(c.flops_cuda)) + "\n";
    out += "bytes: weights " + format_bytes(c.weight_bytes()) + ", activations " + format_bytes(c.activation_bytes()) +
           ", KV " + format_bytes(c.kv_bytes()) + "; intensity " + format_fixed(m.intensity, 1) + " FLOP/B\n";
    out += "kernels: fused " + format_number(c.kernels) + ", eager " + format_number(c.eager_kernels) + "\n";
    out += "time: " + format_seconds(m.time_s) + " (" + std::string(bound_name(m.bound)) + "-bound; compute " +
           format_seconds(m.time.compute_bound_s) + ", memory " + format_seconds(m.time.memory_bound_s) + ", overhead " +
           format_seconds(m.time.overhead_bound_s) + ") on " + a.gpu.display_name + ", profile " + a.profile.name + "\n";
    out += "memory: weights " + format_bytes(c.resident_weight_bytes) + ", live activations " +
           format_bytes(c.resident_activation_bytes) + ", KV " + format_bytes(c.resident_kv_bytes) + "\n";
    return out;
}

}  // namespace mm
