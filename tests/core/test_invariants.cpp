// Properties any correct cost model must have, over several configurations and GPUs.
#include "engine_test_support.hpp"

using namespace mmtest;

TEST_CASE("FLOPs are linear in the batch, in both conventions", "[invariants]") {
    for (const char* conv : {"torch", "executed"}) {
        mm::AnalyzeOptions o;
        o.convention = *mm::parse_convention(conv);
        o.new_tokens = 64;
        mm::Analysis one = run(o);
        o.batch = 3;
        mm::Analysis three = run(o);
        INFO(conv);
        CHECK(three.vision().flops == 3 * one.vision().flops);
        CHECK(three.prefill().flops == 3 * one.prefill().flops);
        CHECK(three.decode().flops == Approx(3 * one.decode().flops).epsilon(1e-12));
        CHECK(three.memory.kv_bytes == 3 * one.memory.kv_bytes);
        // weights do not scale with the batch
        CHECK(three.memory.weights_bytes == one.memory.weights_bytes);
    }
}

TEST_CASE("cost grows with crops and with new tokens", "[invariants]") {
    const int64_t grids[][2] = {{2, 1}, {2, 2}, {3, 2}, {3, 3}, {4, 3}};
    double last_flops = 0, last_time = 0;
    int64_t last_tokens = 273;
    {
        mm::AnalyzeOptions o;
        o.crops = mm::AnalyzeOptions::Crops::off;
        mm::Analysis a = run(o);
        last_flops = a.vision().flops + a.prefill().flops;
        last_time = a.latency().ttft_s;
    }
    for (const auto& g : grids) {
        mm::AnalyzeOptions o;
        o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
        o.crops_w = g[0];
        o.crops_h = g[1];
        mm::Analysis a = run(o);
        INFO(g[0] << "x" << g[1]);
        CHECK(a.workload.image_tokens > last_tokens);
        CHECK(a.vision().flops + a.prefill().flops > last_flops);
        CHECK(a.latency().ttft_s > last_time);
        last_tokens = a.workload.image_tokens;
        last_flops = a.vision().flops + a.prefill().flops;
        last_time = a.latency().ttft_s;
    }
    double last_decode = -1, last_kv = -1, last_page = -1;
    for (int64_t n : {1, 2, 64, 512, 2048}) {
        mm::AnalyzeOptions o;
        o.new_tokens = n;
        mm::Analysis a = run(o);
        INFO("N = " << n);
        CHECK(a.decode().flops > last_decode);
        CHECK(a.memory.kv_bytes > last_kv);
        CHECK(a.latency().page_s > last_page);
        last_decode = a.decode().flops;
        last_kv = a.memory.kv_bytes;
        last_page = a.latency().page_s;
    }
}

TEST_CASE("N = 1: no decode pass, the request ends with the first token", "[invariants]") {
    mm::AnalyzeOptions o;
    o.new_tokens = 1;
    mm::Analysis a = run(o);
    CHECK(a.decode().flops == 0);
    CHECK(a.decode().time_s == 0);
    CHECK(a.latency().page_s == a.latency().ttft_s);
    CHECK(a.memory.kv_bytes == 703.0 * 61440);
}

TEST_CASE("the ideal profile is a lower bound for every module, stage and GPU", "[invariants]") {
    for (const char* gpu : {"rtx5090", "h100-sxm", "a100-80gb", "l40s"}) {
        for (int64_t batch : {1, 8}) {
            mm::AnalyzeOptions o;
            o.gpu = gpu;
            o.batch = batch;
            o.new_tokens = 128;
            o.profile = "ideal";
            mm::Analysis ideal = run(o);
            for (const char* profile : {"realistic", "eager", "serving"}) {
                o.profile = profile;
                mm::Analysis other = run(o);
                INFO(gpu << " batch " << batch << " " << profile);
                CHECK(ideal.vision().time_s <= other.vision().time_s);
                CHECK(ideal.prefill().time_s <= other.prefill().time_s);
                CHECK(ideal.decode().time_s <= other.decode().time_s);
                for (size_t i = 0; i < ideal.modules().size(); ++i)
                    if (ideal.modules()[i].time_s > other.modules()[i].time_s * (1 + 1e-12)) FAIL(ideal.modules()[i].id);
            }
        }
    }
}

TEST_CASE("decode at batch 1 is memory-bound on the RTX 5090 (domain.md 7)", "[invariants][physics]") {
    for (const char* profile : {"ideal", "realistic"}) {
        mm::AnalyzeOptions o;
        o.profile = profile;
        mm::Analysis a = run(o);
        INFO(profile);
        CHECK(a.decode().bound == mm::Bound::memory);
        // ~1 FLOP per byte: far below the 5090's ridge of 209.5 TFLOPS / 1792 GB/s = 117
        CHECK(a.decode().intensity < 2);
    }
    // Under eager PyTorch the launches dominate instead (domain.md 7).
    mm::AnalyzeOptions eager;
    eager.profile = "eager";
    CHECK(run(eager).decode().bound == mm::Bound::overhead);
}

TEST_CASE("SAM global attention is compute-bound on the RTX 5090", "[invariants][physics]") {
    for (const char* profile : {"ideal", "realistic"}) {
        mm::AnalyzeOptions o;
        o.profile = profile;
        mm::Analysis a = run(o);
        for (const char* block : {"2", "5", "8", "11"}) {
            INFO(profile << " block " << block);
            CHECK(module(a, std::string("vision/sam_model.blocks.") + block + ".attn.sdpa").bound == mm::Bound::compute);
        }
        CHECK(a.vision().bound == mm::Bound::compute);
    }
}

TEST_CASE("ideal decode approaches the bandwidth roofline of the active weights (domain.md 7)", "[invariants][physics]") {
    mm::AnalyzeOptions o;
    o.profile = "ideal";
    mm::Analysis a = run(o);
    // ~1.2 GB of active weights per token at 1792 GB/s: ~0.7 ms per token
    CHECK(a.decode().bytes_weights / 511 == Approx(1.2e9).epsilon(0.1));
    CHECK(a.latency().tpot_s == Approx(0.7e-3).epsilon(0.15));
}

TEST_CASE("the eager profile lands near the measured ~10 ms per token on the RTX 5090 (domain.md 7)", "[invariants][physics]") {
    mm::AnalyzeOptions o;
    o.profile = "eager";
    mm::Analysis a = run(o);
    CHECK(a.latency().tpot_s > 8e-3);
    CHECK(a.latency().tpot_s < 12e-3);
    CHECK(a.latency().tokens_per_s > 80);  // measured 90-100 tokens/s
    CHECK(a.latency().tokens_per_s < 120);
}

TEST_CASE("executed FLOPs: flash halves prefill attention, lm_head keeps one position", "[invariants]") {
    mm::AnalyzeOptions o;
    mm::Analysis a = run(o);
    const mm::ModuleRow& core = module(a, "prefill/layers.0.self_attn.attn_core");
    CHECK(core.cost.flops_tensor == Approx(core.cost.flops_torch * 704.0 / (2 * 703)));
    const mm::ModuleRow& lm = module(a, "prefill/lm_head");
    CHECK(lm.cost.flops_tensor == lm.cost.flops_torch / 703);
    o.attention = mm::AttentionImpl::eager;
    mm::Analysis e = run(o);
    CHECK(module(e, "prefill/layers.0.self_attn.attn_core").cost.flops_tensor == core.cost.flops_torch);
    CHECK(e.prefill().bytes > a.prefill().bytes);
    // the torch convention reports no CUDA-core work; executed does
    CHECK(a.vision().flops_cuda > 0);
    CHECK(run(torch_options()).vision().flops_cuda == 0);
}

TEST_CASE("the convention changes the FLOPs reported, never the time", "[invariants]") {
    mm::Analysis exec = run(mm::AnalyzeOptions{});
    mm::Analysis torch = run(torch_options());
    CHECK(exec.latency().page_s == torch.latency().page_s);
    CHECK(exec.memory.total_bytes == torch.memory.total_bytes);
    CHECK(exec.prefill().flops != torch.prefill().flops);
}

TEST_CASE("GPU overrides change the time the way the roofline says", "[invariants]") {
    mm::AnalyzeOptions o;
    o.profile = "ideal";
    mm::Analysis base = run(o);
    o.gpu_overrides.push_back({"memory_bandwidth_GB_per_s", 3584});
    mm::Analysis fast = run(o);
    // every decode op is memory-bound under the ideal profile: twice the bandwidth, half the time
    CHECK(fast.decode().time_s == Approx(base.decode().time_s / 2).epsilon(1e-9));
    CHECK(fast.gpu().bandwidth_bytes_per_s == 3584e9);
}

TEST_CASE("memory: totals, capacity and the largest batch that fits", "[invariants]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    const mm::MemoryUse& m = a.memory;
    CHECK(m.total_bytes == m.weights_bytes + m.kv_bytes + m.peak_activation_bytes);
    CHECK(m.capacity_bytes == 32.0 * 1024 * 1024 * 1024);
    CHECK(m.fits);
    REQUIRE(m.max_batch > 1);
    mm::AnalyzeOptions o;
    o.batch = m.max_batch;
    CHECK(run(o).memory.fits);
    o.batch = m.max_batch + 1;
    CHECK_FALSE(run(o).memory.fits);
}

TEST_CASE("module tree: stage roots, parents before children, totals derived from children", "[invariants]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    int roots = 0;
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const mm::ModuleRow& m = a.modules()[i];
        if (m.parent < 0) {
            ++roots;
            continue;
        }
        REQUIRE(size_t(m.parent) < i);
        CHECK(a.modules()[size_t(m.parent)].depth == m.depth - 1);
        CHECK(a.modules()[size_t(m.parent)].stage == m.stage);
    }
    CHECK(roots == 3);
    double sum = 0;
    for (const mm::ModuleRow& m : a.modules())
        if (m.parent >= 0 && a.modules()[size_t(m.parent)].parent < 0 && m.stage == mm::Stage::vision) sum += m.flops;
    CHECK(sum == a.vision().flops);
    CHECK(module(a, "vision/sam_model.blocks.0.attn").class_name == "Attention");
    CHECK(module(a, "vision/vision_model.transformer.layers.3.mlp").class_name == "NoTPFeedForward");
    CHECK(module(a, "vision/projector.layers").class_name == "Linear");
    CHECK(module(a, "decode/layers.5.mlp.experts").calls == Approx(511.0 * 6));
    CHECK(module(a, "prefill/lm_head").calls == 1);
    CHECK(module(a, "vision/sam_model").calls == 2);  // crops, then the global view
    CHECK(module(a, "vision/vision_model.embeddings.patch_embedding").calls == 0);
}
