// modelmeter: the analytic cost of DeepSeek-OCR per module and stage on a chosen GPU.
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "embedded/embedded_assets.hpp"

int main(int argc, char** argv) {
    CLI::App app{"ModelMeter: FLOPs, bytes, memory and predicted time of DeepSeek-OCR per module and stage"};
    app.set_version_flag("--version", std::string("modelmeter ") + MM_VERSION);
    app.require_subcommand(1);

    mm::cli::AnalyzeFlags analyze_flags;
    CLI::App* analyze = app.add_subcommand(
        "analyze",
        "Analyse one workload on one GPU.\n"
        "Example: modelmeter analyze --image 1654x2339 --new-tokens 1024 --gpu h100-sxm --format json");
    mm::cli::add_analyze_flags(*analyze, analyze_flags);
    CLI::App* bench = app.add_subcommand("bench", "Time the engine itself: prints `name value unit` lines.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        if (!what.empty() && what.back() != '.') what += '.';
        std::cerr << "modelmeter: " << what << " See modelmeter --help.\n";
        return mm::cli::kExitUsage;
    }

    auto catalog = mm::load_catalog(mm::embedded_assets());
    if (!catalog.ok()) {
        std::cerr << "modelmeter: " << catalog.error().message << "\n";
        return 1;  // the embedded presets are part of the program: this is a build defect
    }
    if (analyze->parsed()) return mm::cli::run_analyze(catalog.value(), analyze_flags);
    if (bench->parsed()) return mm::cli::run_bench(catalog.value());
    return mm::cli::kExitUsage;
}
