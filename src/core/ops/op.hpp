#pragma once
// The typed ops a module tree's nodes hold: one struct per op kind with named constructor dimensions,
// and `Op`, the variant of them all. An op says what a module computes; how many rows it computes it
// over comes from the stage's calls (engine/op_cost: a vision view, a decoder pass, a plain forward
// pass), so one tree serves every workload.
//
// Each kind also carries its name, its operator category and the formula users read (explain, layer
// docs); the cost function that implements the formula is engine/op_cost.cpp's cost() for that kind.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

namespace mm {

// Operator categories (the seed report's OperatorCategory): every op kind belongs to one.
enum class OperatorCategory { conv2d, linear, attention, norm, activation, embedding, moe, other };
inline constexpr int kOperatorCategoryCount = 8;

// The rows of the activation matrix a per-token op runs over, for one call.
enum class Rows : uint8_t {
    sam_grid,     // SAM patch tokens of a view: images x grid^2
    sam_windows,  // SAM tokens padded to whole windows: images x (ceil(grid / window) x window)^2
    clip_seq,     // CLIP sequence of a view: images x (feature_side^2 + CLS)
    features,     // feature positions of a view: images x feature_side^2
    pass,         // decoder tokens of a pass: batch x query tokens (S in prefill, 1 in decode)
    sample,       // a plain network's forward pass: batch x rows_per_sample
    encoder_seq,  // DeepSeek-OCR 2's Qwen2 encoder sequence of a view: images x 2 x feature_side^2
                  // (the SAM features, then as many learned queries)
};

namespace op {

struct Conv2d {
    static constexpr std::string_view name = "conv2d";
    static constexpr OperatorCategory category = OperatorCategory::conv2d;
    static constexpr std::string_view formula =
        "FLOPs = 2 x out_elements x in_ch x k^2 (tensor cores); bias add on CUDA cores; weights read once per call; "
        "input read, output written once.";
    int64_t in_channels = 0, out_channels = 0, kernel = 0, stride = 1, padding = 0;
    bool bias = false;
    // The input's side: the view's pixels (0), or the SAM patch grid divided by this; a plain
    // network's recorded input (input_h, input_w > 0) per sample.
    int64_t grid_divisor = 0;
    int64_t input_h = 0, input_w = 0;
    auto fields() const { return std::tie(in_channels, out_channels, kernel, stride, padding, bias, grid_divisor, input_h, input_w); }
};

struct Linear {
    static constexpr std::string_view name = "linear";
    static constexpr OperatorCategory category = OperatorCategory::linear;
    static constexpr std::string_view formula =
        "FLOPs = 2 x tokens x in x out (tensor cores); bias add tokens x out on CUDA cores; weights (in x out + bias) "
        "read once per call; input read, output written once.";
    int64_t in_features = 0, out_features = 0;
    bool bias = false;
    Rows rows = Rows::pass;
    int64_t window = 0;           // Rows::sam_windows: the window side
    int64_t rows_per_sample = 0;  // Rows::sample
    auto fields() const { return std::tie(in_features, out_features, bias, rows, window, rows_per_sample); }
};

struct LayerNorm {
    static constexpr std::string_view name = "layer_norm";
    static constexpr OperatorCategory category = OperatorCategory::norm;
    static constexpr std::string_view formula =
        "CUDA FLOPs = 8 x tokens x dim (mean, variance, normalise, affine); torch counts 0. Reads x, writes y, reads "
        "gamma/beta.";
    int64_t dim = 0;
    Rows rows = Rows::sam_grid;
    auto fields() const { return std::tie(dim, rows); }
};

struct LayerNorm2d {
    static constexpr std::string_view name = "layer_norm2d";
    static constexpr OperatorCategory category = OperatorCategory::norm;
    static constexpr std::string_view formula =
        "As LayerNorm over channels at every pixel: CUDA FLOPs = 8 x images x C x H x W; 10 eager kernels (written "
        "elementwise in the vendor code).";
    int64_t channels = 0;
    auto fields() const { return std::tie(channels); }
};

struct RmsNorm {
    static constexpr std::string_view name = "rms_norm";
    static constexpr OperatorCategory category = OperatorCategory::norm;
    static constexpr std::string_view formula =
        "CUDA FLOPs = 4 x tokens x dim; torch counts 0; 8 eager kernels (fp32 cast, pow, mean, add, rsqrt, mul, cast, "
        "weight).";
    int64_t dim = 0;
    Rows rows = Rows::pass;  // decoder passes, or the OCR 2 encoder sequence of a view
    auto fields() const { return std::tie(dim, rows); }
};

struct Gelu {
    static constexpr std::string_view name = "gelu";
    static constexpr OperatorCategory category = OperatorCategory::activation;
    static constexpr std::string_view formula = "CUDA FLOPs = 8 per element (erf GELU); torch counts 0.";
    int64_t dim = 0;
    Rows rows = Rows::sam_grid;
    auto fields() const { return std::tie(dim, rows); }
};

struct QuickGelu {
    static constexpr std::string_view name = "quick_gelu";
    static constexpr OperatorCategory category = OperatorCategory::activation;
    static constexpr std::string_view formula = "CUDA FLOPs = 5 per element (x * sigmoid(1.702 x)); torch counts 0.";
    int64_t dim = 0;
    Rows rows = Rows::clip_seq;
    auto fields() const { return std::tie(dim, rows); }
};

struct SiluGate {
    static constexpr std::string_view name = "silu_gate";
    static constexpr OperatorCategory category = OperatorCategory::activation;
    static constexpr std::string_view formula =
        "CUDA FLOPs = 5 per output element (silu(gate) * up); reads gate and up, writes the product.";
    int64_t intermediate = 0;
    Rows rows = Rows::pass;
    auto fields() const { return std::tie(intermediate, rows); }
};

struct ResidualAdd {
    static constexpr std::string_view name = "residual_add";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "Residual adds: 1 CUDA FLOP per element per add; reads both operands, writes the sum.";
    int64_t dim = 0, adds = 1;
    Rows rows = Rows::pass;
    auto fields() const { return std::tie(dim, adds, rows); }
};

struct SamPosEmbed {
    static constexpr std::string_view name = "sam_pos_embed";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "x + pos_embed (table resized to the grid when it differs): 1 CUDA FLOP per element.";
    int64_t dim = 0, table_grid = 0;
    auto fields() const { return std::tie(dim, table_grid); }
};

// The attention geometry of one SAM block: window attention (window > 0) or global attention over the
// whole grid, with decomposed relative-position tables of (2 x side - 1) x head_dim.
struct SamAttentionDims {
    int64_t dim = 0, heads = 0, head_dim = 0, window = 0;
    bool global = false;
    int64_t rel_pos_table_side = 0;
    auto fields() const { return std::tie(dim, heads, head_dim, window, global, rel_pos_table_side); }
};

struct SamWindowCopy : SamAttentionDims {
    static constexpr std::string_view name = "sam_window_copy";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "Window blocks: pad to a multiple of the window and permute into windows, then back and crop: four copies, no "
        "FLOPs.";
};

struct SamRelPos : SamAttentionDims {
    static constexpr std::string_view name = "sam_rel_pos";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "Decomposed rel-pos: two einsums, torch FLOPs = 4 x windows x heads x side^3 x head_dim; the bias rel_h + rel_w "
        "(windows x heads x tp^2) is written to memory.";
};

struct SamAttention : SamAttentionDims {
    static constexpr std::string_view name = "sam_attention";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "SDPA with the rel-pos bias as mask: torch FLOPs = 4 x windows x heads x tp^2 x head_dim (tp = tokens per "
        "window); softmax + bias add 6 CUDA FLOPs per score; reads q, k, v and the bias; writes o.";
};

struct SamAttentionLayout : SamAttentionDims {
    static constexpr std::string_view name = "sam_attention_layout";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "The q, k, v and output permute/reshape copies around SDPA: read and write 4 x tokens x dim, no FLOPs.";
};

struct ClipEmbeddings {
    static constexpr std::string_view name = "clip_embeddings";
    static constexpr OperatorCategory category = OperatorCategory::embedding;
    static constexpr std::string_view formula =
        "CLIP embeddings from SAM features: flatten, prepend CLS, add the (resized) position table: 1 CUDA FLOP per "
        "element.";
    int64_t hidden = 0, num_positions = 0;
    auto fields() const { return std::tie(hidden, num_positions); }
};

struct ClipAttention {
    static constexpr std::string_view name = "clip_attention";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "Full attention: torch FLOPs = 4 x images x heads x S^2 x head_dim; softmax 5 CUDA FLOPs per score; reads q, k, "
        "v; writes o.";
    int64_t heads = 0, head_dim = 0;
    auto fields() const { return std::tie(heads, head_dim); }
};

struct ProjectorConcat {
    static constexpr std::string_view name = "projector_concat";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "cat(CLIP output without CLS, SAM output flattened) per feature position: a copy, no FLOPs.";
    int64_t clip_hidden = 0, sam_channels = 0;
    auto fields() const { return std::tie(clip_hidden, sam_channels); }
};

struct ImageNewline {
    static constexpr std::string_view name = "image_newline";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "Inserts the learned newline after every feature row (crops first permuted into one canvas): copies, no FLOPs.";
    int64_t n_embed = 0;
    auto fields() const { return std::tie(n_embed); }
};

// Runs once per request (after every view), not once per view.
struct ViewSeparator {
    static constexpr std::string_view name = "view_separator";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "Concatenates crops, global view and the view separator: a copy of T x n_embed per page, no FLOPs.";
    int64_t n_embed = 0;
    auto fields() const { return std::tie(n_embed); }
};

struct Embedding {
    static constexpr std::string_view name = "embedding";
    static constexpr OperatorCategory category = OperatorCategory::embedding;
    static constexpr std::string_view formula =
        "Gathers one embedding row per token (only the rows looked up are read) and scatters the image features into "
        "the image positions in prefill; no FLOPs.";
    int64_t vocab = 0, hidden = 0;
    auto fields() const { return std::tie(vocab, hidden); }
};

struct Rotary {
    static constexpr std::string_view name = "rotary";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "RoPE: torch counts the inv_freq x position matmul, rope_dim FLOPs per token; executed adds 3 CUDA FLOPs per "
        "rotated element of q and k.";
    int64_t heads = 0, kv_heads = 0, head_dim = 0, rope_dim = 0;
    auto fields() const { return std::tie(heads, kv_heads, head_dim, rope_dim); }
};

struct DecoderAttention {
    static constexpr std::string_view name = "decoder_attention";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "Causal attention over the KV cache: torch FLOPs = 4 x B x heads x S_q x S_kv x head_dim (no causal halving); "
        "flash executes only the causal pairs S_q(S_kv - S_q) + S_q(S_q + 1)/2; decode reads the whole cache (2 x S_kv "
        "x kv_heads x head_dim per sequence) and writes one new token.";
    int64_t heads = 0, kv_heads = 0, head_dim = 0;
    auto fields() const { return std::tie(heads, kv_heads, head_dim); }
};

struct MoeGate {
    static constexpr std::string_view name = "moe_gate";
    static constexpr OperatorCategory category = OperatorCategory::moe;
    static constexpr std::string_view formula =
        "MoEGate: torch FLOPs = 2 x tokens x hidden x experts; softmax and top-k on CUDA cores; fp32 scores written and "
        "read back.";
    int64_t hidden = 0, experts = 0, top_k = 0;
    auto fields() const { return std::tie(hidden, experts, top_k); }
};

struct MoeExperts {
    static constexpr std::string_view name = "moe_experts";
    static constexpr OperatorCategory category = OperatorCategory::moe;
    static constexpr std::string_view formula =
        "Routed experts: every token runs top-k SwiGLU experts, torch FLOPs = tokens x k x 6 x hidden x intermediate "
        "(routing-independent); weights read only for the experts touched, E(1 - (1 - k/E)^tokens) in expectation.";
    int64_t hidden = 0, intermediate = 0, experts = 0, top_k = 0;
    auto fields() const { return std::tie(hidden, intermediate, experts, top_k); }
};

struct LmHead {
    static constexpr std::string_view name = "lm_head";
    static constexpr OperatorCategory category = OperatorCategory::linear;
    static constexpr std::string_view formula =
        "lm_head: torch FLOPs = 2 x positions x hidden x vocab over every prefill position (HF computes all logits); "
        "executed keeps the last position only.";
    int64_t hidden = 0, vocab = 0;
    auto fields() const { return std::tie(hidden, vocab); }
};

// DeepSeek-OCR 2's Qwen2 encoder (Qwen2Decoder2Encoder): its input sequence, mask, rotary tables and
// masked attention. Its projections, norms and MLP are the Linear, RmsNorm and SiluGate ops over
// Rows::encoder_seq.
struct EncoderQueries {
    static constexpr std::string_view name = "encoder_queries";
    static constexpr OperatorCategory category = OperatorCategory::embedding;
    static constexpr std::string_view formula =
        "cat(SAM features flattened, the view's learned queries expanded over the images): L = 2n tokens per image "
        "(n features, n queries); a copy, no FLOPs; reads the features and the query table, writes the sequence.";
    int64_t hidden = 0;
    auto fields() const { return std::tie(hidden); }
};

struct EncoderMask {
    static constexpr std::string_view name = "encoder_mask";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "_create_custom_4d_mask: an images x 1 x L x L additive mask (image tokens see all image tokens, query i sees "
        "them and queries 0..i), built in a Python loop: per image full, one index_put for the image block and two "
        "per query, then a stack; no FLOPs; writes L^2 elements per image.";
    auto fields() const { return std::tie(); }
};

// transformers 4.46 Qwen2Model computes cos/sin once per forward and hands them to every layer
// (DeepseekV2 recomputes them in each layer: op::Rotary).
struct RotaryTables {
    static constexpr std::string_view name = "rotary_tables";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "Qwen2RotaryEmbedding once per forward: torch counts the inv_freq x position matmul, rope_dim FLOPs per "
        "token; executed the same on CUDA cores (angles, cos, sin); writes the cos and sin tables.";
    int64_t rope_dim = 0;
    Rows rows = Rows::encoder_seq;
    auto fields() const { return std::tie(rope_dim, rows); }
};

struct RotaryApply {
    static constexpr std::string_view name = "rotary_apply";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "apply_rotary_pos_emb with the shared tables: torch counts 0; executed 3 CUDA FLOPs per rotated element of q "
        "and k; reads q, k and the tables, writes q and k.";
    int64_t heads = 0, kv_heads = 0, head_dim = 0, rope_dim = 0;
    Rows rows = Rows::encoder_seq;
    auto fields() const { return std::tie(heads, kv_heads, head_dim, rope_dim, rows); }
};

struct EncoderAttention {
    static constexpr std::string_view name = "encoder_attention";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "SDPA with the custom L x L mask over L = 2n tokens (the vendor refuses flash_attention_2 for this mask, so "
        "PyTorch's efficient/math backend runs and computes every score, masked or not): torch and executed tensor "
        "FLOPs = 4 x images x heads x L^2 x head_dim; mask add + softmax 6 CUDA FLOPs per score; repeat_kv copies k "
        "and v from kv_heads to heads; reads q, k, v and the mask, writes o.";
    int64_t heads = 0, kv_heads = 0, head_dim = 0;
    auto fields() const { return std::tie(heads, kv_heads, head_dim); }
};

// The layers of a plain network (a TorchInfo summary of any model), with per-sample counts from its
// recorded shapes; a forward pass over the batch multiplies them.
struct Convolution {
    static constexpr std::string_view name = "convolution";
    static constexpr OperatorCategory category = OperatorCategory::conv2d;
    static constexpr std::string_view formula =
        "FLOPs = 2 x output elements x weights per output ((in_ch / groups) x kernel elements), tensor cores; bias "
        "add on CUDA cores; weights read once per call; input read, output written once.";
    int64_t in_channels = 0, out_channels = 0;
    int64_t weights_per_output = 0;   // (in_channels / groups) x kernel elements
    int64_t out_positions = 0;        // spatial output positions per sample
    int64_t in_elements = 0;          // input elements per sample
    bool bias = false;
    auto fields() const { return std::tie(in_channels, out_channels, weights_per_output, out_positions, in_elements, bias); }
};

// Norms, activations, softmax, pooling: CUDA-core work per output element.
struct Elementwise {
    static constexpr std::string_view name = "elementwise";
    static constexpr std::string_view formula =
        "CUDA FLOPs = FLOPs per element x output elements; torch counts 0. Reads the input (and the affine "
        "parameters), writes the output.";
    OperatorCategory category = OperatorCategory::activation;  // norm, activation or other (pooling)
    int64_t flops_per_output = 0;
    int64_t in_elements = 0, out_elements = 0;  // per sample
    int64_t params = 0;                         // affine parameters read
    auto fields() const { return std::tie(category, flops_per_output, in_elements, out_elements, params); }
};

// nn.Embedding: a gather of rows_per_sample rows of `width`.
struct Lookup {
    static constexpr std::string_view name = "lookup";
    static constexpr OperatorCategory category = OperatorCategory::embedding;
    static constexpr std::string_view formula =
        "Gathers one table row per index: no FLOPs; reads the gathered rows and the int64 indices, writes the rows.";
    int64_t rows_per_sample = 0, width = 0;
    auto fields() const { return std::tie(rows_per_sample, width); }
};

// nn.MultiheadAttention: projections and the score/context matmuls TorchInfo's Mult-Adds miss.
struct MultiheadAttention {
    static constexpr std::string_view name = "multihead_attention";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "torch FLOPs = projections 8 x tokens x E^2 + scores and context 4 x tokens x L x E (L keys per query; "
        "cross-attention: k and v projected over the M memory tokens, 4 x tokens x E^2 + 4 x M x E^2); softmax 5 "
        "CUDA FLOPs per score (one head: the head count is not recorded).";
    int64_t embed = 0, keys = 0, tokens_per_sample = 0;
    bool bias = true;
    int64_t memory_per_sample = 0;  // cross-attention: keys and values come from this many encoder tokens
    auto fields() const { return std::tie(embed, keys, tokens_per_sample, bias, memory_per_sample); }
};

// nn.LSTM / nn.GRU / nn.RNN over a whole sequence: every step's input and recurrent matmuls.
struct Recurrent {
    static constexpr std::string_view name = "recurrent";
    static constexpr OperatorCategory category = OperatorCategory::linear;
    static constexpr std::string_view formula =
        "torch FLOPs = the sum over layers and directions of 2 x gates x hidden x (layer input + hidden) x steps "
        "(the input and the recurrent matmul of every step; gates: LSTM 4, GRU 3, RNN 1; an LSTM with proj_size P "
        "reads h of width P, 2 x gates x hidden x (layer input + P) + 2 x P x hidden with the projection); CUDA FLOPs = the two "
        "bias adds (2 x gates x hidden) and about 5 x hidden for the gate functions and state update, per step; "
        "weights read once per call (the recurrent weights stay in L2 across steps); one input GEMM per layer and "
        "direction plus one kernel per step.";
    int64_t gates = 4, input = 0, hidden = 0, layers = 1, directions = 1;
    int64_t steps_per_sample = 0;  // sequence length
    bool bias = true;
    int64_t proj = 0;  // LSTM proj_size: h is proj wide, W_hr (proj x hidden) per layer and direction; 0: none
    auto fields() const { return std::tie(gates, input, hidden, layers, directions, steps_per_sample, bias, proj); }
};

// The score and context matmuls of an attention module whose q/k/v projections are its children
// (BERT, ViT, Llama ... attention written with torch.matmul or SDPA): TorchInfo's Mult-Adds miss them.
struct AttentionCore {
    static constexpr std::string_view name = "attention_core";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "torch FLOPs = scores Q K^T 2 x T x L x E + context A V 2 x T x L x E (T queries, L keys per query, E "
        "the heads' width together: the full L x L even when masked); softmax 5 CUDA FLOPs per score (one "
        "head: the head count is not recorded, and the matmuls do not depend on it); reads Q, K and V, writes "
        "the context, the scores written and read back. Causal self-attention: torch still counts the full "
        "L x L (SDPA), a flash kernel executes only the L(L + 1)/2 pairs per sequence. Windowed attention (Swin): "
        "L is the window's tokens.";
    int64_t width = 0, keys = 0, tokens_per_sample = 0;
    bool causal = false;                 // self-attention under a causal mask (T = L per sequence)
    int64_t key_tokens_per_sample = 0;   // keys and values in all per sample, 0: `keys` (one sequence)
    auto fields() const { return std::tie(width, keys, tokens_per_sample, causal, key_tokens_per_sample); }
};

// A transformer layer whose children TorchInfo did not print (the depth limit, or PyTorch's fused
// fast path), costed from what its class is known to hold.
struct TransformerLayer {
    static constexpr std::string_view name = "transformer_layer";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "A transformer layer costed from its class: self-attention (projections 8 x T x E^2, scores and context "
        "4 x T x L x E), for a decoder layer cross-attention over M memory tokens (4 x T x E^2 + 4 x M x E^2 + "
        "4 x T x M x E), and the MLP 4 x T x E x F, F solved from the parameter count; CUDA: softmax 5 per "
        "score, biases, the norms 8 and the activation 8 per element, two residual adds.";
    int64_t embed = 0, ffn = 0, tokens_per_sample = 0;
    int64_t memory_per_sample = 0;  // cross-attention keys (a decoder layer), 0: none
    auto fields() const { return std::tie(embed, ffn, tokens_per_sample, memory_per_sample); }
};

// A known block (a transformers decoder or encoder layer, an attention module) whose children TorchInfo
// did not print: its projections from its weight matrices (every matrix weight multiplies once per
// token; cross-attention's k and v once per memory token) and its attention matmuls from its shapes.
struct KnownBlock {
    static constexpr std::string_view name = "known_block";
    static constexpr OperatorCategory category = OperatorCategory::attention;
    static constexpr std::string_view formula =
        "A block costed from its class: projections 2 x T x W (W matrix weights applied per token, from the "
        "parameter count less the norms and biases the class holds) + cross-attention k and v 2 x M x W_m; "
        "self-attention scores and context 4 x T x L x E (L keys per query: the sequence, or a Swin window), "
        "cross-attention 4 x T x M_L x E; causal self-attention executed as L(L + 1)/2 pairs by a flash "
        "kernel, counted in full by torch. The head count does not change these FLOPs.";
    int64_t weights = 0, memory_weights = 0;  // matrix weights per token / per memory token
    int64_t width = 0;                        // E: the heads' width together (the queries' width)
    int64_t tokens_per_sample = 0, keys = 0;  // T per sample; L keys per query
    int64_t memory_per_sample = 0;            // M: cross-attention's keys per sample (0: none)
    bool causal = false;
    auto fields() const { return std::tie(weights, memory_weights, width, tokens_per_sample, keys, memory_per_sample, causal); }
};

// A row with parameters and no known formula, estimated rather than left at 0: each parameter
// multiplies once per output position.
struct Estimated {
    static constexpr std::string_view name = "estimated";
    static constexpr OperatorCategory category = OperatorCategory::other;
    static constexpr std::string_view formula =
        "Estimated, not derived: FLOPs = 2 x parameters x output positions (every weight used once per "
        "position, as in a linear or convolution layer), tensor cores; weights read once, the input read and "
        "the output written once.";
    int64_t params = 0, positions_per_sample = 0, in_elements = 0, out_elements = 0;
    auto fields() const { return std::tie(params, positions_per_sample, in_elements, out_elements); }
};

}  // namespace op

// The work a module does itself, beyond its children; std::monostate: none.
using Op = std::variant<std::monostate, op::Conv2d, op::Linear, op::LayerNorm, op::LayerNorm2d, op::RmsNorm, op::Gelu,
                        op::QuickGelu, op::SiluGate, op::ResidualAdd, op::SamPosEmbed, op::SamWindowCopy, op::SamRelPos,
                        op::SamAttention, op::SamAttentionLayout, op::ClipEmbeddings, op::ClipAttention,
                        op::ProjectorConcat, op::ImageNewline, op::ViewSeparator, op::Embedding, op::Rotary,
                        op::DecoderAttention, op::MoeGate, op::MoeExperts, op::LmHead, op::Convolution,
                        op::Elementwise, op::Lookup, op::MultiheadAttention, op::Recurrent, op::AttentionCore,
                        op::TransformerLayer, op::KnownBlock, op::Estimated, op::EncoderQueries, op::EncoderMask,
                        op::RotaryTables, op::RotaryApply, op::EncoderAttention>;

inline bool has_op(const Op& o) { return !std::holds_alternative<std::monostate>(o); }

// std::visit for the evaluator's hot path: a switch on the index with a direct, inlinable call per
// kind. (libc++'s std::visit, which the page's WebAssembly build uses, calls through a table of
// function pointers that the optimiser cannot see through.)
template <typename F, std::size_t I = 0>
decltype(auto) visit_op(F&& f, const Op& o) {
    if constexpr (I + 1 == std::variant_size_v<Op>) {
        return f(*std::get_if<I>(&o));
    } else {
        if (o.index() == I) return f(*std::get_if<I>(&o));
        return visit_op<F, I + 1>(std::forward<F>(f), o);
    }
}

// The kind's name ("linear"), category and formula; "" / other / "" for none.
std::string_view op_name(const Op& o);
OperatorCategory op_category(const Op& o);
std::string_view op_formula(const Op& o);

// Equal keys: the same kind with the same dimensions (the tree builder shares results by it).
std::string op_key(const Op& o);

}  // namespace mm
