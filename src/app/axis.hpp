#pragma once
// Chart axes without ImGui: where the ticks go and what they say. Ticks are "nice" numbers, 1, 2 or 5
// times a power of ten (the steps people read without arithmetic); on a log axis, the decades, with
// their 2x and 5x when few decades show. Labels come from the app's one set of formatters
// (core/base/format: format_seconds, format_bytes, format_si) with the zeros they pad with removed,
// so a tick reads "2 ms", "8 GiB" or "1 TFLOP/s" and the units stay the ones every table uses.
#include <string>
#include <vector>

namespace mm::app {

enum class AxisUnit {
    count,    // plain numbers: 1, 20, 500, 10k
    seconds,  // format_seconds: 2 ms, 1.5 s
    bytes,    // held memory, binary: 8 GiB, 512 MiB (format_bytes)
    rate,     // decimal SI with a unit: 1 TFLOP/s, 500 GB/s (format_si; the unit is the axis's)
};

struct AxisTick {
    double value = 0;
    std::string label;
};

// The 1-2-5 step nearest to span / target (span > 0, target >= 1); 0 when span is not a positive number.
double nice_step(double span, int target);

// Ticks at multiples of nice_step(hi - lo, target) inside [lo, hi]. Empty for an empty or bad range.
std::vector<double> linear_ticks(double lo, double hi, int target);

// Held memory: the step is 1, 2 or 5 times a power of ten of the binary unit that suits hi (KiB, MiB,
// GiB, ...), so 32 GiB gets 0, 5, 10, ... GiB rather than multiples of 5.37e9 bytes.
std::vector<double> byte_ticks(double lo, double hi, int target);

// Log axis over [lo, hi] (0 < lo < hi): the powers of ten inside; when they and their 2x and 5x fit in
// max_ticks, those too; when the decades alone are too many, every second (third, ...) decade.
// A range inside one decade gets linear ticks instead.
std::vector<double> log_ticks(double lo, double hi, int max_ticks);

// "1.00 ms" -> "1 ms", "2.50 GiB" -> "2.5 GiB", "10.0 k" -> "10 k": the formatter's padding zeros off.
std::string trim_zeros(std::string formatted);

// A tick's label in the axis's unit. `unit_name` is the SI unit of a rate axis ("FLOP/s", "B/s").
std::string tick_label(double value, AxisUnit unit, const char* unit_name = "");

// Ticks with labels: linear (seconds, counts and rates use linear_ticks, bytes byte_ticks) or log.
std::vector<AxisTick> axis_ticks(double lo, double hi, bool log, AxisUnit unit, int target, const char* unit_name = "");

}  // namespace mm::app
