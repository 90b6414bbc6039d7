// The three JSON kinds of docs/formats.md: torchinfo-unique-layers.json (1), torchinfo-layers.json
// (2) and torchinfo-stages.json (3), with their common header. Parsed without exceptions; every
// field is type-checked and a problem is one sentence naming the file and the JSON path.
#include <cmath>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ingest/ingest_util.hpp"

namespace mm::ingest {
namespace {

using json = nlohmann::json;

class Reader {
public:
    explicit Reader(std::string_view file) : file_(file) {}

    bool ok() const { return !error_; }
    const Diagnostic& error() const { return *error_; }

    void fail(const std::string& path, const std::string& what) {
        if (error_) return;
        error_ = make_error(file_ + ": " + path + " " + what, path);
    }

    static std::string at(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }
    static std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

    const json* find(const json& obj, const char* key) const {
        auto it = obj.find(key);
        return it == obj.end() || it->is_null() ? nullptr : &*it;
    }

    // Required fields fail when missing; optional ones return nullopt.
    std::optional<std::string> text(const json& obj, const std::string& path, const char* key, bool required) {
        const json* v = find(obj, key);
        if (!v) {
            if (required) fail(at(path, key), "is missing; expected a string.");
            return std::nullopt;
        }
        if (!v->is_string()) {
            fail(at(path, key), "must be a string, not " + std::string(v->type_name()) + ".");
            return std::nullopt;
        }
        return v->get_ref<const std::string&>();
    }
    std::optional<int64_t> count(const json& obj, const std::string& path, const char* key, bool required) {
        const json* v = find(obj, key);
        if (!v) {
            if (required) fail(at(path, key), "is missing; expected a whole number.");
            return std::nullopt;
        }
        return count_value(*v, at(path, key));
    }
    std::optional<int64_t> count_value(const json& v, const std::string& path) {
        if (v.is_number_unsigned() || v.is_number_integer()) {
            if (v.is_number_integer() && v.get<int64_t>() < 0) {
                fail(path, "must not be negative (found " + std::to_string(v.get<int64_t>()) + ").");
                return std::nullopt;
            }
            const uint64_t u = v.get<uint64_t>();
            if (u > uint64_t(kMaxCount)) {
                fail(path, "is larger than 2^53, more than any TorchInfo count.");
                return std::nullopt;
            }
            return int64_t(u);
        }
        if (v.is_number_float()) {
            const double d = v.get<double>();
            if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d > double(kMaxCount)) {
                fail(path, "must be a non-negative whole number.");
                return std::nullopt;
            }
            return int64_t(d);
        }
        fail(path, "must be a whole number, not " + std::string(v.type_name()) + ".");
        return std::nullopt;
    }
    std::optional<bool> boolean(const json& obj, const std::string& path, const char* key) {
        const json* v = find(obj, key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            fail(at(path, key), "must be true or false, not " + std::string(v->type_name()) + ".");
            return std::nullopt;
        }
        return v->get<bool>();
    }
    std::vector<std::string> strings(const json& obj, const std::string& path, const char* key) {
        std::vector<std::string> out;
        const json* v = find(obj, key);
        if (!v) return out;
        if (!v->is_array()) {
            fail(at(path, key), "must be an array of strings, not " + std::string(v->type_name()) + ".");
            return out;
        }
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& e = (*v)[i];
            if (!e.is_string()) {
                fail(at(at(path, key), i), "must be a string, not " + std::string(e.type_name()) + ".");
                return out;
            }
            out.push_back(e.get_ref<const std::string&>());
        }
        return out;
    }
    // A shape [d0, d1, ...] of whole numbers.
    std::optional<Shape> shape(const json& v, const std::string& path) {
        Shape s;
        if (v.size() > kMaxShapeRank) {
            fail(path, "has more than " + std::to_string(kMaxShapeRank) + " dimensions.");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto d = count_value(v[i], at(path, i));
            if (!d) return std::nullopt;
            s.push_back(*d);
        }
        if (!numel(s)) {
            fail(path, "describes a tensor of more than 10^12 elements.");
            return std::nullopt;
        }
        return s;
    }
    // input_size / output_size: a shape, a list of shapes, {"tensor_shape": [...]} entries for
    // tensors in kwargs, and repr strings for other objects (skipped).
    std::vector<Shape> shapes(const json& obj, const std::string& path, const char* key) {
        std::vector<Shape> out;
        const json* v = find(obj, key);
        if (!v) return out;
        const std::string p = at(path, key);
        if (v->is_string()) return out;  // "--" or a repr
        if (!v->is_array()) {
            fail(p, "must be a shape list such as [1, 3, 224, 224], not " + std::string(v->type_name()) + ".");
            return out;
        }
        bool all_numbers = true;
        for (const json& e : *v) all_numbers = all_numbers && e.is_number();
        if (all_numbers) {
            if (v->empty()) return out;
            if (auto s = shape(*v, p)) out.push_back(std::move(*s));
            return out;
        }
        for (std::size_t i = 0; i < v->size() && ok(); ++i) {
            const json& e = (*v)[i];
            const std::string pi = at(p, i);
            if (e.is_string() || e.is_null()) continue;
            const json* arr = &e;
            std::string pa = pi;
            if (e.is_object()) {
                arr = find(e, "tensor_shape");
                pa = at(pi, "tensor_shape");
                if (!arr) continue;  // some other object: not a tensor
            }
            if (!arr->is_array()) {
                fail(pa, "must be a shape list, not " + std::string(arr->type_name()) + ".");
                return out;
            }
            if (auto s = shape(*arr, pa)) out.push_back(std::move(*s));
            if (out.size() > 64) {
                fail(p, "lists more than 64 tensors.");
                return out;
            }
        }
        return out;
    }

private:
    std::string file_;
    std::optional<Diagnostic> error_;
};

void read_header(Reader& r, const json& top, TorchInfoHeader& h) {
    if (auto v = r.text(top, "", "generated_at", false)) h.generated_at = *v;
    if (auto v = r.text(top, "", "model_path", false)) h.model_path = *v;
    if (auto v = r.text(top, "", "device", false)) h.device = *v;
    h.base_size = r.count(top, "", "base_size", false);
    h.image_size = r.count(top, "", "image_size", false);
    h.seq_len = r.count(top, "", "seq_len", false);
    h.crop_mode = r.boolean(top, "", "crop_mode");
    h.depth = r.count(top, "", "depth", false);
    h.total_params = r.count(top, "", "total_params", false);
    h.total_macs = r.count(top, "", "total_macs", false);
}

void read_unique_layers(Reader& r, const json& top, TorchInfoRun& run) {
    const json* layers = r.find(top, "layers");
    if (!layers || !layers->is_array()) {
        r.fail("layers", layers ? "must be an array of module classes, not " + std::string(layers->type_name()) + "."
                                : "is missing; expected an array of module classes.");
        return;
    }
    if (layers->size() > kMaxTorchInfoRows) {
        r.fail("layers", "holds more than " + std::to_string(kMaxTorchInfoRows) + " entries, the most ModelMeter reads.");
        return;
    }
    run.classes.reserve(layers->size());
    for (std::size_t i = 0; i < layers->size() && r.ok(); ++i) {
        const json& e = (*layers)[i];
        const std::string p = Reader::at("layers", i);
        if (!e.is_object()) {
            r.fail(p, "must be an object describing one module class, not " + std::string(e.type_name()) + ".");
            return;
        }
        TorchInfoClass c;
        auto q = r.text(e, p, "class_name_qualified", true);
        auto n = r.text(e, p, "class_name", true);
        if (!r.ok()) return;
        c.class_name_qualified = *q;
        c.class_name = *n;
        c.is_torch_builtin = r.boolean(e, p, "is_torch_builtin");
        c.count = r.count(e, p, "count", false);
        c.var_names = r.strings(e, p, "var_name");
        c.instance_names = r.strings(e, p, "instance_name");
        c.filepaths = r.strings(e, p, "filepaths");
        c.parents = r.strings(e, p, "parents");
        c.children = r.strings(e, p, "children");
        run.classes.push_back(std::move(c));
    }
    if (!r.ok()) return;
    if (auto n = r.count(top, "", "num_unique_layers", false); n && std::size_t(*n) != layers->size())
        run.notes.push_back("num_unique_layers says " + std::to_string(*n) + " but \"layers\" holds " +
                            std::to_string(layers->size()) + " classes; the entries were used.");
}

void read_layers_flat(Reader& r, const json& top, std::string_view name, TorchInfoRun& run) {
    const json* flat = r.find(top, "layers_flat");
    if (!flat || !flat->is_array()) {
        r.fail("layers_flat", flat ? "must be an array of layer rows, not " + std::string(flat->type_name()) + "."
                                   : "is missing; expected an array of layer rows.");
        return;
    }
    if (const json* h = r.find(top, "hierarchy"); h && !h->is_array()) {
        r.fail("hierarchy", "must be an array of root layers, not " + std::string(h->type_name()) + ".");
        return;
    }
    if (flat->size() > kMaxTorchInfoRows) {
        r.fail("layers_flat", "holds more than " + std::to_string(kMaxTorchInfoRows) + " rows, the most ModelMeter reads.");
        return;
    }
    std::vector<TorchInfoRow> rows;
    rows.reserve(flat->size());
    int prev_depth = -1;
    for (std::size_t i = 0; i < flat->size() && r.ok(); ++i) {
        const json& e = (*flat)[i];
        const std::string p = Reader::at("layers_flat", i);
        if (!e.is_object()) {
            r.fail(p, "must be an object describing one layer, not " + std::string(e.type_name()) + ".");
            return;
        }
        TorchInfoRow row;
        row.file = std::string(name);
        row.line = int64_t(i);
        auto cls = r.text(e, p, "class_name", true);
        auto inst = r.text(e, p, "instance_name", true);
        auto depth = r.count(e, p, "depth", true);
        if (!r.ok()) return;
        if (*depth > 64) {
            r.fail(Reader::at(p, "depth"), "is deeper than 64 levels.");
            return;
        }
        if (int(*depth) > prev_depth + 1) {
            r.fail(Reader::at(p, "depth"), "jumps from " + std::to_string(prev_depth) + " to " + std::to_string(*depth) +
                                               "; rows must be in pre-order, one level deeper at most.");
            return;
        }
        prev_depth = int(*depth);
        row.class_name = *cls;
        row.instance_name = *inst;
        row.depth = int(*depth);
        if (auto v = r.text(e, p, "class_name_qualified", false)) row.class_name_qualified = *v;
        if (auto v = r.text(e, p, "var_name", false)) row.var_name = *v;
        if (const json* di = r.find(e, "depth_index")) {
            if (di->is_string()) row.depth_index = di->get_ref<const std::string&>();
            else if (auto n = r.count_value(*di, Reader::at(p, "depth_index"))) row.depth_index = std::to_string(row.depth) + "-" + std::to_string(*n);
        }
        row.is_recursive = r.boolean(e, p, "is_recursive").value_or(false);
        row.is_leaf_layer = r.boolean(e, p, "is_leaf_layer");
        row.input_shapes = r.shapes(e, p, "input_size");
        row.output_shapes = r.shapes(e, p, "output_size");
        if (const json* k = r.find(e, "kernel_size"); k && k->is_array()) {
            if (auto s = r.shape(*k, Reader::at(p, "kernel_size"))) row.kernel = *s;
        } else if (k && !k->is_string()) {
            r.fail(Reader::at(p, "kernel_size"), "must be a list such as [3, 3], \"--\" or null.");
        }
        row.params_subtree = r.count(e, p, "num_params", false);
        row.mult_adds = r.count(e, p, "macs", false);
        rows.push_back(std::move(row));
    }
    if (!r.ok()) return;
    // Shown children and TorchInfo's "leftover" parameters (own = subtree - direct children).
    for (std::size_t i = 0; i < rows.size(); ++i) {
        TorchInfoRow& row = rows[i];
        row.shows_children = i + 1 < rows.size() && rows[i + 1].depth > row.depth;
        if (row.is_recursive || !row.params_subtree) continue;
        int64_t own = *row.params_subtree;
        for (std::size_t j = i + 1; j < rows.size() && rows[j].depth > row.depth; ++j)
            if (rows[j].depth == row.depth + 1 && !rows[j].is_recursive && rows[j].params_subtree) own = sub_saturating(own, *rows[j].params_subtree);
        row.params = own < 0 ? 0 : own;
    }
    int max_depth = 0;
    for (const TorchInfoRow& row : rows) max_depth = std::max(max_depth, row.depth);
    run.print_depth = max_depth;
    run.rows = std::move(rows);
}

void read_stages(Reader& r, const json& top, TorchInfoRun& run) {
    const json* stages = r.find(top, "stages");
    if (!stages || !stages->is_object()) {
        r.fail("stages", stages ? "must be an object of stages, not " + std::string(stages->type_name()) + "."
                                : "is missing; expected an object of stages.");
        return;
    }
    bool all_zero = true;
    for (const char* key : {"sam", "clip", "projector", "prefill", "decode"}) {
        const json* s = r.find(*stages, key);
        const std::string p = Reader::at("stages", key);
        if (!s) continue;
        if (!s->is_object()) {
            r.fail(p, "must be an object {stage_name, params, macs}, not " + std::string(s->type_name()) + ".");
            return;
        }
        TorchInfoStage st;
        st.name = key;
        if (auto n = r.text(*s, p, "stage_name", false)) st.name = *n;
        st.params = r.count(*s, p, "params", false);
        st.macs = r.count(*s, p, "macs", false);
        if (!r.ok()) return;
        if (st.params.value_or(0) != 0 || st.macs.value_or(0) != 0) all_zero = false;
        // Zero is "unknown", never "free": the exporter wrote zeros for every stage.
        if (st.params == 0) st.params.reset();
        if (st.macs == 0) st.macs.reset();
        run.stages.push_back(std::move(st));
    }
    if (all_zero && !run.stages.empty())
        run.notes.push_back("torchinfo-stages.json holds zeros for every stage (a known exporter bug); they were read as unknown, not as free.");
}

}  // namespace

Result<ArtifactKind> parse_json_artifact(std::string_view name, std::string_view text, TorchInfoRun& run) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    // One DOM pass (nlohmann's parser is iterative, so depth costs heap, not stack); the depth is
    // bounded through the callback and any problem is worded by identify_artifact.
    // A key repeated within one object is refused too (the DOM would keep the last value silently).
    int max_depth = 0;
    bool repeated_key = false, long_string = false;
    std::vector<std::set<std::string, std::less<>>> open_keys;
    json::parser_callback_t guard = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth > max_depth) max_depth = depth;
        if ((event == json::parse_event_t::value || event == json::parse_event_t::key) && parsed.is_string() &&
            parsed.get_ref<const std::string&>().size() > kMaxTextChars)
            long_string = true;
        if (event == json::parse_event_t::object_start) open_keys.emplace_back();
        else if (event == json::parse_event_t::object_end && !open_keys.empty()) open_keys.pop_back();
        else if (event == json::parse_event_t::key && !open_keys.empty() && parsed.is_string() &&
                 !open_keys.back().insert(parsed.get_ref<const std::string&>()).second)
            repeated_key = true;
        return true;
    };
    json top = json::parse(text.begin(), text.end(), guard, false);
    if (top.is_discarded() || !top.is_object() || max_depth > kMaxJsonDepth || repeated_key || long_string) {
        const ArtifactCheck check = identify_artifact(name, text);
        return make_error(check.identity ? std::string(name) + " nests JSON deeper than " + std::to_string(kMaxJsonDepth) + " levels."
                                         : check.error,
                          std::string(name));
    }
    // The kind, by the same top-level keys as identify_artifact.
    ArtifactKind kind;
    if (top.contains("layers_flat")) kind = ArtifactKind::layers_json;
    else if (top.contains("layers") && (top.contains("num_unique_layers") || top.contains("total_params"))) kind = ArtifactKind::unique_layers_json;
    else if (top.contains("stages")) kind = ArtifactKind::stages_json;
    else return make_error(identify_artifact(name, text).error, std::string(name));
    Reader r(name);
    TorchInfoHeader h;
    read_header(r, top, h);
    if (!r.ok()) return r.error();
    run.header = h;  // merged with other files' headers by the caller
    switch (kind) {
        case ArtifactKind::unique_layers_json: read_unique_layers(r, top, run); break;
        case ArtifactKind::layers_json: read_layers_flat(r, top, name, run); break;
        default: read_stages(r, top, run); break;
    }
    if (!r.ok()) return r.error();
    return kind;
}

}  // namespace mm::ingest
