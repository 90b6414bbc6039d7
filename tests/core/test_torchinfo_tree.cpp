// The TorchInfo builder: any network's summary becomes a module tree of typed ops with one forward
// stage, which the engine analyses like DeepSeek-OCR's (time, bound, memory, explain).
#include <catch2/catch.hpp>

#include <span>
#include <string>

#include "core/engine/op_cost.hpp"
#include "core/ingest/torchinfo_tree.hpp"
#include "core/report/coverage.hpp"
#include "embedded/embedded_files.hpp"
#include "engine_test_support.hpp"
#include "test_ingest_support.hpp"

namespace {

const mm::ClassMap& class_map() {
    static const mm::ClassMap map = mm::load_class_map(mm::embedded_assets()).value();
    return map;
}

mm::TorchInfoModel build(const std::string& name, const std::string& text) {
    const mm::TorchInfoRun run = mm_test::load_text(name, text);
    auto m = mm::build_torchinfo_model(run, class_map(), name);
    INFO((m.ok() ? std::string() : m.error().message));
    REQUIRE(m.ok());
    return std::move(m).value();
}

mm::Analysis analyse(const mm::TorchInfoModel& m, const char* convention, int64_t batch) {
    mm::AnalyzeOptions o;
    o.convention = *mm::parse_convention(convention);
    o.batch = batch;
    auto a = mm::analyze_model(mmtest::catalog(), m.entry, o);
    INFO((a.ok() ? std::string() : a.error().message));
    REQUIRE(a.ok());
    return std::move(a).value();
}

}  // namespace

// tests/fixtures/torchinfo/cnn-summary.txt, by hand (torch convention: 2 FLOPs per multiply-add of
// convolutions and linears, docs/domain.md section 3):
//   features.0 Conv2d 3->8, 3x3, bias: 8 x 32 x 32 outputs x 27 weights: 2 x 8192 x 27 = 442,368
//   features.4 Conv2d 8->16, 3x3, bias: 16 x 16 x 16 outputs x 72 weights: 2 x 4096 x 72 = 589,824
//   classifier.0 Linear 1024->64: 2 x 1024 x 64 = 131,072; classifier.3 Linear 64->10: 2 x 64 x 10 = 1,280
// Total 1,164,544 per sample; parameters 224 + 16 + 1,168 + 65,600 + 650 = 67,658 (the footer's).
TEST_CASE("a small CNN's summary becomes a forward-pass tree costed from its shapes", "[torchinfo tree]") {
    const mm::TorchInfoModel m = build("cnn-summary.txt", mm_test::torchinfo_fixture("cnn-summary.txt"));
    CHECK(m.recorded_batch == 1);
    CHECK(m.entry.config->plain);
    const mm::Analysis a = analyse(m, "torch", 1);
    CHECK(a.params().total == 67658);
    REQUIRE(a.stages().count == 1);
    CHECK(*a.stages().begin() == mm::Stage::forward);
    CHECK(a.stage(mm::Stage::forward).flops == 1164544);
    CHECK(a.total().flops == 1164544);
    CHECK(a.total().time_s > 0);
    CHECK(a.latency().page_s == a.total().time_s);
    CHECK(mmtest::module(a, "forward/features.0").flops == 442368);
    CHECK(mmtest::module(a, "forward/features.4").flops == 589824);
    CHECK(mmtest::module(a, "forward/classifier.0").flops == 131072);
    CHECK(mmtest::module(a, "forward/features").params == 224 + 16 + 1168);
    // Every leaf but the work-free ones (Flatten, Dropout, ReLU's FLOPs are CUDA-core) is costed, by an op a
    // forward pass can cost.
    for (const mm::ModuleNode& n : a.tree->nodes) {
        CHECK(n.uncosted.empty());
        if (mm::has_op(n.op)) CHECK(mm::runs_in_samples(n.op));
    }

    // The batch rescales every shape along its leading dimension: 4 samples, 4 x the FLOPs.
    CHECK(analyse(m, "torch", 4).total().flops == 4 * 1164544);

    // Executed: the same tensor-core FLOPs, plus the CUDA-core work: conv and linear bias adds
    // (8192 + 4096 + 64 + 10), BatchNorm 2 x 8192, ReLU 8192 + 4096 + 64, max pooling 4 per output
    // (2048 + 1024 outputs).
    const mm::Analysis ex = analyse(m, "executed", 1);
    CHECK(ex.total().flops_tensor == 1164544);
    CHECK(ex.total().flops_cuda == (8192 + 4096 + 64 + 10) + 2 * 8192 + (8192 + 4096 + 64) + 4 * (2048 + 1024));
    // Weights are read once: every parameter at bf16.
    CHECK(ex.total().bytes_weights == 2.0 * 67658);

    // The terminal table speaks of a forward pass, with no decoder, KV cache or lm_head lines.
    const std::string table = mm::analysis_to_table(ex);
    CHECK(table.find("Workload: one forward pass of cnn-summary.txt, batch 1") != std::string::npos);
    CHECK(table.find("per forward pass") != std::string::npos);
    for (const char* absent : {"decoder attention", "KV", "lm_head", "TTFT", "vision + prefill"}) {
        INFO(absent);
        CHECK(table.find(absent) == std::string::npos);
    }
}

// Issue 15: a row with parameters that no formula knows is estimated (2 x parameters x output
// positions) and labelled, never a silent 0; one without parameters stays uncosted, and says so.
TEST_CASE("a class no formula knows is estimated from its parameters and labelled, or uncosted without parameters", "[torchinfo tree]") {
    std::string text = mm_test::torchinfo_fixture("cnn-summary.txt");
    const std::string from = "Linear (3): 2-11      ", to = "Mystery (3): 2-11     ";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    const mm::TorchInfoModel m = build("cnn-summary.txt", text);
    const mm::Analysis a = analyse(m, "torch", 1);
    // The Linear(64, 10) was 2 x 64 x 10 = 1,280 FLOPs; as an unknown class with 650 parameters and
    // one output position of 10: 2 x 650 x 1 = 1,300.
    CHECK(a.total().flops == 1164544 - 1280 + 1300);
    const std::string json = mm::analysis_to_json(a);
    CHECK(json.find("\"uncosted\"") == std::string::npos);
    CHECK(json.find("\"estimated\"") != std::string::npos);
    CHECK(json.find("estimated as 2 x 650 parameters x 1 output positions per sample, because class Mystery is not in "
                    "torchinfo/class-map.json") != std::string::npos);
    const mm::CostCoverage c = mm::cost_coverage(a);
    CHECK(c.flops_estimated == 1300);
    const double executed = a.modules()[0].cost.flops_executed();  // the forward stage's whole subtree
    CHECK(c.flops_exact + c.flops_estimated == Approx(executed));
    CHECK(c.flops_share_exact() == Approx((executed - 1300) / executed));
    CHECK(c.modules_estimated == 1);
    CHECK(c.params_estimated == 650);
    CHECK(c.params_uncosted == 0);
    CHECK(mm::analysis_to_table(a).find("% estimated (1 module)") != std::string::npos);
    CHECK(mm::describe_coverage(c).find("parameters ") != std::string::npos);

    // A parameter-free unknown class (Oddy in place of a ReLU) has nothing to estimate from: uncosted.
    std::string relu = mm_test::torchinfo_fixture("cnn-summary.txt");
    const size_t at = relu.find("ReLU (");
    REQUIRE(at != std::string::npos);
    relu.replace(at, 4, "Oddy");
    const mm::Analysis b = analyse(build("cnn-summary.txt", relu), "torch", 1);
    const std::string json_b = mm::analysis_to_json(b);
    CHECK(json_b.find("\"uncosted\"") != std::string::npos);
    CHECK(json_b.find("class Oddy is not in torchinfo/class-map.json") != std::string::npos);
    CHECK(mm::cost_coverage(b).modules_uncosted == 1);
}

// tests/fixtures/torchinfo/transformer-summary.txt (batch_first, 16 tokens, E = 64), by hand:
//   self_attn: projections 8 x 16 x 64^2 = 524,288 + scores and context 4 x 16 x 16 x 64 = 65,536
//   linear1 / linear2: 2 x 16 x 64 x 128 = 262,144 each; two layers: 2 x (589,824 + 524,288)
//   head: 2 x 16 x 64 x 1000 = 2,048,000. Total 4,276,224; parameters 195,944 (the footer's).
TEST_CASE("a plain transformer's tree: attention, linears, norms and the embedding lookup", "[torchinfo tree]") {
    const mm::TorchInfoModel m = build("transformer-summary.txt", mm_test::torchinfo_fixture("transformer-summary.txt"));
    const mm::Analysis a = analyse(m, "torch", 1);
    CHECK(a.params().total == 195944);
    CHECK(mmtest::module(a, "forward/encoder.layers.0.self_attn").flops == 589824);
    CHECK(mmtest::module(a, "forward/encoder.layers.1.linear1").flops == 262144);
    CHECK(a.total().flops == 2 * (589824 + 2 * 262144) + 2048000);
    // The two identical encoder layers share one result.
    CHECK(a.tree->result_count < int(a.tree->nodes.size()));
    // Explain prints the numbers the evaluator used.
    int attn = -1;
    for (size_t i = 0; i < a.tree->nodes.size(); ++i)
        if (a.tree->nodes[i].id == "forward/encoder.layers.0.self_attn") attn = int(i);
    REQUIRE(attn >= 0);
    const std::string why = mm::explain_module(a, attn);
    CHECK(why.find("8 x 16 x 64 x 64 = 524,288 + 4 x 16 x 16 x 64 = 65,536") != std::string::npos);
    // The embedding lookup reads the 16 gathered rows of 64 (bf16), not the whole 1000-row table.
    CHECK(mmtest::module(a, "forward/embed").cost.read_weight_bytes == 16 * 64 * 2);
}

// TorchInfo beside a network's tree (the page's TorchInfo view, the JSON's reconciliation): parameters
// agree, and a convolution's Mult-Adds cell counts its bias adds. features.0: 229,376 printed =
// 8 x 32 x 32 outputs x 27 weights (221,184) + 8,192 bias adds; classifier.3: 650 = 64 x 10 + 10.
TEST_CASE("a network's reconciliation names TorchInfo's bias adds", "[torchinfo tree][reconcile]") {
    const std::string text = mm_test::torchinfo_fixture("cnn-summary.txt");
    const mm::TorchInfoModel m = build("cnn-summary.txt", text);
    const mm::Analysis a = analyse(m, "torch", 1);
    const auto rows = mm::reconcile(mm_test::load_text("cnn-summary.txt", text), a);
    auto find = [&](const std::string& name) -> const mm::Reconciled& {
        for (const auto& r : rows)
            if (r.name == name) return r;
        FAIL("no row " << name);
        return rows.front();
    };
    const auto& conv = find("features.0");
    CHECK(conv.params_agree);
    CHECK(*conv.engine_mult_adds == 221184);
    CHECK(conv.why == "Parameters agree; TorchInfo's 229,376 mult-adds count the bias add of each of the 8,192 output elements as one; "
                      "the engine's 221,184 are the multiply-adds alone (FlopCounterMode's rule; executed FLOPs count the bias on "
                      "CUDA cores).");
    CHECK(find("classifier.3").why.find("10 output elements") != std::string::npos);
    CHECK(find("classifier.0").verdict == mm::Reconciled::Verdict::agree);  // 65,600 vs 65,536: within 1 %
}
