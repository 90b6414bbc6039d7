// Recovering the workload a TorchInfo run of DeepSeek-OCR recorded (docs/domain.md sections 1-2):
// crops and the grid from SAM's inputs and the prefill length, the fallback to the standard
// workload when no shapes are recorded, and the analysis it leads to.
#include <catch2/catch.hpp>

#include "core/engine/analysis.hpp"
#include "core/ingest/torchinfo.hpp"
#include "test_ingest_support.hpp"

namespace {

using mm_test::load_text;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("SAM's 4x3x640x640 input and the prefill length 703 give 2x2 crops", "[ingest][recover]") {
    const auto rw = mm::recover_workload(load_text("ocr.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt")));
    CHECK(rw.from_shapes);
    CHECK_FALSE(rw.standard_fallback);
    CHECK(rw.base_size.value == 1024);
    CHECK(rw.base_size.recovered);
    CHECK(rw.tile_size.value == 640);
    CHECK(rw.crop_mode.value == 1);
    CHECK(rw.crops.value == 4);
    CHECK(rw.crops.recovered);
    CHECK(rw.batch.value == 1);
    CHECK(rw.prefill_tokens.value == 703);
    CHECK(rw.prefill_tokens.recovered);
    CHECK(rw.crops_w.value == 2);
    CHECK(rw.crops_h.value == 2);
    CHECK(rw.crops_w.recovered);
    CHECK_FALSE(rw.grid_ambiguous);
    CHECK(rw.grid_candidates.size() == 3);  // 1x4, 2x2, 4x1
    CHECK(rw.crops_w.how == "From the prefill length 703 = 693 image tokens of a 2x2 grid + 10 prompt tokens "
                            "(1x4 would give 723, 4x1 would give 693).");
    CHECK(rw.image_tokens.value == 693);
    CHECK_FALSE(rw.new_tokens.recovered);
    CHECK(rw.new_tokens.value == 512);
    CHECK_FALSE(rw.prompt_text_tokens.recovered);
}

TEST_CASE("the prefill length tells 4x1 from 2x2, and a length no grid explains is ambiguous and says so", "[ingest][recover]") {
    const std::string text = mm_test::sample_file("deepseek-ocr-2x2-summary.txt");
    const auto wide = mm::recover_workload(load_text("ocr.txt", replace_all(text, "703", "693")));
    CHECK(wide.crops_w.value == 4);
    CHECK(wide.crops_h.value == 1);
    CHECK(wide.crops_w.recovered);

    const auto odd = mm::recover_workload(load_text("ocr.txt", replace_all(text, "703", "700")));
    CHECK(odd.grid_ambiguous);
    CHECK_FALSE(odd.crops_w.recovered);
    CHECK(odd.crops_w.value == 2);
    CHECK(odd.crops_h.value == 2);
    REQUIRE(odd.notes.size() == 1);
    CHECK(odd.notes[0] == "4 crops could be 1x4, 2x2, 4x1; the prefill length 700 matches none under the standard "
                          "10-token prompt, so 2x2 (the most square) is assumed.");
}

TEST_CASE("the recovered workload becomes analyze options: gundam with an explicit grid", "[ingest][recover]") {
    const auto rw = mm::recover_workload(load_text("ocr.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt")));
    mm::AnalyzeOptions o;
    o.crops = mm::AnalyzeOptions::Crops::off;
    mm::apply_recovered(rw, o);
    CHECK(o.mode == "gundam");
    CHECK(o.crops == mm::AnalyzeOptions::Crops::explicit_grid);
    CHECK(o.crops_w == 2);
    CHECK(o.crops_h == 2);
    CHECK(o.batch == 1);
    CHECK(o.new_tokens == 512);
}

TEST_CASE("a file without shapes falls back to the standard workload and says so", "[ingest][recover]") {
    const auto rw = mm::recover_workload(load_text("u.json", mm_test::torchinfo_fixture("cnn-unique-layers.json")));
    CHECK_FALSE(rw.from_shapes);
    CHECK(rw.standard_fallback);
    CHECK(rw.base_size.recovered);  // from the header
    CHECK(rw.crop_mode.value == 0);  // this fixture's header says crop_mode false
    CHECK(rw.crops.value == 0);
    REQUIRE_FALSE(rw.notes.empty());
    CHECK(rw.notes[0] == "The artifacts record no shapes, so the crop grid is not recorded; the standard workload "
                         "dsocr-standard-v1 is used with crop mode off.");
}

TEST_CASE("the real files: the summary records 2x2 crops and S = 703, and the JSON kinds fall back", "[ingest][recover][reference]") {
    const auto summary = mm_test::reference_file("torchinfo-summary.txt");
    const auto unique = mm_test::reference_file("torchinfo-unique-layers.json");
    const auto rw = mm::recover_workload(load_text("torchinfo-summary.txt", summary));
    CHECK(rw.crops_w.value == 2);
    CHECK(rw.crops_h.value == 2);
    CHECK(rw.crops_w.recovered);
    CHECK(rw.prefill_tokens.value == 703);
    CHECK(rw.base_size.value == 1024);
    CHECK(rw.tile_size.value == 640);

    const auto fb = mm::recover_workload(load_text("torchinfo-unique-layers.json", unique));
    CHECK(fb.standard_fallback);
    CHECK(fb.crop_mode.value == 1);
    CHECK(fb.crop_mode.recovered);
    CHECK(fb.crops_w.value == 2);
    CHECK_FALSE(fb.crops_w.recovered);
    REQUIRE(fb.notes.size() == 2);
    CHECK(fb.notes[0] == "The artifacts record no shapes, so the crop grid is not recorded; the standard workload "
                         "dsocr-standard-v1 is used (a 1024x1024 page, 2x2 crops).");
    CHECK(fb.notes[1].find("seq_len 1024") != std::string::npos);
}
