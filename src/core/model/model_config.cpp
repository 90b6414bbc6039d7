#include "core/model/model_config.hpp"

#include <algorithm>

#include "core/base/json_read.hpp"

namespace mm {

bool SamConfig::is_global(int64_t block) const {
    return std::find(global_attn_indexes.begin(), global_attn_indexes.end(), block) != global_attn_indexes.end();
}

const QueryTable* Qwen2EncoderConfig::find_queries(int64_t view_size_px) const {
    for (const QueryTable& q : queries)
        if (q.view_size_px == view_size_px) return &q;
    return nullptr;
}

const ResolutionMode* ModelConfig::find_mode(std::string_view mode) const {
    for (const ResolutionMode& m : modes)
        if (m.name == mode) return &m;
    return nullptr;
}

namespace {

void check_divisible(JsonReader& r, const char* where, int64_t a, int64_t b, const char* what) {
    if (r.ok() && (b <= 0 || a % b != 0)) r.fail(where, what);
}

}  // namespace

Result<ModelConfig> parse_model_config(std::string_view path, std::string_view json_text) {
    auto parsed = parse_json_text(path, json_text);
    if (!parsed.ok()) return parsed.error();
    const nlohmann::json& j = parsed.value();
    JsonReader r(path);
    ModelConfig m;
    m.name = r.text(j, "", "name");
    m.display_name = r.text(j, "", "display_name");
    m.model_id = r.text(j, "", "model_id", false);
    m.hf_revision = r.text(j, "", "hf_revision", false);
    m.source = r.text(j, "", "source");
    std::string arch = r.text(j, "", "architecture");
    if (r.ok() && arch != "deepseek-ocr" && arch != "deepseek-ocr-2")
        r.fail("architecture", "must be \"deepseek-ocr\" (SAM + CLIP) or \"deepseek-ocr-2\" (SAM + Qwen2 encoder).");
    m.encoder = arch == "deepseek-ocr-2" ? VisionEncoder::qwen2 : VisionEncoder::clip;

    const nlohmann::json& s = r.object(j, "", "sam");
    SamConfig& sam = m.sam;
    sam.image_channels = r.integer(s, "sam", "image_channels", true, 3, 1);
    sam.patch_size_px = r.integer(s, "sam", "patch_size_px", true, 16, 1);
    sam.embed_dim = r.integer(s, "sam", "embed_dim", true, 768, 1);
    sam.depth = r.integer(s, "sam", "depth", true, 12, 1);
    sam.num_heads = r.integer(s, "sam", "num_heads", true, 12, 1);
    sam.mlp_dim = r.integer(s, "sam", "mlp_dim", true, 3072, 1);
    sam.window_size = r.integer(s, "sam", "window_size_tokens", true, 14, 1);
    sam.pos_embed_grid = r.integer(s, "sam", "pos_embed_grid", true, 64, 1);
    sam.qkv_bias = r.boolean(s, "sam", "qkv_bias");
    sam.neck_channels = r.integer(s, "sam", "neck_channels", true, 256, 1);
    sam.net_2_channels = r.integer(s, "sam", "net_2_channels", true, 512, 1);
    sam.net_3_channels = r.integer(s, "sam", "net_3_channels", true, 1024, 1);
    sam.downsample_kernel = r.integer(s, "sam", "downsample_kernel", true, 3, 1);
    sam.downsample_stride = r.integer(s, "sam", "downsample_stride", true, 2, 1);
    if (auto it = s.find("global_attn_indexes"); r.ok() && (it == s.end() || !it->is_array())) {
        r.fail("sam.global_attn_indexes", "must be a list of block indexes.");
    } else if (r.ok()) {
        for (const auto& v : *it) {
            if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() >= sam.depth) {
                r.fail("sam.global_attn_indexes", "must hold block indexes from 0 to depth - 1.");
                break;
            }
            sam.global_attn_indexes.push_back(v.get<int64_t>());
        }
    }
    check_divisible(r, "sam.num_heads", sam.embed_dim, sam.num_heads, "must divide sam.embed_dim.");

    if (m.encoder == VisionEncoder::clip) {
        const nlohmann::json& c = r.object(j, "", "clip");
        ClipConfig& clip = m.clip;
        clip.hidden_size = r.integer(c, "clip", "hidden_size", true, 1024, 1);
        clip.num_layers = r.integer(c, "clip", "num_layers", true, 24, 1);
        clip.num_heads = r.integer(c, "clip", "num_heads", true, 16, 1);
        clip.ffn_hidden_size = r.integer(c, "clip", "ffn_hidden_size", true, 4096, 1);
        clip.patch_size_px = r.integer(c, "clip", "patch_size_px", true, 14, 1);
        clip.image_channels = r.integer(c, "clip", "image_channels", true, 3, 1);
        clip.num_positions = r.integer(c, "clip", "num_positions", true, 257, 2);
        clip.patch_embedding_bias = r.boolean(c, "clip", "patch_embedding_bias");
        check_divisible(r, "clip.num_heads", clip.hidden_size, clip.num_heads, "must divide clip.hidden_size.");
        if (r.ok() && clip.hidden_size != sam.net_3_channels)
            r.fail("clip.hidden_size", "must equal sam.net_3_channels: CLIP takes SAM's output as its patch embeddings.");
    } else {
        const nlohmann::json& q = r.object(j, "", "qwen2_encoder");
        Qwen2EncoderConfig& qe = m.qwen2;
        qe.hidden_size = r.integer(q, "qwen2_encoder", "hidden_size", true, 896, 1);
        qe.num_layers = r.integer(q, "qwen2_encoder", "num_layers", true, 24, 1);
        qe.num_heads = r.integer(q, "qwen2_encoder", "num_heads", true, 14, 1);
        qe.num_kv_heads = r.integer(q, "qwen2_encoder", "num_kv_heads", true, 2, 1);
        qe.head_dim = r.integer(q, "qwen2_encoder", "head_dim", true, 64, 1);
        qe.intermediate_size = r.integer(q, "qwen2_encoder", "intermediate_size", true, 4864, 1);
        qe.rope_dim = r.integer(q, "qwen2_encoder", "rope_dim", true, 64, 2);
        check_divisible(r, "qwen2_encoder.num_kv_heads", qe.num_heads, qe.num_kv_heads, "must divide qwen2_encoder.num_heads.");
        if (r.ok() && qe.rope_dim > qe.head_dim) r.fail("qwen2_encoder.rope_dim", "must not exceed qwen2_encoder.head_dim.");
        if (r.ok() && qe.hidden_size != sam.net_3_channels)
            r.fail("qwen2_encoder.hidden_size", "must equal sam.net_3_channels: the encoder takes SAM's output as its tokens.");
        const nlohmann::json& tables = r.object(q, "qwen2_encoder", "queries");
        for (auto it = tables.begin(); r.ok() && it != tables.end(); ++it) {
            const std::string where = "qwen2_encoder.queries." + it.key();
            if (!it->is_object()) {
                r.fail(where, "must be an object.");
                break;
            }
            QueryTable t;
            t.name = it.key();
            t.view_size_px = r.integer(*it, where, "view_size_px", true, 1024, 1);
            t.tokens = r.integer(*it, where, "tokens", true, 256, 1);
            qe.queries.push_back(t);
        }
        if (r.ok() && qe.queries.empty()) r.fail("qwen2_encoder.queries", "must define a query table per view size.");
    }

    const nlohmann::json& p = r.object(j, "", "projector");
    m.projector.input_dim = r.integer(p, "projector", "input_dim", true, 2048, 1);
    m.projector.n_embed = r.integer(p, "projector", "n_embed", true, 1280, 1);
    if (r.ok() && m.encoder == VisionEncoder::clip && m.projector.input_dim != m.clip.hidden_size + sam.net_3_channels)
        r.fail("projector.input_dim", "must equal clip.hidden_size + sam.net_3_channels (the concatenated features).");
    if (r.ok() && m.encoder == VisionEncoder::qwen2 && m.projector.input_dim != m.qwen2.hidden_size)
        r.fail("projector.input_dim", "must equal qwen2_encoder.hidden_size (the query outputs).");
    if (auto it = j.find("token_layout"); r.ok() && it != j.end()) {
        const nlohmann::json& tl = r.object(j, "", "token_layout");
        m.image_newline = r.boolean(tl, "token_layout", "image_newline");
    }

    const nlohmann::json& d = r.object(j, "", "decoder");
    DecoderConfig& dec = m.decoder;
    dec.vocab_size = r.integer(d, "decoder", "vocab_size", true, 129280, 1);
    dec.hidden_size = r.integer(d, "decoder", "hidden_size", true, 1280, 1);
    dec.num_layers = r.integer(d, "decoder", "num_layers", true, 12, 1);
    dec.num_heads = r.integer(d, "decoder", "num_heads", true, 10, 1);
    dec.num_kv_heads = r.integer(d, "decoder", "num_kv_heads", true, 10, 1);
    dec.head_dim = r.integer(d, "decoder", "head_dim", true, 128, 1);
    dec.rope_dim = r.integer(d, "decoder", "rope_dim", true, 128, 2);
    dec.intermediate_size = r.integer(d, "decoder", "intermediate_size", true, 6848, 1);
    dec.first_k_dense_replace = r.integer(d, "decoder", "first_k_dense_replace", true, 1, 0);
    dec.n_routed_experts = r.integer(d, "decoder", "n_routed_experts", true, 64, 1);
    dec.num_experts_per_tok = r.integer(d, "decoder", "num_experts_per_tok", true, 6, 1);
    dec.moe_intermediate_size = r.integer(d, "decoder", "moe_intermediate_size", true, 896, 1);
    dec.n_shared_experts = r.integer(d, "decoder", "n_shared_experts", true, 2, 0);
    if (r.ok() && dec.num_experts_per_tok > dec.n_routed_experts)
        r.fail("decoder.num_experts_per_tok", "must not exceed decoder.n_routed_experts.");
    check_divisible(r, "decoder.num_kv_heads", dec.num_heads, dec.num_kv_heads, "must divide decoder.num_heads.");
    if (r.ok() && dec.rope_dim > dec.head_dim) r.fail("decoder.rope_dim", "must not exceed decoder.head_dim.");
    if (r.ok() && m.projector.n_embed != dec.hidden_size)
        r.fail("projector.n_embed", "must equal decoder.hidden_size (image tokens enter the decoder).");

    const nlohmann::json& pr = r.object(j, "", "prompt");
    m.prompt_text_tokens = r.integer(pr, "prompt", "text_tokens_incl_bos", true, 10, 0);

    const nlohmann::json& cr = r.object(j, "", "cropping");
    m.crop_min_tiles = r.integer(cr, "cropping", "min_tiles", true, 2, 1);
    m.crop_max_tiles = r.integer(cr, "cropping", "max_tiles", true, 9, 1);
    if (auto it = cr.find("candidates_in_vendor_order"); r.ok() && (it == cr.end() || !it->is_array())) {
        r.fail("cropping.candidates_in_vendor_order", "must be a list of [w, h] tile grids.");
    } else if (r.ok()) {
        for (const auto& v : *it) {
            if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_number_integer() ||
                v[0].get<int64_t>() < 1 || v[1].get<int64_t>() < 1) {
                r.fail("cropping.candidates_in_vendor_order", "must hold pairs [w, h] of positive whole numbers.");
                break;
            }
            m.crop_candidates.emplace_back(v[0].get<int64_t>(), v[1].get<int64_t>());
        }
        if (r.ok() && m.crop_candidates.empty())
            r.fail("cropping.candidates_in_vendor_order", "must not be empty.");
    }

    const nlohmann::json& modes = r.object(j, "", "modes");
    for (auto it = modes.begin(); r.ok() && it != modes.end(); ++it) {
        std::string where = "modes." + it.key();
        if (!it->is_object()) {
            r.fail(where, "must be an object.");
            break;
        }
        ResolutionMode mode;
        mode.name = it.key();
        mode.base_size_px = r.integer(*it, where, "base_size_px", true, 1024, 1);
        mode.crop_mode = r.boolean(*it, where, "crop_mode");
        mode.tile_size_px = r.integer(*it, where, "tile_size_px", mode.crop_mode, mode.base_size_px, 1);
        // Both views must cut into whole patches and survive the two stride-2 downsamplings.
        int64_t step = sam.patch_size_px * sam.downsample_stride * sam.downsample_stride;
        check_divisible(r, (where + ".base_size_px").c_str(), mode.base_size_px, step,
                        "must be a multiple of patch size x downsampling.");
        check_divisible(r, (where + ".tile_size_px").c_str(), mode.tile_size_px, step,
                        "must be a multiple of patch size x downsampling.");
        m.modes.push_back(mode);
    }
    if (r.ok() && m.modes.empty()) r.fail("modes", "must define at least one resolution mode.");
    // Each view of an OCR 2 mode needs its learned queries: as many as the view has features.
    for (const ResolutionMode& mode : m.modes) {
        if (!r.ok() || m.encoder != VisionEncoder::qwen2) break;
        const int64_t down = sam.patch_size_px * sam.downsample_stride * sam.downsample_stride;
        for (const int64_t side : {mode.base_size_px, mode.crop_mode ? mode.tile_size_px : mode.base_size_px}) {
            const QueryTable* t = m.qwen2.find_queries(side);
            if (!t || t->tokens != (side / down) * (side / down)) {
                r.fail("modes." + mode.name, "needs a qwen2_encoder query table of (side / 64)^2 tokens for each view side.");
                break;
            }
        }
    }
    if (auto it = j.find("default_mode"); r.ok() && it != j.end()) {
        m.default_mode = r.text(j, "", "default_mode");
        if (r.ok() && !m.find_mode(m.default_mode)) r.fail("default_mode", "must name one of the modes.");
    } else if (r.ok()) {
        m.default_mode = m.modes.front().name;
    }
    if (!r.ok()) return r.error();
    return m;
}

}  // namespace mm
