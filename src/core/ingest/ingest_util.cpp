#include "core/ingest/ingest_util.hpp"

#include <charconv>
#include <cmath>

namespace mm::ingest {

std::optional<int64_t> checked_mul(int64_t a, int64_t b, int64_t limit) {
    if (a < 0 || b < 0) return std::nullopt;
    if (a == 0 || b == 0) return 0;
    if (a > limit / b) return std::nullopt;
    return a * b;
}

std::optional<int64_t> numel(const Shape& s) {
    int64_t n = 1;
    for (int64_t d : s) {
        auto m = checked_mul(n, d);
        if (!m) return std::nullopt;
        n = *m;
    }
    return n;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!(end == text.size() && line.empty())) lines.push_back(line);
        pos = end + 1;
    }
    return lines;
}

std::optional<int64_t> parse_count(std::string_view s) {
    if (s.empty() || s.size() > 32) return std::nullopt;
    int64_t v = 0;
    int digits_in_group = 0;
    bool seen_comma = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ',') {
            // Thousands separators: 1-3 digits first, then groups of exactly three.
            if (i == 0 || (seen_comma && digits_in_group != 3) || (!seen_comma && digits_in_group > 3)) return std::nullopt;
            seen_comma = true;
            digits_in_group = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (v > (kMaxCount - (c - '0')) / 10) return std::nullopt;
        v = v * 10 + (c - '0');
        ++digits_in_group;
    }
    if (digits_in_group == 0 || (seen_comma && digits_in_group != 3)) return std::nullopt;
    return v;
}

std::optional<double> parse_decimal(std::string_view s) {
    // "6,235.73" or "184.27": digits (thousands separators allowed), an optional fraction. Parsed by
    // hand: libc++ 14 (Emscripten 3.1.6) has no floating-point from_chars, and strtod reads locales.
    s = trim(s);
    const auto dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
    if (whole.empty() && frac.empty()) return std::nullopt;
    std::optional<int64_t> w = whole.empty() ? std::optional<int64_t>(0) : parse_count(whole);
    if (!w || frac.size() > 15) return std::nullopt;
    int64_t f = 0;
    double scale = 1;
    for (char c : frac) {
        if (c < '0' || c > '9') return std::nullopt;
        f = f * 10 + (c - '0');
        scale *= 10;
    }
    if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
    return double(*w) + double(f) / scale;
}

namespace {

// One shape "[a, b, c]" starting at s[i] == '['.
bool parse_one_shape(std::string_view s, std::size_t& i, Shape& out, std::string& why) {
    ++i;  // '['
    out.clear();
    while (true) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) {
            why = "a closing ']'";
            return false;
        }
        if (s[i] == ']') {
            ++i;
            break;
        }
        if (!out.empty()) {
            if (s[i] != ',') {
                why = "',' between dimensions";
                return false;
            }
            ++i;
            while (i < s.size() && s[i] == ' ') ++i;
        }
        std::size_t j = i;
        if (j < s.size() && s[j] == '-') {
            why = "non-negative dimensions";
            return false;
        }
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        if (j == i) {
            why = "whole-number dimensions";
            return false;
        }
        int64_t d = 0;
        auto [p, ec] = std::from_chars(s.data() + i, s.data() + j, d);
        if (ec != std::errc() || p != s.data() + j || d > kMaxShapeElements) {
            why = "dimensions of at most 10^12";
            return false;
        }
        out.push_back(d);
        if (out.size() > kMaxShapeRank) {
            why = "at most " + std::to_string(kMaxShapeRank) + " dimensions";
            return false;
        }
        i = j;
    }
    if (!numel(out)) {
        why = "a tensor of at most 10^12 elements";
        return false;
    }
    return true;
}

}  // namespace

bool parse_shapes(std::string_view cell, std::vector<Shape>& out, std::string& why) {
    out.clear();
    cell = trim(cell);
    if (cell == "--") return true;
    if (cell.empty() || cell.front() != '[') {
        why = "a shape such as [1, 3, 224, 224] or --";
        return false;
    }
    std::size_t i = 0;
    // A list of shapes "[[..], [..]]": the second non-space character is '['.
    std::size_t k = 1;
    while (k < cell.size() && cell[k] == ' ') ++k;
    if (k < cell.size() && cell[k] == '[') {
        ++i;
        while (true) {
            while (i < cell.size() && (cell[i] == ' ' || cell[i] == ',')) ++i;
            if (i < cell.size() && cell[i] == ']') {
                ++i;
                break;
            }
            if (i >= cell.size() || cell[i] != '[') {
                why = "a list of shapes such as [[1, 8], [1, 8]]";
                return false;
            }
            Shape s;
            if (!parse_one_shape(cell, i, s, why)) return false;
            out.push_back(std::move(s));
            if (out.size() > 64) {
                why = "at most 64 shapes in one cell";
                return false;
            }
        }
    } else {
        Shape s;
        if (!parse_one_shape(cell, i, s, why)) return false;
        out.push_back(std::move(s));
    }
    if (i != cell.size()) {
        why = "nothing after the closing ']'";
        return false;
    }
    return true;
}

std::string with_commas(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string shape_text(const Shape& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i) out += ", ";
        out += std::to_string(s[i]);
    }
    return out + "]";
}

Diagnostic line_error(std::string_view file, int64_t line, std::string_view what) {
    std::string f(file);
    return make_error(f + ", line " + std::to_string(line) + ": " + std::string(what),
                      f + ":" + std::to_string(line));
}

std::string qualified_for(const TorchInfoRun& run, std::string_view instance, std::string_view short_name) {
    for (const TorchInfoClass& c : run.classes) {
        if (c.class_name != short_name) continue;
        for (const std::string& i : c.instance_names)
            if (i == instance) return c.class_name_qualified;
    }
    // One class of that short name in the run: it is the one.
    const TorchInfoClass* only = nullptr;
    for (const TorchInfoClass& c : run.classes) {
        if (c.class_name != short_name) continue;
        if (only) return {};
        only = &c;
    }
    return only ? only->class_name_qualified : std::string();
}

}  // namespace mm::ingest
