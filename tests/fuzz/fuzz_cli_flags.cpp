// Fuzz target: the `modelmeter` command line. The input is argv (arguments separated by '\0' or '\n';
// argv[0] is "modelmeter"), parsed by the same CLI11 app main() builds (cli/cli_app.hpp); then the
// parsed subcommand's flags go through the conversions and checks the subcommands run, without
// writing files or printing: analyze/report/explain -> resolve_analyze_flags -> analyze (+ the
// output text, the report's run id and summary, explain's module lookup), sweep -> plan_sweep and
// its first points. --torchinfo paths are not opened: a flagged run stands in the bundled
// DeepSeek-OCR summary (TorchInfo parsing has its own target).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_app.hpp"
#include "core/report/report_model.hpp"
#include "embedded/embedded_files.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::size_t kMaxArgs = 128;
constexpr std::size_t kMaxSweepPointsRun = 3;

const mm::TorchInfoStudy& sample_study() {
    static const mm::TorchInfoStudy study = [] {
        for (const mm::TextFile& f : mm::embedded_samples()) {
            if (f.path != "deepseek-ocr-2x2-summary.txt") continue;
            const mm::TextFile files[] = {f};
            auto s = mm::study_torchinfo(files, mm::embedded_assets());
            if (!s.ok()) mm::fuzz::fail("the bundled sample does not study", s.error().message);
            return std::move(s).value();
        }
        mm::fuzz::fail("the bundled sample deepseek-ocr-2x2-summary.txt is missing");
    }();
    return study;
}

// What run_analyze / the report's and explain's analyze_flags do before printing or writing.
std::optional<mm::Analysis> analyze_flags(const mm::cli::AnalyzeFlags& flags) {
    const mm::Catalog& catalog = mm::fuzz::catalog();
    const mm::TorchInfoStudy* study = flags.torchinfo.empty() ? nullptr : &sample_study();
    auto options = mm::cli::resolve_analyze_flags(catalog, flags, study);
    if (!options.ok()) {
        mm::fuzz::check_message(options.error());
        return std::nullopt;
    }
    auto analysis = mm::analyze(catalog, options.value());
    if (!analysis.ok()) {
        mm::fuzz::check_message(analysis.error());
        return std::nullopt;
    }
    return std::move(analysis).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // argv: "modelmeter", then the input split at '\0' and '\n'.
    std::vector<std::string> args{"modelmeter"};
    std::string cur;
    for (std::size_t i = 0; i < size && args.size() < kMaxArgs; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\0' || c == '\n') {
            args.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty() && args.size() < kMaxArgs) args.push_back(std::move(cur));
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());

    mm::cli::CliApp cli;
    try {
        cli.app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError&) {
        return 0;  // --help, --version, or a usage error: main() prints CLI11's sentence and exits
    }
    const mm::Catalog& catalog = mm::fuzz::catalog();

    if (cli.analyze->parsed()) {
        const mm::cli::AnalyzeFlags& f = cli.analyze_flags;
        if (!f.torchinfo.empty() && !sample_study().deepseek_ocr) return 0;
        if (auto a = analyze_flags(f)) {
            // The table for either --format: the JSON document of 888 modules takes 30 ms under the
            // sanitizers and holds the same numbers (the JSON writer is fuzzed on file text by fuzz_torchinfo).
            (void)mm::analysis_to_table(*a);
        }
    } else if (cli.report->parsed()) {
        const mm::cli::ReportFlags& f = cli.report_flags;
        if (auto a = analyze_flags(f.analyze)) {
            if (!mm::cli::valid_run_id(f.run_id)) return 0;
            mm::ReportOptions options;
            options.run_id = f.run_id;
            options.top_modules = f.top;
            auto report = mm::build_report(catalog, *a, options);
            if (!report.ok()) {
                mm::fuzz::check_message(report.error());
                return 0;
            }
            (void)mm::report_folder(report.value());
            mm::fuzz::check_json(mm::report_summary_json(report.value()));
        }
    } else if (cli.explain->parsed()) {
        const mm::cli::ExplainFlags& f = cli.explain_flags;
        if (auto a = analyze_flags(f.analyze)) {
            // The lookup's edit distances (888 ids x 128 characters) take a second under the sanitizers;
            // module names up to the longest id's length keep the fuzzer fast on every other path.
            if (f.module.size() <= 64) {
                std::string near;
                const std::vector<int> hits = mm::cli::explain_matches(*a, f.module, near);
                if (!hits.empty()) (void)mm::explain_module(*a, hits.front());
            }
        }
    } else if (cli.sweep->parsed()) {
        auto plan = mm::cli::plan_sweep(catalog, cli.sweep_flags);
        if (!plan.ok()) {
            mm::fuzz::check_message(plan.error());
            return 0;
        }
        const auto& points = plan.value().points;
        const std::vector<mm::SweepPoint> first(points.begin(), points.begin() + std::min(points.size(), kMaxSweepPointsRun));
        const std::vector<mm::SweepRow> rows = mm::run_sweep(catalog, first);
        for (const mm::SweepRow& r : rows)
            if (!r.error.empty()) mm::fuzz::check_message(mm::make_error(r.error));
        (void)mm::sweep_to_csv(rows, plan.value().columns);
        mm::fuzz::check_json(mm::sweep_to_json(rows, plan.value().columns));
    }
    // bench (timing) and gpus (the presets, no input) take nothing to convert.
    return 0;
}
