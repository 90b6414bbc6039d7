// Issue 15, class coverage: transformers attention classes known by name (the score and context
// matmuls added from the projections' shapes, causal where the class is, Swin within windows),
// collapsed rows of known blocks costed from their class, nn.LSTM with proj_size, and the torch.nn
// classes the map had missed. Every expected figure is derived by hand, term by term, in the
// comments beside it (torch convention: 2 FLOPs per multiply-add of matmuls and convolutions).
//
// Independent check (not needed to run these tests): Debian's python3-torch 1.13.1, whose
// torch.utils has no flop_counter yet, with a TorchDispatchMode adding FlopCounterMode's 2 x m x k x n
// for every aten.mm / addmm / bmm / baddbmm of small hand-written models under torch.no_grad():
// GPT-2 attention (eager, causal mask, 2 heads) 40,960; Llama GQA attention (4 heads, 2 kv heads,
// repeat_interleave) 74,240; nn.LSTM(10, 20, num_layers=2, proj_size=5) on [3, 7, 10] 92,400 with
// 2,520 parameters; the bidirectional one-layer variant 109,200 with 2,920 parameters: the figures
// below. nn.Bilinear runs aten._trilinear, which such a counter does not see (0): 240 is its
// multiply-adds, as Linear's rule counts them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/engine/op_cost.hpp"
#include "core/ingest/torchinfo_tree.hpp"
#include "core/report/coverage.hpp"
#include "embedded/embedded_files.hpp"
#include "engine_test_support.hpp"
#include "test_ingest_support.hpp"

namespace {

const mm::ClassMap& class_map() {
    static const mm::ClassMap map = mm::load_class_map(mm::embedded_assets()).value();
    return map;
}

// One row of a printed summary: depth (0: the root), class, var_name, input and output shape cells,
// the Param # cell ("--" for none).
struct Row {
    int depth;
    std::string cls, var, in, out, params;
};

std::string pad(std::string s, size_t width) {
    s += std::string(width > s.size() ? width - s.size() : 2, ' ');
    return s;
}

// A summary as torchinfo prints it with row_settings=("var_names", "ascii_only"), with a footer of
// `total` parameters.
std::string summary(const std::vector<Row>& rows, const std::string& total) {
    const std::string rule(150, '=');
    std::string t = rule + "\n" + pad("Layer (type (var_name))", 60) + pad("Input Shape", 28) + pad("Output Shape", 28) + "Param #\n" + rule + "\n";
    for (const Row& r : rows) {
        std::string layer;
        for (int d = 1; d < r.depth; ++d) layer += "|    ";
        if (r.depth > 0) layer += "+ ";
        layer += r.cls + " (" + r.var + ")";
        t += pad(layer, 60) + pad(r.in, 28) + pad(r.out, 28) + r.params + "\n";
    }
    return t + rule + "\nTotal params: " + total + "\nTrainable params: " + total + "\nNon-trainable params: 0\n" + rule + "\n";
}

mm::TorchInfoModel build(const std::string& text) {
    const mm::TorchInfoRun run = mm_test::load_text("classes.txt", text);
    auto m = mm::build_torchinfo_model(run, class_map(), "classes.txt");
    INFO((m.ok() ? std::string() : m.error().message));
    REQUIRE(m.ok());
    return std::move(m).value();
}

mm::Analysis analyse(const mm::TorchInfoModel& m, const char* convention, int64_t batch, bool flash = true) {
    mm::AnalyzeOptions o;
    o.convention = *mm::parse_convention(convention);
    o.batch = batch;
    o.attention = flash ? mm::AttentionImpl::flash : mm::AttentionImpl::eager;
    auto a = mm::analyze_model(mmtest::catalog(), m.entry, o);
    INFO((a.ok() ? std::string() : a.error().message));
    REQUIRE(a.ok());
    return std::move(a).value();
}

// Nothing left uncosted, and every op one a forward pass can cost.
void check_all_costed(const mm::Analysis& a) {
    for (const mm::ModuleNode& n : a.tree->nodes) {
        INFO(n.id << ": " << n.uncosted);
        CHECK(n.uncosted.empty());
        if (mm::has_op(n.op)) CHECK(mm::runs_in_samples(n.op));
    }
}

const mm::ModuleNode& node(const mm::Analysis& a, const std::string& id) {
    for (const mm::ModuleNode& n : a.tree->nodes)
        if (n.id == id) return n;
    FAIL("no node " << id);
    return a.tree->nodes[0];
}

}  // namespace

// GPT-2 attention, batch 2, 8 tokens, E = 16: c_attn is transformers' Conv1D (a Linear E -> 3E with
// its weight transposed), costed as a Linear.
//   c_attn 2 x B x L x E x 3E = 2 x 2 x 8 x 16 x 48 = 24,576
//   c_proj 2 x B x L x E x E  = 2 x 2 x 8 x 16 x 16 =  8,192
//   QK^T 2 x B x L x L x E = 4,096 and AV the same: 4 x 2 x 8 x 8 x 16 = 8,192 (any head count)
// torch 40,960. Causal: a flash kernel executes (L + 1)/2 = 4.5 keys per query, 4 x 2 x 8 x 4.5 x 16
// = 4,608 on tensor cores; eager attention computes all 8,192.
TEST_CASE("GPT-2 attention: the fused c_attn's width gives the causal score and context matmuls", "[torchinfo classes]") {
    const std::string text = summary({{0, "GPT2Tiny", "GPT2Tiny", "[2, 8, 16]", "[2, 8, 16]", "--"},
                                      {1, "GPT2Attention", "attn", "[2, 8, 16]", "[2, 8, 16]", "--"},
                                      {2, "Conv1D", "c_attn", "[2, 8, 16]", "[2, 8, 48]", "816"},
                                      {2, "Dropout", "attn_dropout", "[2, 2, 8, 8]", "[2, 2, 8, 8]", "--"},
                                      {2, "Conv1D", "c_proj", "[2, 8, 16]", "[2, 8, 16]", "272"},
                                      {2, "Dropout", "resid_dropout", "[2, 8, 16]", "[2, 8, 16]", "--"}},
                                     "1,088");
    const mm::TorchInfoModel m = build(text);
    CHECK(m.recorded_batch == 2);
    const mm::Analysis a = analyse(m, "torch", 2);
    check_all_costed(a);
    CHECK(a.params().total == 1088);
    CHECK(mmtest::module(a, "forward/attn.c_attn").flops == 24576);
    CHECK(mmtest::module(a, "forward/attn.c_proj").flops == 8192);
    CHECK(a.total().flops == 24576 + 8192 + 8192);
    const auto* core = std::get_if<mm::op::AttentionCore>(&node(a, "forward/attn").op);
    REQUIRE(core);
    CHECK(core->causal);
    CHECK(analyse(m, "executed", 2).total().flops_tensor == 24576 + 8192 + 4608);
    CHECK(analyse(m, "executed", 2, false).total().flops_tensor == 24576 + 8192 + 8192);
}

// Llama attention with GQA, batch 1, 10 tokens: 4 heads of 8 (E = 32), 2 kv heads (k, v 16 wide).
//   q_proj 2 x 10 x 32 x 32 = 20,480; k_proj 2 x 10 x 32 x 16 = 10,240; v_proj 10,240; o_proj 20,480
//   QK^T 2 x 10 x 10 x 32 = 6,400 (k repeated to the 4 heads) and AV 6,400: 12,800
// torch 74,240. The same rows under Qwen2's and Mistral's names (Sdpa and Flash variants too) cost alike.
TEST_CASE("Llama / Qwen2 / Mistral attention: GQA projections and causal scores as wide as q", "[torchinfo classes]") {
    for (const char* cls : {"LlamaAttention", "LlamaSdpaAttention", "Qwen2Attention", "MistralFlashAttention2"}) {
        INFO(cls);
        const std::string text = summary({{0, "LlamaTiny", "LlamaTiny", "[1, 10, 32]", "[1, 10, 32]", "--"},
                                          {1, cls, "self_attn", "[1, 10, 32]", "[1, 10, 32]", "--"},
                                          {2, "Linear", "q_proj", "[1, 10, 32]", "[1, 10, 32]", "1,024"},
                                          {2, "Linear", "k_proj", "[1, 10, 32]", "[1, 10, 16]", "512"},
                                          {2, "Linear", "v_proj", "[1, 10, 32]", "[1, 10, 16]", "512"},
                                          {2, "Linear", "o_proj", "[1, 10, 32]", "[1, 10, 32]", "1,024"}},
                                         "3,072");
        const mm::Analysis a = analyse(build(text), "torch", 1);
        check_all_costed(a);
        CHECK(a.params().total == 3072);
        CHECK(a.total().flops == 20480 + 10240 + 10240 + 20480 + 12800);
        // Executed with flash: (10 + 1)/2 keys per query, 4 x 10 x 5.5 x 32 = 7,040.
        CHECK(analyse(build(text), "executed", 1).total().flops_tensor == 61440 + 7040);
        // Explain says the head count is not needed.
        int at = -1;
        for (size_t i = 0; i < a.tree->nodes.size(); ++i)
            if (a.tree->nodes[i].id == "forward/self_attn") at = int(i);
        REQUIRE(at >= 0);
        const std::string why = mm::explain_module(a, at);
        CHECK(why.find("4 x 10 x 10 x 32 = 12,800") != std::string::npos);
        CHECK(why.find("any head count") != std::string::npos);
    }
}

// T5 (E = 8, inner 8, no biases), encoder 6 tokens, decoder 4, batch 1:
//   encoder SelfAttention: q, k, v, o 4 x 2 x 6 x 8 x 8 = 3,072; scores and context 4 x 6 x 6 x 8 = 1,152
//   decoder SelfAttention (causal): 4 x 2 x 4 x 8 x 8 = 2,048; 4 x 4 x 4 x 8 = 512
//   decoder EncDecAttention: q, o 2 x 2 x 4 x 64 = 1,024, k, v over the encoder's 6: 2 x 2 x 6 x 64 = 1,536;
//   scores and context over 6 keys 4 x 4 x 6 x 8 = 768
// torch 10,112. Executed (flash): the decoder's self-attention 4 x 4 x 2.5 x 8 = 320 instead of 512.
// Whisper's rows (q_proj ... out_proj, k_proj without bias, encoder_attn) cost alike.
TEST_CASE("T5 and Whisper attention: bidirectional encoder, causal decoder, cross-attention over the encoder", "[torchinfo classes]") {
    struct Names {
        const char *stack_e, *stack_d, *cls, *self, *cross, *q, *k, *v, *o, *kp;
    };
    for (const Names& n : {Names{"T5Stack", "T5Stack", "T5Attention", "SelfAttention", "EncDecAttention", "q", "k", "v", "o", "64"},
                           Names{"WhisperEncoder", "WhisperDecoder", "WhisperAttention", "self_attn", "encoder_attn", "q_proj", "k_proj",
                                 "v_proj", "out_proj", "64"}}) {
        INFO(n.cls);
        auto attention = [&](int depth, const char* var, const char* q_in, const char* kv_in) {
            const std::string qs = q_in, kvs = kv_in;
            return std::vector<Row>{{depth, n.cls, var, qs, qs, "--"},
                                    {depth + 1, "Linear", n.q, qs, qs, "64"},
                                    {depth + 1, "Linear", n.k, kvs, kvs, n.kp},
                                    {depth + 1, "Linear", n.v, kvs, kvs, "64"},
                                    {depth + 1, "Linear", n.o, qs, qs, "64"}};
        };
        std::vector<Row> rows{{0, "Seq2SeqTiny", "Seq2SeqTiny", "[1, 6, 8]", "[1, 4, 8]", "--"},
                              {1, n.stack_e, "encoder", "[1, 6, 8]", "[1, 6, 8]", "--"}};
        for (const Row& r : attention(2, n.self, "[1, 6, 8]", "[1, 6, 8]")) rows.push_back(r);
        rows.push_back({1, n.stack_d, "decoder", "[1, 4, 8]", "[1, 4, 8]", "--"});
        for (const Row& r : attention(2, n.self, "[1, 4, 8]", "[1, 4, 8]")) rows.push_back(r);
        for (const Row& r : attention(2, n.cross, "[1, 4, 8]", "[1, 6, 8]")) rows.push_back(r);
        const mm::TorchInfoModel m = build(summary(rows, "768"));
        const mm::Analysis a = analyse(m, "torch", 1);
        check_all_costed(a);
        CHECK(a.params().total == 768);
        CHECK(mmtest::module(a, std::string("forward/encoder.") + n.self).flops == 3072 + 1152);
        CHECK(mmtest::module(a, std::string("forward/decoder.") + n.self).flops == 2048 + 512);
        CHECK(mmtest::module(a, std::string("forward/decoder.") + n.cross).flops == 1024 + 1536 + 768);
        CHECK(a.total().flops == 10112);
        const auto* self = std::get_if<mm::op::AttentionCore>(&node(a, std::string("forward/decoder.") + n.self).op);
        const auto* cross = std::get_if<mm::op::AttentionCore>(&node(a, std::string("forward/decoder.") + n.cross).op);
        const auto* enc = std::get_if<mm::op::AttentionCore>(&node(a, std::string("forward/encoder.") + n.self).op);
        REQUIRE((self && cross && enc));
        CHECK(self->causal);
        CHECK_FALSE(cross->causal);
        CHECK_FALSE(enc->causal);
        CHECK(cross->keys == 6);
        CHECK(analyse(m, "executed", 1).total().flops_tensor == 10112 - 512 + 320);
    }
}

// CLIP (q_proj ...) and ViT (query, key, value) self-attention: bidirectional, one sequence of 5.
//   E = 8: q, k, v 3 x 2 x 5 x 8 x 8 = 1,920; scores and context 4 x 5 x 5 x 8 = 800.
TEST_CASE("CLIP and ViT attention: full bidirectional scores", "[torchinfo classes]") {
    for (const char* cls : {"CLIPAttention", "ViTSelfAttention"}) {
        const bool vit = std::string(cls) == "ViTSelfAttention";
        const std::string text = summary({{0, "Tiny", "Tiny", "[1, 5, 8]", "[1, 5, 8]", "--"},
                                          {1, cls, "attention", "[1, 5, 8]", "[1, 5, 8]", "--"},
                                          {2, "Linear", vit ? "query" : "q_proj", "[1, 5, 8]", "[1, 5, 8]", "72"},
                                          {2, "Linear", vit ? "key" : "k_proj", "[1, 5, 8]", "[1, 5, 8]", "72"},
                                          {2, "Linear", vit ? "value" : "v_proj", "[1, 5, 8]", "[1, 5, 8]", "72"}},
                                         "216");
        const mm::TorchInfoModel m = build(text);
        const mm::Analysis a = analyse(m, "torch", 1);
        check_all_costed(a);
        CHECK(a.total().flops == 1920 + 800);
        CHECK(analyse(m, "executed", 1).total().flops_tensor == 1920 + 800);  // not causal
    }
}

// Swin: 8 x 8 = 64 tokens of C = 8 in windows of 4 x 4 = 16 tokens (4 windows), batch 1; the attention
// module sees [batch x windows, 16, 8] and holds its relative position table (7 x 7 x 2 heads = 98).
//   query, key, value 3 x 2 x 64 x 8 x 8 = 24,576
//   scores and context within each window: 4 x 64 queries x 16 keys x 8 = 32,768 (over the whole
//   sequence it would be 4 x 64 x 64 x 8 = 131,072)
TEST_CASE("Swin self-attention: scores within windows of window^2 tokens, not the whole sequence", "[torchinfo classes]") {
    const std::string text = summary({{0, "SwinTiny", "SwinTiny", "[1, 64, 8]", "[1, 64, 8]", "--"},
                                      {1, "SwinSelfAttention", "self", "[4, 16, 8]", "[4, 16, 8]", "98"},
                                      {2, "Linear", "query", "[4, 16, 8]", "[4, 16, 8]", "72"},
                                      {2, "Linear", "key", "[4, 16, 8]", "[4, 16, 8]", "72"},
                                      {2, "Linear", "value", "[4, 16, 8]", "[4, 16, 8]", "72"}},
                                     "314");
    const mm::Analysis a = analyse(build(text), "torch", 1);
    check_all_costed(a);
    CHECK(a.params().total == 314);
    CHECK(a.total().flops == 24576 + 32768);
    // Two images: every figure doubles (the windows are per image).
    CHECK(analyse(build(text), "torch", 2).total().flops == 2 * (24576 + 32768));
}

// Collapsed rows (the depth limit) of known blocks, costed from their class:
//   LlamaDecoderLayer, L = 10, E = 32, kv 16, F = 64: params q 1,024 + k 512 + v 512 + o 1,024 + gate,
//   up, down 3 x 2,048 + two RMSNorms 64 = 9,280; projections 2 x 10 x (9,280 - 64) = 184,320;
//   causal scores and context 4 x 10 x 10 x 32 = 12,800. Total 197,120.
//   GPT2Block, L = 8, E = 16, F = 64: params 4E^2 + 4E + 2EF + F + E + 4E = 3,280; projections
//   2 x 8 x (4 x 256 + 2 x 16 x 64) = 49,152; scores and context 4 x 8 x 8 x 16 = 4,096. Total 53,248.
TEST_CASE("collapsed Llama, Qwen2, Mistral and GPT-2 layers are costed from their class", "[torchinfo classes]") {
    for (const char* cls : {"LlamaDecoderLayer", "MistralDecoderLayer"}) {
        INFO(cls);
        const std::string text = summary({{0, "LlamaTiny", "LlamaTiny", "[1, 10, 32]", "[1, 10, 32]", "--"},
                                          {1, "ModuleList", "layers", "--", "--", "--"},
                                          {2, cls, "0", "[1, 10, 32]", "[1, 10, 32]", "9,280"}},
                                         "9,280");
        const mm::TorchInfoModel m = build(text);
        const mm::Analysis a = analyse(m, "torch", 1);
        check_all_costed(a);
        CHECK(a.total().flops == 184320 + 12800);
        CHECK(node(a, "forward/layers.0").estimated.empty());
        // Executed (flash): 4 x 10 x 5.5 x 32 = 7,040 for the causal pairs.
        CHECK(analyse(m, "executed", 1).total().flops_tensor == 184320 + 7040);
    }
    {
        // Qwen2: the same, its q, k, v biases (32 + 16 + 16) counted as weights, and labelled so:
        // 2 x 10 x (9,344 - 64) = 185,600 + 12,800.
        const std::string text = summary({{0, "QwenTiny", "QwenTiny", "[1, 10, 32]", "[1, 10, 32]", "--"},
                                          {1, "Qwen2DecoderLayer", "layer", "[1, 10, 32]", "[1, 10, 32]", "9,344"}},
                                         "9,344");
        const mm::Analysis a = analyse(build(text), "torch", 1);
        CHECK(a.total().flops == 185600 + 12800);
        CHECK(node(a, "forward/layer").estimated.find("biases") != std::string::npos);
    }
    // ViT and CLIP layers hold the same as GPT2Block (biased q, k, v, out; MLP; two LayerNorms), bidirectional.
    for (const char* cls : {"GPT2Block", "ViTLayer", "CLIPEncoderLayer"}) {
        INFO(cls);
        const bool causal = std::string(cls) == "GPT2Block";
        const mm::TorchInfoModel m = build(summary({{0, "Tiny", "Tiny", "[1, 8, 16]", "[1, 8, 16]", "--"},
                                                    {1, cls, "h", "[1, 8, 16]", "[1, 8, 16]", "3,280"}},
                                                   "3,280"));
        const mm::Analysis g = analyse(m, "torch", 1);
        check_all_costed(g);
        CHECK(g.total().flops == 49152 + 4096);
        CHECK(node(g, "forward/h").estimated.empty());
        // Executed (flash), GPT-2 only: 4 x 8 x 4.5 x 16 = 2,304 for the causal pairs.
        CHECK(analyse(m, "executed", 1).total().flops_tensor == 49152 + (causal ? 2304 : 4096));
    }
}

// Whisper, E = 8, F = 16, encoder 6 tokens, decoder 4, batch 1, both layers collapsed:
//   WhisperEncoderLayer params 4E^2 + 3E (k_proj has no bias) + 2 LayerNorms 4E + fc1 EF + F + fc2 FE + E
//   = 256 + 24 + 32 + 144 + 136 = 592: projections 2 x 6 x (4 x 64 + 2 x 8 x 16) = 6,144; scores and
//   context 4 x 6 x 6 x 8 = 1,152.
//   WhisperDecoderLayer params self 280 + cross 280 + 3 LayerNorms 48 + fc1 144 + fc2 136 = 888:
//   per token self 4E^2, cross q and out 2E^2, MLP 2EF: 2 x 4 x (256 + 128 + 256) = 5,120; cross k and v over
//   the encoder's 6 tokens 2 x 6 x 128 = 1,536; causal self scores 4 x 4 x 4 x 8 = 512; cross scores
//   4 x 4 x 6 x 8 = 768.
// Total 7,296 + 7,936 = 15,232.
TEST_CASE("collapsed Whisper encoder and decoder layers: cross-attention over the encoder's output", "[torchinfo classes]") {
    const std::string text = summary({{0, "WhisperTiny", "WhisperTiny", "[1, 6, 8]", "[1, 4, 8]", "--"},
                                      {1, "WhisperEncoder", "encoder", "[1, 6, 8]", "[1, 6, 8]", "--"},
                                      {2, "WhisperEncoderLayer", "layers", "[1, 6, 8]", "[1, 6, 8]", "592"},
                                      {1, "WhisperDecoder", "decoder", "[1, 4, 8]", "[1, 4, 8]", "--"},
                                      {2, "WhisperDecoderLayer", "layers", "[1, 4, 8]", "[1, 4, 8]", "888"}},
                                     "1,480");
    const mm::Analysis a = analyse(build(text), "torch", 1);
    check_all_costed(a);
    CHECK(mmtest::module(a, "forward/encoder.layers").flops == 6144 + 1152);
    CHECK(mmtest::module(a, "forward/decoder.layers").flops == 5120 + 1536 + 512 + 768);
    CHECK(a.total().flops == 15232);
}

// T5Block and SwinLayer: what the row cannot determine (T5's inner width, Swin's window) is assumed
// or estimated, and labelled; never a silent 0.
//   T5Block (encoder), E = 8, params 4 x 64 (attention) + 2 x 128 (wi, wo, F = 16) + 2 norms 16 = 528:
//   projections 2 x 6 x (528 - 16) = 6,144; scores 4 x 6 x 6 x 8 = 1,152 (inner width taken as E).
//   SwinLayer with 1,000 parameters over 64 positions: estimated 2 x 1,000 x 64 = 128,000.
TEST_CASE("collapsed T5 and Swin layers: assumptions and estimates are labelled", "[torchinfo classes]") {
    const std::string text = summary({{0, "Tiny", "Tiny", "[1, 6, 8]", "[1, 64, 8]", "--"},
                                      {1, "T5Stack", "encoder", "[1, 6, 8]", "[1, 6, 8]", "--"},
                                      {2, "T5Block", "block", "[1, 6, 8]", "[1, 6, 8]", "528"},
                                      {1, "SwinLayer", "swin", "[1, 64, 8]", "[1, 64, 8]", "1,000"}},
                                     "1,528");
    const mm::Analysis a = analyse(build(text), "torch", 1);
    check_all_costed(a);
    CHECK(mmtest::module(a, "forward/encoder.block").flops == 6144 + 1152);
    CHECK(node(a, "forward/encoder.block").estimated.find("inner width") != std::string::npos);
    CHECK(mmtest::module(a, "forward/swin").flops == 128000);
    CHECK_FALSE(node(a, "forward/swin").estimated.empty());
}

// T5 with both stacks collapsed: E = 8, attention inner width 4 (2 heads x d_kv 2), feed-forward 16,
// relative position table 32 buckets x 2 heads = 64 in each stack's first block.
//   encoder block: q, k, v, o 4 x 8 x 4 = 128 + wi, wo 256 + 2 norms 16 = 400 (the first 464)
//   decoder block: self 128 + cross 128 + 256 + 3 norms 24 = 536 (the first 600)
//   inner = (536 - 400 - 8) / (4 x 8) = 4, solved from the two.
//   encoder block 2 x 6 x (400 - 16) = 4,608 + scores 4 x 6 x 6 x 4 = 576: 5,184; the first 2 x 6 x 448
//   = 5,376 + 576 = 5,952 (its table counted as weights, labelled)
//   decoder block per token 128 + 2 x 8 x 4 + 256 = 448: 2 x 4 x 448 = 3,584; cross k, v over the 6
//   encoder tokens 2 x 6 x 64 = 768; causal self scores 4 x 4 x 4 x 4 = 256; cross 4 x 4 x 6 x 4 = 384:
//   4,992; the first 2 x 4 x 512 = 4,096 + 768 + 256 + 384 = 5,504.
// Total 5,952 + 5,184 + 5,504 + 4,992 = 21,632.
TEST_CASE("collapsed T5 blocks: the attention's inner width solved from encoder and decoder blocks", "[torchinfo classes]") {
    const std::string text = summary({{0, "T5Tiny", "T5Tiny", "[1, 6, 8]", "[1, 4, 8]", "--"},
                                      {1, "T5Stack", "encoder", "[1, 6, 8]", "[1, 6, 8]", "--"},
                                      {2, "ModuleList", "block", "--", "--", "--"},
                                      {3, "T5Block", "0", "[1, 6, 8]", "[1, 6, 8]", "464"},
                                      {3, "T5Block", "1", "[1, 6, 8]", "[1, 6, 8]", "400"},
                                      {1, "T5Stack", "decoder", "[1, 4, 8]", "[1, 4, 8]", "--"},
                                      {2, "ModuleList", "block", "--", "--", "--"},
                                      {3, "T5Block", "0", "[1, 4, 8]", "[1, 4, 8]", "600"},
                                      {3, "T5Block", "1", "[1, 4, 8]", "[1, 4, 8]", "536"}},
                                     "2,000");
    const mm::Analysis a = analyse(build(text), "torch", 1);
    check_all_costed(a);
    CHECK(mmtest::module(a, "forward/encoder.block.0").flops == 5952);
    CHECK(mmtest::module(a, "forward/encoder.block.1").flops == 5184);
    CHECK(mmtest::module(a, "forward/decoder.block.0").flops == 5504);
    CHECK(mmtest::module(a, "forward/decoder.block.1").flops == 4992);
    CHECK(a.total().flops == 21632);
    CHECK(node(a, "forward/encoder.block.1").estimated.empty());
    CHECK(node(a, "forward/decoder.block.1").estimated.empty());
    CHECK(node(a, "forward/decoder.block.0").estimated.find("relative position table") != std::string::npos);
}

// nn.LSTM(10, 20, num_layers=2, proj_size=5, batch_first=True) over batch 3 x 7 steps:
//   layer 0: W_ih 80 x 10 = 800, W_hh 80 x 5 = 400, biases 160, W_hr 5 x 20 = 100: 1,460
//   layer 1: W_ih 80 x 5 = 400, W_hh 400, biases 160, W_hr 100: 1,060; 2,520 in all; output [3, 7, 5]
// Per step: layer 0 2 x (80 x (10 + 5) + 5 x 20) = 2,600; layer 1 2 x (80 x (5 + 5) + 100) = 1,800.
// 21 steps in all x 4,400 = 92,400.
// A bidirectional one, nn.LSTM(10, 20, proj_size=5, bidirectional=True), one layer: per direction 1,460,
// 2,920 in all; output [3, 7, 10]; per step 2 x 2,600 = 5,200; 21 x 5,200 = 109,200.
TEST_CASE("LSTM with proj_size: hidden, projection and layers solved from the parameter count", "[torchinfo classes]") {
    const std::string text = summary({{0, "Lm", "Lm", "[3, 7, 10]", "[3, 7, 5]", "--"},
                                      {1, "LSTM", "lstm", "[3, 7, 10]", "[3, 7, 5]", "2,520"}},
                                     "2,520");
    const mm::Analysis a = analyse(build(text), "torch", 3);
    check_all_costed(a);
    const auto* rec = std::get_if<mm::op::Recurrent>(&node(a, "forward/lstm").op);
    REQUIRE(rec);
    CHECK(rec->hidden == 20);
    CHECK(rec->proj == 5);
    CHECK(rec->layers == 2);
    CHECK(a.total().flops == 92400);
    CHECK(a.total().bytes_weights == 2.0 * 2520);  // every parameter read once, bf16

    const std::string bi = summary({{0, "Lm", "Lm", "[3, 7, 10]", "[3, 7, 10]", "--"},
                                    {1, "LSTM", "lstm", "[3, 7, 10]", "[3, 7, 10]", "2,920"}},
                                   "2,920");
    const mm::Analysis b = analyse(build(bi), "torch", 3);
    check_all_costed(b);
    CHECK(b.total().flops == 109200);

    // Parameters no layout explains stay uncosted with the reason, not a made-up figure.
    const std::string odd = summary({{0, "Lm", "Lm", "[3, 7, 10]", "[3, 7, 5]", "--"}, {1, "LSTM", "lstm", "[3, 7, 10]", "[3, 7, 5]", "7"}},
                                    "7");
    const mm::Analysis c = analyse(build(odd), "torch", 3);
    CHECK(node(c, "forward/lstm").uncosted.empty());  // parameters: estimated, labelled
    CHECK(node(c, "forward/lstm").estimated.find("proj_size") != std::string::npos);
}

// torch.nn classes the map had missed. torch FLOPs come only from the transposed convolution and the
// bilinear layer:
//   ConvTranspose2d(4, 6, 3, stride=2, groups=2): weight [4, 3, 3, 3] + bias 6 = 114 parameters; torch
//   counts per input element, 2 x 2 samples x 25 positions x 4 in x 3 (out / groups) x 9 = 10,800
//   Bilinear(3, 4, 5): weight [5, 3, 4] = 60 + bias 5 = 65; 2 x 2 rows x 5 x 12 = 240
//   Conv3d(1, 2, 2, stride=2): 2 x 1 x 8 + 2 = 18 parameters; this table has no Kernel Shape column, so
//   the builder's rule for an unknown kernel counts the bias as a ninth weight per output (existing
//   behaviour, an upper bound): 2 x 2 samples x 8 positions x 2 out x 9 = 576 (512 with the kernel known)
// The rest (PixelShuffle, Upsample, the norms, activations, dropout, pooling, EmbeddingBag) are CUDA-core
// work or copies: 0 torch FLOPs, and classified.
TEST_CASE("torch.nn coverage: transposed convolution, bilinear and the rest are classified and costed", "[torchinfo classes]") {
    const std::string text = summary({{0, "Zoo", "Zoo", "[2, 4, 5, 5]", "[2, 5]", "--"},
                                      {1, "ConvTranspose2d", "up", "[2, 4, 5, 5]", "[2, 6, 11, 11]", "114"},
                                      {1, "PixelShuffle", "ps", "[2, 4, 4, 4]", "[2, 1, 8, 8]", "--"},
                                      {1, "PixelUnshuffle", "pu", "[2, 1, 8, 8]", "[2, 4, 4, 4]", "--"},
                                      {1, "Upsample", "us", "[2, 4, 4, 4]", "[2, 4, 8, 8]", "--"},
                                      {1, "Conv3d", "c3", "[2, 1, 4, 4, 4]", "[2, 2, 2, 2, 2]", "18"},
                                      {1, "BatchNorm3d", "bn3", "[2, 2, 2, 2, 2]", "[2, 2, 2, 2, 2]", "4"},
                                      {1, "InstanceNorm3d", "in3", "[2, 2, 2, 2, 2]", "[2, 2, 2, 2, 2]", "--"},
                                      {1, "LocalResponseNorm", "lrn", "[2, 4, 4, 4]", "[2, 4, 4, 4]", "--"},
                                      {1, "GroupNorm", "gn", "[2, 4, 4, 4]", "[2, 4, 4, 4]", "8"},
                                      {1, "AvgPool3d", "ap3", "[2, 2, 2, 2, 2]", "[2, 2, 1, 1, 1]", "--"},
                                      {1, "MaxPool3d", "mp3", "[2, 2, 2, 2, 2]", "[2, 2, 1, 1, 1]", "--"},
                                      {1, "AdaptiveMaxPool1d", "amp1", "[2, 4, 8]", "[2, 4, 2]", "--"},
                                      {1, "PReLU", "prelu", "[2, 4, 8]", "[2, 4, 8]", "1"},
                                      {1, "Mish", "mish", "[2, 4, 8]", "[2, 4, 8]", "--"},
                                      {1, "Hardswish", "hs", "[2, 4, 8]", "[2, 4, 8]", "--"},
                                      {1, "LogSoftmax", "ls", "[2, 4, 8]", "[2, 4, 8]", "--"},
                                      {1, "Dropout3d", "d3", "[2, 4, 8]", "[2, 4, 8]", "--"},
                                      {1, "EmbeddingBag", "bag", "[2, 6]", "[2, 4]", "40"},
                                      {1, "Bilinear", "bil", "[2, 3]", "[2, 5]", "65"}},
                                     "250");
    const mm::TorchInfoModel m = build(text);
    const mm::Analysis a = analyse(m, "torch", 2);
    check_all_costed(a);
    CHECK(a.params().total == 114 + 18 + 4 + 8 + 1 + 40 + 65);
    CHECK(mmtest::module(a, "forward/up").flops == 10800);
    CHECK(mmtest::module(a, "forward/bil").flops == 240);
    CHECK(mmtest::module(a, "forward/c3").flops == 576);
    CHECK(a.total().flops == 10800 + 240 + 576);
    for (const mm::ModuleNode& n : a.tree->nodes)
        if (n.depth == 1) {
            INFO(n.id);
            CHECK((mm::has_op(n.op) || n.class_name == "Dropout3d"));
        }
}

// A collapsed ResNet downsample (Sequential of a 1x1 Conv2d 8 -> 16, stride 2, and a BatchNorm2d: 128
// + 32 = 160 parameters) printed at the depth limit with output [1, 16, 2, 2]: the estimate takes its
// positions as the 2 x 2 pixels (channels second in a 4-D output), 2 x 160 x 4 = 1,280 (the conv alone
// is 2 x 4 x 16 x 8 = 1,024); counting every channel x row as a position (16 x 2 = 32) had made
// torchinfo's resnet152.out 4.4 times its mult-adds.
TEST_CASE("an estimated 4-D row counts one position per pixel, not per channel and row", "[torchinfo classes]") {
    const std::string text = summary({{0, "Net", "Net", "[1, 8, 4, 4]", "[1, 16, 2, 2]", "--"},
                                      {1, "Sequential", "downsample", "[1, 8, 4, 4]", "[1, 16, 2, 2]", "160"}},
                                     "160");
    const mm::Analysis a = analyse(build(text), "torch", 1);
    CHECK(a.total().flops == 1280);
    CHECK(node(a, "forward/downsample").estimated.find("2 x 160 parameters x 4 output positions") != std::string::npos);
}
