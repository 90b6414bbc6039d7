#include "core/ingest/detect.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/printable.hpp"

namespace mm {
namespace {

using json = nlohmann::json;

// Line and column (1-based) of a byte offset, for error sentences.
std::string where(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// Walks the JSON once without building it: checks syntax and nesting depth, records the top-level
// keys and the length of the top-level "layers" array.
struct TopLevelScan final : nlohmann::json_sax<json> {
    // One frame per open object or array: an object's keys so far (a repeated key is refused: which
    // of its values would count is a guess) and an array's element count, for naming the place.
    struct Frame {
        bool object = false;
        std::set<std::string, std::less<>> keys;
        std::string key;          // the object's current key
        std::size_t elements = 0;  // the array's elements so far
    };
    std::vector<Frame> frames;
    std::string duplicate;  // "<path> has the key \"k\" twice" once found
    std::string long_string;  // "<path> is a string of N characters" once found
    int depth = 0;
    bool top_is_object = false;
    bool too_deep = false;
    std::size_t error_offset = 0;
    std::string error_reason;
    std::vector<std::string> keys;
    std::size_t layers_items = 0;
    bool in_layers = false;
    int layers_depth = 0;

    void element() {
        if (!frames.empty() && !frames.back().object) ++frames.back().elements;
    }
    bool open(bool object) {
        if (depth == 0) top_is_object = object;
        if (in_layers && depth == layers_depth) ++layers_items;
        if (++depth > kMaxJsonDepth) {
            too_deep = true;
            return false;
        }
        element();
        frames.push_back(Frame{object, {}, {}, 0});
        return true;
    }
    bool close() {
        --depth;
        if (in_layers && depth == layers_depth - 1) in_layers = false;
        frames.pop_back();
        return true;
    }
    bool scalar() {
        if (in_layers && depth == layers_depth) ++layers_items;
        element();
        return true;
    }
    // The JSON path of the innermost open object, e.g. "layers[3]" (empty at the top level).
    std::string open_path() const {
        std::string p;
        for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
            if (frames[i].object) p += (p.empty() ? "" : ".") + frames[i].key;
            else p += "[" + std::to_string(frames[i].elements - 1) + "]";
        }
        return p;
    }
    bool null() override { return scalar(); }
    bool boolean(bool) override { return scalar(); }
    bool number_integer(number_integer_t) override { return scalar(); }
    bool number_unsigned(number_unsigned_t) override { return scalar(); }
    bool number_float(number_float_t, const string_t&) override { return scalar(); }
    bool string(string_t& v) override {
        const bool ok = scalar();
        if (v.size() <= kMaxTextChars || frames.empty()) return ok;
        const Frame& f = frames.back();
        std::string p = open_path();
        if (f.object) p += (p.empty() ? "" : ".") + f.key;
        else p += "[" + std::to_string(f.elements - 1) + "]";
        long_string = p + " is a string of " + std::to_string(v.size()) + " characters";
        return false;
    }
    bool binary(binary_t&) override { return scalar(); }
    bool start_object(std::size_t) override { return open(true); }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override {
        const bool ok = open(false);
        if (ok && depth == 2 && !keys.empty() && (keys.back() == "layers" || keys.back() == "layers_flat")) {
            in_layers = true;
            layers_depth = depth;
        }
        return ok;
    }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        if (depth == 1) keys.push_back(k);
        Frame& f = frames.back();
        if (k.size() > kMaxTextChars) {
            const std::string p = open_path();
            long_string = (p.empty() ? "the top-level object" : p) + " has a key of " + std::to_string(k.size()) + " characters";
            return false;
        }
        if (!f.keys.insert(k).second) {
            const std::string p = open_path();
            duplicate = (p.empty() ? "the top-level object" : p) + " has the key \"" + k + "\" twice";
            return false;
        }
        f.key = k;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        error_offset = position;
        error_reason = ex.what();
        return false;
    }
    bool has(std::string_view k) const { return std::find(keys.begin(), keys.end(), k) != keys.end(); }
};

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 2, column 1: syntax
// error while parsing value - unexpected end of input; expected '[', '{', or a literal".
std::string short_reason(const std::string& what) {
    const auto colon = what.find(": ");
    std::string s = colon == std::string::npos ? what : what.substr(colon + 2);
    const auto dash = s.find(" - ");
    return dash == std::string::npos ? s : s.substr(dash + 3);
}

ArtifactCheck fail(const std::string& sentence) { return {std::nullopt, printable_text(sentence)}; }
ArtifactCheck found(ArtifactKind kind, std::string summary) { return {ArtifactIdentity{kind, std::move(summary)}, {}}; }

ArtifactCheck identify_json(std::string_view name, std::string_view text) {
    const std::string n(name);
    TopLevelScan scan;
    const bool ok = json::sax_parse(text.begin(), text.end(), &scan, json::input_format_t::json, true);
    if (scan.too_deep)
        return fail(n + " nests JSON deeper than " + std::to_string(kMaxJsonDepth) +
                    " levels; no TorchInfo artifact does, so it was not read.");
    if (!scan.long_string.empty())
        return fail(n + ": " + scan.long_string + "; ModelMeter reads strings of at most " + std::to_string(kMaxTextChars) + ".");
    if (!scan.duplicate.empty())
        return fail(n + ": " + scan.duplicate + "; each key may appear once in an object, or which value counts is a guess.");
    if (!ok)
        return fail(n + " is not valid JSON: " + short_reason(scan.error_reason) + " (" +
                    where(text, scan.error_offset > 0 ? scan.error_offset - 1 : 0) + ").");
    if (!scan.top_is_object)
        return fail(n + " is JSON, but its top level is an array or a value; TorchInfo artifacts are JSON objects.");
    if (scan.has("layers_flat"))
        return found(ArtifactKind::layers_json, std::to_string(scan.layers_items) + " layer rows");
    if (scan.has("layers") && (scan.has("num_unique_layers") || scan.has("total_params")))
        return found(ArtifactKind::unique_layers_json, std::to_string(scan.layers_items) + " module classes");
    if (scan.has("stages")) return found(ArtifactKind::stages_json, "per-stage parameters and mult-adds");
    return fail(n + " is JSON, but not a TorchInfo artifact: expected a top-level \"layers\" (unique layers), "
                    "\"layers_flat\" (layers) or \"stages\" key.");
}

std::size_t count_lines_starting(std::string_view text, std::string_view prefix) {
    std::size_t n = 0, pos = 0;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        const auto line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (line.substr(0, prefix.size()) == prefix) ++n;
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return n;
}

}  // namespace

std::string_view artifact_kind_name(ArtifactKind kind) {
    switch (kind) {
        case ArtifactKind::unique_layers_json: return "torchinfo-unique-layers.json";
        case ArtifactKind::layers_json: return "torchinfo-layers.json";
        case ArtifactKind::stages_json: return "torchinfo-stages.json";
        case ArtifactKind::summary_text: return "torchinfo-summary.txt";
        case ArtifactKind::unique_layers_md: return "torchinfo-unique-layers.md";
    }
    return "unknown";
}

ArtifactCheck identify_artifact(std::string_view name, std::string_view text) {
    const std::string n(name.empty() ? "the input" : name);
    if (text.size() > kMaxArtifactBytes)
        return fail(n + " is larger than " + std::to_string(kMaxArtifactBytes >> 20) +
                    " MiB, the most ModelMeter reads; no TorchInfo artifact is that large.");
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
        return fail(n + " is UTF-16 text; save it as UTF-8 and load it again.");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark is harmless
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return fail(n + " is empty.");
    if (text.find('\0') != std::string_view::npos)
        return fail(n + " is binary data, not a TorchInfo artifact (JSON, a printed summary or Markdown).");
    if (text[first] == '{' || text[first] == '[') return identify_json(n, text);
    // What the text kinds hold reaches JSON output and the page, which need UTF-8 (the JSON parser
    // checks JSON itself).
    if (const auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
        return fail(n + " is not UTF-8 text: byte " + byte + " at " + where(text, bad) +
                    " is not UTF-8; save the file as UTF-8 and load it again.");
    }
    if (text.find("# TorchInfo Unique Layers") != std::string_view::npos)
        return found(ArtifactKind::unique_layers_md, std::to_string(count_lines_starting(text, "### ")) + " module classes");
    // A printed summary: the "Layer (type ...)" header with its footer, or with the '=' rules of a
    // table that was cut short (the summary parser then says where it ends).
    if (text.find("Layer (type") != std::string_view::npos &&
        (text.find("Total params") != std::string_view::npos || text.find("==========") != std::string_view::npos)) {
        const auto rows = count_lines_starting(text, "├─") + count_lines_starting(text, "│") + count_lines_starting(text, "└─");
        return found(ArtifactKind::summary_text, std::to_string(rows) + " table rows");
    }
    return fail(n + " is not a TorchInfo artifact: expected JSON from the exporter, TorchInfo's printed summary "
                    "(a \"Layer (type...)\" table with \"Total params\") or the unique-layers Markdown.");
}

}  // namespace mm
