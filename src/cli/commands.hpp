#pragma once
// The subcommands of `modelmeter`. Each registers its flags on the CLI11 app and runs after parsing.
#include <CLI/CLI.hpp>

#include "core/api.hpp"

namespace mm::cli {

// Exit codes: 0 success, 2 a bad flag or input (one sentence on stderr).
inline constexpr int kExitUsage = 2;

struct AnalyzeFlags {
    AnalyzeOptions options;
    std::string workload;  // preset to start from; other flags override it
    std::string image, crops;
    bool no_crops = false;
    std::string precision;
    std::vector<std::string> gpu_set;
    std::string format = "table";
    // Which flags were given, so a --workload preset is overridden only by flags actually set.
    CLI::Option* opt[32] = {};
};

void add_analyze_flags(CLI::App& cmd, AnalyzeFlags& flags);
// Builds the options (preset + flags); a problem is a one-sentence Diagnostic.
Result<AnalyzeOptions> resolve_analyze_flags(const Catalog& catalog, const AnalyzeFlags& flags);
int run_analyze(const Catalog& catalog, const AnalyzeFlags& flags);
int run_bench(const Catalog& catalog);

}  // namespace mm::cli
