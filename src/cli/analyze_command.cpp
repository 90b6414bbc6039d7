// `modelmeter analyze`: every flag maps onto one field of mm::AnalyzeOptions.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/ingest/detect.hpp"
#include "core/url_state.hpp"
#include "embedded/embedded_files.hpp"

#include "cli/commands.hpp"

namespace mm::cli {

namespace {

enum Flag { kModel, kGpu, kMode, kImage, kCrops, kNoCrops, kNewTokens, kBatch, kPrecision, kWeights, kActivations, kKv,
            kAttention, kConvention, kProfile, kGpuSet };

bool parse_int(std::string_view s, int64_t& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// "WxH" -> (W, H)
bool parse_size(std::string_view s, int64_t& w, int64_t& h) {
    size_t x = s.find_first_of("xX");
    if (x == std::string_view::npos) return false;
    return parse_int(s.substr(0, x), w) && parse_int(s.substr(x + 1), h);
}

}  // namespace

void add_analyze_flags(CLI::App& cmd, AnalyzeFlags& f) {
    AnalyzeOptions& o = f.options;
    cmd.add_option("--workload", f.workload, "Start from a workload preset (default dsocr-standard-v1)");
    f.opt[kModel] = cmd.add_option("--model", o.model, "Model preset")->capture_default_str();
    f.opt[kGpu] = cmd.add_option("--gpu", o.gpu, "GPU preset: rtx5090, rtx4090, h100-sxm, h100-pcie, h200, a100-80gb, b200, l40s")
                      ->capture_default_str();
    f.opt[kGpuSet] = cmd.add_option("--gpu-set", f.gpu_set,
                                    "Override a GPU preset field, KEY=VALUE in the key's unit, e.g. "
                                    "memory_bandwidth_GB_per_s=1500 (repeatable)");
    f.opt[kMode] = cmd.add_option("--mode", o.mode, "Resolution mode: tiny, small, base, large, gundam, gundam-m")
                       ->capture_default_str();
    f.opt[kImage] = cmd.add_option("--image", f.image, "Page image size WxH in pixels; the crop grid follows the vendor rule (default 1024x1024)");
    f.opt[kCrops] = cmd.add_option("--crops", f.crops, "Explicit crop grid WxH: W tiles across, H tiles down");
    f.opt[kNoCrops] = cmd.add_flag("--no-crops", f.no_crops, "Crop mode off: encode the global view only");
    f.opt[kCrops]->excludes(f.opt[kNoCrops]);
    f.opt[kNewTokens] = cmd.add_option("--new-tokens", o.new_tokens, "Tokens to generate (N; N-1 decode passes)")
                            ->capture_default_str();
    f.opt[kBatch] = cmd.add_option("--batch", o.batch, "Pages processed together")->capture_default_str();
    f.opt[kPrecision] = cmd.add_option("--precision", f.precision, "Precision of weights, activations and KV: bf16, fp16, fp8, fp4");
    f.opt[kWeights] = cmd.add_option("--weights-precision", o.weights_precision, "Weights precision (overrides --precision)");
    f.opt[kActivations] = cmd.add_option("--activations-precision", o.activations_precision, "Activations precision (overrides --precision)");
    f.opt[kKv] = cmd.add_option("--kv-precision", o.kv_precision, "KV cache precision (overrides --precision)");
    f.opt[kAttention] = cmd.add_option("--attention", o.attention, "Decoder attention: flash or eager")->capture_default_str();
    f.opt[kConvention] = cmd.add_option("--convention", o.convention,
                                        "FLOP counting: executed (what kernels run) or torch (FlopCounterMode)")
                             ->capture_default_str();
    f.opt[kProfile] = cmd.add_option("--profile", o.profile, "Time profile: ideal, realistic or eager")->capture_default_str();
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
    // Generic layers are sized at the activation precision the flags ask for (bf16 by default).
    const std::string& named = !f.options.activations_precision.empty() && f.opt[kActivations] && f.opt[kActivations]->count()
                                   ? f.options.activations_precision
                                   : f.precision;
    const auto precision = parse_precision(named.empty() ? "bf16" : named);
    auto study = study_torchinfo(files, embedded_assets(), bytes_per_element(precision ? *precision : Precision::bf16));
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
        o = decoded.options;
    }
    const AnalyzeOptions& given = f.options;
    auto set = [&](Flag flag) { return f.opt[flag] && f.opt[flag]->count() > 0; };
    if (set(kModel)) o.model = given.model;
    if (set(kGpu)) o.gpu = given.gpu;
    if (set(kMode)) o.mode = given.mode;
    if (set(kNewTokens)) o.new_tokens = given.new_tokens;
    if (set(kBatch)) o.batch = given.batch;
    if (set(kPrecision)) o.weights_precision = o.activations_precision = o.kv_precision = f.precision;
    if (set(kWeights)) o.weights_precision = given.weights_precision;
    if (set(kActivations)) o.activations_precision = given.activations_precision;
    if (set(kKv)) o.kv_precision = given.kv_precision;
    if (set(kAttention)) o.attention = given.attention;
    if (set(kConvention)) o.convention = given.convention;
    if (set(kProfile)) o.profile = given.profile;
    if (set(kImage)) {
        if (!parse_size(f.image, o.image_width_px, o.image_height_px))
            return make_error("--image must look like WxH in pixels, e.g. 1024x1024 (got \"" + f.image + "\").", "--image");
        o.crops = AnalyzeOptions::Crops::from_image;
    }
    if (set(kCrops)) {
        if (!parse_size(f.crops, o.crops_w, o.crops_h))
            return make_error("--crops must look like WxH tiles, e.g. 2x3 (got \"" + f.crops + "\").", "--crops");
        o.crops = AnalyzeOptions::Crops::explicit_grid;
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
    if (ti && !ti->deepseek_ocr) {  // another network: its layers, not the DeepSeek-OCR engine
        std::cout << (flags.format == "json" ? analysis_json_with_torchinfo(*ti, nullptr) : torchinfo_table(*ti));
        return 0;
    }
    auto options = resolve_analyze_flags(catalog, flags, ti);
    if (!options.ok()) {
        std::cerr << "modelmeter: " << options.error().message << "\n";
        return kExitUsage;
    }
    auto analysis = analyze(catalog, options.value());
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
