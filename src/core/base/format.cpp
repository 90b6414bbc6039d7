#include "core/base/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mm {

std::string format_int(int64_t v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string format_number(double v) {
    if (!std::isfinite(v)) return "null";
    if (v == 0) return "0";
    if (std::fabs(v) < 9007199254740992.0 && v == std::floor(v)) return format_int(static_cast<int64_t>(v));
    // snprintf/strtod use the "C" locale: the core never calls setlocale and neither do its hosts.
    char buf[40];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

std::string format_fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

namespace {
std::string three_digits(double v) {
    double a = std::fabs(v);
    if (a == 0) return "0";
    if (a < 0.995) {  // below the smallest prefix: 3 significant digits, never "0.00"
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", v);
        return buf;
    }
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return format_fixed(v, decimals);
}
}  // namespace

std::string format_si(double v, const char* unit) {
    static constexpr const char* kPrefix[] = {"", "k", "M", "G", "T", "P", "E"};
    double a = std::fabs(v);
    int i = 0;
    while (a >= 999.5 && i < 6) {
        a /= 1000;
        v /= 1000;
        ++i;
    }
    return three_digits(v) + " " + kPrefix[i] + unit;
}

std::string format_bytes(double bytes) {
    static constexpr const char* kPrefix[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int i = 0;
    while (std::fabs(bytes) >= 1023.5 && i < 5) {
        bytes /= 1024;
        ++i;
    }
    return three_digits(bytes) + " " + kPrefix[i];
}

std::string format_seconds(double s) {
    double a = std::fabs(s);
    if (a == 0) return "0 s";
    if (a >= 1) return three_digits(s) + " s";
    if (a >= 1e-3) return three_digits(s * 1e3) + " ms";
    if (a >= 1e-6) return three_digits(s * 1e6) + " \xC2\xB5s";
    return three_digits(s * 1e9) + " ns";
}

std::string format_grouped(int64_t v) {
    std::string digits = format_int(v < 0 ? -v : v);
    std::string out;
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[static_cast<size_t>(i)];
    }
    return v < 0 ? "-" + out : out;
}

void append_csv_field(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string format_choices(std::span<const std::string_view> names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

}  // namespace mm
