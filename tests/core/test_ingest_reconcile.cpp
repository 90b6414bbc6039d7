// TorchInfo beside the engine, on hand-built Analysis values (no engine run needed): params must
// agree; each known TorchInfo undercount is named with its reason (docs/domain.md section 5).
#include <catch2/catch.hpp>

#include "core/engine/analysis.hpp"
#include "core/ingest/torchinfo.hpp"
#include "core/base/json_writer.hpp"
#include "test_ingest_support.hpp"

namespace {

using mm_test::load_text;

struct EngineModule {
    std::string name, class_name;
    int64_t params = 0;
    double flops_torch = 0;
    mm::Stage stage = mm::Stage::vision;
};

EngineModule module(std::string name, std::string cls, int64_t params, double flops_torch,
                    mm::Stage stage = mm::Stage::vision) {
    return EngineModule{std::move(name), std::move(cls), params, flops_torch, stage};
}

// An analysis whose tree is the given modules, each a root of its own, with their torch FLOPs.
mm::Analysis analysis_of(const std::vector<EngineModule>& modules) {
    auto tree = std::make_shared<mm::ModuleTree>();
    mm::Analysis a;
    for (const EngineModule& m : modules) {
        mm::ModuleNode n;
        n.name = m.name;
        n.class_name = m.class_name;
        n.params = m.params;
        n.stage = m.stage;
        n.subtree_end = int(tree->nodes.size()) + 1;
        n.result = tree->result_count++;
        tree->nodes.push_back(n);
        mm::NodeResult r;
        r.cost.flops_torch = m.flops_torch;
        a.results.push_back(r);
    }
    a.tree = tree;
    return a;
}

const mm::Reconciled* find(const std::vector<mm::Reconciled>& v, const std::string& name) {
    for (const auto& r : v)
        if (r.name == name) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("reconciliation: params agree or differ, and TorchInfo's undercounts are named", "[ingest][reconcile]") {
    const auto run = load_text("ocr.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt"));
    const mm::Analysis a = analysis_of({
        module("", "DeepseekOCRModel", 0, 0),
        module("sam_model", "ImageEncoderViT", 95569152, 2.0e12),
        module("vision_model", "VitModel", 303177728, 1.0e12),
        // 2 x (4 x 100 + 256) tokens x 2048 x 1280
        module("projector", "MlpProjector", 2622720, 2.0 * 656 * 2048 * 1280),
        module("embed_tokens", "Embedding", 165478400, 0, mm::Stage::prefill),
        module("layers", "ModuleList", 2603776000 + 1, 1.0e12, mm::Stage::prefill),
        module("norm", "DeepseekV2RMSNorm", 1280, 2 * 1280, mm::Stage::prefill),
        module("norm", "DeepseekV2RMSNorm", 1280, 99, mm::Stage::decode),  // decode rows are not compared
    });
    const auto rec = mm::reconcile(run, a);
    REQUIRE(rec.size() == 6);
    const auto* sam = find(rec, "sam_model");
    REQUIRE(sam);
    CHECK(sam->calls == 2);  // crops, then the global view
    CHECK(sam->torchinfo_params == 95569152);
    CHECK(sam->params_agree);
    CHECK(sam->verdict == mm::Reconciled::Verdict::agree);
    const auto* proj = find(rec, "projector");
    REQUIRE(proj);
    CHECK(proj->torchinfo_mult_adds == 10490880 + 2622720);
    CHECK(proj->verdict == mm::Reconciled::Verdict::undercounted);
    CHECK(proj->why.find("first dimension only") != std::string::npos);
    CHECK(find(rec, "embed_tokens")->verdict == mm::Reconciled::Verdict::mult_adds_differ);
    CHECK(find(rec, "embed_tokens")->why.find("an embedding is a lookup") != std::string::npos);
    const auto* layers = find(rec, "layers");
    CHECK(layers->verdict == mm::Reconciled::Verdict::params_differ);
    CHECK(layers->why == "TorchInfo counts 2,603,776,000 parameters, the engine 2,603,776,001; parameter counts are "
                         "reliable in TorchInfo, so the engine's tree or config is off here.");
    const auto* norm = find(rec, "norm");
    CHECK(norm->verdict == mm::Reconciled::Verdict::agree);  // prefill row; the decode row is ignored
    CHECK(*norm->engine_mult_adds == 1280);
}

TEST_CASE("the JSON writer gives source and reconciliation objects with fixed keys", "[ingest][json_out]") {
    const auto run = load_text("ocr.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt"));
    const auto rec = mm::recover_workload(run);
    auto map = mm::parse_class_map("m.json", mm_test::class_map_text());
    REQUIRE(map.ok());
    const auto cov = mm::class_coverage(run, map.value());
    mm::JsonWriter w;
    w.begin_object();
    mm::write_torchinfo_source(w, run, rec, &cov, mm::check_footer(run));
    mm::write_reconciliation(w, {});
    w.end_object();
    const std::string out = w.take();
    CHECK(out.find("\"kinds\": [\n      \"torchinfo-summary.txt\"\n    ]") != std::string::npos);
    CHECK(out.find("\"crops_w\": {\n        \"value\": 2,\n        \"recovered\": true") != std::string::npos);
    CHECK(out.find("\"share\": 1") != std::string::npos);
    CHECK(out.find("\"reconciliation\": []") != std::string::npos);
    CHECK(out.find("\"params_match\": true") != std::string::npos);
}
