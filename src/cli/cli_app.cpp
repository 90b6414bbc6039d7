// The `modelmeter` CLI11 app: every subcommand, its flags and its help text.
#include "cli/cli_app.hpp"

namespace mm::cli {

CliApp::CliApp()
    : unique_layers(MM_DEFAULT_UNIQUE_LAYERS),
      app("ModelMeter: FLOPs, bytes, memory and predicted time of DeepSeek-OCR per module and stage") {
    app.set_version_flag("--version", std::string("modelmeter ") + MM_VERSION);
    app.require_subcommand(1);

    analyze = app.add_subcommand(
        "analyze",
        "Analyse one workload on one GPU.\n"
        "Example: modelmeter analyze --image 1654x2339 --new-tokens 1024 --gpu h100-sxm --format json");
    add_analyze_flags(*analyze, analyze_flags);
    analyze->footer("Example:\n  modelmeter analyze --crops 3x2 --batch 4 --gpu h100-sxm");
    bench = app.add_subcommand("bench", "Time the engine itself: prints `name value unit` lines.");
    bench->footer("Example:\n  modelmeter bench --unique-layers ../shared/reference/torchinfo-unique-layers.json");
    bench->add_option("--unique-layers", unique_layers, "The TorchInfo unique-layers JSON to time parsing on")->capture_default_str();

    report = app.add_subcommand(
        "report",
        "Write the seed's report folder: OUT/<run id>/static_analysis/analytic_model/{report.json, report.yaml,\n"
        "summary.json, modules.csv, layers/summary.md, layers/<module>.md}. Takes every analyze flag.");
    add_report_flags(*report, report_flags);
    report->footer(
        "Examples:\n"
        "  modelmeter report --out reports --run-id standard\n"
        "  modelmeter report --image 1654x2339 --gpu h100-sxm --new-tokens 1024 --out reports");

    sweep = app.add_subcommand(
        "sweep",
        "Analyse every point of a grid (crops x image x new tokens x batch x GPU x precision x profile);\n"
        "one CSV/JSON row per point: stage FLOPs, bytes and times, TTFT, TPOT, memory, fits.");
    add_sweep_flags(*sweep, sweep_flags);
    sweep->footer(
        "Examples (the seed's three sweeps, one command each):\n"
        "  modelmeter sweep --crops all --stages vision                      # vision over crop grids\n"
        "  modelmeter sweep --crops all --stages vision,prefill              # vision + prefill (TTFT)\n"
        "  modelmeter sweep --new-tokens 64..8192*2 --stages decode          # decode over new tokens\n"
        "More:\n"
        "  modelmeter sweep --gpu rtx5090,h100-sxm --batch 1..64*2 --format json --out sweep.json");

    plan = app.add_subcommand(
        "plan",
        "Capacity under continuous batching: for each number of requests in flight, TTFT (GPU and end to end),\n"
        "TPOT, output tokens/s, pages/s, whether the KV cache fits, and what binds (compute, bandwidth,\n"
        "overhead, kv_capacity, host); the best concurrency within an SLA and the GPUs for a target. Takes every\n"
        "analyze flag; the time profile defaults to serving.");
    add_plan_flags(*plan, plan_flags);
    plan->footer(
        "Examples:\n"
        "  modelmeter plan --concurrency 1,4,16,64 --new-tokens 620\n"
        "  modelmeter plan --gpu a100-40gb --concurrency 1..256*2 --ttft-max-s 2 --tpot-max-ms 50 --pages-per-hour 1e6\n"
        "  modelmeter plan --gpu-memory-percent 90 --host-preprocess-s 0.03 --host-workers 8 --format json");

    gpus = app.add_subcommand("gpus", "List the GPU presets: dense tensor/CUDA peaks, bandwidth, memory, sources.");
    gpus->add_option("--format", gpus_format, "Output: table or json")->capture_default_str()->check(CLI::IsMember({"table", "json"}));
    gpus->footer("Examples:\n  modelmeter gpus\n  modelmeter gpus --format json");

    explain = app.add_subcommand(
        "explain", "Print how one module was costed: its formulas with the numbers substituted. Takes every analyze flag.");
    add_explain_flags(*explain, explain_flags);
    explain->footer(
        "Examples:\n"
        "  modelmeter explain prefill/layers.1.mlp.experts\n"
        "  modelmeter explain sam_model.blocks.2.attn.sdpa --crops 3x3");
}

}  // namespace mm::cli
