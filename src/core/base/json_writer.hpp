#pragma once
// A small streaming JSON writer with a fixed key order and locale-independent numbers, so the
// same analysis gives byte-identical text natively and in WebAssembly.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

// Appends `s` as a double-quoted JSON string (also a valid YAML double-quoted scalar).
void append_json_string(std::string& out, std::string_view s);

class JsonWriter {
public:
    explicit JsonWriter(int indent = 2) : indent_(indent) {}
    JsonWriter& begin_object(std::string_view key = {});
    JsonWriter& end_object();
    JsonWriter& begin_array(std::string_view key = {});
    JsonWriter& end_array();
    JsonWriter& number(std::string_view key, double v);
    JsonWriter& integer(std::string_view key, int64_t v);
    JsonWriter& string(std::string_view key, std::string_view v);
    JsonWriter& boolean(std::string_view key, bool v);
    JsonWriter& null(std::string_view key);
    std::string take();

private:
    void prefix(std::string_view key);
    void newline();
    std::string out_;
    std::vector<bool> first_;
    int indent_;
};

}  // namespace mm
