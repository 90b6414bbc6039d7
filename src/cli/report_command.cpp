// `modelmeter report` (the seed's report folder) and `modelmeter explain` (one module's formulas).
// The core builds every text; this file only resolves flags, reads the clock for --timestamp and
// writes files.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "core/base/printable.hpp"

namespace mm::cli {

namespace {

std::string utc_now_iso() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Result<Analysis> analyze_flags(const Catalog& catalog, const AnalyzeFlags& flags) {
    auto study = load_torchinfo(flags);
    if (!study.ok()) return study.error();
    const TorchInfoStudy* ti = study.value() ? &*study.value() : nullptr;
    auto options = resolve_analyze_flags(catalog, flags, ti);
    if (!options.ok()) return options.error();
    return ti ? analyze_study(catalog, *ti, options.value()) : analyze(catalog, options.value());
}

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

bool valid_run_id(const std::string& run_id) {
    if (run_id.empty()) return true;
    // The id names a folder and appears in report.json, so it must be UTF-8 without control characters.
    const bool control = std::any_of(run_id.begin(), run_id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
    return run_id.find_first_of("/\\") == std::string::npos && run_id != "." && run_id != ".." && !control &&
           invalid_utf8_offset(run_id) == std::string::npos;
}

void add_report_flags(CLI::App& cmd, ReportFlags& f) {
    add_analyze_flags(cmd, f.analyze);
    cmd.remove_option(cmd.get_option("--format"));
    cmd.add_option("--out", f.out, "Output folder; the report goes to OUT/<run id>/static_analysis/analytic_model/")->required();
    cmd.add_option("--run-id", f.run_id,
                   "Run id naming the folder and the report (default <workload>_<gpu>_<hash of the options>)");
    cmd.add_flag("--timestamp", f.timestamp, "Record the current UTC time as generated_at (off by default: reruns are byte-identical)");
    cmd.add_option("--top", f.top, "Modules in summary.json's top_modules[] and summary.md's slowest table")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
}

int run_report(const Catalog& catalog, const ReportFlags& f) {
    auto analysis = analyze_flags(catalog, f.analyze);
    if (!analysis.ok()) {
        std::cerr << "modelmeter: " << analysis.error().message << "\n";
        return kExitUsage;
    }
    if (!valid_run_id(f.run_id)) {
        std::cerr << "modelmeter: --run-id must be a plain folder name: UTF-8 without slashes or control characters, not . or .. (got \""
                  << printable_text(f.run_id) << "\").\n";
        return kExitUsage;
    }
    ReportOptions options;
    options.run_id = f.run_id;
    options.top_modules = f.top;
    if (f.timestamp) options.timestamp = utc_now_iso();
    auto report = build_report(catalog, analysis.value(), options);
    if (!report.ok()) {
        std::cerr << "modelmeter: " << report.error().message << "\n";
        return kExitUsage;
    }
    namespace fs = std::filesystem;
    const std::vector<ReportFile> files = report_files(report.value());
    for (const ReportFile& file : files) {
        const fs::path path = fs::path(f.out) / fs::path(file.path);
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(file.text.data(), std::streamsize(file.text.size()));
        out.close();
        if (ec || !out) {
            std::cerr << "modelmeter: cannot write " << path.string() << (ec ? ": " + ec.message() : std::string()) << ".\n";
            return 1;
        }
    }
    std::cout << "wrote " << files.size() << " files to " << (fs::path(f.out) / report_folder(report.value())).string() << "\n";
    return 0;
}

void add_explain_flags(CLI::App& cmd, ExplainFlags& f) {
    cmd.add_option("module", f.module, "Module id (e.g. prefill/layers.1.mlp.experts) or vendor name (layers.1.mlp.experts)")
        ->required();
    add_analyze_flags(cmd, f.analyze);
    cmd.remove_option(cmd.get_option("--format"));
}

std::vector<int> explain_matches(const Analysis& a, const std::string& module, std::string& near) {
    std::vector<int> hits;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].id == module) hits.push_back(int(i));
    if (hits.empty())
        for (size_t i = 0; i < a.modules().size(); ++i)
            if (a.modules()[i].name == module) hits.push_back(int(i));
    near.clear();
    if (hits.empty()) {
        // Close matches: ids containing the text, else the smallest edit distances. The distance costs
        // |module| x |id| per module, so text over twice the longest id (60 characters) is not compared:
        // a megabyte argument would otherwise take a minute.
        constexpr size_t kMaxCompared = 128;
        std::vector<std::pair<size_t, std::string>> close;
        for (const ModuleRow& m : a.modules()) {
            const std::string id(m.id);
            size_t d = id.find(module) != std::string::npos ? 0
                       : module.size() > kMaxCompared      ? module.size()
                                                           : edit_distance(module, id);
            close.push_back({d, id});
        }
        std::stable_sort(close.begin(), close.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (size_t k = 0; k < std::min<size_t>(5, close.size()); ++k) near += (k ? ", " : "") + close[k].second;
    }
    return hits;
}

int run_explain(const Catalog& catalog, const ExplainFlags& f) {
    auto analysis = analyze_flags(catalog, f.analyze);
    if (!analysis.ok()) {
        std::cerr << "modelmeter: " << analysis.error().message << "\n";
        return kExitUsage;
    }
    const Analysis& a = analysis.value();
    std::string near;
    const std::vector<int> hits = explain_matches(a, f.module, near);
    if (hits.empty()) {
        std::cerr << "modelmeter: no module \"" << f.module << "\"; close matches: " << near
                  << " (modelmeter analyze --format json lists every id).\n";
        return kExitUsage;
    }
    for (size_t k = 0; k < hits.size(); ++k) std::cout << (k ? "\n" : "") << explain_module(a, hits[k]);
    return 0;
}

}  // namespace mm::cli
