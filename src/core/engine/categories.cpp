#include "core/engine/categories.hpp"

namespace mm {

std::string_view category_id(OperatorCategory c) {
    switch (c) {
        case OperatorCategory::conv2d: return "conv2d";
        case OperatorCategory::linear: return "linear";
        case OperatorCategory::attention: return "attention";
        case OperatorCategory::norm: return "norm";
        case OperatorCategory::activation: return "activation";
        case OperatorCategory::embedding: return "embedding";
        case OperatorCategory::moe: return "moe";
        case OperatorCategory::other: return "other";
    }
    return "other";
}

std::string_view category_display_name(OperatorCategory c) {
    switch (c) {
        case OperatorCategory::conv2d: return "Convolution";
        case OperatorCategory::linear: return "Linear (GEMM)";
        case OperatorCategory::attention: return "Attention";
        case OperatorCategory::norm: return "Normalisation";
        case OperatorCategory::activation: return "Activation";
        case OperatorCategory::embedding: return "Embedding";
        case OperatorCategory::moe: return "Mixture of experts";
        case OperatorCategory::other: return "Other";
    }
    return "Other";
}

std::string_view category_description(OperatorCategory c) {
    switch (c) {
        case OperatorCategory::conv2d: return "SAM's patch embedding, neck and downsampling convolutions.";
        case OperatorCategory::linear: return "Dense projections (qkv, out, MLP, projector, dense SwiGLU, shared experts, lm_head).";
        case OperatorCategory::attention:
            return "Attention cores (SAM window/global with decomposed rel-pos, CLIP, decoder MHA) and rotary embeddings.";
        case OperatorCategory::norm: return "LayerNorm, LayerNorm2d and RMSNorm.";
        case OperatorCategory::activation: return "GELU, QuickGELU and the SiLU gate of SwiGLU.";
        case OperatorCategory::embedding: return "Token embedding gather and CLIP's class token and position embeddings.";
        case OperatorCategory::moe: return "MoE gate (softmax, top-k) and the routed experts.";
        case OperatorCategory::other:
            return "Residual adds, position-embedding adds, window layout copies, feature concatenation, newline and "
                   "separator tokens.";
    }
    return "";
}

CategoryBreakdown category_breakdown(const Analysis& analysis, int root) {
    CategoryBreakdown out{};
    const auto& nodes = analysis.tree->nodes;
    if (root < 0 || root >= int(nodes.size())) return out;
    // Pre-order: the subtree of `root` is nodes[root, subtree_end). Each module's own op, as analyze()
    // costed it, goes to that op's category.
    for (int i = root; i < nodes[size_t(root)].subtree_end; ++i) {
        const ModuleNode& node = nodes[size_t(i)];
        if (!has_op(node.op)) continue;
        const NodeResult& r = analysis.result(i);
        auto& t = out[size_t(op_category(node.op))];
        t.flops += flops_under(r.own, analysis.workload.convention).total();
        t.bytes += r.own.bytes();
        t.time_s += r.own_time.time_s;
        t.own_ops += 1;
    }
    return out;
}

}  // namespace mm
