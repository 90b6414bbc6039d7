#include "core/base/printable.hpp"

#include <cstdint>

namespace mm {
namespace {

void append_hex(std::string& out, const char* prefix, std::uint32_t v, int digits, const char* suffix) {
    static const char* hex = "0123456789ABCDEF";
    out += prefix;
    for (int i = digits - 1; i >= 0; --i) out += hex[(v >> (4 * i)) & 15];
    out += suffix;
}

// Length of the valid UTF-8 sequence at s[i] (its code point in cp), or 0 if none starts there.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (c < 0x80) { cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;  // overlong, too big, surrogate
    return n;
}

}  // namespace

std::size_t invalid_utf8_offset(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string printable_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0) {
            append_hex(out, "<0x", static_cast<unsigned char>(text[i]), 2, ">");
            ++i;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            append_hex(out, "<U+", cp, 4, ">");
            i += n;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

}  // namespace mm
