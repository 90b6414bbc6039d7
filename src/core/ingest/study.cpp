#include "core/ingest/study.hpp"

#include <algorithm>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"
#include "core/engine/workload.hpp"

namespace mm {
namespace {

// The Hugging Face repository deepseek-ai/DeepSeek-OCR in a path ("deepseek-ai/DeepSeek-OCR" or the
// hub cache's "models--deepseek-ai--DeepSeek-OCR"), not DeepSeek-OCR-2 or another name it begins.
bool names_deepseek_ocr(std::string_view path) {
    for (std::string_view repo : {std::string_view("deepseek-ai/DeepSeek-OCR"), std::string_view("deepseek-ai--DeepSeek-OCR")})
        for (size_t at = path.find(repo); at != std::string_view::npos; at = path.find(repo, at + 1)) {
            const size_t end = at + repo.size();
            if (end == path.size() || path[end] == '/' || path[end] == '\\') return true;
        }
    return false;
}

// DeepSeek-OCR is recognised by its root module, by its encoders where only classes are known, or by
// the model path a stages or layers JSON records.
bool is_deepseek_ocr(const TorchInfoRun& run) {
    // DeepSeek-OCR 2 keeps SAM and the decoder but encodes with Qwen2Decoder2Encoder: not this model.
    auto ocr2 = [](std::string_view c) { return c == "Qwen2Decoder2Encoder" || c == "CustomQwen2Decoder"; };
    for (const auto& c : run.classes)
        if (ocr2(c.class_name)) return false;
    for (const auto& r : run.rows)
        if (ocr2(r.class_name)) return false;
    if (run.root_class() == "DeepseekOCRModel") return true;
    if (names_deepseek_ocr(run.header.model_path)) return true;
    bool sam = false, clip = false;
    for (const auto& c : run.classes) {
        sam = sam || c.class_name == "ImageEncoderViT";
        clip = clip || c.class_name == "VitModel";
    }
    for (const auto& r : run.rows) {
        sam = sam || r.class_name == "ImageEncoderViT";
        clip = clip || r.class_name == "VitModel";
    }
    return sam && clip;
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

Result<TorchInfoStudy> study_torchinfo(std::span<const TextFile> files, std::span<const TextFile> assets) {
    auto run = parse_torchinfo(files);
    if (!run.ok()) return run.error();
    auto map = load_class_map(assets);
    if (!map.ok()) return map.error();
    TorchInfoStudy s;
    s.run = std::move(run).value();
    s.recovered = recover_workload(s.run);
    s.deepseek_ocr = is_deepseek_ocr(s.run);
    s.coverage = class_coverage(s.run, map.value());
    s.footer = check_footer(s.run);
    if (s.deepseek_ocr) {
        // A recorded workload beyond the engine's bounds is refused here, naming the files, before it
        // can replace what is loaded.
        std::string names;
        for (const TorchInfoSource& src : s.run.sources) names += (names.empty() ? "" : " and ") + src.name;
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
        out += "Recovered workload:";
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
