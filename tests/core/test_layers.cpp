// One hand-derived case per cost formula of src/core/layers (numbers worked out in the comments).
#include <catch2/catch.hpp>

#include "core/ops/layers.hpp"

using namespace mm;

namespace {
const ElementBytes bf16{2, 2, 2};
}

TEST_CASE("linear: 2*T*in*out FLOPs, weights once, input and output once", "[layers]") {
    // q_proj over the S = 703 prompt: 2 * 703 * 1280 * 1280 = 2,303,590,400
    LayerCost c = linear_cost({703, 1280, 1280, false}, bf16);
    CHECK(c.flops_torch == 2303590400.0);
    CHECK(c.flops_tensor == 2303590400.0);
    CHECK(c.flops_cuda == 0);
    CHECK(c.read_weight_bytes == 1280.0 * 1280 * 2);        // 3,276,800
    CHECK(c.read_activation_bytes == 703.0 * 1280 * 2);     // 1,799,680
    CHECK(c.write_activation_bytes == 703.0 * 1280 * 2);
    CHECK(c.kernels == 1);
    // with a bias: torch ignores the bias add, executed puts T*out on CUDA cores
    LayerCost b = linear_cost({10, 4, 3, true}, bf16);
    CHECK(b.flops_torch == 240.0);
    CHECK(b.flops_cuda == 30.0);
    CHECK(b.read_weight_bytes == (12.0 + 3) * 2);
}

TEST_CASE("conv2d: SAM patch embedding of a 1024 image", "[layers]") {
    // 64 x 64 x 768 outputs, each 3 * 16 * 16 taps: 2 * 3,145,728 * 768 = 4,831,838,208
    Conv2dShape s{1, 3, 768, 1024, 1024, 16, 16, 0, true};
    CHECK(s.out_h() == 64);
    LayerCost c = conv2d_cost(s, bf16);
    CHECK(c.flops_torch == 4831838208.0);
    CHECK(c.flops_cuda == 64.0 * 64 * 768);
    CHECK(c.read_weight_bytes == 590592.0 * 2);  // 590,592 params (domain.md 1)
    CHECK(c.read_activation_bytes == 3.0 * 1024 * 1024 * 2);
    // net_2: 3x3 stride 2 pad 1 halves the grid: 64 -> 32
    Conv2dShape n2{1, 256, 512, 64, 64, 3, 2, 1, false};
    CHECK(n2.out_h() == 32);
    CHECK(conv2d_cost(n2, bf16).flops_torch == 2.0 * 32 * 32 * 512 * 256 * 9);
}

TEST_CASE("norms and activations: no torch FLOPs, CUDA FLOPs per element", "[layers]") {
    LayerCost ln = layer_norm_cost(257, 1024, bf16);
    CHECK(ln.flops_torch == 0);
    CHECK(ln.flops_cuda == kLayerNormFlopsPerElement * 257 * 1024);
    CHECK(ln.read_weight_bytes == 2.0 * 1024 * 2);
    LayerCost rms = rms_norm_cost(703, 1280, bf16);
    CHECK(rms.flops_cuda == 4.0 * 703 * 1280);
    CHECK(rms.eager_kernels == 8);
    LayerCost ln2d = layer_norm2d_cost(1, 256, 64, 64, bf16);
    CHECK(ln2d.flops_cuda == kLayerNormFlopsPerElement * 256 * 64 * 64);
    CHECK(gelu_cost(100, bf16).flops_cuda == 800);
    CHECK(quick_gelu_cost(100, bf16).flops_cuda == 500);
    LayerCost sg = silu_gate_cost(100, bf16);
    CHECK(sg.flops_cuda == 500);
    CHECK(sg.read_activation_bytes == 400);  // gate and up
    CHECK(sg.write_activation_bytes == 200);
    LayerCost add = residual_add_cost(100, 2, bf16);
    CHECK(add.flops_cuda == 200);
    CHECK(add.bytes() == 2 * (200.0 + 200 + 200));
}

TEST_CASE("SAM window attention pads 64 to 70: 25 windows of 196 tokens (domain.md 1)", "[layers]") {
    SamAttentionShape w{1, 64, 768, 12, 64, 14, false, 14};
    CHECK(w.padded_grid() == 70);
    CHECK(w.windows_per_image() == 25);
    CHECK(w.attention_tokens() == 25 * 196);
    SamAttentionShape w40{4, 40, 768, 12, 64, 14, false, 14};
    CHECK(w40.padded_grid() == 42);
    CHECK(w40.windows_per_image() == 9);
    // rel-pos: 4 * Bw*H * side^3 * d = 4 * 25 * 12 * 14^3 * 64 = 210,739,200
    CHECK(sam_rel_pos_cost(w, bf16).flops_torch == 210739200.0);
    // core: 4 * Bw*H * tp^2 * d = 4 * 25 * 12 * 196^2 * 64 = 2,950,348,800
    CHECK(sam_attention_core_cost(w, bf16).flops_torch == 2950348800.0);
    // the materialised bias, Bw*H*tp^2 bf16 elements, is read by SDPA
    CHECK(sam_attention_core_cost(w, bf16).read_activation_bytes == (3.0 * 4900 * 768 + 25.0 * 12 * 196 * 196) * 2);
}

TEST_CASE("SAM global attention over the 64x64 grid", "[layers]") {
    SamAttentionShape g{1, 64, 768, 12, 64, 14, true, 64};
    CHECK(g.padded_grid() == 64);
    CHECK(g.attention_tokens() == 4096);
    CHECK(sam_rel_pos_cost(g, bf16).flops_torch == 4.0 * 12 * 64 * 64 * 64 * 64);         // 805,306,368
    CHECK(sam_attention_core_cost(g, bf16).flops_torch == 4.0 * 12 * 4096 * 4096 * 64);  // 51,539,607,552
    CHECK(sam_rel_pos_cost(g, bf16).read_weight_bytes == 2.0 * 127 * 64 * 2);           // rel_pos_h + rel_pos_w
    CHECK(sam_window_copy_cost(g, bf16).bytes() == 0);                                   // no partition
}

TEST_CASE("CLIP attention over 257 tokens: 4 * H * S^2 * d", "[layers]") {
    LayerCost c = clip_attention_core_cost(1, 257, 16, 64, bf16);
    CHECK(c.flops_torch == 4.0 * 16 * 257 * 257 * 64);  // 270,532,608
    CHECK(c.flops_cuda == 5.0 * 16 * 257 * 257);
}

TEST_CASE("decoder attention: torch full square, flash causal triangle, decode over the cache", "[layers]") {
    // prefill S = 703: torch 4*10*128*703^2 = 2,530,350,080; flash 4*10*128 * 703*704/2 = 1,266,974,720
    DecoderAttentionShape p{1, 703, 703, 1214, 10, 10, 128, true, false};
    LayerCost flash = decoder_attention_cost(p, bf16);
    CHECK(flash.flops_torch == 2530350080.0);
    CHECK(flash.flops_tensor == 1266974720.0);
    CHECK(flash.write_kv_bytes == 2.0 * 703 * 10 * 128 * 2);
    CHECK(flash.read_kv_bytes == 0);
    CHECK(flash.resident_kv_bytes == 2.0 * 1214 * 10 * 128 * 2);
    p.flash = false;
    LayerCost eager = decoder_attention_cost(p, bf16);
    CHECK(eager.flops_tensor == 2530350080.0);
    CHECK(eager.bytes() > flash.bytes());  // the score matrix goes through DRAM
    // decode step 0: one query against S+1 = 704 keys read from the cache
    DecoderAttentionShape d{1, 1, 704, 1214, 10, 10, 128, true, true};
    LayerCost step = decoder_attention_cost(d, bf16);
    CHECK(step.flops_torch == 4.0 * 10 * 128 * 704);
    CHECK(step.flops_tensor == step.flops_torch);
    CHECK(step.read_kv_bytes == 2.0 * 704 * 10 * 128 * 2);  // 3,604,480
    CHECK(step.write_kv_bytes == 2.0 * 10 * 128 * 2);       // one token: 5,120
}

TEST_CASE("rotary: 128 torch FLOPs per token per layer (domain.md 3)", "[layers]") {
    CHECK(rotary_cost(703, 10, 10, 128, 128, bf16).flops_torch == 128.0 * 703);
    CHECK(rotary_cost(1, 10, 10, 128, 128, bf16).flops_cuda == 128.0 + 3.0 * 20 * 128);
}

TEST_CASE("MoE: routing-independent torch count, touched experts E(1-(1-k/E)^T)", "[layers]") {
    CHECK(expected_experts_touched(64, 6, 1) == Approx(6.0));
    CHECK(expected_experts_touched(64, 6, 703) == Approx(64.0).epsilon(1e-9));
    CHECK(expected_experts_touched(64, 6, 2) == Approx(64.0 * (1 - (58.0 / 64) * (58.0 / 64))));
    LayerCost gate = moe_gate_cost(703, 1280, 64, 6, bf16);
    CHECK(gate.flops_torch == 2.0 * 703 * 1280 * 64);
    LayerCost ex = moe_routed_experts_cost(703, 1280, 896, 64, 6, bf16);
    CHECK(ex.flops_torch == 703.0 * 6 * 3 * 1280 * 896 * 2);
    LayerCost one = moe_routed_experts_cost(1, 1280, 896, 64, 6, bf16);
    CHECK(one.read_weight_bytes == Approx(6.0 * 3440640 * 2));  // 6 experts of 3,440,640 params
    CHECK(one.resident_weight_bytes == 64.0 * 3440640 * 2);     // all experts stay resident
    CHECK(swiglu_mlp_cost(703, 1280, 6848, bf16).flops_torch == 3.0 * 703 * 1280 * 6848 * 2);
}

TEST_CASE("embedding, lm_head and the token layout", "[layers]") {
    LayerCost e = embedding_cost(703, 129280, 1280, 693, bf16);
    CHECK(e.flops_torch == 0);
    CHECK(e.read_weight_bytes == 703.0 * 1280 * 2);  // only the rows looked up
    CHECK(e.resident_weight_bytes == 165478400.0 * 2);
    LayerCost lm = lm_head_cost(703, 1, 1280, 129280, bf16);
    CHECK(lm.flops_torch == 2.0 * 703 * 1280 * 129280);
    CHECK(lm.flops_tensor == 2.0 * 1280 * 129280);
    CHECK(lm.read_weight_bytes == 330956800.0);  // lm_head bf16 bytes (domain.md 1)
    CHECK(projector_concat_cost(256, 1024, 1024, bf16).bytes() == 2.0 * 256 * 2048 * 2);
    // global 16x16 view: 256 features read, 256 + 16 newline tokens written
    LayerCost nl = image_newline_cost(1, 16, 1280, false, bf16);
    CHECK(nl.read_activation_bytes == 256.0 * 1280 * 2);
    CHECK(nl.write_activation_bytes == 272.0 * 1280 * 2);
    CHECK(view_separator_cost(1, 693, 1280, bf16).write_activation_bytes == 693.0 * 1280 * 2);
}

TEST_CASE("OCR 2 encoder: masked SDPA over L = 2n, the full square, with the mask and repeat_kv (domain.md 8)", "[layers]") {
    // global view: n = 256, L = 512, 14 heads of 64, 2 KV heads
    LayerCost c = encoder_attention_core_cost(1, 512, 14, 2, 64, bf16);
    CHECK(c.flops_torch == 4.0 * 14 * 512 * 512 * 64);  // 939,524,096
    CHECK(c.flops_tensor == c.flops_torch);              // no causal skipping: SDPA with a mask
    CHECK(c.flops_cuda == 6.0 * 14 * 512 * 512);         // mask add + softmax
    LayerCost core = clip_attention_core_cost(1, 512, 14, 64, bf16);
    // the mask (L^2) and k, v at 2 heads are read; k, v at 14 heads are written
    CHECK(c.read_activation_bytes == core.read_activation_bytes + (512.0 * 512 + 2.0 * 512 * 2 * 64) * 2);
    CHECK(c.write_activation_bytes == core.write_activation_bytes + 2.0 * 512 * 14 * 64 * 2);
    // the mask: L^2 per image; eager launches per image 2 + L (full, image block, two per query), one stack
    LayerCost m = encoder_mask_cost(4, 288, bf16);
    CHECK(m.write_activation_bytes == 2.0 * 4 * 288 * 288 * 2);
    CHECK(m.eager_kernels == 4.0 * (2 + 288) + 1);
    // queries: the 144 x 896 table read once, 4 x 288 x 896 written
    LayerCost q = encoder_queries_cost(4, 144, 896, bf16);
    CHECK(q.read_weight_bytes == 144.0 * 896 * 2);
    CHECK(q.write_activation_bytes == 4.0 * 288 * 896 * 2);
    CHECK(q.flops_torch == 0);
}

TEST_CASE("rotary split as Qwen2Model does it: tables once per forward, applied in every layer", "[layers]") {
    CHECK(rotary_tables_cost(512, 64, bf16).flops_torch == 64.0 * 512);  // inv_freq x positions
    CHECK(rotary_apply_cost(512, 14, 2, 64, 64, bf16).flops_torch == 0);
    CHECK(rotary_apply_cost(512, 14, 2, 64, 64, bf16).flops_cuda == 3.0 * 512 * 16 * 64);
    // together they are DeepseekV2's per-layer rotary work
    CHECK(rotary_tables_cost(512, 64, bf16).flops_cuda + rotary_apply_cost(512, 14, 2, 64, 64, bf16).flops_cuda ==
          rotary_cost(512, 14, 2, 64, 64, bf16).flops_cuda);
}
