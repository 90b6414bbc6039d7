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
    analyze->footer("Example:\n  modelmeter analyze --crops 3x2 --batch 4 --gpu h100-sxm");
    CLI::App* bench = app.add_subcommand("bench", "Time the engine itself: prints `name value unit` lines.");
    bench->footer("Example:\n  modelmeter bench --unique-layers ../shared/reference/torchinfo-unique-layers.json");
    std::string unique_layers = MM_DEFAULT_UNIQUE_LAYERS;
    bench->add_option("--unique-layers", unique_layers, "The TorchInfo unique-layers JSON to time parsing on")->capture_default_str();

    mm::cli::ReportFlags report_flags;
    CLI::App* report = app.add_subcommand(
        "report",
        "Write the seed's report folder: OUT/<run id>/static_analysis/analytic_model/{report.json, report.yaml,\n"
        "summary.json, modules.csv, layers/summary.md, layers/<module>.md}. Takes every analyze flag.");
    mm::cli::add_report_flags(*report, report_flags);
    report->footer(
        "Examples:\n"
        "  modelmeter report --out reports --run-id standard\n"
        "  modelmeter report --image 1654x2339 --gpu h100-sxm --new-tokens 1024 --out reports");

    mm::cli::SweepFlags sweep_flags;
    CLI::App* sweep = app.add_subcommand(
        "sweep",
        "Analyse every point of a grid (crops x image x new tokens x batch x GPU x precision x profile);\n"
        "one CSV/JSON row per point: stage FLOPs, bytes and times, TTFT, TPOT, memory, fits.");
    mm::cli::add_sweep_flags(*sweep, sweep_flags);
    sweep->footer(
        "Examples (the seed's three sweeps, one command each):\n"
        "  modelmeter sweep --crops all --stages vision                      # vision over crop grids\n"
        "  modelmeter sweep --crops all --stages vision,prefill              # vision + prefill (TTFT)\n"
        "  modelmeter sweep --new-tokens 64..8192*2 --stages decode          # decode over new tokens\n"
        "More:\n"
        "  modelmeter sweep --gpu rtx5090,h100-sxm --batch 1..64*2 --format json --out sweep.json");

    std::string gpus_format = "table";
    CLI::App* gpus = app.add_subcommand("gpus", "List the GPU presets: dense tensor/CUDA peaks, bandwidth, memory, sources.");
    gpus->add_option("--format", gpus_format, "Output: table or json")->capture_default_str()->check(CLI::IsMember({"table", "json"}));
    gpus->footer("Examples:\n  modelmeter gpus\n  modelmeter gpus --format json");

    mm::cli::ExplainFlags explain_flags;
    CLI::App* explain = app.add_subcommand(
        "explain", "Print how one module was costed: its formulas with the numbers substituted. Takes every analyze flag.");
    mm::cli::add_explain_flags(*explain, explain_flags);
    explain->footer(
        "Examples:\n"
        "  modelmeter explain prefill/layers.1.mlp.experts\n"
        "  modelmeter explain sam_model.blocks.2.attn.sdpa --crops 3x3");

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
    if (bench->parsed()) return mm::cli::run_bench(catalog.value(), unique_layers);
    if (report->parsed()) return mm::cli::run_report(catalog.value(), report_flags);
    if (sweep->parsed()) return mm::cli::run_sweep_command(catalog.value(), sweep_flags);
    if (gpus->parsed()) return mm::cli::run_gpus(catalog.value(), gpus_format);
    if (explain->parsed()) return mm::cli::run_explain(catalog.value(), explain_flags);
    return mm::cli::kExitUsage;
}
