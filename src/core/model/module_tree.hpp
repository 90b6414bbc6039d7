#pragma once
// The module tree of a model: every module instance (named as in the vendor code), the stage it
// runs in, its constructor parameters, its parameter count and, for modules that do work of their
// own, the op that work is. Built once per model (it does not depend on the workload); analyze()
// evaluates the ops for a workload.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mm {

enum class Stage { vision, prefill, decode };
// Which part of the model a module belongs to; vision splits into SAM, CLIP, projector and the
// image-token layout (newlines, view separator).
enum class Component { sam, clip, projector, layout, decoder, root };
enum class Repetition { none, for_loop, parfor };

std::string_view stage_name(Stage s);
std::string_view component_name(Component c);
std::string_view repetition_name(Repetition r);

// The work a module does itself (beyond its children). Dimensions are constructor dimensions;
// token counts come from the workload when the op is evaluated.
enum class OpKind : uint8_t {
    none,
    conv2d,            // a: in ch, b: out ch, c: kernel, d: stride, e: padding, flag: bias
    linear,            // a: in, b: out, flag: bias; tokens chosen by `tokens`
    layer_norm,        // a: dim
    layer_norm2d,      // a: channels
    rms_norm,          // a: dim
    gelu,              // a: dim
    quick_gelu,        // a: dim
    silu_gate,         // a: intermediate dim (SiLU(gate) * up)
    residual_add,      // a: dim, b: number of residual adds
    sam_pos_embed,     // absolute position embedding add (a: dim)
    sam_window_copy,   // window partition + unpartition copies (a: dim); no-op for global blocks
    sam_rel_pos,       // decomposed relative position bias (a: heads, b: head dim)
    sam_attention,     // SDPA with the rel-pos bias as mask (a: heads, b: head dim)
    sam_attention_layout,  // q/k/v and output permute copies around SDPA (a: heads, b: head dim)
    clip_embeddings,   // CLS concat + position add (a: hidden)
    clip_attention,    // full (non-causal) SDPA (a: heads, b: head dim)
    projector_concat,  // cat(CLIP without CLS, SAM flattened) (a: clip hidden, b: sam channels)
    image_newline,     // newline insertion per feature row (a: n_embed)
    view_separator,    // final concat of the views and the separator (a: n_embed)
    embedding,         // token embedding gather (a: vocab, b: hidden) + image scatter in prefill
    rotary,            // RoPE on q and k (a: heads, b: head dim, c: rope dim, d: kv heads)
    decoder_attention, // causal MHA over the KV cache (a: heads, b: head dim, c: kv heads)
    moe_gate,          // a: hidden, b: experts, c: top-k
    moe_experts,       // routed SwiGLU experts (a: hidden, b: intermediate, c: experts, d: top-k)
    lm_head,           // a: hidden, b: vocab
};

// Which token count a linear op runs over.
enum class TokenSet : uint8_t {
    none,
    sam_grid,        // SAM patch tokens, unpadded (MLP)
    sam_attn,        // SAM attention tokens: padded to whole windows, or the grid for global blocks
    clip_seq,        // CLIP sequence (features + CLS)
    projector,       // SAM/CLIP features without CLS
    decoder,         // decoder tokens of the pass (S in prefill, 1 per sequence in decode)
};

struct OpSpec {
    OpKind kind = OpKind::none;
    TokenSet tokens = TokenSet::none;
    bool flag = false;
    bool global_attention = false;  // SAM block attention type
    int64_t a = 0, b = 0, c = 0, d = 0, e = 0;
    // conv2d: input side = SAM patch grid / f, or the view's pixels when f == 0
    int64_t f = 1;
};

struct ModuleNode {
    std::string id;          // unique: "<stage>/<vendor instance name>", or the stage name for roots
    std::string name;        // vendor instance name relative to model.model, e.g. "layers.5.mlp.experts"
    std::string class_name;  // vendor class, e.g. "DeepseekV2MoE"; functional ops: "F.<fn>"
    Stage stage = Stage::vision;
    Component component = Component::root;
    int parent = -1;         // index into ModuleTree::nodes, -1 for the stage roots
    int depth = 0;
    std::vector<int> children;
    Repetition repetition = Repetition::none;
    int64_t repetition_count = 0;
    bool is_function = false;  // a functional op in the vendor code, not an nn.Module instance
    std::vector<std::pair<std::string, std::string>> constructor_params;
    int64_t params_own = 0;    // parameters held directly by this module (not by children)
    int64_t params = 0;        // parameters of the subtree
    OpSpec op;                 // work done by the module itself
    bool never_called = false;   // exists (its parameters count) but never runs, e.g. CLIP's patch Conv2d
    int subtree_end = 0;         // one past the last node of this subtree (pre-order: the subtree is contiguous)
    int same_as = -1;            // an earlier node whose subtree costs exactly the same in any workload, or -1
    int result = 0;              // index of its NodeResult in an Analysis: shared by subtrees that cost the same
    int64_t decoder_layer = -1;  // decoder layer index, -1 elsewhere
    int64_t sam_block = -1;      // SAM block index, -1 elsewhere
};

// Nodes are in pre-order (a parent before its children; siblings in execution order).
struct ModuleTree {
    std::vector<ModuleNode> nodes;
    int64_t params_total = 0;    // every parameter of the model, lm_head included, each counted once
    int64_t params_lm_head = 0;
    int64_t params_vision = 0;   // SAM + CLIP + projector + newline/separator
    int64_t params_decoder = 0;  // embedding + layers + final norm + lm_head
    // Parameters of one routed expert; weight reads in MoE layers depend on how many are touched.
    int64_t params_per_expert = 0;
    int result_count = 0;        // distinct NodeResults an analysis of this tree holds
};

}  // namespace mm
