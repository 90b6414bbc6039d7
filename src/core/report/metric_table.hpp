#pragma once
// The metric table: one row per per-module figure (key, unit, description, getter). The analysis
// JSON's modules[], modules.csv, report.json's module_metrics, the Markdown layer pages and the
// Netron attachment list exactly these, so a figure is added to every one of them with one row in
// metric_table.cpp; the terminal table's module columns are a chosen few of these rows.
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
// Bytes held in memory (the memory_* rows: binary units in text) rather than moved (decimal units).
inline bool metric_is_held_memory(const MetricSpec& m) { return m.unit == "B" && m.key.starts_with("memory_"); }
const MetricSpec* find_metric(std::string_view key);  // nullptr for an unknown key

// The seed's units (report.json) from base units.
inline double to_tflops(double flops) { return flops / 1e12; }
inline double to_io_tb(double bytes) { return bytes * 8 / 1e12; }
inline double to_gb(double bytes) { return bytes / 1073741824.0; }
inline double to_ms(double seconds) { return seconds * 1e3; }

// report.json's module_metrics keeps the seed's schema: these rows of the metric table under the
// seed's keys and units, before its operator_breakdown (seed_module_metrics) and after it
// (ModelMeter's additions); every other row of the table follows under its own key in base units.
struct SeedMetric {
    std::string_view seed_key;
    std::string_view metric_key;          // a key of module_metric_table()
    double (*scale)(double) = nullptr;    // base unit -> the seed's unit; nullptr: as is
};
std::span<const SeedMetric> seed_module_metrics();
std::span<const SeedMetric> seed_module_metric_additions();

}  // namespace mm
