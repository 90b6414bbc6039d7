// modelmeter: the analytic cost of DeepSeek-OCR per module and stage on a chosen GPU.
#include <cstdio>
#include <iostream>

#include "cli/cli_app.hpp"
#include "embedded/embedded_assets.hpp"

int main(int argc, char** argv) {
    mm::cli::CliApp cli;
    CLI::App& app = cli.app;
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
    if (cli.analyze->parsed()) return mm::cli::run_analyze(catalog.value(), cli.analyze_flags);
    if (cli.bench->parsed()) return mm::cli::run_bench(catalog.value(), cli.unique_layers);
    if (cli.report->parsed()) return mm::cli::run_report(catalog.value(), cli.report_flags);
    if (cli.sweep->parsed()) return mm::cli::run_sweep_command(catalog.value(), cli.sweep_flags);
    if (cli.plan->parsed()) return mm::cli::run_plan(catalog.value(), cli.plan_flags);
    if (cli.gpus->parsed()) return mm::cli::run_gpus(catalog.value(), cli.gpus_format);
    if (cli.explain->parsed()) return mm::cli::run_explain(catalog.value(), cli.explain_flags);
    return mm::cli::kExitUsage;
}
