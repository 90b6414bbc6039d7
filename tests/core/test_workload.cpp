// The vendor crop rule (domain.md 2), resolution modes, and one sentence for every bad option.
#include <limits>

#include "engine_test_support.hpp"

using namespace mmtest;

namespace {

mm::CropGrid grid_for(int64_t w, int64_t h) {
    return mm::closest_crop_grid(w, h, 640, *catalog().find_model("deepseek-ocr")->config);
}

mm::Workload workload_for(int64_t w, int64_t h, const std::string& mode = "gundam") {
    mm::AnalyzeOptions o;
    o.image_width_px = w;
    o.image_height_px = h;
    o.mode = mode;
    auto r = mm::resolve_workload(*catalog().find_model("deepseek-ocr")->config, o);
    REQUIRE(r.ok());
    return r.value();
}

}  // namespace

TEST_CASE("crop grid: 1024x1024 gives 2x2 (domain.md 2)", "[workload]") {
    mm::CropGrid g = grid_for(1024, 1024);
    CHECK(g.w == 2);
    CHECK(g.h == 2);
}

TEST_CASE("crop grid: closest aspect ratio among 2..9 tiles", "[workload]") {
    // A4 portrait at 200 dpi: 1654/2339 = 0.707; closest ratio 2/3 (|0.707-0.667| = 0.040).
    mm::CropGrid a4 = grid_for(1654, 2339);
    CHECK(a4.w == 2);
    CHECK(a4.h == 3);
    // 2000x500 = 4.0 exactly: 4x1
    mm::CropGrid wide = grid_for(2000, 500);
    CHECK(wide.w == 4);
    CHECK(wide.h == 1);
}

TEST_CASE("crop grid tie rule: keep the later candidate only if W*H > 0.5 * 640^2 * i * j", "[workload]") {
    // Square images tie between 2x2 and the later 3x3: 1920^2 = 3,686,400 > 0.5*640^2*9 = 1,843,200.
    CHECK(grid_for(1920, 1920).w == 3);
    CHECK(grid_for(1024, 1024).w == 2);  // 1,048,576 < 1,843,200: 2x2 stays
    // Aspect 1.25 ties 2x2 (|1.25-1| = 0.25) with the later 3x2 (|1.25-1.5| = 0.25):
    // 1250x1000 = 1,250,000 > 0.5*640^2*6 = 1,228,800 -> 3x2; 1200x960 = 1,152,000 is not -> 2x2.
    // (3x3 ties again later but 1,250,000 < 1,843,200.)
    mm::CropGrid big = grid_for(1250, 1000);
    CHECK(big.w == 3);
    CHECK(big.h == 2);
    mm::CropGrid small = grid_for(1200, 960);
    CHECK(small.w == 2);
    CHECK(small.h == 2);
}

TEST_CASE("small images and crop mode off use the global view only (domain.md 2)", "[workload]") {
    mm::Workload small = workload_for(640, 480);
    CHECK(small.num_crops() == 0);
    CHECK(small.image_tokens == 273);
    mm::Workload edge = workload_for(641, 100);  // larger than 640 on one side: crops
    CHECK(edge.num_crops() >= 2);
    mm::AnalyzeOptions off;
    off.crops = mm::AnalyzeOptions::Crops::off;
    auto r = mm::resolve_workload(*catalog().find_model("deepseek-ocr")->config, off);
    REQUIRE(r.ok());
    CHECK(r.value().num_crops() == 0);
    CHECK(r.value().crop_mode == false);
}

TEST_CASE("resolution modes: global side f = base/64 gives f(f+1)+1 tokens (domain.md 1)", "[workload]") {
    CHECK(workload_for(2000, 3000, "tiny").image_tokens == 8 * 9 + 1);     // 512: 64 valid tokens
    CHECK(workload_for(2000, 3000, "small").image_tokens == 10 * 11 + 1);  // 640: 100
    CHECK(workload_for(2000, 3000, "base").image_tokens == 16 * 17 + 1);   // 1024: 256
    CHECK(workload_for(2000, 3000, "large").image_tokens == 20 * 21 + 1);  // 1280: 400
    CHECK(workload_for(2000, 3000, "base").num_crops() == 0);
    // Gundam-M: 1024 tiles (16x16 features) and a 1280 global view
    mm::Workload gm = workload_for(2048, 2048, "gundam-m");
    CHECK(gm.crops_w == 2);
    CHECK(gm.image_tokens == 20 * 21 + 1 + (16 * 2 + 1) * (16 * 2));
}

TEST_CASE("explicit crop grids: (10w+1)(10h) local tokens", "[workload]") {
    mm::AnalyzeOptions o;
    o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    o.crops_w = 3;
    o.crops_h = 2;
    auto r = mm::resolve_workload(*catalog().find_model("deepseek-ocr")->config, o);
    REQUIRE(r.ok());
    CHECK(r.value().image_tokens == 273 + 31 * 20);
    CHECK(r.value().prefill_tokens == 273 + 31 * 20 + 10);
}

TEST_CASE("bad options are refused with one sentence naming the problem", "[workload][errors]") {
    struct Case {
        const char* what;
        void (*edit)(mm::AnalyzeOptions&);
        const char* message;
    };
    const Case cases[] = {
        {"unknown GPU", [](mm::AnalyzeOptions& o) { o.gpu = "rtx9999"; },
         "Unknown GPU \"rtx9999\"; the GPUs are: a100-40gb, a100-80gb, b200, h100-pcie, h100-sxm, h200, l4, l40s, mi300x, rtx4090, rtx5090, rtxpro6000."},
        {"unknown model", [](mm::AnalyzeOptions& o) { o.model = "llama"; },
         "Unknown model \"llama\"; the models are: deepseek-ocr, deepseek-ocr-2."},
        {"unknown profile", [](mm::AnalyzeOptions& o) { o.profile = "turbo"; },
         "Unknown time profile \"turbo\"; the profiles are: eager, ideal, realistic, serving."},
        {"unknown mode", [](mm::AnalyzeOptions& o) { o.mode = "huge"; },
         "Unknown mode \"huge\"; the modes of deepseek-ocr are: base, gundam, gundam-m, large, small, tiny."},
        {"zero batch", [](mm::AnalyzeOptions& o) { o.batch = 0; },
         "The batch must be between 1 and 65536 pages (got 0)."},
        {"zero new tokens", [](mm::AnalyzeOptions& o) { o.new_tokens = 0; },
         "The number of new tokens must be between 1 and 1000000 (got 0)."},
        {"empty image", [](mm::AnalyzeOptions& o) { o.image_width_px = 0; },
         "The image size must be between 1 and 100000 pixels per side (got 0x1024)."},
        {"one-tile grid",
         [](mm::AnalyzeOptions& o) {
             o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
             o.crops_w = 1;
             o.crops_h = 1;
         },
         "A crop grid needs 2 to 100 tiles (got 1x1); without crops only the global view is encoded."},
        {"crops in a mode without crops",
         [](mm::AnalyzeOptions& o) {
             o.mode = "base";
             o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
             o.crops_w = 2;
             o.crops_h = 2;
         },
         "Mode base has no local crops; choose a crop mode (gundam) to set a crop grid."},
        // fp32 is a compute precision only (unknown names, attention and conventions cannot be written:
        // the options hold enums, and the option table's parsers refuse the text).
        {"fp32 storage", [](mm::AnalyzeOptions& o) { o.weights_precision = mm::Precision::fp32; },
         "The weights cannot be stored in fp32; choose bf16, fp16, fp8 or fp4."},
        {"fp8 on an A100",
         [](mm::AnalyzeOptions& o) {
             o.gpu = "a100-80gb";
             o.kv_precision = mm::Precision::fp8;
         },
         "The NVIDIA A100 80GB SXM has no FP8 tensor cores, so it does not support fp8 for the KV cache; choose bf16 or fp16."},
        {"fp4 on an H100",
         [](mm::AnalyzeOptions& o) {
             o.gpu = "h100-sxm";
             o.weights_precision = mm::Precision::fp4;
         },
         "The NVIDIA H100 SXM5 80GB has no FP4 tensor cores, so it does not support fp4 for the weights; choose bf16, fp16 or fp8."},
        // The L4 datasheet lists FP8 tensor cores and no FP4: the sentence offers what it has.
        {"fp4 on an L4",
         [](mm::AnalyzeOptions& o) {
             o.gpu = "l4";
             o.weights_precision = mm::Precision::fp4;
         },
         "The NVIDIA L4 has no FP4 tensor cores, so it does not support fp4 for the weights; choose bf16, fp16 or fp8."},
        {"unknown GPU field", [](mm::AnalyzeOptions& o) { o.gpu_overrides.push_back({"bandwidth", 1.0}); },
         "Unknown GPU field \"bandwidth\"; the fields are: memory_capacity_GiB, memory_bandwidth_GB_per_s, l2_cache_MB, "
         "cuda_core_fp32_TFLOPS, tensor_bf16_dense_TFLOPS, tensor_fp16_dense_TFLOPS, tensor_fp8_dense_TFLOPS, "
         "tensor_fp4_dense_TFLOPS, sm_count, boost_clock_MHz, power_W."},
        {"zero bandwidth", [](mm::AnalyzeOptions& o) { o.gpu_overrides.push_back({"memory_bandwidth_GB_per_s", 0}); },
         "GPU field memory_bandwidth_GB_per_s must be a finite positive number."},
        {"infinite bandwidth",
         [](mm::AnalyzeOptions& o) {
             o.gpu_overrides.push_back({"memory_bandwidth_GB_per_s", std::numeric_limits<double>::infinity()});
         },
         "GPU field memory_bandwidth_GB_per_s must be a finite positive number."},
        {"a crop grid whose tile count would overflow 64 bits",
         [](mm::AnalyzeOptions& o) {
             o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
             o.crops_w = o.crops_h = int64_t{1} << 62;
         },
         "A crop grid needs 2 to 100 tiles (got 4611686018427387904x4611686018427387904); "
         "without crops only the global view is encoded."},
    };
    for (const Case& c : cases) {
        mm::AnalyzeOptions o;
        c.edit(o);
        auto r = mm::analyze(catalog(), o);
        INFO(c.what);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == c.message);
    }
}
