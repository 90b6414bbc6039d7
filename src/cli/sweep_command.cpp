// `modelmeter sweep`: one analysis per grid point, one CSV/JSON row per point.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "core/options/option_table.hpp"
#include "core/engine/sweep.hpp"

namespace mm::cli {

void add_sweep_flags(CLI::App& cmd, SweepFlags& f) {
    cmd.add_option("--workload", f.workload, "Start from a workload preset (default dsocr-standard-v1)");
    f.opt_model = cmd.add_option("--model", f.model, "Model preset");
    f.opt_mode = cmd.add_option("--mode", f.mode, "Resolution mode: tiny, small, base, large, gundam, gundam-m (DeepSeek-OCR 2: default, base)");
    f.opt_attention = cmd.add_option("--attention", f.attention, "Decoder attention: flash or eager");
    f.opt_convention = cmd.add_option("--convention", f.convention, "FLOP counting: executed or torch");
    cmd.add_option("--crops", f.crops, "Crop grids: WxH list, off, auto (from the image) or all (off + every grid of 2..9 tiles)");
    cmd.add_option("--image", f.image, "Page sizes WxH in pixels, comma-separated");
    cmd.add_option("--new-tokens", f.new_tokens, "New tokens: list or range, e.g. 1,64,512 or 64..4096*2 or 0..1000:100");
    cmd.add_option("--batch", f.batch, "Batch sizes: list or range, e.g. 1..8 or 1..64*2");
    cmd.add_option("--gpu", f.gpu, "GPU presets, comma-separated (modelmeter gpus lists them)");
    cmd.add_option("--precision", f.precision, "Precisions (weights = activations = KV), comma-separated: bf16, fp16, fp8, fp4");
    cmd.add_option("--profile", f.profile, "Time profiles, comma-separated: ideal, realistic, eager, serving");
    cmd.add_option("--stages", f.stages, "Stage columns to write: vision, prefill, decode or all")->capture_default_str();
    cmd.add_option("--format", f.format, "Output: csv or json")->capture_default_str()->check(CLI::IsMember({"csv", "json"}));
    cmd.add_option("--out", f.out, "Write to this file instead of stdout");
}

Result<SweepPlan> plan_sweep(const Catalog& catalog, const SweepFlags& f) {
    AnalyzeOptions base;
    if (!f.workload.empty()) {
        auto preset = options_for_workload(catalog, f.workload);
        if (!preset.ok()) return preset.error();
        base = preset.value();
    }
    if (f.opt_model && f.opt_model->count()) {
        // Through the option table, so that a model without the current mode gets its default mode.
        if (std::string why = apply_option(*find_option("model"), base, f.model, catalog); !why.empty())
            return make_error("--model " + f.model + ": " + why + ".", "--model");
    }
    if (f.opt_mode && f.opt_mode->count()) base.mode = f.mode;
    // Through the option table: its parser and its sentence, as analyze's flags.
    const std::pair<CLI::Option*, const std::string*> table_flags[] = {{f.opt_attention, &f.attention}, {f.opt_convention, &f.convention}};
    for (const auto& [given, value] : table_flags) {
        if (!given || given->count() == 0) continue;
        const OptionSpec& spec = *find_option(given == f.opt_attention ? "attention" : "convention");
        if (std::string why = apply_option(spec, base, *value, catalog); !why.empty())
            return make_error(std::string(spec.flag) + " " + *value + ": " + why + ".", std::string(spec.flag));
    }

    SweepAxes axes;
    axes.gpus = split_list(f.gpu);
    axes.profiles = split_list(f.profile);
    axes.precisions = split_list(f.precision);
    axes.images = split_list(f.image);
    axes.crops = split_list(f.crops);
    if (!f.batch.empty()) {
        auto v = parse_int_list(f.batch, "--batch");
        if (!v.ok()) return v.error();
        axes.batch = v.value();
    }
    if (!f.new_tokens.empty()) {
        auto v = parse_int_list(f.new_tokens, "--new-tokens");
        if (!v.ok()) return v.error();
        axes.new_tokens = v.value();
    }
    // Names that are wrong everywhere are usage errors, not rows with an error column.
    for (const std::string& g : axes.gpus)
        if (!catalog.find_gpu(g)) return make_error("Unknown GPU \"" + g + "\" in --gpu; modelmeter gpus lists the presets.");
    for (const std::string& p : axes.profiles)
        if (!catalog.find_profile(p)) return make_error("Unknown time profile \"" + p + "\" in --profile; use ideal, realistic, eager or serving.");
    auto columns = parse_sweep_stages(f.stages);
    if (!columns.ok()) return columns.error();
    auto points = expand_sweep(catalog, base, axes);
    if (!points.ok()) return points.error();
    return SweepPlan{std::move(points).value(), columns.value()};
}

int run_sweep_command(const Catalog& catalog, const SweepFlags& f) {
    auto fail = [](const std::string& message) {
        std::cerr << "modelmeter: " << message << "\n";
        return kExitUsage;
    };
    auto plan = plan_sweep(catalog, f);
    if (!plan.ok()) return fail(plan.error().message);

    // A first point that fails for a reason common to every point (bad model, mode, precision name)
    // is a usage error; a point-specific failure (fp8 on a GPU without FP8) stays a row.
    std::vector<SweepRow> rows = run_sweep(catalog, plan.value().points);
    bool all_failed = !rows.empty();
    for (const SweepRow& r : rows) all_failed = all_failed && !r.error.empty();
    if (all_failed) return fail(rows.front().error);

    const SweepColumns columns = plan.value().columns;
    const std::string text = f.format == "json" ? sweep_to_json(rows, columns) : sweep_to_csv(rows, columns);
    if (f.out.empty()) {
        std::cout << text;
        return 0;
    }
    std::ofstream out(f.out, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "modelmeter: cannot write " << f.out << ".\n";
        return 1;
    }
    std::cerr << "wrote " << rows.size() << " rows to " << f.out << "\n";
    return 0;
}

}  // namespace mm::cli
