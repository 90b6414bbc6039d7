// The engine against the published facts of docs/domain.md (sections 1-3): parameter counts, token
// counts, the TorchInfo check value and the KV cache size.
#include "engine_test_support.hpp"

using namespace mmtest;

TEST_CASE("model.model has 3,170,627,840 parameters and lm_head 165,478,400 (domain.md 1)", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    CHECK(a.params().total - a.params().lm_head == 3170627840LL);
    CHECK(a.params().lm_head == 165478400LL);
}

TEST_CASE("per-part parameter counts match domain.md 1", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    CHECK(module(a, "vision/sam_model").params == 95569152);
    CHECK(module(a, "vision/vision_model").params == 303177728);
    CHECK(module(a, "vision/projector").params == 2622720);
    CHECK(module(a, "vision/image_newline").params + module(a, "vision/view_seperator").params == 2560);
    CHECK(module(a, "vision/sam_model.blocks.0").params == 7091328);  // window block
    CHECK(module(a, "vision/sam_model.blocks.2").params == 7104128);  // global block
    CHECK(module(a, "vision/vision_model.transformer.layers.7").params == 12596224);
    CHECK(module(a, "prefill/layers.3.mlp").params == 227164160);     // MoE layer MLP
    CHECK(module(a, "prefill/layers.3.mlp.experts").params == 64 * 3440640);
}

TEST_CASE("bf16 weights are 6,341,255,680 + 330,956,800 bytes (domain.md 1)", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    CHECK(a.memory.weights_bytes == 6341255680.0 + 330956800.0);
}

TEST_CASE("2x2 crops give T = 693 image tokens and S = 703 (domain.md 1)", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    CHECK(a.workload.crops_w == 2);
    CHECK(a.workload.crops_h == 2);
    CHECK(a.workload.image_tokens == 693);
    CHECK(a.workload.prefill_tokens == 703);
    CHECK(a.workload.new_tokens == 512);
    CHECK(a.workload.decode_passes() == 511);
}

TEST_CASE("global view only gives T = 273 (domain.md 1)", "[facts]") {
    mm::AnalyzeOptions o;
    o.crops = mm::AnalyzeOptions::Crops::off;
    mm::Analysis a = run(o);
    CHECK(a.workload.image_tokens == 273);
    CHECK(a.workload.prefill_tokens == 283);
    CHECK(a.workload.num_crops() == 0);
}

TEST_CASE("torch convention, 2x2 crops, batch 1: vision + prefill = 3,530,109,741,568 FLOPs (domain.md 3)", "[facts]") {
    mm::Analysis a = run(torch_options());
    CHECK(a.vision().flops + a.prefill().flops == 3530109741568.0);
    // The split, from the derivation in engine_test_support.hpp (domain.md sections 1 and 3).
    const Dims d;
    const double vision = sam_flops(d, 1, 64) + sam_flops(d, 4, 40) + clip_flops(d, 1, 257) + clip_flops(d, 4, 101) +
                          projector_flops(d, 256 + 4 * 100);
    CHECK(a.vision().flops == vision);
    CHECK(a.prefill().flops == prefill_flops(d, 1, 703));
    CHECK(vision == 2692566384640.0);
}

TEST_CASE("torch counts of other configurations follow the same derivation", "[facts]") {
    const Dims d;
    struct Case {
        int64_t w, h, batch;
    } cases[] = {{3, 2, 1}, {1, 2, 2}, {3, 3, 3}, {0, 0, 2}};
    for (const Case& c : cases) {
        mm::AnalyzeOptions o = torch_options();
        o.batch = c.batch;
        if (c.w == 0) {
            o.crops = mm::AnalyzeOptions::Crops::off;
        } else {
            o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
            o.crops_w = c.w;
            o.crops_h = c.h;
        }
        mm::Analysis a = run(o);
        const double B = double(c.batch);
        const int64_t n = c.w * c.h;
        double vision = sam_flops(d, B, 64) + clip_flops(d, B, 257) + projector_flops(d, B * (256 + 100 * double(n)));
        if (n > 0) vision += sam_flops(d, B * double(n), 40) + clip_flops(d, B * double(n), 101);
        const int64_t T = 273 + (n > 0 ? (10 * c.w + 1) * (10 * c.h) : 0);
        INFO("crops " << c.w << "x" << c.h << " batch " << c.batch);
        CHECK(a.workload.image_tokens == T);
        CHECK(a.vision().flops == vision);
        CHECK(a.prefill().flops == prefill_flops(d, B, double(T + 10)));
    }
}

TEST_CASE("torch decode: N-1 passes, step j attends to S+j+1 keys, lm_head on one token (domain.md 2-3)", "[facts]") {
    mm::AnalyzeOptions o = torch_options();
    o.new_tokens = 4;  // 3 decode passes, keys S+1, S+2, S+3
    mm::Analysis a = run(o);
    const Dims d;
    const double h = 1280, S = 703;
    double expected = 0;
    for (int j = 0; j < 3; ++j) {
        const double keys = S + j + 1;
        for (int l = 0; l < 12; ++l) {
            expected += 4 * h * h * 2 + 4 * 10 * 128 * keys + 128;
            expected += l == 0 ? 3 * h * 6848 * 2 : h * 64 * 2 + 6 * 3 * h * 896 * 2 + 3 * h * 1792 * 2;
        }
        expected += h * 129280 * 2;
    }
    CHECK(a.decode().flops == expected);
    (void)d;
}

TEST_CASE("KV cache: 61,440 bytes per token per sequence in bf16 (domain.md 1), S+N-1 tokens", "[facts]") {
    mm::AnalyzeOptions o;
    o.batch = 3;
    mm::Analysis a = run(o);
    CHECK(a.memory.kv_bytes_per_token == 61440.0);
    CHECK(a.memory.kv_bytes == 3.0 * (703 + 511) * 61440.0);
    o.kv_precision = mm::Precision::fp8;
    mm::Analysis fp8 = run(o);
    CHECK(fp8.memory.kv_bytes_per_token == 30720.0);
}

TEST_CASE("weights count all 64 experts of every MoE layer, once (domain.md 4)", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    const double expert_bytes = 11.0 * 64 * 3440640 * 2;
    CHECK(a.memory.weights_bytes > expert_bytes);
    // vision weights are counted once although SAM and CLIP run twice (crops and global view)
    CHECK(a.memory.weights_bytes == double(a.params().total) * 2);
}

TEST_CASE("batch-1 decode reads the top-6 experts, not all 64 (domain.md 3)", "[facts]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    const mm::ModuleRow& experts = module(a, "decode/layers.4.mlp.experts");
    CHECK(experts.calls == Approx(511.0 * 6));
    CHECK(experts.cost.read_weight_bytes == Approx(511.0 * 6 * 3440640 * 2));
}
