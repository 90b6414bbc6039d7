#include "core/ingest/torchinfo_tree.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "core/ingest/ingest_util.hpp"
#include "core/ingest/layer_shapes.hpp"

namespace mm {

namespace {

using namespace ingest;

bool is_norm(std::string_view k) {
    return k == "batch_norm" || k == "rms_norm" || k == "layer_norm" || k == "group_norm" || k == "layer_norm2d";
}
bool work_free(std::string_view k) { return k == "dropout" || k == "identity" || k == "reshape"; }

// The recorded batch: the leading dimension of the network's input, when every costed row's tensors
// divide by it (a sequence-first network's leading dimension is not its batch: then 1).
int64_t recorded_batch(const TorchInfoRun& run, std::vector<std::string>& notes) {
    int64_t b = 0;
    for (const TorchInfoRow& r : run.rows)
        if (!r.input_shapes.empty() && !r.input_shapes[0].empty()) {
            b = r.input_shapes[0][0];
            break;
        }
    // A summary without the Input Shape column (torchinfo's default columns): the first output's
    // leading dimension, when every costed row's output has two dimensions or more and leads with a
    // multiple of it (a stricter check than below: an output is no proof of the input's batch).
    if (b == 0) {
        for (const TorchInfoRow& r : run.rows)
            if (!r.output_shapes.empty() && !r.output_shapes[0].empty()) {
                b = r.output_shapes[0][0];
                break;
            }
        for (const TorchInfoRow& r : run.rows)
            if (b > 1 && !r.shows_children && !r.output_shapes.empty() && !r.output_shapes[0].empty() &&
                (r.output_shapes[0].size() < 2 || r.output_shapes[0][0] % b != 0)) {  // a 1-D output has no batch
                notes.push_back("The first output's leading dimension " + std::to_string(b) + " does not lead " +
                                (r.instance_name.empty() ? r.class_name : r.instance_name) +
                                "'s output, so the summary (which records no input shapes) is taken as one sample (batch 1).");
                return 1;
            }
    }
    if (b <= 1) return 1;
    for (const TorchInfoRow& r : run.rows) {
        if (r.shows_children) continue;
        for (const auto* shapes : {&r.input_shapes, &r.output_shapes})
            if (!shapes->empty() && elements((*shapes)[0]) % b != 0) {
                notes.push_back("The input's leading dimension " + std::to_string(b) + " does not divide " +
                                (r.instance_name.empty() ? r.class_name : r.instance_name) +
                                "'s tensors, so the summary is taken as one sample (batch 1).");
                return 1;
            }
    }
    return b;
}

struct Leaf {
    Leaf() = default;
    Leaf(Op o, std::string why_uncosted) : op(std::move(o)), uncosted(std::move(why_uncosted)) {}
    Op op;
    std::string uncosted;
    std::string estimated;  // how, when the op is an estimate
};

// The sequence length of a [N, L, E] or [L, N, E] tensor whose batch is `b`: the dimension that is
// not the batch (nn.MultiheadAttention, LSTM and transformer layers take either layout).
int64_t sequence_length(const Shape& s, int64_t b) {
    if (s.size() != 3) return 0;
    if (b > 1 && s[0] == b && s[1] != b) return s[1];
    if (b > 1 && s[1] == b && s[0] != b) return s[0];
    return mha_batch_first(s) ? s[1] : s[0];
}

// What the builder carries from row to row: the batch, and the length of the last encoder's output
// (a decoder's cross-attention attends to it).
struct Context {
    int64_t batch = 1;
    int64_t memory_tokens = 0;
    int t5_stacks = 0;  // T5Stack rows so far: without var_names, the second is the decoder
    // The fewest parameters of a collapsed T5Block in the encoder and in the decoder (the first block
    // of each also holds the relative position table): their difference is the cross-attention,
    // 4 x E x inner + E, which gives the attention's inner width (heads x d_kv).
    int64_t t5_encoder_block = 0, t5_decoder_block = 0;
};

// The last part of a dotted instance name: "layers.0.self_attn.query" -> "query".
std::string_view last_name(std::string_view instance) {
    const auto dot = instance.find_last_of('.');
    return dot == std::string_view::npos ? instance : instance.substr(dot + 1);
}

bool is_cross_attention(std::string_view instance) {
    const std::string_view last = last_name(instance);
    for (std::string_view n : {"multihead_attn", "encoder_attn", "cross_attn", "crossattention", "enc_dec_attn", "encoder_decoder_attention",
                               "EncDecAttention"})
        if (last == n) return true;
    return false;
}

// A dotted instance path inside a decoder ("decoder.block.0.layer.0.SelfAttention", "model.decoder.layers.1").
bool in_decoder(std::string_view instance) {
    size_t start = 0;
    while (start <= instance.size()) {
        const size_t dot = std::min(instance.find('.', start), instance.size());
        const std::string_view part = instance.substr(start, dot - start);
        if (part == "decoder" || part == "decoders") return true;
        start = dot + 1;
    }
    return false;
}

// The transformers attention classes known by name, and whether a module of one attends causally:
// GPT-2 and the Llama family always (self-attention); T5 and Whisper in the decoder's
// self-attention; CLIP, ViT and Swin never.
enum class AttentionFamily { none, gpt2, llama, t5, whisper, clip, vit, swin };

AttentionFamily attention_family(std::string_view cls) {
    if (starts_with(cls, "GPT2Attention")) return AttentionFamily::gpt2;
    for (std::string_view p : {"LlamaAttention", "LlamaSdpaAttention", "LlamaFlashAttention2", "Qwen2Attention", "Qwen2SdpaAttention",
                               "Qwen2FlashAttention2", "MistralAttention", "MistralSdpaAttention", "MistralFlashAttention2"})
        if (cls == p) return AttentionFamily::llama;
    if (cls == "T5Attention") return AttentionFamily::t5;
    if (starts_with(cls, "Whisper") && cls.find("Attention") != std::string_view::npos) return AttentionFamily::whisper;
    if (starts_with(cls, "CLIP") && cls.find("Attention") != std::string_view::npos) return AttentionFamily::clip;
    if (starts_with(cls, "ViT") && cls.find("SelfAttention") != std::string_view::npos) return AttentionFamily::vit;
    if (starts_with(cls, "SwinSelfAttention")) return AttentionFamily::swin;
    return AttentionFamily::none;
}

bool attends_causally(AttentionFamily f, std::string_view instance) {
    switch (f) {
        case AttentionFamily::gpt2:
        case AttentionFamily::llama: return !is_cross_attention(instance);
        case AttentionFamily::t5: return in_decoder(instance) && last_name(instance) == "SelfAttention";
        case AttentionFamily::whisper: return in_decoder(instance) && last_name(instance) == "self_attn";
        default: return false;
    }
}

// nn.LSTM / GRU / RNN: layers, directions and bias solved from the parameter count, given the input
// width I, the output width O (directions x hidden) and the gates.
std::optional<op::Recurrent> recurrent_from(int64_t gates, int64_t I, int64_t O, int64_t params) {
    // Every weight matrix is at least I and H wide: widths beyond the parameter count (absurd shapes)
    // explain nothing, and would overflow the products below.
    if (I <= 0 || O <= 0 || I > params || O > params || double(gates) * double(O) * double(I + O) > 4.0 * double(params)) return std::nullopt;
    for (int64_t d : {1, 2}) {
        if (O % d != 0) continue;
        const int64_t H = O / d;
        for (bool bias : {true, false}) {
            const int64_t b = bias ? 2 * gates * H : 0;
            const int64_t first = gates * H * (I + H) + b, next = gates * H * (d * H + H) + b;
            if (params % d != 0) continue;
            const int64_t per_direction = params / d;
            if (per_direction < first || (per_direction - first) % next != 0) continue;
            return op::Recurrent{gates, I, H, 1 + (per_direction - first) / next, d, 0, bias};
        }
    }
    return std::nullopt;
}

// nn.LSTM with proj_size P (0 < P < hidden H): the output is directions x P wide, and per layer and
// direction the parameters are 4H x (I_l + P) (W_ih, W_hh), P x H (W_hr) and 8H biases, I_l = input for
// layer 0 and directions x P after it. Per direction: H x (4 I + 5 P + 8 bias) + (layers - 1) x H x
// (4 d P + 5 P + 8 bias); H and the layer count are solved from it, fewest layers first.
std::optional<op::Recurrent> lstm_projected_from(int64_t I, int64_t O, int64_t params) {
    if (I <= 0 || O <= 0 || I > params || O > params) return std::nullopt;
    for (int64_t d : {1, 2}) {
        if (O % d != 0 || params % d != 0) continue;
        const int64_t P = O / d, per_direction = params / d;
        for (bool bias : {true, false}) {
            const int64_t bb = bias ? 8 : 0, first = 4 * I + 5 * P + bb, next = 4 * d * P + 5 * P + bb;
            for (int64_t layers = 1; layers <= 64; ++layers) {
                const int64_t per_hidden = first + (layers - 1) * next;
                if (per_hidden > per_direction) break;
                if (per_direction % per_hidden != 0) continue;
                const int64_t H = per_direction / per_hidden;
                if (H > P) return op::Recurrent{4, I, H, layers, d, 0, bias, P};
            }
        }
    }
    return std::nullopt;
}

// What a known transformers block (or attention module) holds besides its matrices, so that its
// matrix weights follow from its parameter count and width E: the projections of a collapsed row.
struct BlockWeights {
    int64_t weights = 0, memory_weights = 0;  // per token; per memory token (cross-attention k, v)
    int64_t width = 0;                        // the attention's width, when not E
    bool causal = false, cross = false;
    std::string assumed;  // "" when the parameter count determines the weights; else what was assumed
};

// `decoder`: the row lies in a decoder (from its dotted name, or for T5 without names its stack).
std::optional<BlockWeights> known_block_weights(std::string_view cls, std::string_view instance, bool decoder, int64_t E, int64_t P,
                                                const Context& ctx) {
    // Every class here holds a few E x E matrices or more: a width whose square is far beyond the
    // parameter count (an absurd shape) explains nothing, and would overflow the products below.
    if (E <= 0 || P <= 0 || double(E) * double(E) > 16.0 * double(P)) return std::nullopt;
    BlockWeights w;
    // A layer of attention (4E^2 + a E biases), an MLP E -> F -> E with biases and two LayerNorms
    // (4E): F = (P - 4E^2 - (a + 5) E) / (2E + 1); weights 4E^2 + 2EF. Whisper's k_proj has no bias (a = 3).
    auto encoder_layer = [&](int64_t attention_biases, bool causal) -> std::optional<BlockWeights> {
        const int64_t fixed = 4 * E * E + (attention_biases + 5) * E;
        if (P <= fixed || (P - fixed) % (2 * E + 1) != 0) return std::nullopt;
        w.weights = 4 * E * E + 2 * E * ((P - fixed) / (2 * E + 1));
        w.causal = causal;
        return w;
    };
    if (cls == "GPT2Block") return encoder_layer(4, true);
    if (cls == "ViTLayer" || cls == "CLIPEncoderLayer") return encoder_layer(4, false);
    if (cls == "WhisperEncoderLayer") return encoder_layer(3, false);
    if (cls == "WhisperDecoderLayer") {
        // Self- and cross-attention 4E^2 + 3E each, three LayerNorms 6E, MLP 2EF + F + E.
        const int64_t fixed = 8 * E * E + 13 * E;
        if (P <= fixed || (P - fixed) % (2 * E + 1) != 0) return std::nullopt;
        w.weights = 6 * E * E + 2 * E * ((P - fixed) / (2 * E + 1));  // self 4E^2, cross q and out 2E^2, MLP
        w.memory_weights = 2 * E * E;                                  // cross k and v over the encoder output
        w.causal = w.cross = true;
        return w;
    }
    // Llama / Qwen2 / Mistral: q, k, v, o (GQA: k and v are kv_heads x head_dim wide), gate, up, down,
    // two RMSNorms (E each): every weight but the norms' multiplies once per token, however it splits.
    for (std::string_view c : {"LlamaDecoderLayer", "MistralDecoderLayer", "Qwen2DecoderLayer"})
        if (cls == c) {
            if (P <= 2 * E) return std::nullopt;
            w.weights = P - 2 * E;
            w.causal = true;
            if (cls == "Qwen2DecoderLayer") w.assumed = "Qwen2's q, k and v biases (E + 2 x kv width) are counted as weights";
            return w;
        }
    if (cls == "T5Block") {
        // Self-attention q, k, v, o and the feed-forward without biases, T5LayerNorms (E each, no bias);
        // a decoder block adds cross-attention (k and v over the encoder output) and a third norm.
        const int64_t cross = ctx.t5_decoder_block - ctx.t5_encoder_block - E;
        const bool solved = ctx.t5_encoder_block > 0 && cross > 0 && cross % (4 * E) == 0;
        const int64_t inner = solved ? cross / (4 * E) : E;
        const int64_t norms = (decoder ? 3 : 2) * E, cross_kv = decoder ? 2 * E * inner : 0;
        if (P <= norms + cross_kv) return std::nullopt;
        w.weights = P - norms - cross_kv;
        w.memory_weights = cross_kv;
        w.width = inner;
        w.causal = w.cross = decoder;
        w.assumed = std::string(solved ? "" : "the attention's inner width (heads x d_kv) is taken as d_model (no encoder and decoder "
                                              "blocks to solve it from); ") +
                    "the first block's relative position table is counted as weights";
        if (solved && P == (decoder ? ctx.t5_decoder_block : ctx.t5_encoder_block)) w.assumed.clear();
        return w;
    }
    // A collapsed attention module: its projections from its parameters.
    switch (attention_family(cls)) {
        case AttentionFamily::gpt2:  // c_attn E x 3E + 3E, c_proj E x E + E
        case AttentionFamily::clip:  // q, k, v, out with biases
            if (P != 4 * E * E + 4 * E) return std::nullopt;
            w.weights = 4 * E * E;
            break;
        case AttentionFamily::whisper:  // k_proj without bias
            if (P != 4 * E * E + 3 * E) return std::nullopt;
            w.weights = 4 * E * E;
            break;
        case AttentionFamily::vit:  // query, key, value with biases (the output dense is ViTSelfOutput)
            if (P != 3 * E * E + 3 * E) return std::nullopt;
            w.weights = 3 * E * E;
            break;
        case AttentionFamily::llama:  // no biases (Llama, Mistral); Qwen2's q, k, v biases counted as weights
            w.weights = P;
            if (starts_with(cls, "Qwen2")) w.assumed = "Qwen2's q, k and v biases are counted as weights";
            break;
        default: return std::nullopt;  // T5's relative table, Swin's windows: not determined by the row
    }
    if (is_cross_attention(instance)) return std::nullopt;
    w.causal = attends_causally(attention_family(cls), instance);
    return w;
}

// A leaf row's op from its kind, shapes and parameters; per-sample counts divide by the batch.
Leaf leaf_op(const TorchInfoRow& r, std::string_view kind, int64_t params, const Context& ctx) {
    const int64_t b = ctx.batch;
    const Shape in = r.input_shapes.empty() ? Shape{} : r.input_shapes[0];
    const Shape out = r.output_shapes.empty() ? Shape{} : r.output_shapes[0];
    const int64_t in_n = r.input_shapes.empty() ? 0 : elements(in) / b;
    const int64_t out_n = elements(out) / b;
    if (kind.empty()) return {{}, "class " + r.class_name + " is not in torchinfo/class-map.json"};
    if (work_free(kind)) return {};
    if (r.output_shapes.empty()) return {{}, std::string(kind) + ": no output shape recorded"};
    if (out.size() == 3 && out.back() > 0)
        if (auto w = known_block_weights(r.class_name, r.instance_name, r.named ? in_decoder(r.instance_name) : ctx.t5_stacks >= 2,
                                         out.back(), params, ctx);
            w && (!w->cross || ctx.memory_tokens > 0)) {
            const int64_t E = out.back(), T = out_n / E;
            // transformers' layers are batch-first: [N, L, E].
            Leaf l{op::KnownBlock{w->weights, w->memory_weights, w->width > 0 ? w->width : E, T, out[1],
                                  w->cross ? ctx.memory_tokens : 0, w->causal},
                   {}};
            if (!w->assumed.empty())
                l.estimated = r.class_name + " costed from its class with an assumption: " + w->assumed;
            return l;
        }
    if (kind == "linear") {
        const int64_t O = out.empty() ? 0 : out.back();
        if (O <= 0) return {{}, "linear: the output has no last dimension"};
        const int64_t I = linear_in_features(in, params, O);
        return {op::Linear{I, O, params == I * O + O, Rows::sample, 0, out_n / O}, {}};
    }
    if (kind == "conv1d" || kind == "conv2d" || kind == "conv3d") {
        if (out.size() < 3 || params <= 0) return {{}, std::string(kind) + ": needs an [N, C, ...] output and the parameter count"};
        const int64_t cout = out[1], cin = in.size() >= 2 ? in[1] : 0;
        bool bias = false;
        const int64_t per_out = conv_weights_per_output(params, cout, cin, r.kernel.empty() ? 0 : elements(r.kernel), bias);
        return {op::Convolution{cin, cout, per_out, out_n / cout, in_n, bias}, {}};
    }
    if (kind == "conv_transpose") {
        // torch counts a transposed convolution per input element: 2 x input positions x in_ch x (out_ch /
        // groups) x kernel (the weight is [in, out / groups, k...]; stride and dilation only move where the
        // products land). The op is the convolution's with the input positions as its positions and the
        // input channels as its channels.
        if (out.size() < 3 || in.size() < 3 || params <= 0) return {{}, "conv_transpose: needs [N, C, ...] input and output shapes and the parameter count"};
        const int64_t cin = in[1], cout = out[1], kel = r.kernel.empty() ? 0 : elements(r.kernel);
        if (cin <= 0 || cout <= 0) return {{}, "conv_transpose: no channel counts"};
        const bool bias = params > cout && (params - cout) % cin == 0 && (kel <= 0 || ((params - cout) / cin) % kel == 0);
        const int64_t weights = bias ? params - cout : params;
        if (weights % cin != 0) return {{}, "conv_transpose: " + with_commas(params) + " parameters do not divide over " + std::to_string(cin) + " input channels"};
        return {op::Convolution{cin, cin, weights / cin, in_n / cin, in_n, false}, {}};
    }
    if (kind == "bilinear") {
        // y = x1^T A x2 + b with A [out, in1, in2]: a linear layer over in1 x in2 inputs.
        const int64_t O = out.empty() ? 0 : out.back();
        if (O <= 0 || params < O) return {{}, "bilinear: the output has no last dimension"};
        // params = O x in1 x in2 (+ O): with a bias (torch's default) when in1 divides what is left.
        const int64_t in1 = in.empty() ? 0 : in.back();
        const bool bias = (params - O) % O == 0 && (in1 <= 0 || ((params - O) / O) % in1 == 0);
        if (!bias && params % O != 0) return {{}, "bilinear: " + with_commas(params) + " parameters do not divide over " + std::to_string(O) + " outputs"};
        const int64_t I = (bias ? params - O : params) / O;
        return {op::Linear{I, O, bias, Rows::sample, 0, out_n / O}, {}};
    }
    if (kind == "embedding_bag") {
        // Every index's row is gathered (the bags' sums are CUDA-core adds, not counted by torch).
        const int64_t width = out.empty() ? 0 : out.back();
        if (width <= 0 || in_n <= 0) return {{}, "embedding_bag: needs the indices' shape and an output width"};
        return {op::Lookup{in_n, width}, {}};
    }
    if (kind == "permute" || kind == "upsample")  // copies: no FLOPs, the input read and the output written
        return {op::Elementwise{OperatorCategory::other, 0, in_n, out_n, params}, {}};
    if (kind == "embedding") {
        const int64_t width = out.empty() ? 0 : out.back();
        if (width <= 0) return {{}, "embedding: the output has no last dimension"};
        return {op::Lookup{out_n / width, width}, {}};
    }
    if (kind == "multihead_attention") {
        const int64_t E = out.empty() ? 0 : out.back();
        if (E <= 0 || out.size() != 3) return {{}, "multihead_attention: needs a 3-D [L, N, E] or [N, L, E] shape"};
        const int64_t T = out_n / E;
        // A decoder's cross-attention attends to the encoder's output (the last encoder row's length).
        const bool cross = is_cross_attention(r.instance_name) && ctx.memory_tokens > 0;
        return {op::MultiheadAttention{E, cross ? ctx.memory_tokens : sequence_length(out, b), T, params == 4 * E * E + 4 * E,
                                       cross ? ctx.memory_tokens : 0},
                {}};
    }
    if (kind == "recurrent_lstm" || kind == "recurrent_gru" || kind == "recurrent_rnn") {
        const int64_t gates = kind == "recurrent_lstm" ? 4 : kind == "recurrent_gru" ? 3 : 1;
        const int64_t I = in.empty() ? 0 : in.back(), O = out.empty() ? 0 : out.back();
        auto rec = I > 0 && O > 0 ? recurrent_from(gates, I, O, params) : std::nullopt;
        if (!rec && gates == 4 && I > 0 && O > 0) rec = lstm_projected_from(I, O, params);
        if (!rec)
            return {{}, std::string(kind) + ": no layer count, direction, bias" + (gates == 4 ? " and proj_size" : "") + " give " +
                            with_commas(params) + " parameters for input " + std::to_string(I) + " and output " + std::to_string(O)};
        rec->steps_per_sample = in_n / I;
        return {*rec, {}};
    }
    if (kind == "transformer_encoder_layer" || kind == "transformer_decoder_layer") {
        // params = self-attention 4E^2 + 4E, (decoder: cross-attention 4E^2 + 4E), MLP 2EF + F + E,
        // LayerNorms 2E each (2, or 3 in a decoder layer): F follows.
        const bool decoder = kind == "transformer_decoder_layer";
        const int64_t E = out.empty() ? 0 : out.back();
        const int64_t fixed = decoder ? 8 * E * E + 15 * E : 4 * E * E + 9 * E;
        const bool solvable = E > 0 && params > fixed && (params - fixed) % (2 * E + 1) == 0 && (!decoder || ctx.memory_tokens > 0);
        if (solvable) return {op::TransformerLayer{E, (params - fixed) / (2 * E + 1), out_n / E, decoder ? ctx.memory_tokens : 0}, {}};
        // Else estimated below, with the reason.
    }
    if (kind == "pooling" || kind == "adaptive_pooling")
        return {op::Elementwise{OperatorCategory::other, int64_t(pooling_window(in, out, r.kernel)), in_n, out_n, 0}, {}};
    if (const double per = elementwise_per_output(kind); per > 0)
        return {op::Elementwise{is_norm(kind) ? OperatorCategory::norm : OperatorCategory::activation, int64_t(per), in_n, out_n, params},
                {}};
    return {{}, std::string(kind) + ": a composite or model-specific kind with no formula for a plain network yet" +
                    (params > 0 ? " (" + with_commas(params) + " parameters)" : std::string())};
}

// A leaf the formulas could not cost but whose parameters say it works: estimated as 2 x parameters x
// output positions, labelled as such. Without parameters or an output shape it stays uncosted.
Leaf estimate(const TorchInfoRow& r, int64_t params, const Context& ctx, Leaf unknown) {
    if (params <= 0 || r.output_shapes.empty() || r.output_shapes[0].empty() || unknown.uncosted.empty()) return unknown;
    const Shape& out = r.output_shapes[0];
    const int64_t b = ctx.batch;
    // Positions: the tokens of [N, L, E] (features last); a 4-D or 5-D output is a convolution's
    // [N, C, H, W(, D)], channels second (a collapsed ResNet downsample: one position per pixel,
    // not per channel x row).
    const int64_t features = out.size() >= 4 ? out[1] : out.back();
    const int64_t positions = elements(out) / b / std::max<int64_t>(1, features);
    const int64_t in_n = r.input_shapes.empty() ? 0 : elements(r.input_shapes[0]) / b;
    Leaf e;
    e.op = op::Estimated{params, positions, in_n, elements(out) / b};
    e.estimated = "estimated as 2 x " + with_commas(params) + " parameters x " + with_commas(positions) +
                  " output positions per sample, because " + unknown.uncosted;
    return e;
}

// An attention module written with torch.matmul or SDPA: its q/k/v projections are children (query /
// key / value, q_proj / k_proj / v_proj, ...), the score and context matmuls are its own work.
std::optional<op::AttentionCore> attention_core(const TorchInfoRow& parent, const std::vector<const TorchInfoRow*>& children, int64_t b) {
    static constexpr std::string_view kTriples[][3] = {{"query", "key", "value"}, {"q_proj", "k_proj", "v_proj"}, {"q", "k", "v"},
                                                      {"to_q", "to_k", "to_v"},   {"q_lin", "k_lin", "v_lin"},    {"wq", "wk", "wv"},
                                                      {"query_proj", "key_proj", "value_proj"}};
    auto find = [&](std::string_view name) -> const TorchInfoRow* {
        for (const TorchInfoRow* c : children)
            if (last_name(c->instance_name) == name && !c->output_shapes.empty() && !c->output_shapes[0].empty()) return c;
        return nullptr;
    };
    const AttentionFamily family = attention_family(parent.class_name);
    const bool causal = attends_causally(family, parent.instance_name);
    // GPT-2: one fused c_attn (transformers' Conv1D, a Linear E -> 3E) gives q, k and v of one sequence.
    if (const TorchInfoRow* qkv = find("c_attn"); qkv && !find("q_attn")) {
        const Shape& s = qkv->output_shapes[0];
        const int64_t E = s.back() / 3;
        if (E <= 0 || s.back() % 3 != 0) return std::nullopt;
        const int64_t T = elements(s) / b / s.back();
        return op::AttentionCore{E, s.size() >= 2 ? s[s.size() - 2] : T, T, causal, T};
    }
    for (const auto& t : kTriples) {
        const TorchInfoRow *q = find(t[0]), *k = find(t[1]), *v = find(t[2]);
        if (!q || !k || !v) continue;
        const Shape &qs = q->output_shapes[0], &ks = k->output_shapes[0];
        const int64_t E = qs.back(), Ek = ks.back();
        if (E <= 0 || Ek <= 0) return std::nullopt;
        const int64_t T = elements(qs) / b / E, K = elements(ks) / b / Ek;
        // Swin: the tokens arrive as windows [B x windows, window^2, C]; each query sees its window.
        if (family == AttentionFamily::swin && qs.size() == 3) return op::AttentionCore{E, qs[1], T, false, K};
        // A causal sequence attends over its own length (GQA: k and v narrower, the scores as wide as q).
        if (causal && qs.size() == 3) return op::AttentionCore{E, qs[1], T, true, K};
        return op::AttentionCore{E, K, T};
    }
    return std::nullopt;
}

// A leaf row's class and shapes: a "(recursive)" row of a summary without var_names (a module called
// again, e.g. both branches of a siamese network) repeats the latest earlier call with the same key.
std::string call_key(const TorchInfoRow& r) {
    std::string k = r.class_name;
    for (const auto* shapes : {&r.input_shapes, &r.output_shapes}) {
        k += '|';
        for (const Shape& sh : *shapes) k += shape_text(sh);
    }
    return k;
}

// Failing that, the latest call of the class with the same output width: channels of [N, C, H, W],
// features of [..., E] (a detection head's convolutions called once per pyramid level, each level's
// shapes its own).
std::string width_key(const TorchInfoRow& r) {
    if (r.output_shapes.empty() || r.output_shapes[0].empty()) return {};
    const Shape& o = r.output_shapes[0];
    return r.class_name + "|" + std::to_string(o.size()) + "|" + std::to_string(o.size() >= 4 ? o[1] : o.back());
}

}  // namespace

Result<TorchInfoModel> build_torchinfo_model(const TorchInfoRun& run, const ClassMap& map, std::string_view source_name) {
    if (run.rows.empty())
        return make_error(std::string(source_name) + " has no table rows (a summary or a layers JSON is needed to build the network).",
                          std::string(source_name));
    TorchInfoModel m;
    m.recorded_batch = recorded_batch(run, m.notes);
    const int64_t b = m.recorded_batch;
    const std::string root_class = run.root_class();
    auto tree = std::make_shared<ModuleTree>();
    std::map<std::string, int64_t> first_params;  // a "(recursive)" call's parameters are its first call's
    std::map<std::string, int64_t> unnamed_calls;  // without var_names: by class and shapes (call_key)
    for (const TorchInfoRow& r : run.rows)
        if (!r.is_recursive && r.named && !r.shows_children)
            first_params.emplace(r.instance_name, r.params_subtree ? *r.params_subtree : r.params);

    ModuleNode root;
    root.id = std::string(stage_name(Stage::forward));
    root.class_name = root_class.empty() ? std::string("network") : root_class;
    root.stage = Stage::forward;
    tree->nodes.push_back(std::move(root));
    std::vector<int> at_depth{0};  // the last node opened at each depth
    std::map<std::string, int> seen_ids;
    std::vector<const TorchInfoRow*> row_of{nullptr};  // the row each node came from
    Context ctx;
    ctx.batch = b;
    {
        int stacks = 0;
        for (const TorchInfoRow& r : run.rows) {
            if (r.class_name == "T5Stack" && !r.is_recursive) ++stacks;
            if (r.class_name != "T5Block" || r.shows_children || r.is_recursive) continue;
            const int64_t p = r.params_subtree ? *r.params_subtree : r.params;
            int64_t& least = (r.named ? in_decoder(r.instance_name) : stacks >= 2) ? ctx.t5_decoder_block : ctx.t5_encoder_block;
            if (p > 0 && (least == 0 || p < least)) least = p;
        }
    }
    for (const TorchInfoRow& r : run.rows) {
        const bool is_root = r.depth == 0;
        int index = 0;
        if (!is_root) {
            ModuleNode n;
            n.stage = Stage::forward;
            n.name = r.instance_name.empty() ? r.class_name : r.instance_name;
            n.id = std::string(stage_name(Stage::forward)) + "/" + n.name;
            if (const int k = ++seen_ids[n.id]; k > 1) n.id += " (call " + std::to_string(k) + ")";
            n.class_name = r.class_name;
            n.component = Component::root;
            const int parent_depth = std::min<int>(r.depth - 1, int(at_depth.size()) - 1);
            n.parent = at_depth[size_t(std::max(parent_depth, 0))];
            n.depth = tree->nodes[size_t(n.parent)].depth + 1;
            index = int(tree->nodes.size());
            tree->nodes[size_t(n.parent)].children.push_back(index);
            tree->nodes.push_back(std::move(n));
            row_of.push_back(&r);
            at_depth.resize(size_t(r.depth) + 1);
            at_depth[size_t(r.depth)] = index;
        }
        ModuleNode& n = tree->nodes[size_t(index)];
        // TorchInfo prints a parent's own leftover parameters and a leaf's subtree total; "(recursive)"
        // rows repeat a module whose parameters were counted at its first call.
        int64_t params = r.is_recursive ? (r.named ? first_params[r.instance_name] : 0)
                                        : (!r.shows_children && r.params_subtree ? *r.params_subtree : r.params);
        if (!r.named && !r.shows_children) {
            if (!r.is_recursive) {
                unnamed_calls[call_key(r)] = params;
                if (const std::string w = width_key(r); !w.empty()) unnamed_calls[w] = params;
            } else if (auto it = unnamed_calls.find(call_key(r)); it != unnamed_calls.end()) {
                params = it->second;
            } else if (auto by_width = unnamed_calls.find(width_key(r)); by_width != unnamed_calls.end()) {
                params = by_width->second;
            }
        }
        n.params_own = r.is_recursive ? 0 : params;
        const std::string kind = classify(map, r.class_name_qualified, r.class_name, root_class);
        if (r.class_name == "T5Stack" && !r.is_recursive) ++ctx.t5_stacks;
        if (kind == "encoder" && r.class_name.find("Decoder") == std::string::npos && !in_decoder(r.instance_name) &&
            !r.output_shapes.empty())  // what a decoder's cross-attention will attend to
            if (const int64_t L = sequence_length(r.output_shapes[0], b); L > 0) ctx.memory_tokens = L;
        if (r.shows_children) continue;
        Leaf leaf = estimate(r, params, ctx, leaf_op(r, kind, params, ctx));
        n.op = leaf.op;
        n.uncosted = std::move(leaf.uncosted);
        n.estimated = std::move(leaf.estimated);
    }
    // Attention modules whose projections are children: the score and context matmuls are their own.
    for (size_t i = 1; i < tree->nodes.size(); ++i) {
        ModuleNode& n = tree->nodes[i];
        if (n.children.empty() || has_op(n.op)) continue;
        std::vector<const TorchInfoRow*> children;
        for (int c : n.children) children.push_back(row_of[size_t(c)]);
        if (auto core = attention_core(*row_of[i], children, b)) n.op = *core;
    }
    finish_tree(*tree);

    auto config = std::make_shared<ModelConfig>();
    config->plain = true;
    config->name = "torchinfo";
    config->display_name = tree->nodes[0].class_name + " (TorchInfo)";
    config->model_id = std::string(source_name);
    m.entry = ModelEntry{std::move(config), std::move(tree)};
    return m;
}

}  // namespace mm
