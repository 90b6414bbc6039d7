#include "core/model/module_tree.hpp"

#include <map>
#include <utility>

namespace mm {

std::string_view stage_name(Stage s) {
    switch (s) {
        case Stage::vision: return "vision";
        case Stage::prefill: return "prefill";
        case Stage::decode: return "decode";
        case Stage::forward: return "forward";
    }
    return "vision";
}

std::string_view component_name(Component c) {
    switch (c) {
        case Component::sam: return "sam";
        case Component::clip: return "clip";
        case Component::projector: return "projector";
        case Component::layout: return "layout";
        case Component::decoder: return "decoder";
        case Component::root: return "root";
        case Component::qwen2: return "qwen2";
    }
    return "root";
}

std::string_view repetition_name(Repetition r) {
    switch (r) {
        case Repetition::none: return "none";
        case Repetition::for_loop: return "for";
        case Repetition::parfor: return "parfor";
    }
    return "none";
}

namespace {

// A subtree's cost depends only on its stage, its ops (kind and dimensions) and its shape; two
// subtrees with the same signature cost the same in every workload, so analyze() evaluates the first
// and copies it (decoder layers 2..11, SAM blocks, CLIP layers, a ResNet's identical blocks).
std::string signature(const ModuleNode& n, const std::vector<std::string>& child_sigs) {
    std::string sig = std::string(stage_name(n.stage)) + "|" + std::string(component_name(n.component)) + "|" + n.class_name +
                      "|" + op_key(n.op) + "," + (n.never_called ? "1" : "0") + "," + std::to_string(n.params_own) + "(";
    for (int c : n.children) sig += child_sigs[size_t(c)] + ";";
    return sig + ")";
}

}  // namespace

void finish_tree(ModuleTree& tree) {
    auto& nodes = tree.nodes;
    std::vector<std::string> sigs(nodes.size());
    for (size_t i = nodes.size(); i-- > 0;) {
        nodes[i].subtree_end = nodes[i].children.empty() ? int(i) + 1 : nodes[size_t(nodes[i].children.back())].subtree_end;
        sigs[i] = signature(nodes[i], sigs);
    }
    std::map<std::string, int> first;
    tree.result_count = 0;
    for (size_t i = 0; i < nodes.size(); ++i) {
        auto [it, inserted] = first.emplace(sigs[i], int(i));
        nodes[i].same_as = inserted ? -1 : it->second;
        // A subtree that costs the same as an earlier one shares its results, node by node.
        nodes[i].result = nodes[i].same_as >= 0 ? nodes[size_t(nodes[i].same_as)].result : tree.result_count++;
    }
    // Post-order over the distinct subtrees: a node's step follows its descendants'; a shared child's
    // result comes from an earlier node, whose subtree (never an ancestor) ended before this one began.
    tree.eval_steps.clear();
    tree.eval_children.clear();
    for (size_t i = 0; i < nodes.size(); i = size_t(nodes[i].subtree_end)) {
        // Iterative post-order of the root's subtree, skipping shared subtrees.
        std::vector<std::pair<int, size_t>> todo{{int(i), 0}};
        while (!todo.empty()) {
            auto& [n, next] = todo.back();
            const ModuleNode& node = nodes[size_t(n)];
            if (next < node.children.size()) {
                const int c = node.children[next++];
                if (nodes[size_t(c)].same_as < 0) todo.push_back({c, 0});
                continue;
            }
            EvalStep step{n, node.result, int(tree.eval_children.size()), 0};
            for (int c : node.children) tree.eval_children.push_back(nodes[size_t(c)].result);
            step.children_end = int(tree.eval_children.size());
            tree.eval_steps.push_back(step);
            todo.pop_back();
        }
    }
    for (ModuleNode& n : nodes) n.params = 0;
    for (size_t i = nodes.size(); i-- > 0;) {
        nodes[i].params += nodes[i].params_own;
        if (nodes[i].parent >= 0) nodes[size_t(nodes[i].parent)].params += nodes[i].params;
    }
    // The decode stage runs the prefill stage's modules again: their parameters count once.
    tree.params_vision = tree.params_decoder = 0;
    int64_t forward = 0;
    for (const ModuleNode& n : nodes) {
        if (n.parent >= 0) continue;
        if (n.stage == Stage::vision) tree.params_vision = n.params;
        if (n.stage == Stage::prefill) tree.params_decoder = n.params;
        if (n.stage == Stage::forward) forward += n.params;
    }
    tree.params_total = tree.params_vision + tree.params_decoder + forward;
}

}  // namespace mm
