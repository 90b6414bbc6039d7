// The real summary against the real engine (needs the embedded presets, so it runs in core_tests):
// analysing with the recovered workload equals --crops 2x2, and every module's params agree.
#include <catch2/catch.hpp>

#include "core/api.hpp"
#include "core/ingest/torchinfo.hpp"
#include "embedded/embedded_files.hpp"
#include "test_ingest_support.hpp"

TEST_CASE("the real summary's workload analyses like --crops 2x2 and its params agree with the engine", "[ingest][engine][reference]") {
    const auto text = mm_test::reference_file("torchinfo-summary.txt");
    const mm::TextFile f{"torchinfo-summary.txt", text};
    auto run = mm::parse_torchinfo(std::span<const mm::TextFile>(&f, 1));
    REQUIRE(run.ok());
    auto catalog = mm::load_catalog(mm::embedded_assets());
    REQUIRE(catalog.ok());
    REQUIRE(mm::load_class_map(mm::embedded_assets()).ok());

    mm::AnalyzeOptions recovered;
    mm::apply_recovered(mm::recover_workload(run.value()), recovered);
    mm::AnalyzeOptions explicit_grid;
    explicit_grid.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    explicit_grid.crops_w = 2;
    explicit_grid.crops_h = 2;
    recovered.convention = explicit_grid.convention = mm::Convention::torch;
    auto a = mm::analyze(catalog.value(), recovered);
    auto b = mm::analyze(catalog.value(), explicit_grid);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value().workload.prefill_tokens == 703);
    CHECK(a.value().vision().flops_torch == b.value().vision().flops_torch);
    CHECK(a.value().prefill().flops_torch == b.value().prefill().flops_torch);
    CHECK(a.value().decode().flops_torch == b.value().decode().flops_torch);

    const auto rec = mm::reconcile(run.value(), a.value());
    int compared = 0;
    for (const auto& r : rec) {
        INFO(r.name << ": " << r.why);
        CHECK(r.verdict != mm::Reconciled::Verdict::params_differ);
        CHECK(r.verdict != mm::Reconciled::Verdict::not_in_engine);
        if (r.torchinfo_params) {
            CHECK(r.params_agree);
            ++compared;
        }
        if (r.class_name == "LlamaFlashAttention2") CHECK(r.verdict == mm::Reconciled::Verdict::fused_attention);
        if (r.class_name == "DeepseekV2MoE") CHECK(r.verdict == mm::Reconciled::Verdict::moe_trace);
        if (r.name.rfind("vision_model", 0) == 0 && !r.torchinfo_params) CHECK(r.verdict == mm::Reconciled::Verdict::hidden_below_depth);
        // Conv2d mult-adds are reliable (domain.md section 5) -- within bias rounding.
        if (r.class_name == "Conv2d") CHECK(r.verdict == mm::Reconciled::Verdict::agree);
    }
    CHECK(compared > 60);
}
