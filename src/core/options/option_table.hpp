#pragma once
// The option table: one row per analysis option, read by every place that names, checks or shows
// an option — the share-link codec (core/url_state), the CLI's sweep axes, the page's widgets — so
// a key, its bounds, its choices and the sentence that refuses a bad value are written once.
// The bounds are the engine's own (core/workload.hpp), and the choices are what the engine
// accepts: a value the table takes, resolve_workload() takes too (a test walks every row).
//
// Adding an option: one row in option_table.cpp (key, flag, label, bounds or choices, get, set).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/presets/catalog.hpp"

namespace mm {

enum class OptionType {
    choice,     // one of a list (fixed, or the catalog's models / GPUs / profiles, or the model's modes)
    integer,    // a whole number in [min, max]
    size_pair,  // "WxH", each side in [min, max]
    crops,      // "WxH" tiles (2 to max in all), "auto" or "off"
};

// Where the page groups an option (its left column, top to bottom).
enum class OptionGroup { model, hardware, page, generation, numerics };
std::string_view option_group_name(OptionGroup g);  // "Model", "Hardware", "Page", "Generation", "Numerics"

struct OptionSpec {
    std::string_view key;    // share-link key, e.g. "new_tokens"
    std::string_view flag;   // `modelmeter analyze` flag, e.g. "--new-tokens"
    std::string_view label;  // the page's widget label
    std::string_view help;   // what it means, one sentence: the flag's --help, the widget's tooltip
    OptionGroup group = OptionGroup::model;
    OptionType type = OptionType::choice;
    int64_t min = 0, max = 0;                       // integer and size_pair bounds (per side)
    std::span<const std::string_view> fixed_choices;  // choice options with a fixed list
    // What a refused value is told, after "Ignored key=value: ", e.g. "the batch is a whole number
    // from 1 to 65536". `choices` is the list that applies (empty for non-choice options).
    std::string (*accepted)(const std::vector<std::string>& choices);
    std::string (*get)(const AnalyzeOptions& o);  // the value as a link writes it
    // Sets a parsed, checked value on `o`; false when `text` is not acceptable.
    bool (*set)(AnalyzeOptions& o, std::string_view text, const std::vector<std::string>& choices);
};

std::span<const OptionSpec> option_table();
const OptionSpec* find_option(std::string_view key);

// The values a choice option takes now: fixed lists, the catalog's presets, or the modes of the
// model `o` names (none when the model is unknown).
std::vector<std::string> option_choices(const OptionSpec& spec, const Catalog& catalog, const AnalyzeOptions& o);

// Applies `text` to `o`; on refusal returns the sentence fragment saying what is accepted (and `o`
// is unchanged), else an empty string.
std::string apply_option(const OptionSpec& spec, AnalyzeOptions& o, std::string_view text, const Catalog& catalog);

// The storage precisions every option and the engine accept, in the order the page lists them.
std::span<const std::string_view> precision_choices();

}  // namespace mm
