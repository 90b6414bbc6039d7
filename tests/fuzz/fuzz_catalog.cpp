// Fuzz target: the preset parsers (GPU, model, workload, time profile) and the TorchInfo class map.
// One embedded asset is replaced by the input, the catalog is loaded the way every program loads it
// (load_catalog over all assets), and when it loads the presets the input touched are analysed.
//
// Which asset: a first byte below 0x20 that is not JSON whitespace selects it (byte % count) and the
// rest is the file; any other input is a whole file and replaces the asset it names (a GPU preset
// file named in it, else by its keys: a model, a profile, the workload, the class map, else rtx5090).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/torchinfo.hpp"
#include "fuzz_support.hpp"

namespace {

bool is_json_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t slot_for(std::string_view text, std::span<const mm::TextFile> assets) {
    auto find = [&](std::string_view path) -> std::size_t {
        for (std::size_t i = 0; i < assets.size(); ++i)
            if (assets[i].path == path) return i;
        return 0;
    };
    auto has = [&](std::string_view s) { return text.find(s) != std::string_view::npos; };
    if (has("\"decoder\"") || has("\"sam\"")) return find("models/deepseek-ocr.json");
    if (has("\"kernel_count\"") || has("_efficiency\"")) return find("profiles/realistic.json");
    if (has("\"max_new_tokens\"")) return find("workloads/dsocr-standard-v1.json");
    if (has("\"kinds\"") || has("\"short_names\"")) return find("torchinfo/class-map.json");
    for (std::size_t i = 0; i < assets.size(); ++i) {
        const std::string_view p = assets[i].path;
        if (p.rfind("gpus/", 0) != 0 || p.size() < 10) continue;
        const std::string quoted = "\"" + std::string(p.substr(5, p.size() - 10)) + "\"";  // "gpus/X.json" -> "X"
        if (has(quoted)) return i;
    }
    return find("gpus/rtx5090.json");
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

void analyze_checked(const mm::Catalog& catalog, const mm::AnalyzeOptions& options) {
    auto analysis = mm::analyze(catalog, options);
    if (!analysis.ok()) {
        mm::fuzz::check_message(analysis.error());
        return;
    }
    (void)mm::analysis_to_table(analysis.value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const mm::TextFile> assets = mm::embedded_assets();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t slot = 0;
    if (!text.empty() && static_cast<unsigned char>(text[0]) < 0x20 && !is_json_space(text[0])) {
        slot = static_cast<unsigned char>(text[0]) % assets.size();
        text.remove_prefix(1);
    } else {
        slot = slot_for(text, assets);
    }
    std::vector<mm::TextFile> files(assets.begin(), assets.end());
    const std::string_view path = files[slot].path;
    files[slot].text = text;

    if (path == "torchinfo/class-map.json") {
        auto map = mm::parse_class_map(path, text);
        if (!map.ok()) {
            mm::fuzz::check_message(map.error());
            return 0;
        }
        std::string how;
        (void)mm::classify(map.value(), "torch.nn.modules.conv.Conv2d", "Conv2d", "DeepseekOCRModel", &how);
        (void)mm::classify(map.value(), "transformers_modules.abc.deepencoder.Block", "Block", "DeepseekOCRModel", &how);
        return 0;
    }

    auto loaded = mm::load_catalog(files);
    if (!loaded.ok()) {
        mm::fuzz::check_message(loaded.error());
        return 0;
    }
    const mm::Catalog& catalog = loaded.value();
    const mm::Catalog& original = mm::fuzz::catalog();
    analyze_checked(catalog, mm::AnalyzeOptions{});

    // The presets that came from the input: names the original catalog lacks (a renamed preset) or
    // the slot's own name.
    mm::AnalyzeOptions o;
    if (path.rfind("gpus/", 0) == 0) {
        const auto before = mm::gpu_names(original);
        for (const auto& g : catalog.gpus)
            if (!contains(before, g->name) || path == "gpus/" + g->name + ".json") {
                o.gpu = g->name;
                analyze_checked(catalog, o);
            }
    } else if (path.rfind("models/", 0) == 0) {
        for (const mm::ModelEntry& m : catalog.models) {
            o.model = m.config->name;
            analyze_checked(catalog, o);
        }
    } else if (path.rfind("profiles/", 0) == 0) {
        for (const auto& p : catalog.profiles) {
            o.profile = p->name;
            analyze_checked(catalog, o);
        }
    } else if (path.rfind("workloads/", 0) == 0) {
        for (const mm::WorkloadPreset& w : catalog.workloads) {
            auto preset = mm::options_for_workload(catalog, w.name);
            if (preset.ok()) analyze_checked(catalog, preset.value());
            else mm::fuzz::check_message(preset.error());
        }
    }
    return 0;
}
