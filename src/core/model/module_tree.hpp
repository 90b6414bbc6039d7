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

#include "core/ops/op.hpp"

namespace mm {

// vision / prefill / decode: DeepSeek-OCR's stages. forward: one forward pass of a plain network (a
// TorchInfo summary of any model) over the batch.
enum class Stage { vision, prefill, decode, forward };
inline constexpr Stage kStages[] = {Stage::vision, Stage::prefill, Stage::decode, Stage::forward};
// Which part of the model a module belongs to; vision splits into SAM, CLIP (DeepSeek-OCR) or the
// Qwen2 encoder (DeepSeek-OCR 2), projector and the image-token layout (newlines, view separator).
enum class Component { sam, clip, projector, layout, decoder, root, qwen2 };
enum class Repetition { none, for_loop, parfor };

std::string_view stage_name(Stage s);
std::string_view component_name(Component c);
std::string_view repetition_name(Repetition r);

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
    Op op;                     // work done by the module itself (ops/op.hpp); monostate: none
    // Why the module's own work could not be costed ("" when it was, or when it has none): a class no
    // formula knows, a shape that was not recorded. Reported as uncosted, never as free.
    std::string uncosted;
    // How the module's own work was estimated ("" when an exact formula costed it): a row with
    // parameters that no formula knows. Reported as estimated, apart from what was derived.
    std::string estimated;
    bool never_called = false;   // exists (its parameters count) but never runs, e.g. CLIP's patch Conv2d
    int subtree_end = 0;         // one past the last node of this subtree (pre-order: the subtree is contiguous)
    int same_as = -1;            // an earlier node whose subtree costs exactly the same in any workload, or -1
    int result = 0;              // index of its NodeResult in an Analysis: shared by subtrees that cost the same
    int64_t decoder_layer = -1;  // decoder layer index, -1 elsewhere
    int64_t sam_block = -1;      // SAM block index, -1 elsewhere
};

// One distinct subtree for analyze() to evaluate: its first node's own op, then its children's
// results added in execution order.
struct EvalStep {
    int node = 0;             // the subtree's first node (op, stage, params_own, never_called)
    int result = 0;           // where its NodeResult goes
    int children_begin = 0;   // [begin, end) of ModuleTree::eval_children: its children's results
    int children_end = 0;
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
    // KV-cache elements one token adds across all layers (K and V), 0 for a model without a cache.
    int64_t kv_elements_per_token = 0;
    int result_count = 0;        // distinct NodeResults an analysis of this tree holds
    // The distinct subtrees in post-order (every child's result is ready before its parent's step), and
    // the flat list of children's results they read: analyze() walks this, not the nodes.
    std::vector<EvalStep> eval_steps;
    std::vector<int> eval_children;
};

// Completes a builder's tree (nodes, parents, children, ops, params_own set): subtree extents, shared
// results (ModuleNode::same_as, result), subtree parameter counts and the tree's parameter totals.
void finish_tree(ModuleTree& tree);

}  // namespace mm
