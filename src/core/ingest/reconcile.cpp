// TorchInfo's numbers beside the engine's, per module instance (DeepSeek-OCR). Parameter counts are
// reliable in TorchInfo and must agree; its Mult-Adds are not FLOPs/2 for this model (docs/domain.md
// section 5), so each known way it undercounts is named instead of being reported as an error.
#include <cmath>
#include <unordered_map>

#include "core/engine/analysis.hpp"
#include "core/ingest/ingest_util.hpp"
#include "core/ingest/layer_shapes.hpp"

namespace mm {
namespace {

using namespace ingest;

struct Value {
    bool known = true;
    int64_t v = 0;
};

// Subtree parameters of every row: a leaf row's cell (or, for a "(recursive)" repeat, the first
// call's), a parent's leftover cell plus its children's subtrees. Unknown when a leaf row's
// parameters are never printed (a module shown only as "(recursive)" at the printed depth).
std::vector<Value> subtree_params(const std::vector<TorchInfoRow>& rows) {
    std::unordered_map<std::string, int64_t> leaf_params;
    for (const TorchInfoRow& r : rows)
        if (!r.is_recursive && !r.shows_children && r.named)
            leaf_params.emplace(r.instance_name, r.params_subtree ? *r.params_subtree : r.params);
    std::vector<Value> v(rows.size());
    for (std::size_t i = rows.size(); i-- > 0;) {
        const TorchInfoRow& r = rows[i];
        if (r.params_subtree && !r.is_recursive) {
            v[i] = {true, *r.params_subtree};
            continue;
        }
        if (!r.shows_children) {
            if (!r.is_recursive) v[i] = {true, r.params};
            else if (auto it = leaf_params.find(r.instance_name); it != leaf_params.end()) v[i] = {true, it->second};
            else v[i] = {false, 0};
            continue;
        }
        Value sum{true, r.is_recursive ? 0 : r.params};
        for (std::size_t j = i + 1; j < rows.size() && rows[j].depth > r.depth; ++j) {
            if (rows[j].depth != r.depth + 1) continue;
            sum.known = sum.known && v[j].known;
            sum.v = add_saturating(sum.v, v[j].v);
        }
        v[i] = sum;
    }
    return v;
}

std::string n(int64_t v) { return with_commas(v); }

}  // namespace

std::string_view verdict_name(Reconciled::Verdict v) {
    switch (v) {
        case Reconciled::Verdict::agree: return "agree";
        case Reconciled::Verdict::params_differ: return "params_differ";
        case Reconciled::Verdict::fused_attention: return "fused_attention";
        case Reconciled::Verdict::moe_trace: return "moe_trace";
        case Reconciled::Verdict::hidden_below_depth: return "hidden_below_depth";
        case Reconciled::Verdict::undercounted: return "undercounted";
        case Reconciled::Verdict::mult_adds_differ: return "mult_adds_differ";
        case Reconciled::Verdict::not_in_engine: return "not_in_engine";
    }
    return "unknown";
}

std::vector<Reconciled> reconcile(const TorchInfoRun& run, const Analysis& analysis) {
    std::unordered_map<std::string_view, int> engine;  // name -> node index; vision first, then prefill
    const auto& nodes = analysis.tree->nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].stage != Stage::decode && !nodes[i].name.empty()) engine.emplace(nodes[i].name, int(i));

    const std::vector<Value> sub = subtree_params(run.rows);
    std::vector<Reconciled> out;
    std::unordered_map<std::string, std::size_t> index;
    std::unordered_map<std::size_t, int64_t> outputs;  // output elements of each instance's calls
    for (std::size_t i = 0; i < run.rows.size(); ++i) {
        const TorchInfoRow& r = run.rows[i];
        if (!r.named || r.instance_name.empty()) continue;
        auto [it, fresh] = index.emplace(r.instance_name, out.size());
        if (fresh) {
            Reconciled rc;
            rc.name = r.instance_name;
            rc.class_name = r.class_name;
            out.push_back(std::move(rc));
        }
        Reconciled& rc = out[it->second];
        ++rc.calls;
        if (!r.is_recursive && sub[i].known && !rc.torchinfo_params) rc.torchinfo_params = sub[i].v;
        if (r.mult_adds) rc.torchinfo_mult_adds = rc.torchinfo_mult_adds.value_or(0) + *r.mult_adds;
        if (!r.output_shapes.empty()) outputs[it->second] += elements(r.output_shapes[0]);
    }
    // A module seen only in "(recursive)" rows whose subtree is nonetheless known (children printed).
    for (std::size_t i = 0; i < run.rows.size(); ++i) {
        const TorchInfoRow& r = run.rows[i];
        if (!r.named || r.instance_name.empty()) continue;
        Reconciled& rc = out[index[r.instance_name]];
        if (!rc.torchinfo_params && sub[i].known && r.shows_children) rc.torchinfo_params = sub[i].v;
    }

    using V = Reconciled::Verdict;
    for (Reconciled& rc : out) {
        auto e = engine.find(rc.name);
        if (e == engine.end()) {
            rc.verdict = V::not_in_engine;
            rc.why = "The engine's module tree has no module named " + rc.name + ".";
            continue;
        }
        rc.engine_params = analysis.node(e->second).params;
        rc.engine_mult_adds = analysis.result(e->second).cost.flops_torch / 2.0;
        if (!rc.torchinfo_params) {
            rc.verdict = V::hidden_below_depth;
            rc.why = "TorchInfo never prints this module's parameters: it sits below the printed depth behind a row shown only as "
                     "\"(recursive)\" (as DeepSeek-OCR's 24 CLIP blocks do, docs/domain.md section 5); the engine counts " + n(*rc.engine_params) + ".";
            continue;
        }
        rc.params_agree = *rc.torchinfo_params == *rc.engine_params;
        if (!rc.params_agree) {
            rc.verdict = V::params_differ;
            rc.why = "TorchInfo counts " + n(*rc.torchinfo_params) + " parameters, the engine " + n(*rc.engine_params) +
                     "; parameter counts are reliable in TorchInfo, so the engine's tree or config is off here.";
            continue;
        }
        const double ti = double(rc.torchinfo_mult_adds.value_or(0));
        const double en = *rc.engine_mult_adds;
        if (rc.class_name == "LlamaFlashAttention2") {
            rc.verdict = V::fused_attention;
            rc.why = "TorchInfo shows " + n(rc.torchinfo_mult_adds.value_or(0)) +
                     " mult-adds, its parameter count: the flash-attention core is a function call TorchInfo cannot see, and it "
                     "counts the projections' weights once, not per token (docs/domain.md section 5).";
        } else if (rc.class_name == "DeepseekV2MoE") {
            rc.verdict = V::moe_trace;
            rc.why = "TorchInfo's mult-adds reflect whichever experts this trace routed to, counted per call; the engine counts "
                     "top-k routed experts + the shared experts for every token, independent of routing (docs/domain.md section 3).";
        } else if (!rc.torchinfo_mult_adds || (en > 0 && std::fabs(ti - en) <= 0.01 * en) || (en == 0 && ti == 0)) {
            rc.verdict = V::agree;
            rc.why = rc.torchinfo_mult_adds ? "Parameters and mult-adds agree." : "Parameters agree; TorchInfo records no mult-adds here.";
        } else if (ti < en) {
            rc.verdict = V::undercounted;
            rc.why = "Parameters agree; TorchInfo's " + n(rc.torchinfo_mult_adds.value_or(0)) + " mult-adds are below the engine's " +
                     n(int64_t(std::llround(en))) + ": it multiplies a Linear's or norm's parameters by the first dimension only "
                     "(not every token) and misses work done in F.* calls (attention cores, rel-pos, activations).";
        } else if (const int64_t bias = outputs[index[rc.name]]; en > 0 && bias > 0 && ti - en == double(bias)) {
            rc.verdict = V::mult_adds_differ;
            rc.why = "Parameters agree; TorchInfo's " + n(rc.torchinfo_mult_adds.value_or(0)) + " mult-adds count the bias add of each of the " +
                     n(bias) + " output elements as one; the engine's " + n(int64_t(std::llround(en))) +
                     " are the multiply-adds alone (FlopCounterMode's rule; executed FLOPs count the bias on CUDA cores).";
        } else {
            rc.verdict = V::mult_adds_differ;
            rc.why = "Parameters agree; TorchInfo shows " + n(rc.torchinfo_mult_adds.value_or(0)) + " mult-adds, the engine " +
                     n(int64_t(std::llround(en))) + (rc.class_name == "Embedding"
                                                          ? ": an embedding is a lookup, which TorchInfo counts as one multiply-add per table entry."
                                                          : ".");
        }
    }
    return out;
}

}  // namespace mm
