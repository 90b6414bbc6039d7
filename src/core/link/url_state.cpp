#include "core/link/url_state.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/options/option_table.hpp"
#include "core/engine/workload.hpp"

namespace mm {
namespace {

std::optional<double> parse_number(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    const std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

UrlState decode_url_state(std::string_view text, const Catalog& catalog, const AnalyzeOptions& base,
                          std::span<const std::string_view> app_keys) {
    UrlState st{base, {}, {}};
    if (text.size() > kMaxUrlStateChars) {
        st.notices.push_back("The link's parameters are " + std::to_string(text.size()) + " characters long, more than " +
                             std::to_string(kMaxUrlStateChars) + "; they were all ignored.");
        return st;
    }
    while (!text.empty() && (text.front() == '#' || text.front() == '?')) text.remove_prefix(1);

    std::vector<std::pair<std::string, std::string>> params;
    std::size_t pos = 0;
    while (pos <= text.size() && !text.empty()) {
        const auto amp = text.find('&', pos);
        const auto part = text.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
        if (!part.empty()) {
            const auto eq = part.find('=');
            params.emplace_back(percent_decode(part.substr(0, eq)),
                                eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        pos = amp + 1;
    }
    if (params.size() > kMaxUrlStateParams) {
        st.notices.push_back("The link has " + std::to_string(params.size()) + " parameters, more than " +
                             std::to_string(kMaxUrlStateParams) + "; only the first " +
                             std::to_string(kMaxUrlStateParams) + " were read.");
        params.resize(kMaxUrlStateParams);
    }

    // A workload preset sets many options at once, so it applies first; the other keys refine it.
    for (const auto& [key, value] : params) {
        if (key != "workload") continue;
        auto preset = options_for_workload(catalog, value);
        if (preset.ok()) st.options = preset.value();
        else st.notices.push_back(printable_text("Ignored workload=" + value + ": " + preset.error().message));
    }

    AnalyzeOptions& o = st.options;
    for (const auto& [key, value] : params) {
        auto ignore = [&st, &key = key, &value = value](const std::string& why) {
            const std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
            st.notices.push_back(printable_text("Ignored " + key + "=" + shown + ": " + why + "."));
        };
        if (key == "workload") continue;
        if (value.size() > kMaxUrlValueChars) {
            ignore("the value is longer than " + std::to_string(kMaxUrlValueChars) + " characters");
            continue;
        }
        if (std::find(app_keys.begin(), app_keys.end(), key) != app_keys.end()) {
            // Like every option, a repeated key keeps its last value: the app's keys stay one each, so a
            // link written from what was read stays within kMaxUrlStateParams and kMaxUrlStateChars.
            auto same = std::find_if(st.app_params.begin(), st.app_params.end(),
                                     [&k = key](const auto& p) { return p.first == k; });  // clang 14: no binding capture
            if (same != st.app_params.end()) same->second = value;
            else st.app_params.emplace_back(key, value);
            continue;
        }
        if (key.rfind("gpu.", 0) == 0) {
            const auto field = std::string_view(key).substr(4);
            const auto keys = gpu_numeric_keys();
            const auto number = parse_number(value);
            if (std::find(keys.begin(), keys.end(), field) == keys.end()) ignore("a GPU preset has no field " + std::string(field));
            else if (!number || *number < 0) ignore("a GPU field needs a number of at least 0");
            else {
                auto same = [&](const GpuOverride& g) { return g.key == field; };
                o.gpu_overrides.erase(std::remove_if(o.gpu_overrides.begin(), o.gpu_overrides.end(), same),
                                      o.gpu_overrides.end());
                o.gpu_overrides.push_back({std::string(field), *number});
            }
        } else if (const OptionSpec* spec = find_option(key)) {
            if (std::string why = apply_option(*spec, o, value, catalog); !why.empty()) ignore(why);
        } else {
            ignore("unknown parameter");
        }
    }
    return st;
}

std::string encode_url_state(const AnalyzeOptions& o, std::span<const std::pair<std::string, std::string>> app_params) {
    std::string out;
    auto put = [&out](std::string_view key, std::string_view value) {
        if (!out.empty()) out += '&';
        out += percent_encode(key);
        out += '=';
        out += percent_encode(value);
    };
    for (const OptionSpec& spec : option_table()) {
        put(spec.key, spec.get(o));
        if (spec.key == "gpu")
            for (const auto& g : o.gpu_overrides) {
                // format_number: shortest round-trip text; libc++ 14 (Emscripten) has no floating to_chars.
                put("gpu." + g.key, format_number(g.value));
            }
    }
    for (const auto& [k, v] : app_params) put(k, v);
    return out;
}

}  // namespace mm
