// A TorchInfo summary of DeepSeek-OCR 2 (issue 18): recognised from its classes, its workload
// recovered from the recorded shapes (docs/domain.md section 8: a 1024 px global view of 256 tokens,
// 768 px crops of 144, T = 256 + 144 x crops + 1, S = T + 10) and reconciled per module against the
// built-in model. The fixtures are summaries of a mimic of the vendor tree made here
// (scripts/ocr2-torchinfo/make_summary.py; tests/fixtures/torchinfo/README.md), not a vendor run.
#include <catch2/catch.hpp>

#include <map>

#include "core/api.hpp"
#include "core/ingest/study.hpp"
#include "core/ingest/torchinfo.hpp"
#include "embedded/embedded_files.hpp"
#include "test_ingest_support.hpp"

namespace {

const std::string kCrops = "deepseek-ocr-2-mimic-1536x768-summary.txt";  // the bundled sample (assets/samples): 1536x768 page: 2 crops (count_tiles), T 545, S 555
const std::string kGlobal = "ocr2-mimic-768x768-summary.txt";   // 768x768 page: no crops, T 257, S 267

mm::Result<mm::TorchInfoStudy> study_of(const std::string& name, const std::string& text) {
    const mm::TextFile f{name, text};
    return mm::study_torchinfo(std::span<const mm::TextFile>(&f, 1), mm::embedded_assets());
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("a DeepSeek-OCR 2 summary is recognised as deepseek-ocr-2, not as DeepSeek-OCR or another network", "[ingest][ocr2]") {
    const auto text = mm_test::sample_file(kCrops);
    REQUIRE_FALSE(text.empty());
    auto s = study_of(kCrops, text);
    REQUIRE(s.ok());
    CHECK(s.value().deepseek_ocr);
    CHECK_FALSE(s.value().network);
    CHECK(s.value().recovered.model == "deepseek-ocr-2");
    CHECK(mm::options_from_study(s.value(), {}).model == "deepseek-ocr-2");

    // By its encoder's classes alone, under another root.
    auto renamed = study_of("wrapped.txt", replace_all(text, "DeepseekOCR2Model (DeepseekOCR2Model)", "Wrapper (Wrapper)"));
    REQUIRE(renamed.ok());
    CHECK(renamed.value().recovered.model == "deepseek-ocr-2");
    CHECK_FALSE(renamed.value().network);
}

TEST_CASE("DeepSeek-OCR 2: a 1536x768 page recovers 2 crops of 768, T = 545 and S = 555", "[ingest][ocr2]") {
    auto s = study_of(kCrops, mm_test::sample_file(kCrops));
    REQUIRE(s.ok());
    const mm::RecoveredWorkload& rw = s.value().recovered;
    CHECK(rw.problem.empty());
    CHECK(rw.from_shapes);
    CHECK_FALSE(rw.standard_fallback);
    CHECK(rw.base_size.value == 1024);
    CHECK(rw.base_size.recovered);
    CHECK(rw.tile_size.value == 768);
    CHECK(rw.tile_size.recovered);
    CHECK(rw.crop_mode.value == 1);
    CHECK(rw.crops.value == 2);
    CHECK(rw.crops.recovered);
    CHECK(rw.crops_w.value == 2);  // the arrangement changes no count: shown as 2x1, not claimed as recorded
    CHECK(rw.crops_h.value == 1);
    CHECK_FALSE(rw.crops_w.recovered);
    CHECK(rw.batch.value == 1);
    CHECK(rw.image_tokens.value == 256 + 144 * 2 + 1);
    CHECK(rw.image_tokens.recovered);
    CHECK(rw.prefill_tokens.value == 555);
    CHECK(rw.prefill_tokens.recovered);
    CHECK(rw.prompt_text_tokens.value == 10);
    CHECK(rw.notes.empty());

    const mm::AnalyzeOptions o = mm::options_from_study(s.value(), {});
    CHECK(o.mode == "default");
    CHECK(o.crops == mm::AnalyzeOptions::Crops::explicit_grid);
    CHECK(o.crops_w * o.crops_h == 2);
    auto catalog = mm::load_catalog(mm::embedded_assets());
    REQUIRE(catalog.ok());
    auto a = mm::analyze_study(catalog.value(), s.value(), o);
    REQUIRE(a.ok());
    CHECK(a.value().workload.image_tokens == 545);
    CHECK(a.value().workload.prefill_tokens == 555);
}

TEST_CASE("DeepSeek-OCR 2: a 768x768 page is the global view alone, T = 257 and S = 267", "[ingest][ocr2]") {
    auto s = study_of(kGlobal, mm_test::torchinfo_fixture(kGlobal));
    REQUIRE(s.ok());
    const mm::RecoveredWorkload& rw = s.value().recovered;
    CHECK(rw.model == "deepseek-ocr-2");
    CHECK(rw.crop_mode.value == 0);
    CHECK(rw.crops.value == 0);
    CHECK(rw.crops.recovered);
    CHECK(rw.image_tokens.value == 257);
    CHECK(rw.prefill_tokens.value == 267);
    mm::AnalyzeOptions before;
    before.crops = mm::AnalyzeOptions::Crops::explicit_grid;  // what the page held before the file was dropped
    before.crops_w = 3;
    before.crops_h = 2;
    const mm::AnalyzeOptions o = mm::options_from_study(s.value(), before);
    CHECK(o.model == "deepseek-ocr-2");
    CHECK(o.mode == "base");
    CHECK(o.crops == mm::AnalyzeOptions::Crops::off);
    CHECK(o.crops_w == 0);
    auto catalog = mm::load_catalog(mm::embedded_assets());
    REQUIRE(catalog.ok());
    auto a = mm::analyze_study(catalog.value(), s.value(), o);
    REQUIRE(a.ok());
    CHECK(a.value().workload.crops_w * a.value().workload.crops_h == 0);
    CHECK(a.value().workload.image_tokens == 257);
    CHECK(a.value().workload.prefill_tokens == 267);
}

TEST_CASE("DeepSeek-OCR 2: every module's parameters as the fixture prints them equal the built-in model's", "[ingest][ocr2]") {
    auto s = study_of(kCrops, mm_test::sample_file(kCrops));
    REQUIRE(s.ok());
    auto catalog = mm::load_catalog(mm::embedded_assets());
    REQUIRE(catalog.ok());
    mm::AnalyzeOptions o = mm::options_from_study(s.value(), {});
    o.convention = mm::Convention::torch;
    auto a = mm::analyze_study(catalog.value(), s.value(), o);
    REQUIRE(a.ok());
    // The mimic's torch count (scripts/ocr2-torchinfo/README.md) is the model's: 3,223,640,960 + lm_head.
    CHECK(a.value().params().lm_head == 165'478'400);
    CHECK(a.value().params().total - a.value().params().lm_head == 3'223'640'960);

    // Read off the fixture by hand (subtrees: a parent's own cell plus its printed children).
    const std::map<std::string, int64_t> printed = {
        {"embed_tokens", 165'478'400},
        {"sam_model", 94'979'328},  // 3,145,728 pos_embed + 590,592 + 8 x 7,091,328 + 4 x 7,104,128 + 787,456 neck + 1,179,648 + 4,128,768
        {"sam_model.patch_embed.proj", 590'592},
        {"sam_model.blocks.0", 7'091'328},
        {"sam_model.blocks.2", 7'104'128},
        {"sam_model.net_3", 4'128'768},  // 512 -> 896, 3x3
        {"qwen2_model", 358'256'512},    // 358,400 queries (144 + 256) x 896 + the inner model
        {"qwen2_model.model.model", 357'898'112},
        {"projector.layers", 1'148'160},
        {"layers.0.mlp", 26'296'320},
        {"layers.0.self_attn", 6'553'600},
        {"layers.1.mlp", 227'164'160},
        {"layers.11.mlp", 227'164'160},
        {"norm", 1'280},
    };
    const auto rec = mm::reconcile(s.value().run, a.value());
    std::map<std::string, const mm::Reconciled*> by_name;
    for (const auto& r : rec) by_name[r.name] = &r;
    for (const auto& [name, params] : printed) {
        INFO(name);
        REQUIRE(by_name.count(name));
        const mm::Reconciled& r = *by_name[name];
        INFO(r.why);
        REQUIRE(r.torchinfo_params);
        CHECK(*r.torchinfo_params == params);
        REQUIRE(r.engine_params);
        CHECK(*r.engine_params == params);
    }
    int compared = 0;
    for (const auto& r : rec) {
        INFO(r.name << " (" << r.class_name << "): " << r.why);
        CHECK(r.verdict != mm::Reconciled::Verdict::params_differ);
        CHECK(r.verdict != mm::Reconciled::Verdict::not_in_engine);
        if (r.torchinfo_params) {
            CHECK(r.params_agree);
            ++compared;
        }
        if (r.class_name == "DeepseekV2MoE") CHECK(r.verdict == mm::Reconciled::Verdict::moe_trace);
        if (r.class_name == "Conv2d") CHECK(r.verdict == mm::Reconciled::Verdict::agree);
    }
    CHECK(compared > 50);
    CHECK(s.value().footer.params_match);
}

TEST_CASE("DeepSeek-OCR's summaries are still recognised as DeepSeek-OCR", "[ingest][ocr2]") {
    auto sample = study_of("deepseek-ocr-2x2-summary.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt"));
    REQUIRE(sample.ok());
    CHECK(sample.value().deepseek_ocr);
    CHECK(sample.value().recovered.model == "deepseek-ocr");
    CHECK(mm::options_from_study(sample.value(), {}).model == "deepseek-ocr");
    CHECK(mm::options_from_study(sample.value(), {}).mode == "gundam");
}

TEST_CASE("the real DeepSeek-OCR summary is still recognised as DeepSeek-OCR", "[ingest][ocr2][reference]") {
    auto real = study_of("torchinfo-summary.txt", mm_test::reference_file("torchinfo-summary.txt"));
    REQUIRE(real.ok());
    CHECK(real.value().deepseek_ocr);
    CHECK(real.value().recovered.model == "deepseek-ocr");
    CHECK(real.value().recovered.prefill_tokens.value == 703);
}

TEST_CASE("DeepSeek-OCR 2's classes with shapes no run of it records give one sentence", "[ingest][ocr2]") {
    const auto text = mm_test::sample_file(kCrops);
    struct Case {
        std::string from, to, says;
    };
    const Case cases[] = {
        {"[2, 3, 768, 768]", "[2, 3, 700, 700]",
         "bad.txt has DeepSeek-OCR 2's classes, but SAM's input [2, 3, 700, 700] is not a DeepSeek-OCR 2 view: the model encodes "
         "[views, 3, 1024, 1024] global views and [crops, 3, 768, 768] crops, so the run was not loaded."},
        {"[1, 3, 1024, 1024]", "[1, 3, 640, 640]", "SAM's input [1, 3, 640, 640] is not a DeepSeek-OCR 2 view"},
        {"[2, 3, 768, 768]", "[1, 3, 768, 768]", "holds 1 crop per page; DeepSeek-OCR 2 cuts a page into 2 to 6 crops or none"},
        {"[1, 555]", "[1, 100]", "the prefill length 100 leaves no room for the 545 image tokens of 2 crops and a BOS token"},
        {"[2, 144, 896]", "[2, 100, 896]", "the Qwen2 encoder's output [2, 100, 896] is not 256 (global view) or 144 (crop) query tokens"},
    };
    for (const Case& c : cases) {
        INFO(c.from << " -> " << c.to);
        const std::string bad = replace_all(text, c.from, c.to);
        REQUIRE(bad != text);
        auto s = study_of("bad.txt", bad);
        REQUIRE_FALSE(s.ok());
        const std::string& m = s.error().message;
        CHECK_THAT(m, Catch::Contains(c.says));
        CHECK(m.rfind("bad.txt has DeepSeek-OCR 2's classes, but ", 0) == 0);
        CHECK(m.find('\n') == std::string::npos);
        CHECK(m.back() == '.');
    }
}
