#pragma once
// Locale-independent number formatting, identical natively and in WebAssembly.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mm {

// Shortest text that reads back as the same double; whole numbers below 2^53 print without a
// fraction or exponent (so exact FLOP counts stay exact in JSON).
std::string format_number(double v);
std::string format_int(int64_t v);
// Fixed decimals, e.g. format_fixed(3.14159, 2) == "3.14".
std::string format_fixed(double v, int decimals);
// Units, one convention everywhere (README, "Units"): memory *held* (weights, KV cache, activations,
// VRAM) in binary prefixes (GiB = 2^30 B, as nvidia-smi and allocators count it); bytes *moved* (DRAM
// traffic) and every rate (FLOP/s, B/s) in decimal prefixes (GB = 1e9 B), as GPU vendors quote
// bandwidth, so traffic / bandwidth reads as a time. Zero prints as "0 <unit>", never "0.00".
//
// Engineering prefix, e.g. format_si(3.53e12, "FLOP") == "3.53 TFLOP"; 3 significant digits.
std::string format_si(double v, const char* unit);
// Memory held, binary prefixes: "6.21 GiB".
std::string format_bytes(double bytes);
// Bytes moved, decimal prefixes: format_traffic(6.19e11) == "619 GB".
inline std::string format_traffic(double bytes) { return format_si(bytes, "B"); }
// Seconds as s / ms / µs / ns (µ is U+00B5, in UTF-8).
std::string format_seconds(double s);
// 3530109741568 -> "3,530,109,741,568".
std::string format_grouped(int64_t v);

// Appends one CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
void append_csv_field(std::string& out, std::string_view s);

// "a, b, c or d": a list of choices in a sentence.
std::string format_choices(std::span<const std::string_view> names);

}  // namespace mm
