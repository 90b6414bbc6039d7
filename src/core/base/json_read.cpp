#include "core/base/json_read.hpp"

#include <cmath>

namespace mm {

Result<nlohmann::json> parse_json_text(std::string_view path, std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return make_error(std::string(path) + " is not valid JSON.", std::string(path));
    if (!j.is_object())
        return make_error(std::string(path) + " must hold a JSON object at the top level.", std::string(path));
    return j;
}

std::string JsonReader::path_of(std::string_view where, const char* key) const {
    std::string p(where);
    if (!p.empty()) p += '.';
    p += key;
    return p;
}

void JsonReader::fail(std::string_view where, std::string_view what) {
    if (error_) return;
    std::string loc = file_ + (where.empty() ? std::string() : std::string(": ") + std::string(where));
    error_ = make_error(loc + " " + std::string(what), std::string(where));
}

double JsonReader::number(const nlohmann::json& obj, std::string_view where, const char* key,
                          bool required, double fallback, double min) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) fail(path_of(where, key), "is missing; it must be a number.");
        return fallback;
    }
    if (!it->is_number()) {
        fail(path_of(where, key), "must be a number.");
        return fallback;
    }
    double v = it->get<double>();
    if (!std::isfinite(v) || v < min) {
        fail(path_of(where, key), "must be a finite number of at least " + std::to_string(min) + ".");
        return fallback;
    }
    return v;
}

int64_t JsonReader::integer(const nlohmann::json& obj, std::string_view where, const char* key,
                            bool required, int64_t fallback, int64_t min) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) fail(path_of(where, key), "is missing; it must be a whole number.");
        return fallback;
    }
    if (!it->is_number_integer()) {
        fail(path_of(where, key), "must be a whole number.");
        return fallback;
    }
    int64_t v = it->get<int64_t>();
    if (v < min) {
        fail(path_of(where, key), "must be at least " + std::to_string(min) + ".");
        return fallback;
    }
    return v;
}

std::string JsonReader::text(const nlohmann::json& obj, std::string_view where, const char* key,
                             bool required, std::string fallback) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) fail(path_of(where, key), "is missing; it must be a string.");
        return fallback;
    }
    if (!it->is_string()) {
        fail(path_of(where, key), "must be a string.");
        return fallback;
    }
    return it->get<std::string>();
}

bool JsonReader::boolean(const nlohmann::json& obj, std::string_view where, const char* key,
                         bool required, bool fallback) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) fail(path_of(where, key), "is missing; it must be true or false.");
        return fallback;
    }
    if (!it->is_boolean()) {
        fail(path_of(where, key), "must be true or false.");
        return fallback;
    }
    return it->get<bool>();
}

const nlohmann::json& JsonReader::object(const nlohmann::json& obj, std::string_view where,
                                         const char* key) {
    static const nlohmann::json kEmpty = nlohmann::json::object();  // constant, never modified
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_object()) {
        fail(path_of(where, key), "is missing; it must be an object.");
        return kEmpty;
    }
    return *it;
}

}  // namespace mm
