#pragma once
// The `modelmeter` command line as one object: the CLI11 app with every subcommand and the flag
// structs its options write into. main() parses argv with it and runs the parsed subcommand; the
// CLI fuzz target (tests/fuzz/fuzz_cli_flags.cpp) builds the same app for every input.
#include <CLI/CLI.hpp>

#include <string>

#include "cli/commands.hpp"

namespace mm::cli {

struct CliApp {
    CliApp();
    CliApp(const CliApp&) = delete;  // the options hold pointers into this object
    CliApp& operator=(const CliApp&) = delete;

    // What the options write into (declared before `app`, which refers to them).
    AnalyzeFlags analyze_flags;
    std::string unique_layers;  // bench --unique-layers
    ReportFlags report_flags;
    SweepFlags sweep_flags;
    PlanFlags plan_flags;
    std::string gpus_format = "table";
    ExplainFlags explain_flags;

    CLI::App app;
    CLI::App* analyze = nullptr;
    CLI::App* bench = nullptr;
    CLI::App* report = nullptr;
    CLI::App* sweep = nullptr;
    CLI::App* plan = nullptr;
    CLI::App* gpus = nullptr;
    CLI::App* explain = nullptr;
};

}  // namespace mm::cli
