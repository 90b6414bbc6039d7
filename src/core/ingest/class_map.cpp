// The class -> analytic layer kind table (assets/torchinfo/class-map.json), kept as data so that a
// new model's classes are added without touching code.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/ingest/ingest_util.hpp"

namespace mm {
namespace {

using json = nlohmann::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::optional<Diagnostic> read_pairs(std::string_view path, const json& obj, const std::string& where, Pairs& out,
                                     const Pairs* kinds) {
    if (!obj.is_object())
        return make_error(std::string(path) + ": " + where + " must be an object of \"name\": \"kind\" pairs.", where);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!it.value().is_string())
            return make_error(std::string(path) + ": " + where + "." + it.key() + " must be a string naming a kind.", where + "." + it.key());
        const std::string& v = it.value().get_ref<const std::string&>();
        if (kinds && !std::binary_search(kinds->begin(), kinds->end(), std::pair<std::string, std::string>(v, ""),
                                         [](const auto& a, const auto& b) { return a.first < b.first; }))
            return make_error(std::string(path) + ": " + where + "." + it.key() + " names the kind \"" + v +
                                  "\", which \"kinds\" does not declare.",
                              where + "." + it.key());
        out.emplace_back(it.key(), v);
    }
    std::sort(out.begin(), out.end());
    return std::nullopt;
}

const std::string* lookup(const Pairs& pairs, std::string_view key) {
    auto it = std::lower_bound(pairs.begin(), pairs.end(), key,
                               [](const std::pair<std::string, std::string>& p, std::string_view k) { return p.first < k; });
    return it != pairs.end() && it->first == key ? &it->second : nullptr;
}

}  // namespace

Result<ClassMap> parse_class_map(std::string_view path, std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return make_error(std::string(path) + " is not a valid JSON object.", std::string(path));
    ClassMap m;
    const char* required[] = {"kinds", "qualified", "short"};
    for (const char* key : required)
        if (!j.contains(key)) return make_error(std::string(path) + ": " + key + " is missing; expected an object.", key);
    if (auto e = read_pairs(path, j["kinds"], "kinds", m.kinds, nullptr)) return *e;
    if (auto e = read_pairs(path, j["qualified"], "qualified", m.qualified, &m.kinds)) return *e;
    if (auto e = read_pairs(path, j["short"], "short", m.short_names, &m.kinds)) return *e;
    if (j.contains("scoped_short")) {
        const json& scoped = j["scoped_short"];
        if (!scoped.is_array())
            return make_error(std::string(path) + ": scoped_short must be an array of {root_class, short}.", "scoped_short");
        for (std::size_t i = 0; i < scoped.size(); ++i) {
            const std::string where = "scoped_short[" + std::to_string(i) + "]";
            const json& s = scoped[i];
            if (!s.is_object() || !s.contains("root_class") || !s["root_class"].is_string() || !s.contains("short"))
                return make_error(std::string(path) + ": " + where + " must be an object with a string root_class and a short object.", where);
            ClassMap::Scoped sc;
            sc.root_class = s["root_class"].get<std::string>();
            if (auto e = read_pairs(path, s["short"], where + ".short", sc.short_names, &m.kinds)) return *e;
            m.scoped.push_back(std::move(sc));
        }
    }
    return m;
}

Result<ClassMap> load_class_map(std::span<const TextFile> assets) {
    for (const TextFile& f : assets)
        if (f.path == "torchinfo/class-map.json") return parse_class_map(f.path, f.text);
    return make_error("The embedded assets hold no torchinfo/class-map.json; the program was built without it.");
}

std::string classify(const ClassMap& map, std::string_view qualified, std::string_view short_name,
                     std::string_view root_class, std::string* how) {
    auto found = [&](const std::string* kind, const char* by) {
        if (how) *how = by;
        return *kind;
    };
    if (!qualified.empty()) {
        if (const std::string* k = lookup(map.qualified, qualified)) return found(k, "qualified");
        // Remote code lives under transformers_modules.<snapshot hash>.<module>.<Class>.
        if (ingest::starts_with(qualified, "transformers_modules.")) {
            const auto dot = qualified.find('.', 21);
            if (dot != std::string_view::npos) {
                const std::string any = "transformers_modules.*" + std::string(qualified.substr(dot));
                if (const std::string* k = lookup(map.qualified, any)) return found(k, "qualified");
            }
        }
    }
    for (const ClassMap::Scoped& s : map.scoped)
        if (s.root_class == root_class)
            if (const std::string* k = lookup(s.short_names, short_name)) {
                if (how) *how = "short in " + s.root_class;
                return *k;
            }
    if (const std::string* k = lookup(map.short_names, short_name)) return found(k, "short");
    // The network's own top-level class is its root whatever it is called.
    if (!root_class.empty() && short_name == root_class) {
        if (how) *how = "root";
        return "model";
    }
    if (how) how->clear();
    return {};
}

}  // namespace mm
