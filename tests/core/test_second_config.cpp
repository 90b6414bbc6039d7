// A second model with other sizes goes through the same builder and analysis without code changes:
// a tiny DeepSeek-OCR-shaped config written here, checked against hand-derived counts.
#include "engine_test_support.hpp"

using namespace mmtest;

namespace {

// SAM: 64 wide, 2 blocks (block 1 global), windows of 4, 128 px images -> 8x8 patch grid -> 2x2
// features. CLIP 48 wide, 1 layer. Decoder 32 wide, 2 layers (layer 0 dense, layer 1 MoE with
// 4 experts, top-2, 1 shared expert), vocabulary 100.
constexpr const char* kTinyModel = R"({
  "name": "tiny-ocr", "display_name": "Tiny OCR", "architecture": "deepseek-ocr",
  "source": "hand-written test model",
  "sam": {"image_channels": 3, "patch_size_px": 16, "embed_dim": 64, "depth": 2, "num_heads": 4,
          "mlp_dim": 128, "window_size_tokens": 4, "global_attn_indexes": [1], "pos_embed_grid": 8,
          "qkv_bias": true, "neck_channels": 16, "net_2_channels": 32, "net_3_channels": 48,
          "downsample_kernel": 3, "downsample_stride": 2},
  "clip": {"hidden_size": 48, "num_layers": 1, "num_heads": 4, "ffn_hidden_size": 96, "patch_size_px": 14,
           "image_channels": 3, "num_positions": 5, "patch_embedding_bias": false},
  "projector": {"input_dim": 96, "n_embed": 32},
  "decoder": {"vocab_size": 100, "hidden_size": 32, "num_layers": 2, "num_heads": 4, "num_kv_heads": 4,
              "head_dim": 8, "rope_dim": 8, "intermediate_size": 64, "first_k_dense_replace": 1,
              "n_routed_experts": 4, "num_experts_per_tok": 2, "moe_intermediate_size": 16, "n_shared_experts": 1},
  "prompt": {"text_tokens_incl_bos": 3},
  "cropping": {"min_tiles": 2, "max_tiles": 9, "candidates_in_vendor_order": [[1, 2], [2, 1], [2, 2]]},
  "modes": {"base": {"base_size_px": 128, "crop_mode": false},
            "gundam": {"base_size_px": 128, "tile_size_px": 64, "crop_mode": true}}
})";

constexpr const char* kProfile = R"({"name": "ideal", "description": "d", "calibration": "c",
  "tensor_efficiency": 1, "cuda_core_efficiency": 1, "memory_efficiency": 1, "kernel_gap_us": 0,
  "host_launch_us": 0, "kernel_count": "fused"})";

const mm::Catalog& tiny_catalog() {
    static const mm::Catalog c = [] {
        std::vector<mm::TextFile> files;
        for (const mm::TextFile& f : mm::embedded_assets())
            if (std::string_view(f.path).substr(0, 5) == "gpus/") files.push_back(f);
        files.push_back({"models/tiny-ocr.json", kTinyModel});
        files.push_back({"profiles/ideal.json", kProfile});
        auto r = mm::load_catalog(files);
        if (!r.ok()) FAIL(r.error().message);
        return r.value();
    }();
    return c;
}

Dims tiny_dims() {
    Dims d;
    d.sam_dim = 64, d.sam_heads = 4, d.sam_mlp = 128, d.sam_depth = 2, d.window = 4, d.patch = 16;
    d.global_blocks = {1};
    d.neck = 16, d.net2 = 32, d.net3 = 48;
    d.clip_dim = 48, d.clip_heads = 4, d.clip_ffn = 96, d.clip_layers = 1;
    d.proj_in = 96, d.n_embed = 32;
    d.hidden = 32, d.heads = 4, d.kv_heads = 4, d.head_dim = 8, d.rope = 8, d.layers = 2, d.dense_layers = 1;
    d.inter = 64, d.experts = 4, d.top_k = 2, d.moe_inter = 16, d.shared = 1, d.vocab = 100;
    return d;
}

mm::AnalyzeOptions tiny_options(const char* mode) {
    mm::AnalyzeOptions o;
    o.model = "tiny-ocr";
    o.mode = mode;
    o.image_width_px = 128;
    o.image_height_px = 128;
    o.profile = "ideal";
    o.convention = mm::Convention::torch;
    o.new_tokens = 3;
    return o;
}

}  // namespace

TEST_CASE("second config: parameters counted from its own sizes", "[second-config]") {
    mm::Analysis a = run(tiny_options("base"), tiny_catalog());
    // SAM: patch 64*3*256+64 = 49,216; pos 8*8*64 = 4,096; per block: norms 256, qkv 64*192+192 = 12,480,
    // proj 4,160, MLP 64*128+128 + 128*64+64 = 16,576; rel-pos 2*(2*side-1)*16: window side 4 -> 224,
    // global side 8 -> 480. Blocks 33,696 + 33,952. Neck 1,024 + 32 + 2,304 + 32 = 3,392;
    // net_2 32*16*9 = 4,608; net_3 48*32*9 = 13,824.
    const int64_t sam = 49216 + 4096 + (33472 + 224) + (33472 + 480) + 3392 + 4608 + 13824;
    CHECK(a.params().vision == sam + /*CLIP*/ (48 + 48 * 3 * 14 * 14 + 5 * 48 + 96 +
                                            (192 + 48 * 144 + 144 + 48 * 48 + 48 + 48 * 96 + 96 + 96 * 48 + 48)) +
                                 /*projector*/ (96 * 32 + 32) + /*newline, separator*/ 64);
    // decoder: embedding 3,200; 2 x (attention 4*32*32 + norms 64); dense 3*32*64;
    // MoE gate 4*32, experts 4*3*32*16, shared 3*32*16; final norm 32; lm_head 3,200
    const int64_t dec = 3200 + 2 * (4096 + 64) + 6144 + (128 + 6144 + 1536) + 32 + 3200;
    CHECK(a.params().decoder == dec);
    CHECK(a.params().lm_head == 3200);
}

TEST_CASE("second config: tokens and torch FLOPs follow the derivation", "[second-config]") {
    const Dims d = tiny_dims();
    // base 128: 8x8 patch grid, 2x2 features: T = 2*3 + 1 = 7, S = 10
    mm::Analysis base = run(tiny_options("base"), tiny_catalog());
    CHECK(base.workload.image_tokens == 7);
    CHECK(base.workload.prefill_tokens == 10);
    CHECK(base.vision().flops == sam_flops(d, 1, 8) + clip_flops(d, 1, 5) + projector_flops(d, 4));
    CHECK(base.prefill().flops == prefill_flops(d, 1, 10));
    // gundam: 128x128 over 64 tiles with candidates (1,2), (2,1), (2,2) -> 2x2 crops of 4x4 patches,
    // 1x1 features each: T = 7 + (1*2 + 1) * (1*2) = 13
    mm::Analysis g = run(tiny_options("gundam"), tiny_catalog());
    CHECK(g.workload.crops_w == 2);
    CHECK(g.workload.crops_h == 2);
    CHECK(g.workload.image_tokens == 13);
    CHECK(g.vision().flops == sam_flops(d, 1, 8) + sam_flops(d, 4, 4) + clip_flops(d, 1, 5) + clip_flops(d, 4, 2) +
                                projector_flops(d, 4 + 4));
    // KV per token: 2 layers * 2 * 4 heads * 8 * 2 bytes
    CHECK(g.memory.kv_bytes_per_token == 256);
}

TEST_CASE("second config: the module tree follows its sizes", "[second-config]") {
    mm::Analysis a = run(tiny_options("base"), tiny_catalog());
    CHECK(module(a, "vision/sam_model.blocks.1.attn.rel_pos").calls == 1);
    CHECK(module(a, "prefill/layers.1.mlp.experts").class_name == "ModuleList[DeepseekV2MLP]");
    CHECK(module(a, "prefill/layers.0.mlp.gate_proj").class_name == "Linear");
    bool has_window_copy_in_global_block = false;
    for (const mm::ModuleRow& m : a.modules())
        if (m.name == "sam_model.blocks.1.window_partition") has_window_copy_in_global_block = true;
    CHECK_FALSE(has_window_copy_in_global_block);
}

TEST_CASE("model configs with inconsistent sizes are refused with the JSON path", "[second-config][errors]") {
    std::string bad = kTinyModel;
    bad.replace(bad.find("\"input_dim\": 96"), 15, "\"input_dim\": 97");
    auto r = mm::parse_model_config("models/bad.json", bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "models/bad.json: projector.input_dim must equal clip.hidden_size + sam.net_3_channels (the concatenated features).");
    std::string missing = kTinyModel;
    missing.replace(missing.find("\"depth\": 2, "), 12, "");
    auto m = mm::parse_model_config("models/bad.json", missing);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message == "models/bad.json: sam.depth is missing; it must be a whole number.");
    auto syntax = mm::parse_model_config("models/bad.json", "{\"name\": ");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().message == "models/bad.json is not valid JSON.");
}
