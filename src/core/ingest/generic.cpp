// Any model: the cost of the leaf rows of a TorchInfo table from their class and shapes, the share
// of the estimated cost whose class maps to a known kind, and the footer's totals from the rows.
//
// Conventions (docs/domain.md section 3, torch convention for the matmul part): 2 FLOPs per
// multiply-add of linear, convolution and attention matmuls (bias adds not counted). Element-wise
// work is counted apart, per output element: batch_norm 2 (folded scale + shift at inference),
// rms_norm 4, layer_norm / group_norm / layer_norm2d 7 (mean, variance, normalise, scale, shift),
// gelu 8, quick_gelu / silu 4, other activations 1, softmax 5 (max, subtract, exp, sum, divide),
// pooling = window size. Bytes: weights + every input tensor + the first output, each read or
// written once at `element_bytes` (embedding: only the gathered rows of the table, 8-byte indices).
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/ingest/ingest_util.hpp"
#include "core/ingest/layer_shapes.hpp"

namespace mm {
namespace {

using namespace ingest;

bool has_formula(std::string_view k) {
    static constexpr std::string_view kinds[] = {
        "conv1d",  "conv2d",      "conv3d",   "linear",   "layer_norm", "layer_norm2d", "rms_norm",
        "batch_norm", "group_norm", "gelu",   "quick_gelu", "silu",     "activation",   "softmax",
        "embedding", "multihead_attention", "pooling", "adaptive_pooling", "dropout", "identity", "reshape"};
    return std::find(std::begin(kinds), std::end(kinds), k) != std::end(kinds);
}

std::string num(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return with_commas(int64_t(v));
    return std::to_string(v);
}

// Parameters of a row's module: its own cell, or for a "(recursive)" call the first call's.
int64_t row_params(const TorchInfoRow& r, const std::unordered_map<std::string, int64_t>& first_params) {
    if (!r.is_recursive) return r.params_subtree && !r.shows_children ? *r.params_subtree : r.params;
    if (!r.named) return 0;
    auto it = first_params.find(r.instance_name);
    return it == first_params.end() ? 0 : it->second;
}

std::unordered_map<std::string, int64_t> first_call_params(const TorchInfoRun& run) {
    std::unordered_map<std::string, int64_t> m;
    for (const TorchInfoRow& r : run.rows)
        if (!r.is_recursive && r.named && !r.shows_children)
            m.emplace(r.instance_name, r.params_subtree ? *r.params_subtree : r.params);
    return m;
}

void cost_layer(GenericLayer& g, const TorchInfoRow& r, double eb) {
    const std::string& k = g.kind;
    const Shape& in = g.input;
    const Shape& out = g.output;
    const double out_n = double(elements(out));
    double in_n = 0;
    for (const Shape& s : r.input_shapes) in_n += double(elements(s));
    if (k == "dropout" || k == "identity" || k == "reshape") {
        g.status = GenericLayer::Status::costed;
        g.formula = k + ": no work at inference (a view or the identity)";
        return;
    }
    if (out.empty() && r.output_shapes.empty()) {
        g.status = GenericLayer::Status::no_shapes;
        g.formula = "no output shape recorded";
        return;
    }
    g.weight_bytes = double(g.params) * eb;
    g.input_bytes = in_n * eb;
    g.output_bytes = out_n * eb;
    g.status = GenericLayer::Status::costed;
    if (k == "linear") {
        const int64_t O = out.empty() ? 0 : out.back();
        if (O <= 0) {
            g.status = GenericLayer::Status::no_shapes;
            g.formula = "linear: the output has no last dimension";
            return;
        }
        const int64_t I = linear_in_features(in, g.params, O);
        const double tokens = out_n / double(O);
        g.flops_matmul = 2.0 * tokens * double(I) * double(O);
        g.formula = "linear: 2 x tokens " + num(tokens) + " x in " + num(double(I)) + " x out " + num(double(O)) + " = " + num(g.flops_matmul);
    } else if (k == "conv1d" || k == "conv2d" || k == "conv3d") {
        if (out.size() < 3 || g.params <= 0) {
            g.status = GenericLayer::Status::no_shapes;
            g.formula = k + ": needs an [N, C, ...] output and the parameter count";
            return;
        }
        const int64_t cout = out[1];
        const int64_t cin = in.size() >= 2 ? in[1] : 0;
        bool bias = false;
        const int64_t per_out = conv_weights_per_output(g.params, cout, cin, r.kernel.empty() ? 0 : elements(r.kernel), bias);
        g.flops_matmul = 2.0 * out_n * double(per_out);
        g.formula = k + ": 2 x output elements " + num(out_n) + " x weights per output " + num(double(per_out)) +
                    " ((in/groups) x kernel) = " + num(g.flops_matmul);
    } else if (k == "embedding") {
        // A gather: reads the looked-up rows, writes them; indices are int64.
        g.weight_bytes = out_n * eb;
        g.input_bytes = in_n * 8;
        g.formula = "embedding: no FLOPs; reads " + num(out_n) + " table elements (the gathered rows) and " + num(in_n) + " int64 indices";
    } else if (k == "multihead_attention") {
        const int64_t E = out.empty() ? 0 : out.back();
        if (E <= 0 || out.size() != 3) {
            g.status = GenericLayer::Status::no_shapes;
            g.formula = "multihead_attention: needs a 3-D [L, N, E] or [N, L, E] shape";
            return;
        }
        const bool batch_first = mha_batch_first(out);
        const double L = double(batch_first ? out[1] : out[0]);
        const double T = out_n / double(E);
        g.flops_matmul = 8.0 * T * double(E) * double(E) + 4.0 * T * L * double(E);
        g.formula = "multihead_attention: projections 8 x tokens " + num(T) + " x E^2 (E " + num(double(E)) + ") + core 4 x tokens x L " +
                    num(L) + " x E = " + num(g.flops_matmul) + " (softmax not counted: the head count is not recorded)" + (batch_first ? " (assumed batch_first: the first dimension is 1)"
                                                                            : " (assumed sequence-first [L, N, E], PyTorch's default)");
    } else if (k == "pooling" || k == "adaptive_pooling") {
        const double window = pooling_window(in, out, r.kernel);
        g.flops_elementwise = out_n * window;
        g.formula = k + ": output elements " + num(out_n) + " x window " + num(window) + " = " + num(g.flops_elementwise);
    } else {
        const double per = elementwise_per_output(k);
        g.flops_elementwise = out_n * per;
        g.formula = k + ": output elements " + num(out_n) + " x " + num(per) + " per element = " + num(g.flops_elementwise);
    }
}

}  // namespace

std::string_view generic_status_name(GenericLayer::Status s) {
    switch (s) {
        case GenericLayer::Status::costed: return "costed";
        case GenericLayer::Status::composite: return "composite";
        case GenericLayer::Status::unclassified: return "unclassified";
        case GenericLayer::Status::no_shapes: return "no_shapes";
    }
    return "unknown";
}

GenericAnalysis analyze_generic(const TorchInfoRun& run, const ClassMap& map, double element_bytes) {
    GenericAnalysis g;
    g.element_bytes = element_bytes > 0 && std::isfinite(element_bytes) ? element_bytes : 2;
    const std::string root = run.root_class();
    const auto first = first_call_params(run);
    std::map<std::string, int> unclassified, composite;
    for (const TorchInfoRow& r : run.rows) {
        if (r.shows_children) continue;
        GenericLayer l;
        l.name = r.instance_name.empty() && r.named ? std::string("(root)") : r.instance_name;
        l.class_name = r.class_name;
        l.kind = classify(map, r.class_name_qualified, r.class_name, root);
        l.line = r.line;
        l.depth = r.depth;
        if (!r.input_shapes.empty()) l.input = r.input_shapes[0];
        if (!r.output_shapes.empty()) l.output = r.output_shapes[0];
        l.params = row_params(r, first);
        l.torchinfo_mult_adds = r.mult_adds;
        if (l.kind.empty()) {
            l.status = GenericLayer::Status::unclassified;
            l.formula = "class " + r.class_name + " is not in torchinfo/class-map.json";
            ++unclassified[r.class_name];
        } else if (!has_formula(l.kind)) {
            l.status = GenericLayer::Status::composite;
            l.formula = l.kind + ": a composite or model-specific kind; its cost needs the model's own builder";
            ++composite[r.class_name];
        } else {
            cost_layer(l, r, g.element_bytes);
        }
        l.flops = l.flops_matmul + l.flops_elementwise;
        l.bytes = l.weight_bytes + l.input_bytes + l.output_bytes;
        if (l.status == GenericLayer::Status::costed) {
            g.flops += l.flops;
            g.bytes += l.bytes;
        }
        if (!r.is_recursive) g.params += l.params;
        g.layers.push_back(std::move(l));
    }
    for (const auto& [name, n] : unclassified) g.unclassified.push_back(name);
    for (const auto& [name, n] : composite) g.composite.push_back(name);
    if (!g.unclassified.empty())
        g.notes.push_back(std::to_string(g.unclassified.size()) + " classes have no kind in torchinfo/class-map.json; their rows are listed as unclassified, not costed.");
    return g;
}

ClassCoverage class_coverage(const TorchInfoRun& run, const ClassMap& map, bool composites_costed) {
    ClassCoverage cov;
    const std::string root = run.root_class();
    std::map<std::string, ClassCoverage::Entry> entries;  // by qualified name, else short
    auto entry = [&](const std::string& q, const std::string& s) -> ClassCoverage::Entry& {
        auto& e = entries[q.empty() ? s : q];
        if (e.class_name.empty()) {
            e.class_name = s;
            e.class_name_qualified = q;
            e.kind = classify(map, q, s, root, &e.matched_by);
        }
        return e;
    };
    for (const TorchInfoClass& c : run.classes) {
        auto& e = entry(c.class_name_qualified, c.class_name);
        e.instances = std::max<int64_t>(int64_t(c.instance_names.size()), 1);
    }
    if (!run.rows.empty()) {
        const GenericAnalysis g = analyze_generic(run, map, 2);
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0, li = 0; i < run.rows.size(); ++i) {
            const TorchInfoRow& r = run.rows[i];
            // Rows with classes of their own are counted even when they show children.
            auto& e = entry(r.class_name_qualified, r.class_name);
            if (r.named && seen.insert(r.instance_name).second && run.classes.empty()) ++e.instances;
            if (r.shows_children) continue;
            const GenericLayer& l = g.layers[li++];
            double cost = l.status == GenericLayer::Status::costed ? l.flops : r.mult_adds ? 2.0 * double(*r.mult_adds) : 0.0;
            ++e.rows;
            e.cost += cost;
            cov.total += cost;
            if (!e.kind.empty() && (composites_costed || l.status != GenericLayer::Status::composite)) cov.known += cost;
        }
        cov.basis = "estimated FLOPs of the table's leaf rows (the shape formula where the kind has one, else 2 x TorchInfo's mult-adds)";
        if (cov.total > 0) {
            cov.share = cov.known / cov.total;
        } else {
            int64_t rows = 0, known = 0;
            for (const auto& [k, e] : entries) {
                rows += e.rows;
                if (!e.kind.empty()) known += e.rows;
            }
            cov.basis = "leaf rows (no cost recorded)";
            cov.known = double(known);
            cov.total = double(rows);
            cov.share = rows ? double(known) / double(rows) : 1.0;
        }
    } else {
        for (const auto& [k, e] : entries) {
            cov.total += double(e.instances);
            if (!e.kind.empty()) cov.known += double(e.instances);
        }
        cov.basis = "module instances (no table rows: the artifacts record classes only)";
        cov.share = cov.total > 0 ? cov.known / cov.total : 1.0;
    }
    for (auto& [k, e] : entries) {
        if (e.kind.empty()) cov.unclassified.push_back(e.class_name_qualified.empty() ? e.class_name : e.class_name_qualified);
        cov.classes.push_back(std::move(e));
    }
    return cov;
}

FooterCheck check_footer(const TorchInfoRun& run) {
    FooterCheck f;
    if (!run.footer || !run.footer->total_params) {
        f.message = "No printed summary footer was loaded; there is nothing to check.";
        return f;
    }
    f.available = true;
    f.footer_params = *run.footer->total_params;
    f.footer_mult_adds = run.footer->total_mult_adds;
    std::unordered_set<std::string> printed;
    for (const TorchInfoRow& r : run.rows) {
        // TorchInfo prints a parent's leftover parameters and a shown leaf's subtree total, so the
        // non-recursive rows partition the parameters; "(recursive)" rows repeat a module.
        if (!r.is_recursive) {
            f.row_params = add_saturating(f.row_params, r.params);
            if (r.named) printed.insert(r.instance_name);
        }
        if (r.mult_adds) f.row_mult_adds += double(*r.mult_adds);
    }
    // A module whose every row is "(recursive)" and whose children are below the printed depth
    // never shows its parameters (TorchInfo marks a ModuleList iterated inside another module's
    // forward as recursive from its first row).
    for (const TorchInfoRow& r : run.rows)
        if (r.is_recursive && !r.shows_children && r.named && !printed.count(r.instance_name) &&
            std::find(f.hidden_under.begin(), f.hidden_under.end(), r.instance_name) == f.hidden_under.end())
            f.hidden_under.push_back(r.instance_name);
    f.gap = sub_saturating(f.footer_params, f.row_params);
    f.params_match = f.gap == 0;
    if (f.params_match) {
        f.message = "The rows' parameters add up to the footer's Total params " + with_commas(f.footer_params) + ".";
    } else {
        std::string where;
        for (std::size_t i = 0; i < f.hidden_under.size(); ++i) where += (i ? ", " : "") + f.hidden_under[i];
        const bool fewer = f.gap > 0;  // gap = footer - rows
        f.message = "The rows add up to " + with_commas(f.row_params) + " parameters, " + with_commas(fewer ? f.gap : -f.gap) +
                    (fewer ? " fewer" : " more") + " than the footer's Total params " + with_commas(f.footer_params) + "; " +
                    (f.hidden_under.empty() ? std::string("no row explains the difference.")
                                            : "the difference is under rows TorchInfo prints only as \"(recursive)\" with their children below the printed depth: " + where + ".");
    }
    return f;
}

}  // namespace mm
