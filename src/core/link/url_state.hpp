#pragma once
// The share-link codec: analysis options <-> "key=value&key=value" (the page's URL hash or query, the
// desktop app's --state). Decoding trusts nothing: an unknown key, a bad value or an out-of-range
// number is ignored with a notice sentence, and the rest still applies.
//
// Keys: workload (a preset, applied first), every option of the option table (core/options:
// model, gpu, mode, image=WxH, crops=WxH|auto|off, new_tokens, batch, weights, activations, kv,
// attention, convention, profile) with its bounds and sentences, and gpu.<preset numeric key> (an
// override, e.g. gpu.memory_bandwidth_GB_per_s). Keys the app owns (its view state) pass through untouched.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/presets/catalog.hpp"

namespace mm {

struct UrlState {
    AnalyzeOptions options;
    std::vector<std::pair<std::string, std::string>> app_params;  // keys listed in app_keys, in order
    std::vector<std::string> notices;                             // one sentence per ignored parameter
};

// Longer links are refused whole. The bound leaves room for the longest link encode_url_state can write
// from a decoded state: every option and GPU override plus each app key once with a kMaxUrlValueChars-byte value,
// every byte percent-encoded (test_url_state.cpp builds that link).
inline constexpr std::size_t kMaxUrlStateChars = 16384;
// The keys the page keeps for its own view (tab, selected module, ...): they travel in share links
// and mean nothing to the analysis.
inline constexpr std::string_view kPageViewKeys[] = {"view",       "module",      "compare",     "compare_model", "sweep",
                                                     "theme",      "torchinfo",   "concurrency", "ttft_max_s",    "tpot_max_ms",
                                                     "host_s",     "host_workers", "host_step_ms",  "pages_per_hour"};
inline constexpr std::size_t kMaxUrlStateParams = 64;
inline constexpr std::size_t kMaxUrlValueChars = 256;  // a longer value is ignored with a notice

UrlState decode_url_state(std::string_view text, const Catalog& catalog, const AnalyzeOptions& base,
                          std::span<const std::string_view> app_keys = {});

// Every option, in a fixed order, then the app's parameters; decode(encode(x)) == x.
std::string encode_url_state(const AnalyzeOptions& options,
                             std::span<const std::pair<std::string, std::string>> app_params = {});

std::string percent_decode(std::string_view text);
std::string percent_encode(std::string_view text);

}  // namespace mm
