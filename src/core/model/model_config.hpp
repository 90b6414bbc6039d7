#pragma once
// The architecture of a DeepSeek-OCR-shaped model (assets/models/*.json): SAM ViT encoder, a second
// vision encoder fed by SAM's features (DeepSeek-OCR: CLIP ViT; DeepSeek-OCR 2: a Qwen2-shaped
// transformer over image tokens plus learned queries), a linear projector and a DeepseekV2 decoder
// with dense and MoE layers. Every size comes from the file; a model with other sizes needs no code
// change.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.hpp"

namespace mm {

struct SamConfig {
    int64_t image_channels = 3;
    int64_t patch_size_px = 16;
    int64_t embed_dim = 768;
    int64_t depth = 12;
    int64_t num_heads = 12;
    int64_t mlp_dim = 3072;
    int64_t window_size = 14;            // tokens per window side
    std::vector<int64_t> global_attn_indexes;  // blocks with global attention
    int64_t pos_embed_grid = 64;          // side of the absolute position table
    bool qkv_bias = true;
    int64_t neck_channels = 256;
    int64_t net_2_channels = 512;
    int64_t net_3_channels = 1024;
    int64_t downsample_kernel = 3;        // net_2 / net_3 kernel side
    int64_t downsample_stride = 2;        // net_2 / net_3 stride (each)
    bool is_global(int64_t block) const;
    int64_t head_dim() const { return embed_dim / num_heads; }
};

struct ClipConfig {
    int64_t hidden_size = 1024;
    int64_t num_layers = 24;
    int64_t num_heads = 16;
    int64_t ffn_hidden_size = 4096;
    int64_t patch_size_px = 14;           // its own (unused for OCR) patch Conv2d
    int64_t image_channels = 3;
    int64_t num_positions = 257;          // rows of the position Embedding
    bool patch_embedding_bias = false;
    int64_t head_dim() const { return hidden_size / num_heads; }
};

// DeepSeek-OCR 2's encoder (Qwen2Decoder2Encoder): transformers' Qwen2Model without its token
// embedding, run over L = 2n tokens per view (n SAM features, then n learned queries); image tokens
// attend to each other, query i to every image token and to queries 0..i; only the query outputs are
// kept. One query table per view size (query_1024, query_768).
struct QueryTable {
    std::string name;          // vendor attribute, "query_1024"
    int64_t view_size_px = 0;  // the view side whose features it pairs with
    int64_t tokens = 0;        // rows: the view's feature count
};

struct Qwen2EncoderConfig {
    int64_t hidden_size = 896;
    int64_t num_layers = 24;
    int64_t num_heads = 14;
    int64_t num_kv_heads = 2;
    int64_t head_dim = 64;
    int64_t intermediate_size = 4864;
    int64_t rope_dim = 64;                // dims rotated; rope_dim/2 inverse frequencies
    std::vector<QueryTable> queries;
    const QueryTable* find_queries(int64_t view_size_px) const;
};

enum class VisionEncoder { clip, qwen2 };

struct ProjectorConfig {
    int64_t input_dim = 2048;             // CLIP hidden + SAM output channels
    int64_t n_embed = 1280;
};

struct DecoderConfig {
    int64_t vocab_size = 129280;
    int64_t hidden_size = 1280;
    int64_t num_layers = 12;
    int64_t num_heads = 10;
    int64_t num_kv_heads = 10;
    int64_t head_dim = 128;
    int64_t rope_dim = 128;               // dims rotated; rope_dim/2 inverse frequencies
    int64_t intermediate_size = 6848;     // dense layers
    int64_t first_k_dense_replace = 1;    // layers [0, k) are dense
    int64_t n_routed_experts = 64;
    int64_t num_experts_per_tok = 6;
    int64_t moe_intermediate_size = 896;
    int64_t n_shared_experts = 2;         // run as one SwiGLU of n_shared * moe_intermediate
    bool is_moe(int64_t layer) const { return layer >= first_k_dense_replace; }
};

// A resolution mode of the vendor preprocessing (paper Table 1): the global view's side and, in
// crop mode, the tile side.
struct ResolutionMode {
    std::string name;        // "tiny", ..., "gundam"
    int64_t base_size_px = 1024;
    int64_t tile_size_px = 640;
    bool crop_mode = false;
};

struct ModelConfig {
    std::string name;          // preset key, "deepseek-ocr"
    std::string display_name;
    std::string model_id;      // "deepseek-ai/DeepSeek-OCR"
    // A plain network (read from a TorchInfo summary by ingest/torchinfo_tree): one forward pass over
    // the batch; the vision/decoder sections and the modes below do not apply.
    bool plain = false;
    std::string hf_revision;
    std::string source;
    VisionEncoder encoder = VisionEncoder::clip;  // architecture "deepseek-ocr" / "deepseek-ocr-2"
    SamConfig sam;
    ClipConfig clip;                 // encoder clip only
    Qwen2EncoderConfig qwen2;        // encoder qwen2 only
    ProjectorConfig projector;
    bool image_newline = true;       // a learned newline after every feature row (DeepSeek-OCR; not OCR 2)
    DecoderConfig decoder;
    int64_t prompt_text_tokens = 10;  // BOS + the instruction's tokens around the image
    int64_t crop_min_tiles = 2;
    int64_t crop_max_tiles = 9;
    // Tile grids (w, h) in the order the vendor's find_closest_aspect_ratio visits them; order
    // matters for the tie rule, so it is data copied from the vendor's sorted candidate list.
    std::vector<std::pair<int64_t, int64_t>> crop_candidates;
    std::vector<ResolutionMode> modes;
    std::string default_mode;  // the mode a run of this model gets when none is asked for


    const ResolutionMode* find_mode(std::string_view mode) const;
};

Result<ModelConfig> parse_model_config(std::string_view path, std::string_view json_text);

}  // namespace mm
