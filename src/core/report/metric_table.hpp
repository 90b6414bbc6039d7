#pragma once
// The metric table: one row per per-module figure (key, unit, description, getter). The analysis
// JSON's modules[], modules.csv and the Netron attachment list exactly these, in this order, so a
// figure is added to every one of them with one row in metric_table.cpp.
#include <span>
#include <string_view>

#include "core/engine/analysis.hpp"

namespace mm {

enum class MetricType {
    number,   // a double in base units
    integer,  // a whole count (written without a fraction)
    text,     // a word, e.g. the bound
};

struct MetricSpec {
    std::string_view key;          // JSON key, CSV column, Netron metric name (after "<stage>.")
    std::string_view unit;         // base unit: "FLOP", "B", "s", "1" (a ratio or count), "FLOP/B"
    std::string_view description;  // one sentence, shown in docs and tooltips
    MetricType type = MetricType::number;
    double (*number)(const Analysis& a, const ModuleRow& m) = nullptr;  // number and integer metrics
    std::string_view (*text)(const ModuleRow& m) = nullptr;            // text metrics
};

std::span<const MetricSpec> module_metric_table();

}  // namespace mm
