#include "core/presets/catalog.hpp"

#include <algorithm>

#include "core/model/deepseek_ocr/builder.hpp"
#include "core/base/json_read.hpp"

namespace mm {

namespace {

template <class T, class Key>
const T* find_by_name(const std::vector<T>& items, std::string_view name, Key key) {
    for (const T& item : items)
        if (key(item) == name) return &item;
    return nullptr;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_json(std::string_view s) { return s.size() >= 5 && s.substr(s.size() - 5) == ".json"; }

Result<WorkloadPreset> parse_workload_preset(std::string_view path, std::string_view text) {
    auto parsed = parse_json_text(path, text);
    if (!parsed.ok()) return parsed.error();
    const nlohmann::json& j = parsed.value();
    JsonReader r(path);
    WorkloadPreset w;
    w.name = r.text(j, "", "name");
    w.description = r.text(j, "", "description");
    w.source = r.text(j, "", "source");
    w.model = r.text(j, "", "model");
    w.mode = r.text(j, "", "mode");
    w.image_width_px = r.integer(j, "", "image_width_px", true, 1024, 1);
    w.image_height_px = r.integer(j, "", "image_height_px", true, 1024, 1);
    w.crop_mode = r.boolean(j, "", "crop_mode");
    w.new_tokens = r.integer(j, "", "max_new_tokens", true, 512, 1);
    w.batch = r.integer(j, "", "batch", true, 1, 1);
    w.num_pages = r.integer(j, "", "num_pages", true, 1, 1);
    w.doc_kind = r.text(j, "", "doc_kind");
    const nlohmann::json& p = r.object(j, "", "precision");
    const std::string names[] = {r.text(p, "precision", "weights"), r.text(p, "precision", "activations"),
                                 r.text(p, "precision", "kv")};
    if (!r.ok()) return r.error();
    Precision* fields[] = {&w.weights_precision, &w.activations_precision, &w.kv_precision};
    const char* keys[] = {"weights", "activations", "kv"};
    for (int i = 0; i < 3; ++i) {
        const auto parsed_precision = parse_precision(names[i]);
        if (!parsed_precision)
            return make_error(std::string(path) + ": precision." + keys[i] + " \"" + names[i] + "\" is not a precision.",
                              std::string(path));
        *fields[i] = *parsed_precision;
    }
    return w;
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const T& item : items) out.push_back(item.name);
    return out;
}

}  // namespace

const ModelEntry* Catalog::find_model(std::string_view name) const {
    return find_by_name(models, name, [](const ModelEntry& m) -> const std::string& { return m.config->name; });
}
std::shared_ptr<const GpuSpec> Catalog::find_gpu(std::string_view name) const {
    const auto* g = find_by_name(gpus, name, [](const auto& p) -> const std::string& { return p->name; });
    return g ? *g : nullptr;
}
const WorkloadPreset* Catalog::find_workload(std::string_view name) const {
    return find_by_name(workloads, name, [](const WorkloadPreset& w) -> const std::string& { return w.name; });
}
std::shared_ptr<const TimeProfile> Catalog::find_profile(std::string_view name) const {
    const auto* p = find_by_name(profiles, name, [](const auto& q) -> const std::string& { return q->name; });
    return p ? *p : nullptr;
}

Result<Catalog> load_catalog(std::span<const TextFile> files) {
    Catalog c;
    for (const TextFile& f : files) {
        if (!is_json(f.path)) continue;
        if (starts_with(f.path, "models/")) {
            auto m = parse_model_config(f.path, f.text);
            if (!m.ok()) return m.error();
            if (c.find_model(m.value().name))
                return make_error(std::string(f.path) + ": a model named \"" + m.value().name + "\" is already defined.");
            ModelEntry entry;
            entry.tree = build_deepseek_ocr_tree(m.value());
            entry.config = std::make_shared<const ModelConfig>(std::move(m).value());
            c.models.push_back(std::move(entry));
        } else if (starts_with(f.path, "gpus/")) {
            auto g = parse_gpu(f.path, f.text);
            if (!g.ok()) return g.error();
            if (c.find_gpu(g.value().name))
                return make_error(std::string(f.path) + ": a GPU named \"" + g.value().name + "\" is already defined.");
            c.gpus.push_back(std::make_shared<const GpuSpec>(std::move(g).value()));
        } else if (starts_with(f.path, "workloads/")) {
            auto w = parse_workload_preset(f.path, f.text);
            if (!w.ok()) return w.error();
            if (c.find_workload(w.value().name))
                return make_error(std::string(f.path) + ": a workload named \"" + w.value().name + "\" is already defined.");
            c.workloads.push_back(std::move(w).value());
        } else if (starts_with(f.path, "profiles/")) {
            auto p = parse_time_profile(f.path, f.text);
            if (!p.ok()) return p.error();
            if (c.find_profile(p.value().name))
                return make_error(std::string(f.path) + ": a time profile named \"" + p.value().name + "\" is already defined.");
            c.profiles.push_back(std::make_shared<const TimeProfile>(std::move(p).value()));
        }
    }
    std::sort(c.models.begin(), c.models.end(),
              [](const ModelEntry& a, const ModelEntry& b) { return a.config->name < b.config->name; });
    std::sort(c.gpus.begin(), c.gpus.end(), [](const auto& a, const auto& b) { return a->name < b->name; });
    std::sort(c.workloads.begin(), c.workloads.end(),
              [](const WorkloadPreset& a, const WorkloadPreset& b) { return a.name < b.name; });
    std::sort(c.profiles.begin(), c.profiles.end(),
              [](const auto& a, const auto& b) { return a->name < b->name; });
    for (const WorkloadPreset& w : c.workloads)
        if (!c.find_model(w.model))
            return make_error("workloads/" + w.name + ".json: model \"" + w.model + "\" is not among the models.", "model");
    return c;
}

std::vector<std::string> model_names(const Catalog& catalog) {
    std::vector<std::string> out;
    for (const ModelEntry& m : catalog.models) out.push_back(m.config->name);
    return out;
}
std::vector<std::string> gpu_names(const Catalog& catalog) {
    std::vector<std::string> out;
    for (const auto& g : catalog.gpus) out.push_back(g->name);
    return out;
}
std::vector<std::string> workload_names(const Catalog& catalog) { return names_of(catalog.workloads); }
std::vector<std::string> profile_names(const Catalog& catalog) {
    std::vector<std::string> out;
    for (const auto& p : catalog.profiles) out.push_back(p->name);
    return out;
}

}  // namespace mm
