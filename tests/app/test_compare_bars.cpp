// The stage bars of a comparison as plain data (compare_bars.hpp): which bars pair with which, and that
// every figure is the core's own stage total or module row. Expected values come from the analyses,
// called apart from the pairing.
#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <vector>

#include "app/compare_bars.hpp"
#include "core/api.hpp"
#include "core/ingest/study.hpp"
#include "embedded/embedded_files.hpp"
#include "core/test_ingest_support.hpp"

namespace {

const mm::Catalog& catalog() {
    static const mm::Catalog c = mm::load_catalog(mm::embedded_assets()).value();
    return c;
}

mm::Analysis analysis(const std::string& model, const std::string& gpu = "rtx5090") {
    mm::AnalyzeOptions o;
    o.model = model;
    o.gpu = gpu;
    if (model == "deepseek-ocr-2") o.mode = "default";  // OCR 2 has no gundam
    return mm::analyze(catalog(), o).value();
}

std::vector<std::string> labels(const std::vector<mm::app::BarPair>& pairs) {
    std::vector<std::string> out;
    for (const auto& p : pairs) out.push_back(p.label);
    return out;
}

}  // namespace

TEST_CASE("without a comparison the bars are the analysis's stages, with its stage totals", "[compare][bars]") {
    const mm::Analysis a = analysis("deepseek-ocr");
    const auto pairs = mm::app::stage_bar_pairs(a, nullptr);
    CHECK(labels(pairs) == std::vector<std::string>{"vision", "prefill", "decode"});
    for (const auto& p : pairs) {
        REQUIRE(p.mine);
        CHECK_FALSE(p.theirs);
        CHECK_FALSE(p.ratio());
        CHECK_FALSE(p.part);
    }
    CHECK(pairs[2].mine->time_s == a.decode().time_s);
    CHECK(pairs[2].mine->flops == a.decode().flops);
    CHECK(pairs[2].mine->root == a.stage_root(mm::Stage::decode));
}

TEST_CASE("DeepSeek-OCR against OCR 2: stages by name, CLIP paired with the Qwen2 encoder", "[compare][bars]") {
    const mm::Analysis a = analysis("deepseek-ocr"), b = analysis("deepseek-ocr-2");
    const auto pairs = mm::app::stage_bar_pairs(a, &b);
    CHECK(labels(pairs) == std::vector<std::string>{"vision", "  SAM", "  encoder 2", "  projector", "prefill", "decode"});
    for (const auto& p : pairs) {
        REQUIRE(p.mine);
        REQUIRE(p.theirs);
        CHECK(p.ratio() == p.theirs->time_s / p.mine->time_s);
    }
    CHECK(pairs[1].mine->name == "vision/sam_model");
    CHECK(pairs[1].theirs->name == "vision/sam_model");
    CHECK(pairs[2].mine->name == "vision/vision_model");
    CHECK(pairs[2].theirs->name == "vision/qwen2_model");
    CHECK(pairs[3].theirs->name == "vision/projector");
    // A part's figures are its module row's.
    const mm::ModuleRow qwen2 = b.module(pairs[2].theirs->root);
    CHECK(pairs[2].theirs->time_s == qwen2.time_s);
    CHECK(pairs[2].theirs->flops == qwen2.flops);
    CHECK(pairs[2].theirs->bytes == qwen2.bytes);
    CHECK(pairs[0].theirs->time_s == b.vision().time_s);
}

TEST_CASE("comparing GPUs pairs the same modules", "[compare][bars]") {
    const mm::Analysis a = analysis("deepseek-ocr"), b = analysis("deepseek-ocr", "h100-sxm");
    const auto pairs = mm::app::stage_bar_pairs(a, &b);
    REQUIRE(pairs.size() == 6);
    for (const auto& p : pairs) CHECK(p.mine->name == p.theirs->name);
    CHECK(pairs[5].theirs->time_s == b.decode().time_s);
}

TEST_CASE("a stage or part one side lacks is absent, not zero", "[compare][bars]") {
    const std::string cnn = mm_test::torchinfo_fixture("cnn-summary.txt");
    const mm::TextFile file{"cnn-summary.txt", cnn};
    const auto study = mm::study_torchinfo(std::span<const mm::TextFile>(&file, 1), mm::embedded_assets()).value();
    const mm::Analysis net = mm::analyze_study(catalog(), study, mm::AnalyzeOptions{}).value();
    const mm::Analysis ocr = analysis("deepseek-ocr");
    const auto pairs = mm::app::stage_bar_pairs(ocr, &net);
    CHECK(labels(pairs) == std::vector<std::string>{"vision", "  SAM", "  encoder 2", "  projector", "prefill", "decode", "forward"});
    for (size_t i = 0; i + 1 < pairs.size(); ++i) {
        CHECK(pairs[i].mine);
        CHECK_FALSE(pairs[i].theirs);
        CHECK_FALSE(pairs[i].ratio());
    }
    CHECK_FALSE(pairs.back().mine);
    REQUIRE(pairs.back().theirs);
    CHECK(pairs.back().theirs->time_s == net.stage(mm::Stage::forward).time_s);
}
