#include "core/url_state.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/api.hpp"
#include "core/format.hpp"
#include "core/workload.hpp"

namespace mm {
namespace {

const char* const kModes[] = {"tiny", "small", "base", "large", "gundam", "gundam-m"};

// Numbers in a share link have the engine's bounds (core/workload.hpp); each crop side at most the
// tile count (the engine then checks the product).
std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
    return v;
}

std::optional<double> parse_number(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    const std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// "WxH" with both sides in [lo, hi].
std::optional<std::pair<int64_t, int64_t>> parse_pair(std::string_view s, int64_t lo, int64_t hi) {
    const auto x = s.find('x');
    if (x == std::string_view::npos) return std::nullopt;
    const auto w = parse_int(s.substr(0, x), lo, hi);
    const auto h = parse_int(s.substr(x + 1), lo, hi);
    if (!w || !h) return std::nullopt;
    return std::make_pair(*w, *h);
}

template <class Names>
std::string joined(const Names& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

bool contains(const std::vector<std::string>& names, std::string_view v) {
    return std::find(names.begin(), names.end(), v) != names.end();
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
        if (key == "model") {
            if (contains(model_names(catalog), value)) o.model = value;
            else ignore("no such model (known: " + joined(model_names(catalog)) + ")");
        } else if (key == "gpu") {
            if (contains(gpu_names(catalog), value)) o.gpu = value;
            else ignore("no such GPU preset (known: " + joined(gpu_names(catalog)) + ")");
        } else if (key.rfind("gpu.", 0) == 0) {
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
        } else if (key == "profile") {
            if (contains(profile_names(catalog), value)) o.profile = value;
            else ignore("no such time profile (known: " + joined(profile_names(catalog)) + ")");
        } else if (key == "convention") {
            if (value == "torch" || value == "executed") o.convention = value;
            else ignore("the convention is torch or executed");
        } else if (key == "attention") {
            if (value == "flash" || value == "eager") o.attention = value;
            else ignore("the attention implementation is flash or eager");
        } else if (key == "mode") {
            if (std::find(std::begin(kModes), std::end(kModes), value) != std::end(kModes)) o.mode = value;
            else ignore("the mode is one of " + joined(kModes));
        } else if (key == "image") {
            if (auto p = parse_pair(value, 1, kMaxImageSidePx)) {
                o.image_width_px = p->first;
                o.image_height_px = p->second;
            } else {
                ignore("an image size is WxH in pixels, each from 1 to " + std::to_string(kMaxImageSidePx));
            }
        } else if (key == "crops") {
            if (value == "off") o.crops = AnalyzeOptions::Crops::off;
            else if (value == "auto") o.crops = AnalyzeOptions::Crops::from_image;
            else if (auto p = parse_pair(value, 1, kMaxTiles); p && p->first * p->second >= 2 && p->first * p->second <= kMaxTiles) {
                o.crops = AnalyzeOptions::Crops::explicit_grid;
                o.crops_w = p->first;
                o.crops_h = p->second;
            } else {
                ignore("crops are WxH tiles (2 to " + std::to_string(kMaxTiles) + " in all), auto or off");
            }
        } else if (key == "new_tokens") {
            if (auto v = parse_int(value, 1, kMaxNewTokens)) o.new_tokens = *v;
            else ignore("new tokens are a whole number from 1 to " + std::to_string(kMaxNewTokens));
        } else if (key == "batch") {
            if (auto v = parse_int(value, 1, kMaxBatch)) o.batch = *v;
            else ignore("the batch is a whole number from 1 to " + std::to_string(kMaxBatch));
        } else if (key == "weights" || key == "activations" || key == "kv") {
            if (!parse_precision(value)) ignore("the precision is one of bf16, fp16, fp8, fp4, fp32");
            else (key == "weights" ? o.weights_precision : key == "activations" ? o.activations_precision : o.kv_precision) = value;
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
    auto pair = [](int64_t a, int64_t b) { return std::to_string(a) + "x" + std::to_string(b); };
    put("model", o.model);
    put("gpu", o.gpu);
    for (const auto& g : o.gpu_overrides) {
        // format_number: shortest round-trip text; libc++ 14 (Emscripten) has no floating to_chars.
        put("gpu." + g.key, format_number(g.value));
    }
    put("mode", o.mode);
    put("image", pair(o.image_width_px, o.image_height_px));
    put("crops", o.crops == AnalyzeOptions::Crops::off ? "off"
                 : o.crops == AnalyzeOptions::Crops::from_image ? "auto"
                                                                : pair(o.crops_w, o.crops_h));
    put("new_tokens", std::to_string(o.new_tokens));
    put("batch", std::to_string(o.batch));
    put("weights", o.weights_precision);
    put("activations", o.activations_precision);
    put("kv", o.kv_precision);
    put("attention", o.attention);
    put("convention", o.convention);
    put("profile", o.profile);
    for (const auto& [k, v] : app_params) put(k, v);
    return out;
}

}  // namespace mm
