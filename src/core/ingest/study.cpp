#include "core/ingest/study.hpp"

#include <algorithm>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"
#include "core/engine/workload.hpp"
#include "core/model/model_config.hpp"

namespace mm {
namespace {

// The Hugging Face repository deepseek-ai/<name> in a path ("deepseek-ai/DeepSeek-OCR" or the hub
// cache's "models--deepseek-ai--DeepSeek-OCR"), not another name it begins (DeepSeek-OCR-2 for DeepSeek-OCR).
bool names_repo(std::string_view path, std::string_view name) {
    for (std::string_view owner : {std::string_view("deepseek-ai/"), std::string_view("deepseek-ai--")}) {
        const std::string repo = std::string(owner) + std::string(name);
        for (size_t at = path.find(repo); at != std::string_view::npos; at = path.find(repo, at + 1)) {
            const size_t end = at + repo.size();
            if (end == path.size() || path[end] == '/' || path[end] == '\\') return true;
        }
    }
    return false;
}

bool has_class(const TorchInfoRun& run, std::string_view cls) {
    for (const auto& c : run.classes)
        if (c.class_name == cls) return true;
    for (const auto& r : run.rows)
        if (r.class_name == cls) return true;
    return false;
}

// Which built-in model the run is of: "deepseek-ocr-2", "deepseek-ocr", or empty for another network.
// DeepSeek-OCR 2 is recognised by its root module or its Qwen2 encoder's classes (qwen2_d2e.py), not by
// a model path alone: a stages file naming DeepSeek-OCR-2 without those classes stays refused, as before
// (tests/app/test_session.cpp). DeepSeek-OCR by its root module, by its encoders where only classes are
// known, or by the model path a stages or layers JSON records.
std::string deepseek_model(const TorchInfoRun& run) {
    const std::string root = run.root_class();
    if (root == "DeepseekOCR2Model" || has_class(run, "Qwen2Decoder2Encoder") || has_class(run, "CustomQwen2Decoder") ||
        has_class(run, "CustomQwen2ModelInner"))
        return "deepseek-ocr-2";
    if (root == "DeepseekOCRModel" || names_repo(run.header.model_path, "DeepSeek-OCR") ||
        (has_class(run, "ImageEncoderViT") && has_class(run, "VitModel")))
        return "deepseek-ocr";
    return {};
}

}  // namespace

std::string TorchInfoStudy::network_label() const {
    if (!network) return {};
    std::string names;
    for (const TorchInfoSource& src : run.sources) {
        const size_t slash = src.name.find_last_of("/\\");
        names += (names.empty() ? "" : " + ") + (slash == std::string::npos ? src.name : src.name.substr(slash + 1));
    }
    const std::string root = run.root_class();
    return (root.empty() ? std::string("A network") : root) + " (" + names + ")";
}

namespace {

// The built-in model a recognised run is read against, from the same assets the catalog loads.
Result<ModelConfig> built_in_model(std::span<const TextFile> assets, const std::string& name) {
    const std::string path = "models/" + name + ".json";
    for (const TextFile& f : assets)
        if (f.path == path) return parse_model_config(f.path, f.text);
    return make_error("The built-in model " + name + " is missing from the assets (" + path + ").", "assets");
}

}  // namespace

Result<TorchInfoStudy> study_torchinfo(std::span<const TextFile> files, std::span<const TextFile> assets) {
    auto run = parse_torchinfo(files);
    if (!run.ok()) return run.error();
    auto map = load_class_map(assets);
    if (!map.ok()) return map.error();
    TorchInfoStudy s;
    s.run = std::move(run).value();
    const std::string model = deepseek_model(s.run);
    if (model == "deepseek-ocr-2") {
        auto config = built_in_model(assets, model);
        if (!config.ok()) return config.error();
        s.recovered = recover_workload_ocr2(s.run, config.value());
    } else {
        s.recovered = recover_workload(s.run);
    }
    s.deepseek_ocr = !model.empty();
    s.coverage = class_coverage(s.run, map.value());
    s.footer = check_footer(s.run);
    if (s.deepseek_ocr) {
        // A recorded workload beyond the engine's bounds is refused here, naming the files, before it
        // can replace what is loaded.
        std::string names;
        for (const TorchInfoSource& src : s.run.sources) names += (names.empty() ? "" : " and ") + src.name;
        if (!s.recovered.problem.empty())
            return make_error(names + (s.run.sources.size() == 1 ? " has" : " have") + " DeepSeek-OCR 2's classes, but " +
                                  s.recovered.problem + ", so the run was not loaded.",
                              names);
        auto beyond = [&](int64_t value, int64_t limit, const std::string& what) -> std::optional<Diagnostic> {
            if (value <= limit) return std::nullopt;
            return make_error(names + " record" + (s.run.sources.size() == 1 ? "s " : " ") + format_int(value) + " " + what +
                                  "; ModelMeter costs at most " + format_int(limit) + ", so the run was not loaded.",
                              names);
        };
        if (auto e = beyond(s.recovered.crops.value, kMaxTiles, "local crops per page")) return *e;
        if (auto e = beyond(s.recovered.batch.value, kMaxBatch, "pages in the batch")) return *e;
        if (auto e = beyond(s.recovered.new_tokens.value, kMaxNewTokens, "new tokens")) return *e;
    }
    if (!s.deepseek_ocr) {
        std::string names;
        for (const TorchInfoSource& src : s.run.sources) names += (names.empty() ? "" : " + ") + src.name;
        if (s.run.rows.empty())
            return make_error(names + (s.run.sources.size() == 1 ? " lists " : " list ") +
                                  "module classes but no summary table, and the network is not DeepSeek-OCR: ModelMeter builds "
                                  "another network from the table torchinfo.summary() prints. Drop that summary.",
                              names);
        auto net = build_torchinfo_model(s.run, map.value(), names);
        if (!net.ok()) return net.error();
        s.network = std::move(net).value();
    }
    return s;
}

AnalyzeOptions options_from_study(const TorchInfoStudy& study, AnalyzeOptions base) {
    if (study.deepseek_ocr) apply_recovered(study.recovered, base);
    else if (study.network) base.batch = std::clamp<int64_t>(study.network->recorded_batch, 1, kMaxBatch);
    return base;
}

Result<Analysis> analyze_study(const Catalog& catalog, const TorchInfoStudy& study, const AnalyzeOptions& options) {
    if (study.network) return analyze_model(catalog, study.network->entry, options);
    return analyze(catalog, options);
}

std::string torchinfo_json(const TorchInfoStudy& study, const Analysis* analysis) {
    JsonWriter w;
    w.begin_object();
    write_torchinfo_source(w, study.run, study.recovered, study.deepseek_ocr ? &study.coverage : nullptr, study.footer);
    if (analysis) write_reconciliation(w, reconcile(study.run, *analysis));
    w.end_object();
    return w.take();
}

std::string analysis_json_with_torchinfo(const TorchInfoStudy& study, const Analysis* analysis) {
    std::string extra = torchinfo_json(study, analysis);
    if (!analysis) return extra;
    // Both documents come from JsonWriter (same indentation): splice the members of `extra` after those
    // of the analysis, so every number keeps its exact text.
    std::string doc = analysis_to_json(*analysis);
    const auto close = doc.find_last_of('}');
    const auto open = extra.find('{');
    const auto extra_close = extra.find_last_of('}');
    if (close == std::string::npos || open == std::string::npos || extra_close == std::string::npos) return doc;
    std::string members = extra.substr(open + 1, extra_close - open - 1);
    while (!members.empty() && (members.back() == '\n' || members.back() == ' ')) members.pop_back();
    if (members.find_first_not_of(" \n") == std::string::npos) return doc;
    std::string head = doc.substr(0, close);
    while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) head.pop_back();
    return head + "," + members + "\n}\n";
}

std::string torchinfo_table(const TorchInfoStudy& s) {
    std::string out = "TorchInfo input:";
    for (const auto& src : s.run.sources) out += " " + src.name + " (" + std::string(artifact_kind_name(src.kind)) + ", " + src.summary + ")";
    out += "\n";
    if (s.deepseek_ocr) {
        out += s.recovered.model == "deepseek-ocr" ? std::string("Recovered workload:") : "Recovered workload (" + s.recovered.model + "):";
        for (const RecoveredField* f : s.recovered.fields())
            out += " " + f->name + "=" + std::to_string(f->value) + (f->recovered ? "" : " (assumed)");
        out += "\n";
        for (const auto& n : s.recovered.notes) out += "  note: " + n + "\n";
    }
    if (s.deepseek_ocr) {
        out += "Coverage: " + format_fixed(100.0 * s.coverage.share, 1) + "% of " + s.coverage.basis + "\n";
        if (!s.coverage.unclassified.empty()) {
            out += "Unclassified:";
            for (const auto& u : s.coverage.unclassified) out += " " + u;
            out += "\n";
        }
    } else {
        out += "Not DeepSeek-OCR: " + s.network_label() + " analysed from its own table (one forward pass; the costed: line " +
               "below says how much of it formulas cover)\n";
    }
    if (s.footer.available) out += "Footer: " + s.footer.message + "\n";
    for (const auto& n : s.run.notes) out += "  note: " + n + "\n";
    return out;
}

}  // namespace mm
