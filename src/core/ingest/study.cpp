#include "core/ingest/study.hpp"

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"

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

Result<TorchInfoStudy> study_torchinfo(std::span<const TextFile> files, std::span<const TextFile> assets,
                                       double element_bytes) {
    auto run = parse_torchinfo(files);
    if (!run.ok()) return run.error();
    auto map = load_class_map(assets);
    if (!map.ok()) return map.error();
    TorchInfoStudy s;
    s.run = std::move(run).value();
    s.recovered = recover_workload(s.run);
    s.deepseek_ocr = is_deepseek_ocr(s.run);
    s.coverage = class_coverage(s.run, map.value(), s.deepseek_ocr);
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
        s.generic = analyze_generic(s.run, map.value(), element_bytes);
        if (!s.run.rows.empty()) {
            std::string names;
            for (const TorchInfoSource& src : s.run.sources) names += (names.empty() ? "" : " + ") + src.name;
            if (auto net = build_torchinfo_model(s.run, map.value(), names); net.ok()) s.network = std::move(net).value();
        }
    }
    return s;
}

AnalyzeOptions options_from_study(const TorchInfoStudy& study, AnalyzeOptions base) {
    if (study.deepseek_ocr) apply_recovered(study.recovered, base);
    return base;
}

std::string torchinfo_json(const TorchInfoStudy& study, const Analysis* analysis) {
    JsonWriter w;
    w.begin_object();
    write_torchinfo_source(w, study.run, study.recovered, study.coverage, study.footer);
    if (study.deepseek_ocr && analysis) write_reconciliation(w, reconcile(study.run, *analysis));
    if (study.generic) write_generic_analysis(w, *study.generic);
    w.end_object();
    return w.take();
}

std::string analysis_json_with_torchinfo(const TorchInfoStudy& study, const Analysis* analysis) {
    std::string extra = torchinfo_json(study, study.deepseek_ocr ? analysis : nullptr);
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
    out += "Coverage: " + format_fixed(100.0 * s.coverage.share, 1) + "% of " + s.coverage.basis + "\n";
    if (!s.coverage.unclassified.empty()) {
        out += "Unclassified:";
        for (const auto& u : s.coverage.unclassified) out += " " + u;
        out += "\n";
    }
    if (s.footer.available) out += "Footer: " + s.footer.message + "\n";
    for (const auto& n : s.run.notes) out += "  note: " + n + "\n";
    if (s.generic) {
        const auto& g = *s.generic;
        auto pad = [](std::string t, size_t w) {
            if (t.size() > w) t = t.substr(0, w - 1) + "~";
            return t + std::string(w - t.size(), ' ');
        };
        out += "\nNot DeepSeek-OCR: leaf layers costed from class and shapes (" + format_fixed(g.element_bytes, 0) +
               "-byte elements)\n";
        out += pad("layer", 28) + pad("class", 18) + pad("kind", 12) + pad("params", 12) + pad("FLOPs", 12) + pad("bytes", 11) + "status\n";
        for (const auto& l : g.layers)
            out += pad(l.name, 28) + pad(l.class_name, 18) + pad(l.kind.empty() ? "unclassified" : l.kind, 12) +
                   pad(format_grouped(l.params), 12) + pad(format_si(l.flops, "FLOP"), 12) + pad(format_traffic(l.bytes), 11) +
                   std::string(generic_status_name(l.status)) + "\n";
        out += "total: " + format_si(g.flops, "FLOP") + ", " + format_traffic(g.bytes) + ", " + format_grouped(g.params) +
               " parameters\n";
    }
    return out;
}

}  // namespace mm
