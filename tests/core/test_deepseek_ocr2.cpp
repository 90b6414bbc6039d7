// DeepSeek-OCR 2 (docs/domain.md section 8) against counts derived by hand from the vendor code's
// facts, term by term: parameters, the tile rule, image tokens, and the torch-convention FLOPs of the
// vision stage (0, 2, 3, 4, 6 crops), the prefill and the decode passes at two context lengths.
// The expected totals are literals worked out in the comments, not the engine's output.
#include "engine_test_support.hpp"

#include "core/engine/workload.hpp"
#include "core/ingest/study.hpp"
#include "core/options/option_table.hpp"

using namespace mmtest;

namespace {

mm::AnalyzeOptions ocr2(mm::Convention conv = mm::Convention::torch) {
    mm::AnalyzeOptions o;
    o.model = "deepseek-ocr-2";
    o.mode = "default";
    o.convention = conv;
    return o;
}

mm::AnalyzeOptions ocr2_crops(int64_t w, int64_t h) {
    mm::AnalyzeOptions o = ocr2();
    if (w == 0) {
        o.crops = mm::AnalyzeOptions::Crops::off;
    } else {
        o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
        o.crops_w = w;
        o.crops_h = h;
    }
    return o;
}

mm::CropGrid tiles(int64_t w, int64_t h) {
    return mm::closest_crop_grid(w, h, 768, *catalog().find_model("deepseek-ocr-2")->config);
}

}  // namespace

TEST_CASE("OCR 2 parameters: 3,223,640,960 without lm_head, derived from the vendor's modules", "[ocr2]") {
    mm::Analysis a = run(ocr2());
    // SAM ViT-B as DeepSeek-OCR's 95,569,152 (domain.md 1) with net_3 512 -> 896 instead of -> 1024:
    //   patch_embed 590,592 + pos_embed 3,145,728 + 8 window blocks x 7,091,328 (56,730,624)
    //   + 4 global blocks x 7,104,128 (28,416,512) + neck 196,608 + 512 + 589,824 + 512
    //   + net_2 256 x 512 x 9 = 1,179,648 + net_3 512 x 896 x 9 = 4,128,768          = 94,979,328
    CHECK(module(a, "vision/sam_model.net_3").params == 4128768);
    CHECK(module(a, "vision/sam_model").params == 94979328);
    // Qwen2 encoder layer (hidden 896, 14 q heads and 2 kv heads of 64, FFN 4864):
    //   q_proj 896 x 896 + 896 = 803,712; k_proj and v_proj 896 x 128 + 128 = 114,816 each;
    //   o_proj 896 x 896 = 802,816 (no bias); MLP 3 x 896 x 4,864 = 13,074,432; two RMSNorms 1,792
    //                                                                                = 14,912,384
    CHECK(module(a, "vision/qwen2_model.model.model.layers.0").params == 14912384);
    CHECK(module(a, "vision/qwen2_model.model.model.layers.0.self_attn").params == 803712 + 2 * 114816 + 802816);
    // 24 layers 357,897,216 + final norm 896 + query_768 144 x 896 = 129,024
    //   + query_1024 256 x 896 = 229,376 (no token embedding: deleted)               = 358,256,512
    CHECK(module(a, "vision/qwen2_model.query_768").params == 129024);
    CHECK(module(a, "vision/qwen2_model.query_1024").params == 229376);
    CHECK(module(a, "vision/qwen2_model").params == 358256512);
    // Projector Linear 896 -> 1280 with bias: 1,146,880 + 1,280 = 1,148,160; view_seperator 1,280
    CHECK(module(a, "vision/projector").params == 1148160);
    CHECK(module(a, "vision/view_seperator").params == 1280);
    // Vision: 94,979,328 + 358,256,512 + 1,148,160 + 1,280                           = 454,385,280
    CHECK(a.params().vision == 454385280);
    // Decoder as DeepSeek-OCR's (domain.md 1): embedding 129,280 x 1,280 = 165,478,400
    //   + dense layer 0: attention 4 x 1,280^2 = 6,553,600, MLP 3 x 1,280 x 6,848 = 26,296,320, norms 2,560
    //   + 11 MoE layers x (6,553,600 + 2,560 + 227,164,160) = 2,570,923,520 + final norm 1,280
    //                                                                                = 2,769,255,680
    CHECK(a.params().decoder - a.params().lm_head == 2769255680LL);
    // model.model = 454,385,280 + 2,769,255,680 = 3,223,640,960; lm_head 1,280 x 129,280 = 165,478,400
    CHECK(a.params().total - a.params().lm_head == 3223640960LL);
    CHECK(a.params().lm_head == 165478400LL);
    // The total is the sum of the per-module counts: the vision root's children add up to it.
    const mm::ModuleRow root = module(a, "vision");
    int64_t children = 0;
    for (const mm::ModuleRow& m : a.modules())
        if (m.parent >= 0 && a.modules()[size_t(m.parent)].id == "vision") children += m.params;
    CHECK(children == root.params);
}

TEST_CASE("OCR 2 tiles: count_tiles with 768 px tiles, 2 to 6 of them, none within 768x768 (domain.md 8)", "[ocr2]") {
    CHECK(tiles(1024, 1024).w == 2);  // ratio 1: 2x2 is the only square grid of 2..6 tiles
    CHECK(tiles(1024, 1024).h == 2);
    CHECK(tiles(2000, 1000).w == 2);  // ratio 2 -> 2x1
    CHECK(tiles(2000, 1000).h == 1);
    CHECK(tiles(3000, 1000).w == 3);  // ratio 3 -> 3x1
    CHECK(tiles(1536, 2304).w == 2);  // ratio 2/3 -> 2x3 = 6 tiles
    CHECK(tiles(1536, 2304).h == 3);
    CHECK(tiles(10000, 1000).w == 6);  // 6x1 is the widest grid (no 9x1 as in DeepSeek-OCR)
    // Ratio 1.25 lies exactly between 2x2 (1) and 3x2 (1.5): the later 3x2 wins only when the
    // page's area exceeds 0.5 x 768^2 x 6 = 1,769,472 px.
    CHECK(tiles(1000, 800).w == 2);
    CHECK(tiles(2000, 1600).w == 3);

    mm::AnalyzeOptions o = ocr2();
    o.image_width_px = 768;
    o.image_height_px = 768;
    mm::Analysis small = run(o);
    CHECK(small.workload.num_crops() == 0);
    CHECK(small.workload.image_tokens == 257);  // 256 + 1
    o.image_width_px = 769;
    CHECK(run(o).workload.num_crops() == 4);
}

TEST_CASE("OCR 2 tokens: T = 256 + 144 x crops + 1, S = T + 10 (domain.md 8)", "[ocr2]") {
    mm::Analysis a = run(ocr2());  // the standard 1024x1024 page: 2x2 crops
    CHECK(a.workload.crops_w == 2);
    CHECK(a.workload.crops_h == 2);
    CHECK(a.workload.tile_size_px == 768);
    CHECK(a.workload.tile_feature_side == 12);
    CHECK(a.workload.image_tokens == 833);
    CHECK(a.workload.prefill_tokens == 843);
    const int64_t crops[] = {0, 2, 3, 4, 6};
    const int64_t grid_w[] = {0, 2, 3, 2, 3};
    const int64_t grid_h[] = {0, 1, 1, 2, 2};
    for (int i = 0; i < 5; ++i) {
        mm::Analysis c = run(ocr2_crops(grid_w[i], grid_h[i]));
        CHECK(c.workload.image_tokens == 256 + 144 * crops[i] + 1);
    }
}

TEST_CASE("OCR 2 torch vision FLOPs for 0, 2, 3, 4 and 6 crops, derived term by term", "[ocr2]") {
    // SAM over the 1024 global view (64x64 grid; window blocks on the grid padded to 70x70, 25
    // windows of 196 tokens; global blocks over 4,096 tokens); 2 FLOPs per multiply-add:
    //   patch_embed 2 x 4,096 x 768 x 768                                   =   4,831,838,208
    //   window block: qkv 2 x 4,900 x 768 x 2,304 = 17,340,825,600; core 4 x 25 x 12 x 196^2 x 64
    //     = 2,950,348,800; rel-pos 4 x 25 x 12 x 14^3 x 64 = 210,739,200; proj 2 x 4,900 x 768^2
    //     = 5,780,275,200; MLP 4 x 4,096 x 768 x 3,072 = 38,654,705,664     x 8 = 519,489,552,512
    //   global block: qkv 14,495,514,624; core 4 x 12 x 4,096^2 x 64 = 51,539,607,552; rel-pos
    //     4 x 12 x 64^3 x 64 = 805,306,368; proj 4,831,838,208; MLP 38,654,705,664
    //                                                                       x 4 = 441,307,889,664
    //   neck 1x1 1,610,612,736 + 3x3 4,831,838,208; net_2 2 x 32^2 x 512 x 256 x 9 = 2,415,919,104;
    //   net_3 2 x 16^2 x 896 x 512 x 9 = 2,113,929,216
    //                                                             SAM 1024 = 976,607,182,848
    const double sam_window_1024 = 17340825600.0 + 2950348800.0 + 210739200.0 + 5780275200.0 + 38654705664.0;
    const double sam_global_1024 = 14495514624.0 + 51539607552.0 + 805306368.0 + 4831838208.0 + 38654705664.0;
    const double sam_1024 = 4831838208.0 + 8 * sam_window_1024 + 4 * sam_global_1024 + 1610612736.0 + 4831838208.0 +
                            2415919104.0 + 2113929216.0;
    CHECK(sam_1024 == 976607182848.0);
    // SAM over one 768 crop (48x48 grid; padded to 56x56: 16 windows; global blocks over 2,304 tokens):
    //   patch_embed 2 x 2,304 x 768 x 768                                    =   2,717,908,992
    //   window block: qkv 2 x 3,136 x 768 x 2,304 = 11,098,128,384; core 4 x 16 x 12 x 196^2 x 64
    //     = 1,888,223,232; rel-pos 4 x 16 x 12 x 14^3 x 64 = 134,873,088; proj 3,699,376,128;
    //     MLP 4 x 2,304 x 768 x 3,072 = 21,743,271,936                      x 8
    //   global block: qkv 8,153,726,976; core 4 x 12 x 2,304^2 x 64 = 16,307,453,952; rel-pos
    //     4 x 12 x 48^3 x 64 = 339,738,624; proj 2,717,908,992; MLP 21,743,271,936   x 4
    //   neck 905,969,664 + 2,717,908,992; net_2 1,358,954,496; net_3 2 x 12^2 x 896 x 512 x 9 = 1,189,085,184
    //                                                              SAM 768 = 514,449,211,392
    const double sam_window_768 = 11098128384.0 + 1888223232.0 + 134873088.0 + 3699376128.0 + 21743271936.0;
    const double sam_global_768 = 8153726976.0 + 16307453952.0 + 339738624.0 + 2717908992.0 + 21743271936.0;
    const double sam_768 = 2717908992.0 + 8 * sam_window_768 + 4 * sam_global_768 + 905969664.0 + 2717908992.0 +
                           1358954496.0 + 1189085184.0;
    CHECK(sam_768 == 514449211392.0);
    // Qwen2 encoder over L = 2n tokens (n features + n queries), per layer:
    //   q 2 x L x 896 x 896, k and v 2 x L x 896 x 128 each, o 2 x L x 896 x 896,
    //   masked SDPA 4 x 14 x L^2 x 64 (FlopCounterMode counts the full square), MLP 3 x 2 x L x 896 x 4,864;
    //   24 layers + the rotary tables once per forward (transformers 4.46 Qwen2Model): 64 x L.
    // Global, n = 256, L = 512: 822,083,584 + 2 x 117,440,512 + 822,083,584 + 939,524,096
    //   + 13,388,218,368 = 16,206,790,656 per layer; x 24 + 32,768           = 388,963,008,512
    const double qwen_1024 = 24 * (822083584.0 + 2 * 117440512.0 + 822083584.0 + 939524096.0 + 13388218368.0) + 32768.0;
    CHECK(qwen_1024 == 388963008512.0);
    // Crop, n = 144, L = 288: 462,422,016 + 2 x 66,060,288 + 462,422,016 + 297,271,296
    //   + 7,530,872,832 = 8,885,108,736 per layer; x 24 + 18,432             = 213,242,628,096
    const double qwen_768 = 24 * (462422016.0 + 2 * 66060288.0 + 462422016.0 + 297271296.0 + 7530872832.0) + 18432.0;
    CHECK(qwen_768 == 213242628096.0);
    // Projector 896 -> 1280 over the n query outputs: 2 x 256 x 896 x 1,280 = 587,202,560 (global),
    // 2 x 144 x 896 x 1,280 = 330,301,440 per crop. The view separator is a parameter: no FLOPs.
    const double global_view = sam_1024 + qwen_1024 + 587202560.0;  // 1,366,157,393,920
    const double per_crop = sam_768 + qwen_768 + 330301440.0;       //   728,022,140,928
    CHECK(global_view == 1366157393920.0);
    CHECK(per_crop == 728022140928.0);

    struct Case {
        int64_t w, h;
        double expected;
    } cases[] = {{0, 0, 1366157393920.0},   // global view only
                 {2, 1, 2822201675776.0},   // + 2 crops
                 {3, 1, 3550223816704.0},   // + 3 crops
                 {2, 2, 4278245957632.0},   // + 4 crops (the standard 1024x1024 page)
                 {3, 2, 5734290239488.0}};  // + 6 crops (the most count_tiles gives)
    for (const Case& c : cases) {
        INFO("crops " << c.w << "x" << c.h);
        CHECK(global_view + double(c.w * c.h) * per_crop == c.expected);
        CHECK(run(ocr2_crops(c.w, c.h)).vision().flops == c.expected);
    }
}

TEST_CASE("OCR 2 torch prefill and decode FLOPs at S = 267 and S = 843, derived term by term", "[ocr2]") {
    // The decoder is DeepSeek-OCR's (domain.md 1, 3): per layer q, k, v, o 8 x S x 1,280^2, attention
    // core 4 x 10 x 128 x S^2, rotary 128 x S; layer 0 dense MLP 6 x S x 1,280 x 6,848; layers 1-11 gate
    // 2 x S x 1,280 x 64, six routed experts 6 x 6 x S x 1,280 x 896, shared 6 x S x 1,280 x 1,792;
    // lm_head 2 x S x 1,280 x 129,280 on every prefill position.
    // S = 267 (global view only: T = 257):
    //   12 x (3,499,622,400 + 364,999,680 + 34,176) = 46,375,875,072; dense 14,042,234,880;
    //   11 x (43,745,280 + 11,023,810,560 + 3,674,603,520) = 162,163,752,960; lm_head 88,365,465,600
    //                                                                        = 310,947,328,512
    // S = 843 (2x2 crops: T = 833):
    //   12 x (11,049,369,600 + 3,638,522,880 + 107,904) = 176,256,004,608; dense 44,335,595,520;
    //   11 x (138,117,120 + 34,805,514,240 + 11,601,838,080) = 512,000,163,840; lm_head 278,996,582,400
    //                                                                      = 1,011,588,346,368
    CHECK(12 * (3499622400.0 + 364999680.0 + 34176.0) + 14042234880.0 +
              11 * (43745280.0 + 11023810560.0 + 3674603520.0) + 88365465600.0 ==
          310947328512.0);
    CHECK(12 * (11049369600.0 + 3638522880.0 + 107904.0) + 44335595520.0 +
              11 * (138117120.0 + 34805514240.0 + 11601838080.0) + 278996582400.0 ==
          1011588346368.0);
    // Decode, 4 new tokens: 3 passes of one token against S+1, S+2, S+3 keys. Per pass: layer 0
    // 8 x 1,280^2 + 128 + 6 x 1,280 x 6,848 = 65,699,968; each MoE layer 8 x 1,280^2 + 128 + 2 x 1,280 x
    // 64 + 36 x 1,280 x 896 + 6 x 1,280 x 1,792 = 68,321,408; lm_head 2 x 1,280 x 129,280 = 330,956,800:
    // 65,699,968 + 11 x 68,321,408 + 330,956,800 = 1,148,192,256; attention 12 x 4 x 10 x 128 = 61,440
    // per key. S = 267: 3 x 1,148,192,256 + 61,440 x (268 + 269 + 270) = 3,494,158,848.
    // S = 843: 3 x 1,148,192,256 + 61,440 x (844 + 845 + 846) = 3,600,327,168.
    const double per_pass = 65699968.0 + 11 * 68321408.0 + 330956800.0;
    CHECK(per_pass == 1148192256.0);
    CHECK(3 * per_pass + 61440.0 * (268 + 269 + 270) == 3494158848.0);
    CHECK(3 * per_pass + 61440.0 * (844 + 845 + 846) == 3600327168.0);

    mm::AnalyzeOptions global = ocr2_crops(0, 0);
    global.new_tokens = 4;
    mm::Analysis g = run(global);
    CHECK(g.workload.prefill_tokens == 267);
    CHECK(g.prefill().flops == 310947328512.0);
    CHECK(g.decode().flops == 3494158848.0);
    mm::AnalyzeOptions page = ocr2();
    page.new_tokens = 4;
    mm::Analysis p = run(page);
    CHECK(p.workload.prefill_tokens == 843);
    CHECK(p.prefill().flops == 1011588346368.0);
    CHECK(p.decode().flops == 3600327168.0);
    // The standard 512 new tokens: 511 passes, keys 844 .. 1,354:
    // 511 x 1,148,192,256 + 61,440 x (511 x 844 + 510 x 511 / 2 = 561,589) = 621,230,270,976.
    CHECK(run(ocr2()).decode().flops == 621230270976.0);
}

TEST_CASE("OCR 2 executed: the encoder's masked SDPA computes the full L x L square", "[ocr2]") {
    mm::Analysis a = run(ocr2(mm::Convention::executed));
    // global view L = 512: 4 x 14 x 512^2 x 64 = 939,524,096 tensor FLOPs, as under torch;
    // CUDA 6 x 14 x 512^2 = 22,020,096 (mask add + softmax)
    const mm::ModuleRow sdpa = module(a, "vision/qwen2_model.model.model.layers.0.self_attn.sdpa");
    // crops view: 4 images x 4 x 14 x 288^2 x 64 = 1,189,085,184
    CHECK(sdpa.cost.flops_torch == 939524096.0 + 1189085184.0);
    CHECK(sdpa.cost.flops_tensor == sdpa.cost.flops_torch);
    CHECK(sdpa.cost.flops_cuda == 6.0 * 14 * 512 * 512 + 6.0 * 4 * 14 * 288 * 288);
    // lm_head keeps only the last prefill position, as for DeepSeek-OCR
    CHECK(module(a, "prefill/lm_head").cost.flops_tensor == 2.0 * 1280 * 129280);
}

TEST_CASE("OCR 2 explain covers every module and names the full-square SDPA", "[ocr2]") {
    mm::Analysis a = run(ocr2());
    for (int i = 0; i < int(a.modules().size()); ++i) {
        const std::string text = mm::explain_module(a, i);
        INFO(a.modules()[size_t(i)].id);
        CHECK(text.find("FLOPs:") != std::string::npos);
        CHECK(text.find("not costed") == std::string::npos);
    }
    int sdpa = -1;
    for (int i = 0; i < int(a.modules().size()); ++i)
        if (a.modules()[size_t(i)].id == "vision/qwen2_model.model.model.layers.3.self_attn.sdpa") sdpa = i;
    REQUIRE(sdpa >= 0);
    const std::string text = mm::explain_module(a, sdpa);
    CHECK(text.find("flash-attention-2 refused") != std::string::npos);
    CHECK(text.find("full L x L") != std::string::npos);
    CHECK(text.find("L = 512") != std::string::npos);
    CHECK(text.find("L = 288") != std::string::npos);
}

TEST_CASE("OCR 2 through the option table: --model deepseek-ocr-2 takes its default mode", "[ocr2]") {
    mm::AnalyzeOptions o;  // mode gundam, DeepSeek-OCR's
    CHECK(mm::apply_option(*mm::find_option("model"), o, "deepseek-ocr-2", catalog()).empty());
    CHECK(o.mode == "default");
    CHECK(mm::apply_option(*mm::find_option("mode"), o, "base", catalog()).empty());
    CHECK(run(o).workload.num_crops() == 0);
    CHECK(mm::apply_option(*mm::find_option("model"), o, "deepseek-ocr", catalog()).empty());
    CHECK(o.mode == "base");  // DeepSeek-OCR has a base mode too: kept
    CHECK(mm::apply_option(*mm::find_option("model"), o, "deepseek-ocr-2", catalog()).empty());
    CHECK(!mm::apply_option(*mm::find_option("mode"), o, "gundam", catalog()).empty());  // not an OCR 2 mode
}

TEST_CASE("a TorchInfo run of OCR 2 is not taken for DeepSeek-OCR, whatever its root is called", "[ocr2]") {
    // An OCR 2 summary cut at depth 1 (the vendor's HF classes: SAM, then Qwen2Decoder2Encoder), and
    // the same table with DeepSeek-OCR's VitModel in its place as the control.
    const std::string rule(120, '=');
    auto summary = [&](const std::string& encoder_row, const std::string& total) {
        return rule + "\n" +
               "Layer (type (var_name):depth-idx)        Input Shape              Output Shape             Param #                  Kernel Shape             Mult-Adds\n" +
               rule + "\n" +
               "DeepseekOCRModel (DeepseekOCRModel)      --                       [1, 843, 1280]           1,280                    --                       --\n"
               "├─Embedding (embed_tokens): 1-1          [1, 843]                 [1, 843, 1280]           165,478,400              --                       165,478,400\n"
               "├─ImageEncoderViT (sam_model): 1-2       [4, 3, 768, 768]         [4, 896, 12, 12]         94,979,328               --                       --\n" +
               encoder_row +
               "└─DeepseekV2RMSNorm (norm): 1-4          [1, 843, 1280]           [1, 843, 1280]           1,280                    --                       1,280\n" +
               rule + "\nTotal params: " + total + "\nTrainable params: " + total + "\nNon-trainable params: 0\n" +
               "Total mult-adds (Units.GIGABYTES): 0.17\n" + rule + "\n";
    };
    const std::string ocr2_text = summary(
        "├─Qwen2Decoder2Encoder (qwen2_model): 1-3 [4, 896, 12, 12]       [4, 144, 896]            358,256,512              --                       --\n",
        "618,716,800");
    const std::string ocr1_text = summary(
        "├─VitModel (vision_model): 1-3           [6, 3, 640, 640]         [6, 101, 1024]           303,177,728              --                       --\n",
        "563,638,016");
    auto study = [](const std::string& text) {
        const mm::TextFile files[] = {{"torchinfo-summary.txt", text}};
        auto s = mm::study_torchinfo(files, mm::embedded_assets());
        if (!s.ok()) FAIL(s.error().message);
        return s.value();
    };
    CHECK(study(ocr2_text).recovered.model == "deepseek-ocr-2");  // issue 18: analysed as OCR 2 (tests/core/test_ingest_ocr2.cpp)
    CHECK(study(ocr1_text).recovered.model == "deepseek-ocr");
}

TEST_CASE("OCR 2 invariants: FLOPs linear in the batch, the vision stage is its parts, the ideal profile a lower bound", "[ocr2]") {
    for (const mm::Convention conv : {mm::Convention::torch, mm::Convention::executed}) {
        mm::AnalyzeOptions o = ocr2(conv);
        o.new_tokens = 16;
        mm::Analysis one = run(o);
        o.batch = 3;
        mm::Analysis three = run(o);
        CHECK(three.vision().flops == 3 * one.vision().flops);
        CHECK(three.prefill().flops == 3 * one.prefill().flops);
        CHECK(three.decode().flops == Approx(3 * one.decode().flops).epsilon(1e-12));
        CHECK(three.memory.weights_bytes == one.memory.weights_bytes);
    }
    mm::Analysis a = run(ocr2());
    CHECK(module(a, "vision/sam_model").flops + module(a, "vision/qwen2_model").flops + module(a, "vision/projector").flops ==
          a.vision().flops);
    CHECK(module(a, "vision/qwen2_model.model.model.layers.0.self_attn.sdpa").calls == 2);  // crops, then global
    mm::AnalyzeOptions ideal = ocr2(mm::Convention::executed);
    ideal.profile = "ideal";
    mm::Analysis lower = run(ideal);
    mm::Analysis realistic = run(ocr2(mm::Convention::executed));
    CHECK(lower.total().time_s <= realistic.total().time_s);
    CHECK(lower.vision().time_s <= realistic.vision().time_s);
}
