// `modelmeter analyze`: the option table's flags, plus the preset, precision-for-all, GPU overrides,
// TorchInfo files, a share link and the output format.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/base/format.hpp"
#include "core/ingest/detect.hpp"
#include "core/options/option_table.hpp"
#include "core/link/url_state.hpp"
#include "embedded/embedded_files.hpp"

#include "cli/commands.hpp"

namespace mm::cli {

namespace {

size_t option_index(std::string_view key) {
    const auto table = option_table();
    for (size_t i = 0; i < table.size(); ++i)
        if (table[i].key == key) return i;
    return table.size();
}

}  // namespace

bool AnalyzeFlags::set(std::string_view key) const {
    const size_t i = option_index(key);
    return i < given.size() && given[i] && given[i]->count() > 0;
}

std::string AnalyzeFlags::value(std::string_view key) const { return set(key) ? values[option_index(key)] : std::string(); }

void add_analyze_flags(CLI::App& cmd, AnalyzeFlags& f) {
    cmd.add_option("--workload", f.workload, "Start from a workload preset (default dsocr-standard-v1)");
    // Every option of the option table, with its help and defaults (the standard workload).
    const auto table = option_table();
    const AnalyzeOptions defaults;
    f.values.assign(table.size(), std::string());
    f.given.assign(table.size(), nullptr);
    for (size_t i = 0; i < table.size(); ++i) {
        const OptionSpec& spec = table[i];
        f.values[i] = spec.get(defaults);
        f.given[i] = cmd.add_option(std::string(spec.flag), f.values[i], std::string(spec.help))->capture_default_str();
    }
    f.opt_precision = cmd.add_option("--precision", f.precision,
                                     "Precision of weights, activations and KV cache at once: " +
                                         format_choices(kStoragePrecisionNames) + " (the three flags above override it)");
    cmd.add_option("--gpu-set", f.gpu_set,
                   "Override a GPU preset field, KEY=VALUE in the key's unit, e.g. "
                   "memory_bandwidth_GB_per_s=1500 (repeatable)");
    CLI::Option* no_crops = cmd.add_flag("--no-crops", f.no_crops, "Crop mode off: encode the global view only (= --crops off)");
    f.given[option_index("crops")]->excludes(no_crops);
    cmd.add_option("--torchinfo", f.torchinfo,
                   "TorchInfo artifacts of one run (summary .txt, unique-layers .json/.md, layers .json, stages .json): "
                   "their recorded workload is analysed; other flags override it")
        ->expected(1, -1);
    cmd.add_option("--link", f.link,
                   "A share link copied from the page (or the state after its '#'): its settings are analysed; other "
                   "flags override them. Any parameter the page would ignore is an error here");
    cmd.add_option("--format", f.format, "Output: table (terminal, 100 columns) or json")
        ->capture_default_str()
        ->check(CLI::IsMember({"table", "json"}));
}

Result<std::optional<TorchInfoStudy>> load_torchinfo(const AnalyzeFlags& f) {
    if (f.torchinfo.empty()) return std::optional<TorchInfoStudy>();
    std::vector<std::string> texts;
    for (const std::string& path : f.torchinfo) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            return make_error(path + " is a folder; give the TorchInfo files in it one by one.", path);
        std::ifstream in(path, std::ios::binary);
        if (!in) return make_error("Could not open " + path + ": the file does not exist or is not readable.", path);
        in.seekg(0, std::ios::end);
        const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
        if (size > kMaxArtifactBytes)
            return make_error(path + " is " + std::to_string(size >> 20) + " MiB, more than the " +
                                  std::to_string(kMaxArtifactBytes >> 20) + " MiB ModelMeter reads; no TorchInfo artifact is that large.",
                              path);
        in.seekg(0);
        texts.emplace_back(static_cast<std::size_t>(size), '\0');
        in.read(texts.back().data(), static_cast<std::streamsize>(size));
    }
    std::vector<TextFile> files;
    for (std::size_t i = 0; i < texts.size(); ++i) files.push_back({f.torchinfo[i], texts[i]});
    auto study = study_torchinfo(files, embedded_assets());
    if (!study.ok()) return study.error();
    return std::optional<TorchInfoStudy>(std::move(study).value());
}

Result<AnalyzeOptions> resolve_analyze_flags(const Catalog& catalog, const AnalyzeFlags& f, const TorchInfoStudy* study) {
    AnalyzeOptions o;
    if (!f.workload.empty()) {
        auto preset = options_for_workload(catalog, f.workload);
        if (!preset.ok()) return preset.error();
        o = preset.value();
    }
    if (study) o = options_from_study(*study, o);
    if (!f.link.empty()) {
        // The page reads the query and the hash, the hash winning where both set a key (web/app.js).
        const std::string_view link = f.link;
        const auto hash = link.find('#');
        const auto query = link.find('?');
        std::string state;
        if (query != std::string_view::npos && (hash == std::string_view::npos || query < hash))
            state = std::string(link.substr(query + 1, hash == std::string_view::npos ? std::string_view::npos : hash - query - 1));
        if (hash != std::string_view::npos) state += (state.empty() ? "" : "&") + std::string(link.substr(hash + 1));
        if (query == std::string_view::npos && hash == std::string_view::npos) state = f.link;
        const UrlState decoded = decode_url_state(state, catalog, o, kPageViewKeys);
        if (!decoded.notices.empty()) {  // the page skips a bad parameter; a command line stops at it
            std::string why = decoded.notices.front();
            if (why.rfind("Ignored ", 0) == 0) why = "cannot use " + why.substr(8);
            return make_error("--link: " + why, "--link");
        }
        // A link of a dropped network names its summary: the CLI needs that file too.
        for (const auto& [key, value] : decoded.app_params)
            if (key == "torchinfo" && !study)
                return make_error("--link analysed the TorchInfo summary " + value.substr(0, 120) + "; give it with --torchinfo " +
                                      value.substr(0, 120) + ".",
                                  "--link");
        o = decoded.options;
    }
    // The flags actually given, through the option table (its parsers, bounds and sentences), in the
    // table's order: the model before its mode. --precision sets all three precisions first.
    auto refuse = [](std::string_view flag, const std::string& value, const std::string& why) {
        return make_error(std::string(flag) + " " + value + ": " + why + ".", std::string(flag));
    };
    if (f.opt_precision && f.opt_precision->count() > 0)
        for (const char* key : {"weights", "activations", "kv"})
            if (std::string why = apply_option(*find_option(key), o, f.precision, catalog); !why.empty())
                return refuse("--precision", f.precision, why);
    for (const OptionSpec& spec : option_table()) {
        if (!f.set(spec.key)) continue;
        const std::string value = f.value(spec.key);
        if (std::string why = apply_option(spec, o, value, catalog); !why.empty()) return refuse(spec.flag, value, why);
        // A page size given alone means its crop grid follows from it.
        if (spec.key == "image" && !f.set("crops")) o.crops = AnalyzeOptions::Crops::from_image;
    }
    if (f.no_crops) o.crops = AnalyzeOptions::Crops::off;
    for (const std::string& kv : f.gpu_set) {
        size_t eq = kv.find('=');
        GpuOverride ov;
        ov.key = kv.substr(0, eq);
        std::string value = eq == std::string::npos ? std::string() : kv.substr(eq + 1);
        char* end = nullptr;
        ov.value = value.empty() ? 0 : std::strtod(value.c_str(), &end);
        if (eq == std::string::npos || value.empty() || *end != '\0')
            return make_error("--gpu-set must look like KEY=NUMBER, e.g. memory_bandwidth_GB_per_s=1500 (got \"" + kv + "\").",
                              "--gpu-set");
        o.gpu_overrides.push_back(ov);
    }
    return o;
}

int run_analyze(const Catalog& catalog, const AnalyzeFlags& flags) {
    auto study = load_torchinfo(flags);
    if (!study.ok()) {
        std::cerr << "modelmeter: " << study.error().message << "\n";
        return kExitUsage;
    }
    const TorchInfoStudy* ti = study.value() ? &*study.value() : nullptr;
    auto options = resolve_analyze_flags(catalog, flags, ti);
    if (!options.ok()) {
        std::cerr << "modelmeter: " << options.error().message << "\n";
        return kExitUsage;
    }
    // Another network is its own tree, at the batch its summary was taken at unless --batch says.
    auto analysis = ti ? analyze_study(catalog, *ti, options.value()) : analyze(catalog, options.value());
    if (!analysis.ok()) {
        std::cerr << "modelmeter: " << analysis.error().message << "\n";
        return kExitUsage;
    }
    if (flags.format == "json") {
        std::cout << (ti ? analysis_json_with_torchinfo(*ti, &analysis.value()) : analysis_to_json(analysis.value()));
    } else {
        if (ti) std::cout << torchinfo_table(*ti) << "\n";
        std::cout << analysis_to_table(analysis.value());
    }
    return 0;
}

}  // namespace mm::cli
