#include "core/base/json_writer.hpp"

#include <cstdio>

#include "core/base/format.hpp"

namespace mm {

void JsonWriter::newline() {
    if (indent_ <= 0) return;
    out_ += '\n';
    out_.append(first_.size() * size_t(indent_), ' ');
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void JsonWriter::prefix(std::string_view key) {
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
        newline();
    }
    if (!key.empty()) {
        append_json_string(out_, key);
        out_ += indent_ > 0 ? ": " : ":";
    }
}

JsonWriter& JsonWriter::begin_object(std::string_view key) {
    prefix(key);
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += '}';
    return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view key) {
    prefix(key);
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::number(std::string_view key, double v) {
    prefix(key);
    out_ += format_number(v);
    return *this;
}

JsonWriter& JsonWriter::integer(std::string_view key, int64_t v) {
    prefix(key);
    out_ += format_int(v);
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view key, std::string_view v) {
    prefix(key);
    append_json_string(out_, v);
    return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view key, bool v) {
    prefix(key);
    out_ += v ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null(std::string_view key) {
    prefix(key);
    out_ += "null";
    return *this;
}

std::string JsonWriter::take() {
    out_ += '\n';
    return std::move(out_);
}

}  // namespace mm
