#pragma once
// Reading preset JSON without exceptions: parse with allow_exceptions=false, then read fields
// through a Reader that records the first problem as a sentence naming the file and JSON path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/base/result.hpp"

namespace mm {

// Parses `text`; a syntax error becomes "<path> is not valid JSON." Never throws.
Result<nlohmann::json> parse_json_text(std::string_view path, std::string_view text);

class JsonReader {
public:
    explicit JsonReader(std::string_view file) : file_(file) {}

    // Each getter returns the value, or `fallback` and records an error when the key is missing
    // (if required) or has the wrong type/range. `where` is the JSON path of the object.
    double number(const nlohmann::json& obj, std::string_view where, const char* key,
                  bool required = true, double fallback = 0, double min = 0);
    int64_t integer(const nlohmann::json& obj, std::string_view where, const char* key,
                    bool required = true, int64_t fallback = 0, int64_t min = 0);
    std::string text(const nlohmann::json& obj, std::string_view where, const char* key,
                     bool required = true, std::string fallback = {});
    bool boolean(const nlohmann::json& obj, std::string_view where, const char* key,
                 bool required = true, bool fallback = false);
    // The object under `key` (an empty object and an error if it is missing or not an object).
    const nlohmann::json& object(const nlohmann::json& obj, std::string_view where, const char* key);

    void fail(std::string_view where, std::string_view what);  // records "<file>: <where> <what>"
    bool ok() const { return !error_; }
    const Diagnostic& error() const { return *error_; }

private:
    std::string path_of(std::string_view where, const char* key) const;
    std::string file_;
    std::optional<Diagnostic> error_;
};

}  // namespace mm
