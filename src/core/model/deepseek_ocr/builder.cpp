#include "core/model/deepseek_ocr/builder.hpp"

#include <algorithm>
#include <string>

#include "core/base/format.hpp"

namespace mm {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string num(int64_t v) { return format_int(v); }
std::string boolean(bool v) { return v ? "True" : "False"; }

class Builder {
public:
    explicit Builder(const ModelConfig& m) : m_(m), tree_(std::make_shared<ModuleTree>()) {}

    std::shared_ptr<const ModuleTree> build() {
        build_vision();
        build_decoder(Stage::prefill);
        build_decoder(Stage::decode);
        finish();
        return tree_;
    }

private:
    int add(int parent, std::string name, std::string cls, Component comp, Op op = {}, int64_t params_own = 0,
            Params ctor = {}, bool is_function = false) {
        ModuleNode n;
        n.stage = stage_;
        n.id = name.empty() ? std::string(stage_name(stage_)) : std::string(stage_name(stage_)) + "/" + name;
        n.name = std::move(name);
        n.class_name = std::move(cls);
        n.component = comp;
        n.parent = parent;
        n.depth = parent < 0 ? 0 : tree_->nodes[size_t(parent)].depth + 1;
        n.op = op;
        n.params_own = params_own;
        n.constructor_params = std::move(ctor);
        n.is_function = is_function;
        n.decoder_layer = layer_;
        n.sam_block = block_;
        int index = int(tree_->nodes.size());
        if (parent >= 0) tree_->nodes[size_t(parent)].children.push_back(index);
        tree_->nodes.push_back(std::move(n));
        return index;
    }

    void repeat(int node, Repetition r, int64_t count) {
        tree_->nodes[size_t(node)].repetition = r;
        tree_->nodes[size_t(node)].repetition_count = count;
    }

    static Params linear_params(int64_t in, int64_t out, bool bias) {
        return {{"in_features", num(in)}, {"out_features", num(out)}, {"bias", boolean(bias)}};
    }
    static int64_t linear_count(int64_t in, int64_t out, bool bias) { return in * out + (bias ? out : 0); }

    // window: the SAM window side for Rows::sam_windows.
    int add_linear(int parent, const std::string& name, int64_t in, int64_t out, bool bias, Rows rows, Component comp,
                   int64_t window = 0) {
        return add(parent, name, "Linear", comp, op::Linear{in, out, bias, rows, window, 0}, linear_count(in, out, bias),
                   linear_params(in, out, bias));
    }

    int add_conv(int parent, const std::string& name, int64_t in, int64_t out, int64_t k, int64_t stride,
                 int64_t pad, bool bias, int64_t grid_divisor) {
        const op::Conv2d conv{in, out, k, stride, pad, bias, grid_divisor, 0, 0};
        return add(parent, name, "Conv2d", Component::sam, conv, out * in * k * k + (bias ? out : 0),
                   {{"in_channels", num(in)}, {"out_channels", num(out)}, {"kernel_size", num(k)},
                    {"stride", num(stride)}, {"padding", num(pad)}, {"bias", boolean(bias)}});
    }

    void build_vision() {
        stage_ = Stage::vision;
        const SamConfig& s = m_.sam;
        const int64_t C = s.embed_dim;
        int root = add(-1, "", root_class(), Component::root);
        tree_->nodes[size_t(root)].class_name = qwen2()
                                                    ? root_class() + " (vision: SAM, Qwen2 encoder, projector per view)"
                                                    : root_class() + " (vision: SAM, CLIP, projector per view)";

        int sam = add(root, "sam_model", "ImageEncoderViT", Component::sam, {}, s.pos_embed_grid * s.pos_embed_grid * C,
                      {{"img_size", num(s.pos_embed_grid * s.patch_size_px)},
                       {"patch_size", num(s.patch_size_px)},
                       {"embed_dim", num(C)},
                       {"depth", num(s.depth)},
                       {"num_heads", num(s.num_heads)},
                       {"mlp_ratio", format_number(double(s.mlp_dim) / double(C))},
                       {"window_size", num(s.window_size)},
                       {"out_chans", num(s.neck_channels)}});
        int pe = add(sam, "sam_model.patch_embed", "PatchEmbed", Component::sam, {}, 0,
                     {{"kernel_size", num(s.patch_size_px)}, {"stride", num(s.patch_size_px)},
                      {"in_chans", num(s.image_channels)}, {"embed_dim", num(C)}});
        add_conv(pe, "sam_model.patch_embed.proj", s.image_channels, C, s.patch_size_px, s.patch_size_px, 0, true, 0);
        add(sam, "sam_model.pos_embed", "F.add (absolute pos_embed)", Component::sam,
            op::SamPosEmbed{C, s.pos_embed_grid}, 0, {{"table", num(s.pos_embed_grid) + "x" + num(s.pos_embed_grid) + "x" + num(C)}},
            true);
        int blocks = add(sam, "sam_model.blocks", "ModuleList", Component::sam);
        repeat(blocks, Repetition::for_loop, s.depth);
        for (int64_t i = 0; i < s.depth; ++i) {
            block_ = i;
            const bool global = s.is_global(i);
            const std::string p = "sam_model.blocks." + num(i);
            const int64_t table_side = global ? s.pos_embed_grid : s.window_size;
            int blk = add(blocks, p, "Block", Component::sam, op::ResidualAdd{C, 2, Rows::sam_grid}, 0,
                          {{"dim", num(C)}, {"num_heads", num(s.num_heads)}, {"mlp_ratio", format_number(double(s.mlp_dim) / double(C))},
                           {"window_size", num(global ? 0 : s.window_size)}, {"input_size", num(table_side) + "x" + num(table_side)}});
            add(blk, p + ".norm1", "LayerNorm", Component::sam, op::LayerNorm{C, Rows::sam_grid}, 2 * C, {{"normalized_shape", num(C)}});
            // The attention geometry every op of the block's attention shares.
            const op::SamAttentionDims dims{C, s.num_heads, s.head_dim(), s.window_size, global, table_side};
            if (!global) {
                add(blk, p + ".window_partition", "F.window_partition/unpartition", Component::sam, op::SamWindowCopy{dims}, 0,
                    {{"window_size", num(s.window_size)}}, true);
            }
            int attn = add(blk, p + ".attn", "Attention", Component::sam, {}, 2 * (2 * table_side - 1) * s.head_dim(),
                           {{"dim", num(C)}, {"num_heads", num(s.num_heads)}, {"qkv_bias", boolean(s.qkv_bias)},
                            {"use_rel_pos", "True"}, {"input_size", num(table_side) + "x" + num(table_side)}});
            // Window blocks run their projections over the grid padded to whole windows.
            const Rows attn_rows = global ? Rows::sam_grid : Rows::sam_windows;
            const int64_t attn_window = global ? 0 : s.window_size;
            add_linear(attn, p + ".attn.qkv", C, 3 * C, s.qkv_bias, attn_rows, Component::sam, attn_window);
            add(attn, p + ".attn.rel_pos", "F.add_decomposed_rel_pos", Component::sam, op::SamRelPos{dims}, 0,
                {{"rel_pos_h", num(2 * table_side - 1) + "x" + num(s.head_dim())}}, true);
            add(attn, p + ".attn.layout", "F.permute/reshape (q, k, v and output copies)", Component::sam,
                op::SamAttentionLayout{dims}, 0, {}, true);
            add(attn, p + ".attn.sdpa", "F.scaled_dot_product_attention", Component::sam, op::SamAttention{dims}, 0,
                {{"attn_mask", "decomposed rel-pos bias"}, {"window", global ? "global" : num(s.window_size)}}, true);
            add_linear(attn, p + ".attn.proj", C, C, true, attn_rows, Component::sam, attn_window);
            add(blk, p + ".norm2", "LayerNorm", Component::sam, op::LayerNorm{C, Rows::sam_grid}, 2 * C, {{"normalized_shape", num(C)}});
            int mlp = add(blk, p + ".mlp", "MLPBlock", Component::sam, {}, 0,
                          {{"embedding_dim", num(C)}, {"mlp_dim", num(s.mlp_dim)}, {"act", "GELU"}});
            add_linear(mlp, p + ".mlp.lin1", C, s.mlp_dim, true, Rows::sam_grid, Component::sam);
            add(mlp, p + ".mlp.act", "GELU", Component::sam, op::Gelu{s.mlp_dim, Rows::sam_grid}, 0, {{"approximate", "none"}});
            add_linear(mlp, p + ".mlp.lin2", s.mlp_dim, C, true, Rows::sam_grid, Component::sam);
        }
        block_ = -1;
        const int64_t N = s.neck_channels;
        int neck = add(sam, "sam_model.neck", "Sequential", Component::sam);
        add_conv(neck, "sam_model.neck.0", C, N, 1, 1, 0, false, 1);
        add(neck, "sam_model.neck.1", "LayerNorm2d", Component::sam, op::LayerNorm2d{N}, 2 * N, {{"num_channels", num(N)}});
        add_conv(neck, "sam_model.neck.2", N, N, 3, 1, 1, false, 1);
        add(neck, "sam_model.neck.3", "LayerNorm2d", Component::sam, op::LayerNorm2d{N}, 2 * N, {{"num_channels", num(N)}});
        const int64_t k = s.downsample_kernel, st = s.downsample_stride, pad = (s.downsample_kernel - 1) / 2;
        add_conv(sam, "sam_model.net_2", N, s.net_2_channels, k, st, pad, false, 1);
        add_conv(sam, "sam_model.net_3", s.net_2_channels, s.net_3_channels, k, st, pad, false, st);
        if (qwen2()) build_qwen2_encoder(root);
        else build_clip(root);
    }

    std::string root_class() const { return qwen2() ? "DeepseekOCR2Model" : "DeepseekOCRModel"; }
    bool qwen2() const { return m_.encoder == VisionEncoder::qwen2; }

    // CLIP, the projector over cat(CLIP, SAM) and the newline/separator layout (DeepSeek-OCR).
    void build_clip(int root) {
        const SamConfig& s = m_.sam;
        const ClipConfig& c = m_.clip;
        const int64_t H = c.hidden_size;
        int vit = add(root, "vision_model", "VitModel", Component::clip, {}, 0,
                      {{"hidden_size", num(H)}, {"num_layers", num(c.num_layers)}, {"num_attention_heads", num(c.num_heads)},
                       {"ffn_hidden_size", num(c.ffn_hidden_size)}});
        int emb = add(vit, "vision_model.embeddings", "CLIPVisionEmbeddings", Component::clip,
                      op::ClipEmbeddings{H, c.num_positions}, H, {{"hidden_size", num(H)}, {"patch_size", num(c.patch_size_px)}});
        int unused = add(emb, "vision_model.embeddings.patch_embedding", "Conv2d", Component::clip, {},
            H * c.image_channels * c.patch_size_px * c.patch_size_px + (c.patch_embedding_bias ? H : 0),
            {{"in_channels", num(c.image_channels)}, {"out_channels", num(H)}, {"kernel_size", num(c.patch_size_px)},
             {"stride", num(c.patch_size_px)}, {"bias", boolean(c.patch_embedding_bias)}, {"used", "False (SAM features replace it)"}});
        tree_->nodes[size_t(unused)].never_called = true;
        add(emb, "vision_model.embeddings.position_embedding", "Embedding", Component::clip, {}, c.num_positions * H,
            {{"num_embeddings", num(c.num_positions)}, {"embedding_dim", num(H)}});
        add(vit, "vision_model.pre_layrnorm", "LayerNorm", Component::clip, op::LayerNorm{H, Rows::clip_seq}, 2 * H,
            {{"normalized_shape", num(H)}});
        int tr = add(vit, "vision_model.transformer", "NoTPTransformer", Component::clip, {}, 0, {{"num_layers", num(c.num_layers)}});
        int layers = add(tr, "vision_model.transformer.layers", "ModuleList", Component::clip);
        repeat(layers, Repetition::for_loop, c.num_layers);
        for (int64_t i = 0; i < c.num_layers; ++i) {
            const std::string p = "vision_model.transformer.layers." + num(i);
            int blk = add(layers, p, "NoTPTransformerBlock", Component::clip, op::ResidualAdd{H, 2, Rows::clip_seq}, 0,
                          {{"hidden_size", num(H)}, {"num_attention_heads", num(c.num_heads)}, {"layer_id", num(i + 1)}});
            add(blk, p + ".layer_norm1", "LayerNorm", Component::clip, op::LayerNorm{H, Rows::clip_seq}, 2 * H, {{"normalized_shape", num(H)}});
            int at = add(blk, p + ".self_attn", "NoTPAttention", Component::clip, {}, 0,
                         {{"num_heads", num(c.num_heads)}, {"head_dim", num(c.head_dim())}});
            add_linear(at, p + ".self_attn.qkv_proj", H, 3 * H, true, Rows::clip_seq, Component::clip);
            add(at, p + ".self_attn.sdpa", "F.scaled_dot_product_attention", Component::clip,
                op::ClipAttention{c.num_heads, c.head_dim()}, 0, {{"attn_mask", "None"}}, true);
            add_linear(at, p + ".self_attn.out_proj", H, H, true, Rows::clip_seq, Component::clip);
            add(blk, p + ".layer_norm2", "LayerNorm", Component::clip, op::LayerNorm{H, Rows::clip_seq}, 2 * H, {{"normalized_shape", num(H)}});
            int mlp = add(blk, p + ".mlp", "NoTPFeedForward", Component::clip, {}, 0,
                          {{"dim", num(H)}, {"hidden_dim", num(c.ffn_hidden_size)}});
            add_linear(mlp, p + ".mlp.fc1", H, c.ffn_hidden_size, true, Rows::clip_seq, Component::clip);
            add(mlp, p + ".mlp.act", "F.quick_gelu", Component::clip, op::QuickGelu{c.ffn_hidden_size, Rows::clip_seq}, 0, {}, true);
            add_linear(mlp, p + ".mlp.fc2", c.ffn_hidden_size, H, true, Rows::clip_seq, Component::clip);
        }

        const ProjectorConfig& pj = m_.projector;
        int proj = add(root, "projector", "MlpProjector", Component::projector,
                       op::ProjectorConcat{H, s.net_3_channels}, 0,
                       {{"projector_type", "linear"}, {"input_dim", num(pj.input_dim)}, {"n_embed", num(pj.n_embed)}});
        add_linear(proj, "projector.layers", pj.input_dim, pj.n_embed, true, Rows::features, Component::projector);
        add(root, "image_newline", "nn.Parameter (newline after each feature row)", Component::layout,
            op::ImageNewline{pj.n_embed}, pj.n_embed, {{"shape", num(pj.n_embed)}}, true);
        add(root, "view_seperator", "nn.Parameter (separator after the views)", Component::layout,
            op::ViewSeparator{pj.n_embed}, pj.n_embed, {{"shape", num(pj.n_embed)}}, true);
    }

    // DeepSeek-OCR 2: Qwen2Decoder2Encoder (qwen2_d2e.py) over SAM's features and the view's learned
    // queries, the linear projector over the query outputs, one view separator and no newlines.
    void build_qwen2_encoder(int root) {
        const Qwen2EncoderConfig& q = m_.qwen2;
        const int64_t H = q.hidden_size, kv = q.num_kv_heads * q.head_dim;
        const Component comp = Component::qwen2;
        const Rows seq = Rows::encoder_seq;
        int enc = add(root, "qwen2_model", "Qwen2Decoder2Encoder", comp, {}, 0,
                      {{"decoder_layer", num(q.num_layers)}, {"hidden_dimension", num(H)},
                       {"num_attention_heads", num(q.num_heads)}, {"num_key_value_heads", num(q.num_kv_heads)},
                       {"intermediate_size", num(q.intermediate_size)}});
        // Declared in the vendor's order: query_768, then query_1024.
        std::vector<QueryTable> tables = q.queries;
        std::sort(tables.begin(), tables.end(), [](const QueryTable& a, const QueryTable& b) { return a.view_size_px < b.view_size_px; });
        for (const QueryTable& t : tables)
            add(enc, "qwen2_model." + t.name, "Embedding", comp, {}, t.tokens * H,
                {{"num_embeddings", num(t.tokens)}, {"embedding_dim", num(H)}, {"view", num(t.view_size_px) + " px"}});
        add(enc, "qwen2_model.cat_queries", "F.cat (SAM features, learned queries)", comp, op::EncoderQueries{H}, 0,
            {{"token_type_ids", "0 for the n features, 1 for the n queries"}}, true);
        int dec = add(enc, "qwen2_model.model", "CustomQwen2Decoder", comp, {}, 0,
                      {{"attn_implementation", "sdpa"}, {"rms_norm_eps", "1e-06"}, {"rope_theta", "1000000.0"}});
        const std::string m = "qwen2_model.model.model";
        int inner = add(dec, m, "CustomQwen2ModelInner (Qwen2Model, embed_tokens deleted)", comp, {}, 0,
                        {{"hidden_size", num(H)}, {"num_hidden_layers", num(q.num_layers)}});
        add(inner, m + "._create_custom_4d_mask", "F._create_custom_4d_mask", comp, op::EncoderMask{}, 0,
            {{"image_tokens", "bidirectional"}, {"queries", "causal, and see every image token"}}, true);
        add(inner, m + ".rotary_emb", "Qwen2RotaryEmbedding", comp, op::RotaryTables{q.rope_dim, seq}, 0,
            {{"dim", num(q.rope_dim)}, {"inv_freq", num(q.rope_dim / 2) + " (buffer)"}});
        int layers = add(inner, m + ".layers", "ModuleList", comp);
        repeat(layers, Repetition::for_loop, q.num_layers);
        for (int64_t i = 0; i < q.num_layers; ++i) {
            const std::string p = m + ".layers." + num(i);
            int lay = add(layers, p, "Qwen2DecoderLayer", comp, op::ResidualAdd{H, 2, seq}, 0,
                          {{"hidden_size", num(H)}, {"layer_idx", num(i)}});
            add(lay, p + ".input_layernorm", "Qwen2RMSNorm", comp, op::RmsNorm{H, seq}, H, {{"hidden_size", num(H)}});
            int at = add(lay, p + ".self_attn", "Qwen2SdpaAttention", comp, {}, 0,
                         {{"hidden_size", num(H)}, {"num_heads", num(q.num_heads)}, {"num_key_value_heads", num(q.num_kv_heads)},
                          {"head_dim", num(q.head_dim)}});
            add_linear(at, p + ".self_attn.q_proj", H, q.num_heads * q.head_dim, true, seq, comp);
            add_linear(at, p + ".self_attn.k_proj", H, kv, true, seq, comp);
            add_linear(at, p + ".self_attn.v_proj", H, kv, true, seq, comp);
            add(at, p + ".self_attn.apply_rotary_pos_emb", "F.apply_rotary_pos_emb", comp,
                op::RotaryApply{q.num_heads, q.num_kv_heads, q.head_dim, q.rope_dim, seq}, 0,
                {{"tables", "the model's rotary_emb, computed once per forward"}}, true);
            add(at, p + ".self_attn.sdpa", "F.scaled_dot_product_attention", comp,
                op::EncoderAttention{q.num_heads, q.num_kv_heads, q.head_dim}, 0,
                {{"attn_mask", "custom L x L (flash_attention_2 refused)"}, {"repeat_kv", num(q.num_heads / q.num_kv_heads)}}, true);
            add_linear(at, p + ".self_attn.o_proj", q.num_heads * q.head_dim, H, false, seq, comp);
            add(lay, p + ".post_attention_layernorm", "Qwen2RMSNorm", comp, op::RmsNorm{H, seq}, H, {{"hidden_size", num(H)}});
            add_swiglu(lay, p + ".mlp", H, q.intermediate_size, "Qwen2MLP", seq, comp);
        }
        add(inner, m + ".norm", "Qwen2RMSNorm", comp, op::RmsNorm{H, seq}, H, {{"hidden_size", num(H)}});

        const ProjectorConfig& pj = m_.projector;
        int proj = add(root, "projector", "MlpProjector", Component::projector, {}, 0,
                       {{"projector_type", "linear"}, {"input_dim", num(pj.input_dim)}, {"n_embed", num(pj.n_embed)},
                        {"input", "the query outputs y[:, n:]"}});
        add_linear(proj, "projector.layers", pj.input_dim, pj.n_embed, true, Rows::features, Component::projector);
        add(root, "view_seperator", "nn.Parameter (separator after the views)", Component::layout,
            op::ViewSeparator{pj.n_embed}, pj.n_embed, {{"shape", num(pj.n_embed)}}, true);
    }

    void build_decoder(Stage stage) {
        stage_ = stage;
        const DecoderConfig& d = m_.decoder;
        const int64_t h = d.hidden_size;
        int root = add(-1, "", root_class(), Component::root);
        tree_->nodes[size_t(root)].class_name = stage == Stage::prefill
                                                    ? root_class() + " (prefill: the decoder over the prompt)"
                                                    : root_class() + " (decode: one pass per new token after the first)";
        add(root, "embed_tokens", "Embedding", Component::decoder, op::Embedding{d.vocab_size, h},
            d.vocab_size * h, {{"num_embeddings", num(d.vocab_size)}, {"embedding_dim", num(h)}});
        int layers = add(root, "layers", "ModuleList", Component::decoder);
        repeat(layers, Repetition::for_loop, d.num_layers);
        for (int64_t i = 0; i < d.num_layers; ++i) {
            layer_ = i;
            const std::string p = "layers." + num(i);
            int lay = add(layers, p, "DeepseekV2DecoderLayer", Component::decoder, op::ResidualAdd{h, 2, Rows::pass}, 0,
                          {{"hidden_size", num(h)}, {"layer_idx", num(i)}});
            add(lay, p + ".input_layernorm", "DeepseekV2RMSNorm", Component::decoder, op::RmsNorm{h}, h,
                {{"hidden_size", num(h)}});
            int at = add(lay, p + ".self_attn", "LlamaFlashAttention2", Component::decoder, {}, 0,
                         {{"hidden_size", num(h)}, {"num_heads", num(d.num_heads)}, {"num_key_value_heads", num(d.num_kv_heads)},
                          {"head_dim", num(d.head_dim)}, {"attention_bias", "False"}});
            add_linear(at, p + ".self_attn.q_proj", h, d.num_heads * d.head_dim, false, Rows::pass, Component::decoder);
            add_linear(at, p + ".self_attn.k_proj", h, d.num_kv_heads * d.head_dim, false, Rows::pass, Component::decoder);
            add_linear(at, p + ".self_attn.v_proj", h, d.num_kv_heads * d.head_dim, false, Rows::pass, Component::decoder);
            add(at, p + ".self_attn.rotary_emb", "LlamaRotaryEmbedding", Component::decoder,
                op::Rotary{d.num_heads, d.num_kv_heads, d.head_dim, d.rope_dim}, 0,
                {{"dim", num(d.rope_dim)}, {"inv_freq", num(d.rope_dim / 2) + " (buffer)"}});
            add(at, p + ".self_attn.attn_core", "F.flash_attn_func | softmax(QK^T)V", Component::decoder,
                op::DecoderAttention{d.num_heads, d.num_kv_heads, d.head_dim}, 0,
                {{"causal", "True"}, {"kv_cache", "per layer, grows one token per decode pass"}}, true);
            add_linear(at, p + ".self_attn.o_proj", d.num_heads * d.head_dim, h, false, Rows::pass, Component::decoder);
            add(lay, p + ".post_attention_layernorm", "DeepseekV2RMSNorm", Component::decoder, op::RmsNorm{h}, h,
                {{"hidden_size", num(h)}});
            if (!d.is_moe(i)) {
                add_swiglu(lay, p + ".mlp", h, d.intermediate_size);
            } else {
                int moe = add(lay, p + ".mlp", "DeepseekV2MoE", Component::decoder, op::ResidualAdd{h, 1, Rows::pass}, 0,
                              {{"n_routed_experts", num(d.n_routed_experts)}, {"num_experts_per_tok", num(d.num_experts_per_tok)},
                               {"moe_intermediate_size", num(d.moe_intermediate_size)}, {"n_shared_experts", num(d.n_shared_experts)}});
                add(moe, p + ".mlp.gate", "MoEGate", Component::decoder,
                    op::MoeGate{h, d.n_routed_experts, d.num_experts_per_tok}, d.n_routed_experts * h,
                    {{"top_k", num(d.num_experts_per_tok)}, {"n_routed_experts", num(d.n_routed_experts)},
                     {"scoring_func", "softmax"}, {"topk_method", "greedy"}});
                int ex = add(moe, p + ".mlp.experts", "ModuleList[DeepseekV2MLP]", Component::decoder,
                             op::MoeExperts{h, d.moe_intermediate_size, d.n_routed_experts, d.num_experts_per_tok},
                             d.n_routed_experts * 3 * h * d.moe_intermediate_size,
                             {{"experts", num(d.n_routed_experts)}, {"hidden_size", num(h)},
                              {"intermediate_size", num(d.moe_intermediate_size)}, {"per_token", num(d.num_experts_per_tok)}});
                repeat(ex, Repetition::parfor, d.n_routed_experts);
                if (d.n_shared_experts > 0) add_swiglu(moe, p + ".mlp.shared_experts", h, d.n_shared_experts * d.moe_intermediate_size);
            }
        }
        layer_ = -1;
        add(root, "norm", "DeepseekV2RMSNorm", Component::decoder, op::RmsNorm{h}, h, {{"hidden_size", num(h)}});
        add(root, "lm_head", "Linear", Component::decoder, op::LmHead{h, d.vocab_size}, h * d.vocab_size,
            linear_params(h, d.vocab_size, false));
    }

    // down_proj(silu(gate_proj(x)) * up_proj(x)), no biases: DeepseekV2MLP and Qwen2MLP alike.
    void add_swiglu(int parent, const std::string& p, int64_t h, int64_t inter, const char* cls = "DeepseekV2MLP",
                    Rows r = Rows::pass, Component comp = Component::decoder) {
        int mlp = add(parent, p, cls, comp, {}, 0,
                      {{"hidden_size", num(h)}, {"intermediate_size", num(inter)}, {"hidden_act", "silu"}});
        add_linear(mlp, p + ".gate_proj", h, inter, false, r, comp);
        add_linear(mlp, p + ".up_proj", h, inter, false, r, comp);
        add(mlp, p + ".act_fn", "SiLU (x up_proj)", comp, op::SiluGate{inter, r}, 0, {}, false);
        add_linear(mlp, p + ".down_proj", inter, h, false, r, comp);
    }

    void finish() {
        finish_tree(*tree_);
        tree_->params_lm_head = m_.decoder.hidden_size * m_.decoder.vocab_size;
        tree_->params_per_expert = 3 * m_.decoder.hidden_size * m_.decoder.moe_intermediate_size;
        tree_->kv_elements_per_token = m_.decoder.num_layers * 2 * m_.decoder.num_kv_heads * m_.decoder.head_dim;
    }

    const ModelConfig& m_;
    std::shared_ptr<ModuleTree> tree_;
    Stage stage_ = Stage::vision;
    int64_t layer_ = -1;
    int64_t block_ = -1;
};

}  // namespace

std::shared_ptr<const ModuleTree> build_deepseek_ocr_tree(const ModelConfig& model) { return Builder(model).build(); }

}  // namespace mm
