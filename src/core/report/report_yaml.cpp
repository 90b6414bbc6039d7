// report.yaml: the report.json document in YAML block style. Converting the JSON text (rather than
// writing a second emitter) keeps the two files' content identical by construction.
#include <string>

#include <nlohmann/json.hpp>

#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"
#include "core/report/report_model.hpp"

namespace mm {

namespace {

using Json = nlohmann::ordered_json;

// Strings are always double-quoted with JSON escapes (valid YAML); keys are plain when they can be.
void quoted(std::string& out, const std::string& s) { append_json_string(out, s); }

void key_text(std::string& out, const std::string& k) {
    bool plain = !k.empty() && ((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z') || k[0] == '_');
    for (char c : k)
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
    if (plain && k != "true" && k != "false" && k != "null" && k != "yes" && k != "no" && k != "on" && k != "off") out += k;
    else quoted(out, k);
}

void scalar(std::string& out, const Json& v) {
    switch (v.type()) {
        case Json::value_t::null: out += "null"; break;
        case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
        case Json::value_t::number_integer: out += format_int(v.get<int64_t>()); break;
        case Json::value_t::number_unsigned: out += format_int(static_cast<int64_t>(v.get<uint64_t>())); break;
        case Json::value_t::number_float: out += format_number(v.get<double>()); break;
        case Json::value_t::string: quoted(out, v.get<std::string>()); break;
        case Json::value_t::object: out += "{}"; break;
        case Json::value_t::array: out += "[]"; break;
        default: out += "null"; break;
    }
}

bool is_block(const Json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void node(std::string& out, const Json& v, int indent);

// Writes the members of an object at `indent`; the first line's indentation is already written
// when `first_inline` (a "- " list item).
void members(std::string& out, const Json& obj, int indent, bool first_inline) {
    bool first = true;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!(first && first_inline)) out.append(size_t(indent), ' ');
        first = false;
        key_text(out, it.key());
        out += ':';
        if (is_block(it.value())) {
            out += '\n';
            node(out, it.value(), indent + 2);
        } else {
            out += ' ';
            scalar(out, it.value());
            out += '\n';
        }
    }
}

void node(std::string& out, const Json& v, int indent) {
    if (v.is_object()) {
        members(out, v, indent, false);
    } else if (v.is_array()) {
        for (const Json& item : v) {
            out.append(size_t(indent), ' ');
            out += "- ";
            if (item.is_object() && !item.empty()) {
                members(out, item, indent + 2, true);
            } else if (item.is_array() && !item.empty()) {
                out += '\n';
                node(out, item, indent + 2);
            } else {
                scalar(out, item);
                out += '\n';
            }
        }
    }
}

}  // namespace

std::string json_to_yaml(std::string_view json_text) {
    Json doc = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded()) return {};
    std::string out;
    if (is_block(doc)) node(out, doc, 0);
    else {
        scalar(out, doc);
        out += '\n';
    }
    return out;
}

}  // namespace mm
