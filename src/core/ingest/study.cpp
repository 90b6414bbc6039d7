#include "core/ingest/study.hpp"

#include "core/json_writer.hpp"

namespace mm {
namespace {

// DeepSeek-OCR is recognised by its root module or, where only classes are known, by its encoders.
bool is_deepseek_ocr(const TorchInfoRun& run) {
    if (run.root_class() == "DeepseekOCRModel") return true;
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
    s.coverage = class_coverage(s.run, map.value());
    s.footer = check_footer(s.run);
    s.deepseek_ocr = is_deepseek_ocr(s.run);
    if (!s.deepseek_ocr) s.generic = analyze_generic(s.run, map.value(), element_bytes);
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

}  // namespace mm
