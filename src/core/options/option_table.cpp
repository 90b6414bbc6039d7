#include "core/options/option_table.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "core/api.hpp"
#include "core/engine/workload.hpp"

namespace mm {
namespace {

using Choices = std::vector<std::string>;

constexpr std::span<const std::string_view> kPrecisions = kStoragePrecisionNames;
constexpr std::string_view kAttention[] = {"flash", "eager"};
constexpr std::string_view kConventions[] = {"executed", "torch"};
constexpr std::span<const std::string_view> kCatalogChoices;  // empty: the list comes from the catalog or the model

// A whole number in [lo, hi], nothing else in the text.
std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
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

std::string pair_text(int64_t a, int64_t b) { return std::to_string(a) + "x" + std::to_string(b); }

std::string joined(const Choices& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool one_of(const Choices& choices, std::string_view v) {
    return std::find(choices.begin(), choices.end(), v) != choices.end();
}

// A choice option stored as a string field of AnalyzeOptions.
template <std::string AnalyzeOptions::*Field>
std::string get_field(const AnalyzeOptions& o) {
    return o.*Field;
}
template <std::string AnalyzeOptions::*Field>
bool set_field(AnalyzeOptions& o, std::string_view text, const Choices& choices) {
    if (!one_of(choices, text)) return false;
    o.*Field = std::string(text);
    return true;
}

// An enum field through its names: precision_name / parse_precision and the like.
template <auto Field, auto Name, auto Parse>
std::string get_enum(const AnalyzeOptions& o) {
    return std::string(Name(o.*Field));
}
template <auto Field, auto Name, auto Parse>
bool set_enum(AnalyzeOptions& o, std::string_view text, const Choices& choices) {
    if (!one_of(choices, text)) return false;
    const auto v = Parse(text);
    if (!v) return false;
    o.*Field = *v;
    return true;
}
template <Precision AnalyzeOptions::*Field>
constexpr auto get_precision = get_enum<Field, precision_name, parse_precision>;
template <Precision AnalyzeOptions::*Field>
constexpr auto set_precision = set_enum<Field, precision_name, parse_precision>;

template <int64_t AnalyzeOptions::*Field, int64_t Lo, int64_t Hi>
bool set_int(AnalyzeOptions& o, std::string_view text, const Choices&) {
    const auto v = parse_int(text, Lo, Hi);
    if (!v) return false;
    o.*Field = *v;
    return true;
}
template <int64_t AnalyzeOptions::*Field>
std::string get_int(const AnalyzeOptions& o) {
    return std::to_string(o.*Field);
}

const OptionSpec kTable[] = {
    {"model", "--model", "Model",
     "Model preset (assets/models).", OptionGroup::model, OptionType::choice, 0, 0, kCatalogChoices,
     [](const Choices& c) { return "no such model (known: " + joined(c) + ")"; }, get_field<&AnalyzeOptions::model>,
     set_field<&AnalyzeOptions::model>},
    {"gpu", "--gpu", "GPU",
     "GPU preset (assets/gpus): dense tensor and CUDA-core peaks, DRAM bandwidth and capacity.", OptionGroup::hardware, OptionType::choice, 0, 0, kCatalogChoices,
     [](const Choices& c) { return "no such GPU preset (known: " + joined(c) + ")"; }, get_field<&AnalyzeOptions::gpu>,
     set_field<&AnalyzeOptions::gpu>},
    {"mode", "--mode", "Mode",
     "Resolution mode of the model (paper Table 1 for DeepSeek-OCR: tiny, small, base, large, gundam, gundam-m; DeepSeek-OCR 2: default, base).", OptionGroup::page, OptionType::choice, 0, 0, kCatalogChoices,
     [](const Choices& c) { return "the mode is one of " + joined(c); }, get_field<&AnalyzeOptions::mode>,
     set_field<&AnalyzeOptions::mode>},
    {"image", "--image", "Image W x H px",
     "Page image size WxH in pixels; the crop grid follows the vendor rule.", OptionGroup::page, OptionType::size_pair, 1, kMaxImageSidePx, {},
     [](const Choices&) {
         return "an image size is WxH in pixels, each from 1 to " + std::to_string(kMaxImageSidePx);
     },
     [](const AnalyzeOptions& o) { return pair_text(o.image_width_px, o.image_height_px); },
     [](AnalyzeOptions& o, std::string_view text, const Choices&) {
         const auto p = parse_pair(text, 1, kMaxImageSidePx);
         if (!p) return false;
         o.image_width_px = p->first;
         o.image_height_px = p->second;
         return true;
     }},
    {"crops", "--crops", "Tiles W x H",
     "Crop grid WxH (W tiles across, H down), auto (from the image by the vendor rule) or off (the global view only).", OptionGroup::page, OptionType::crops, 1, kMaxTiles, {},
     [](const Choices&) {
         return "crops are WxH tiles (2 to " + std::to_string(kMaxTiles) + " in all), auto or off";
     },
     [](const AnalyzeOptions& o) {
         return o.crops == AnalyzeOptions::Crops::off          ? std::string("off")
                : o.crops == AnalyzeOptions::Crops::from_image ? std::string("auto")
                                                               : pair_text(o.crops_w, o.crops_h);
     },
     [](AnalyzeOptions& o, std::string_view text, const Choices&) {
         if (text == "off") {
             o.crops = AnalyzeOptions::Crops::off;
             return true;
         }
         if (text == "auto") {
             o.crops = AnalyzeOptions::Crops::from_image;
             return true;
         }
         // Each side is bounded before the product is formed.
         const auto p = parse_pair(text, 1, kMaxTiles);
         if (!p || p->first * p->second < 2 || p->first * p->second > kMaxTiles) return false;
         o.crops = AnalyzeOptions::Crops::explicit_grid;
         o.crops_w = p->first;
         o.crops_h = p->second;
         return true;
     }},
    {"new_tokens", "--new-tokens", "New tokens",
     "Tokens to generate: the prefill produces the first, then N-1 decode passes with a growing KV cache.", OptionGroup::generation, OptionType::integer, 1, kMaxNewTokens, {},
     [](const Choices&) { return "new tokens are a whole number from 1 to " + std::to_string(kMaxNewTokens); },
     get_int<&AnalyzeOptions::new_tokens>, set_int<&AnalyzeOptions::new_tokens, 1, kMaxNewTokens>},
    {"batch", "--batch", "Batch (pages)",
     "Pages processed together.", OptionGroup::generation, OptionType::integer, 1, kMaxBatch, {},
     [](const Choices&) { return "the batch is a whole number from 1 to " + std::to_string(kMaxBatch); },
     get_int<&AnalyzeOptions::batch>, set_int<&AnalyzeOptions::batch, 1, kMaxBatch>},
    {"weights", "--weights-precision", "Weights",
     "Storage precision of the weights.", OptionGroup::numerics, OptionType::choice, 0, 0, kPrecisions,
     [](const Choices& c) { return "the precision is one of " + joined(c); },
     get_precision<&AnalyzeOptions::weights_precision>, set_precision<&AnalyzeOptions::weights_precision>},
    {"activations", "--activations-precision", "Activations",
     "Storage precision of the activations.", OptionGroup::numerics, OptionType::choice, 0, 0, kPrecisions,
     [](const Choices& c) { return "the precision is one of " + joined(c); },
     get_precision<&AnalyzeOptions::activations_precision>, set_precision<&AnalyzeOptions::activations_precision>},
    {"kv", "--kv-precision", "KV cache",
     "Storage precision of the KV cache.", OptionGroup::numerics, OptionType::choice, 0, 0, kPrecisions,
     [](const Choices& c) { return "the precision is one of " + joined(c); }, get_precision<&AnalyzeOptions::kv_precision>,
     set_precision<&AnalyzeOptions::kv_precision>},
    {"attention", "--attention", "Attention",
     "Decoder attention implementation: flash or eager.", OptionGroup::numerics, OptionType::choice, 0, 0, kAttention,
     [](const Choices&) { return std::string("the attention implementation is flash or eager"); },
     get_enum<&AnalyzeOptions::attention, attention_name, parse_attention>,
     set_enum<&AnalyzeOptions::attention, attention_name, parse_attention>},
    {"convention", "--convention", "Convention",
     "FLOP counting: executed (what kernels run, tensor and CUDA cores apart) or torch (what FlopCounterMode counts on the eager model).", OptionGroup::numerics, OptionType::choice, 0, 0, kConventions,
     [](const Choices&) { return std::string("the convention is torch or executed"); },
     get_enum<&AnalyzeOptions::convention, convention_name, parse_convention>,
     set_enum<&AnalyzeOptions::convention, convention_name, parse_convention>},
    {"profile", "--profile", "Time profile",
     "Time profile (assets/profiles): efficiencies and per-kernel overheads.", OptionGroup::hardware, OptionType::choice, 0, 0, kCatalogChoices,
     [](const Choices& c) { return "no such time profile (known: " + joined(c) + ")"; },
     get_field<&AnalyzeOptions::profile>, set_field<&AnalyzeOptions::profile>},
    {"gpu_memory_percent", "--gpu-memory-percent", "Usable VRAM %",
     "Share of the GPU's memory the runtime may fill, in percent (vLLM's gpu_memory_utilization x 100; 90 there): what fits and the largest batch are judged against it.", OptionGroup::hardware, OptionType::integer, 1, 100, {},
     [](const Choices&) { return std::string("the usable GPU memory is a whole percentage from 1 to 100"); },
     get_int<&AnalyzeOptions::gpu_memory_percent>, set_int<&AnalyzeOptions::gpu_memory_percent, 1, 100>},
};

}  // namespace

std::span<const OptionSpec> option_table() { return kTable; }

std::string_view option_group_name(OptionGroup g) {
    switch (g) {
        case OptionGroup::model: return "Model";
        case OptionGroup::hardware: return "Hardware";
        case OptionGroup::page: return "Page";
        case OptionGroup::generation: return "Generation";
        case OptionGroup::numerics: return "Numerics";
    }
    return "Model";
}

const OptionSpec* find_option(std::string_view key) {
    for (const OptionSpec& s : kTable)
        if (s.key == key) return &s;
    return nullptr;
}

std::span<const std::string_view> precision_choices() { return kPrecisions; }

std::vector<std::string> option_choices(const OptionSpec& spec, const Catalog& catalog, const AnalyzeOptions& o) {
    if (spec.type != OptionType::choice) return {};
    if (spec.key == "model") return model_names(catalog);
    if (spec.key == "gpu") return gpu_names(catalog);
    if (spec.key == "profile") return profile_names(catalog);
    if (spec.key == "mode") {
        Choices modes;
        if (const ModelEntry* m = catalog.find_model(o.model))
            for (const ResolutionMode& r : m->config->modes) modes.push_back(r.name);
        return modes;
    }
    return Choices(spec.fixed_choices.begin(), spec.fixed_choices.end());
}

std::string apply_option(const OptionSpec& spec, AnalyzeOptions& o, std::string_view text, const Catalog& catalog) {
    const Choices choices = option_choices(spec, catalog, o);
    if (!spec.set(o, text, choices)) return spec.accepted(choices);
    // Another model keeps the mode when it has one of that name (the table sets a model before its
    // mode), and otherwise starts from its own default mode: DeepSeek-OCR 2 has no gundam.
    if (spec.key == "model")
        if (const ModelEntry* m = catalog.find_model(o.model); m && !m->config->find_mode(o.mode))
            o.mode = m->config->default_mode;
    return {};
}

}  // namespace mm
