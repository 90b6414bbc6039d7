// explain_module: how one module was costed, in words and numbers (the formula pane, layer docs).
#include "core/api.hpp"
#include "core/format.hpp"

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

}  // namespace

std::string explain_module(const Analysis& a, int index) {
    if (index < 0 || size_t(index) >= a.modules.size()) return "No such module.\n";
    const ModuleRow& m = a.modules[size_t(index)];
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
    else if (!n.children.empty()) out += "formula: the sum of its " + format_int(int64_t(n.children.size())) + " children.\n";
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
