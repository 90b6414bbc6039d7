// Fuzz target: TorchInfo artifacts (every kind: printed summary, unique-layers JSON/Markdown, layers
// JSON, stages JSON). The input goes through what the CLI (`analyze --torchinfo`) and the app (a
// dropped file) run: identify_artifact, parse_torchinfo, study_torchinfo, options_from_study,
// analyze, the JSON and table writers; then once more as the second file of a run whose first file
// is the bundled DeepSeek-OCR summary (the merge and reconcile paths).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/ingest/study.hpp"
#include "embedded/embedded_files.hpp"
#include "fuzz_support.hpp"

namespace {

void study_and_analyze(std::span<const mm::TextFile> files) {
    auto study = mm::study_torchinfo(files, mm::embedded_assets());
    if (!study.ok()) {
        mm::fuzz::check_message(study.error());
        return;
    }
    const mm::TorchInfoStudy& s = study.value();
    if (s.deepseek_ocr) {
        const mm::AnalyzeOptions options = mm::options_from_study(s, mm::AnalyzeOptions{});
        auto analysis = mm::analyze(mm::fuzz::catalog(), options);
        if (analysis.ok()) mm::fuzz::check_json(mm::torchinfo_json(s, &analysis.value()));
        else mm::fuzz::check_message(analysis.error());
    } else {
        mm::fuzz::check_json(mm::torchinfo_json(s, nullptr));
    }
    (void)mm::torchinfo_table(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The kind comes from the content; the name only appears in messages.
    bool recognised = false;
    for (std::string_view name : {"fuzz.json", "fuzz.txt"}) {
        const mm::ArtifactCheck check = mm::identify_artifact(name, text);
        if (check.identity) recognised = true;
        else mm::fuzz::check_message(mm::make_error(check.error));
    }

    const mm::TextFile one[] = {{"fuzz.txt", text}};
    auto run = mm::parse_torchinfo(one);
    if (!run.ok()) {
        mm::fuzz::check_message(run.error());
    } else {
        study_and_analyze(one);
    }

    // The same bytes as the second artifact of a DeepSeek-OCR run (only when they are some kind of
    // artifact: anything else fails identification before the merge).
    if (recognised) {
        static const std::string_view sample = [] {
            for (const mm::TextFile& f : mm::embedded_samples())
                if (f.path == "deepseek-ocr-2x2-summary.txt") return f.text;
            mm::fuzz::fail("the bundled sample deepseek-ocr-2x2-summary.txt is missing");
        }();
        const mm::TextFile pair[] = {{"torchinfo-summary.txt", sample}, {"fuzz.json", text}};
        study_and_analyze(pair);
    }
    return 0;
}
