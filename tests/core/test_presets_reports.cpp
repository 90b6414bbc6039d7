// The presets as data, the default options, and the JSON / table reports.
#include <nlohmann/json.hpp>
#include "core/base/format.hpp"
#include <set>
#include <sstream>

#include "engine_test_support.hpp"

using namespace mmtest;

TEST_CASE("every required GPU preset is present, dense, sourced", "[presets]") {
    const char* required[] = {"rtx5090", "rtx4090", "h100-sxm",   "h100-pcie", "h200",      "a100-80gb",
                              "a100-40gb", "b200",  "l40s",       "l4",        "rtxpro6000", "mi300x"};
    for (const char* name : required) {
        const auto g = catalog().find_gpu(name);
        INFO(name);
        REQUIRE(g);
        CHECK_FALSE(g->source.empty());
        CHECK(g->tensor_accumulate == "fp32");
        CHECK(g->tensor_bf16_flops_per_s > 0);
        CHECK(g->bandwidth_bytes_per_s > 0);
    }
    CHECK(mm::gpu_names(catalog()).size() >= 12);
}

TEST_CASE("GPU figures from domain.md 6 (dense, never the 2x sparse ones)", "[presets]") {
    const mm::GpuSpec& r = *catalog().find_gpu("rtx5090");
    CHECK(r.tensor_bf16_flops_per_s == Approx(209.5e12));
    CHECK(r.tensor_fp8_flops_per_s == Approx(419e12));
    CHECK(r.tensor_fp4_flops_per_s == Approx(1676e12));
    CHECK(r.cuda_fp32_flops_per_s == Approx(104.8e12));
    CHECK(r.bandwidth_bytes_per_s == Approx(1792e9));
    CHECK(r.memory_capacity_bytes == 32.0 * 1024 * 1024 * 1024);
    const mm::GpuSpec& h = *catalog().find_gpu("h100-sxm");
    CHECK(h.tensor_bf16_flops_per_s == Approx(989.4e12));  // not 1979 (sparse, domain.md 4)
    CHECK(h.bandwidth_bytes_per_s == Approx(3350e9));
    CHECK(catalog().find_gpu("h200")->bandwidth_bytes_per_s == Approx(4800e9));
    CHECK(catalog().find_gpu("a100-80gb")->tensor_bf16_flops_per_s == Approx(312e12));
    CHECK(catalog().find_gpu("a100-80gb")->tensor_fp8_flops_per_s == 0);
    // A100 40GB (issue 17, the paper's production GPU): the same GA100 compute, HBM2 at 1,555 GB/s.
    const mm::GpuSpec& a40 = *catalog().find_gpu("a100-40gb");
    CHECK(a40.tensor_bf16_flops_per_s == Approx(312e12));  // not 624 (sparse)
    CHECK(a40.bandwidth_bytes_per_s == Approx(5120.0 * 2 * 1215e6 / 8).epsilon(1e-3));
    CHECK(a40.memory_capacity_bytes == 40.0 * 1024 * 1024 * 1024);
    CHECK(catalog().find_gpu("rtx4090")->tensor_bf16_flops_per_s == Approx(165.2e12));
    CHECK(catalog().find_gpu("rtx4090")->bandwidth_bytes_per_s == Approx(1008e9));
}

// Issue 17: the GPUs people deploy DeepSeek-OCR on. Each figure is pinned to the document the preset cites,
// so an edit that changes one without its source fails here.
TEST_CASE("L4 figures: NVIDIA L4 datasheet, sparse figures halved", "[presets]") {
    const mm::GpuSpec& g = *catalog().find_gpu("l4");
    // Datasheet / nvidia.com/en-us/data-center/l4: "FP16 Tensor Core 242 teraFLOPS*, BFLOAT16 242 teraFLOPS*",
    // "FP8 485 teraFLOPS*", "* Shown with sparsity. Specifications are one-half lower without sparsity".
    CHECK(g.tensor_bf16_flops_per_s == Approx(242e12 / 2));
    CHECK(g.tensor_fp16_flops_per_s == Approx(242e12 / 2));
    CHECK(g.tensor_fp8_flops_per_s == Approx(485e12 / 2));
    CHECK(g.tensor_fp4_flops_per_s == 0);  // Ada: no FP4 tensor cores
    CHECK(g.cuda_fp32_flops_per_s == Approx(30.3e12));        // datasheet FP32 30.3 TFLOPS
    CHECK(g.bandwidth_bytes_per_s == Approx(300e9));          // datasheet 300 GB/s
    CHECK(g.bandwidth_bytes_per_s == Approx(192.0 * 12.5e9 / 8));  // 192-bit GDDR6 at 12.5 Gbps
    CHECK(g.memory_capacity_bytes == 24.0 * 1024 * 1024 * 1024);  // 24 GB GDDR6
    CHECK(g.power_w == 72);
    // Derived: 58 SMs x 128 lanes x 2 FLOP x 2.04 GHz = 30.3 TFLOPS; 58 x 1024 FLOP/clock x 2.04 GHz = 121.
    CHECK(g.sm_count * 128 * 2 * g.boost_clock_hz == Approx(g.cuda_fp32_flops_per_s).epsilon(2e-3));
    CHECK(g.sm_count * 1024 * g.boost_clock_hz == Approx(g.tensor_bf16_flops_per_s).epsilon(2e-3));
    CHECK(g.tensor_accumulate == "fp32");
}

TEST_CASE("RTX PRO 6000 Blackwell Workstation Edition: datasheet figures and GB202 per-SM rates", "[presets]") {
    const mm::GpuSpec& g = *catalog().find_gpu("rtxpro6000");
    // RTX PRO 6000 Blackwell Workstation Edition datasheet, Specifications table: "4000 AI TOPS" ("Effective
    // FP4 TOPS with sparsity"), "Single-precision performance 125 TFLOPS", "96 GB GDDR7 with ECC",
    // "Memory interface 512-bit", "Memory bandwidth 1792 GB/s", "Total board power: 600 W", 24,064 CUDA cores.
    CHECK(g.tensor_fp4_flops_per_s == Approx(4000e12 / 2));
    CHECK(g.cuda_fp32_flops_per_s == Approx(125e12));
    CHECK(g.bandwidth_bytes_per_s == Approx(1792e9));
    CHECK(g.bandwidth_bytes_per_s == Approx(512.0 * 28e9 / 8));  // 512-bit GDDR7 at 28 Gbps
    CHECK(g.memory_capacity_bytes == 96.0 * 1024 * 1024 * 1024);
    CHECK(g.power_w == 600);
    CHECK(g.sm_count == 24064 / 128);
    // RTX Blackwell whitepaper v1.1, Appendix A, Table 3 (the RTX 5090 on the same GB202): FP4 dense is
    // 4096 FLOP/clock/SM, FP8 2048, FP16/BF16 1024: so BF16 = FP4 / 4 and FP8 = FP4 / 2.
    CHECK(g.tensor_bf16_flops_per_s == Approx(500e12));
    CHECK(g.tensor_fp16_flops_per_s == Approx(500e12));
    CHECK(g.tensor_fp8_flops_per_s == Approx(1000e12));
    CHECK(g.sm_count * 4096 * g.boost_clock_hz == Approx(g.tensor_fp4_flops_per_s).epsilon(1e-3));
    CHECK(24064 * 2 * g.boost_clock_hz == Approx(g.cuda_fp32_flops_per_s).epsilon(1e-3));
    CHECK(g.tensor_accumulate == "fp32");
}

TEST_CASE("MI300X figures: ROCm docs mi300.md peak table and gpu-arch-specs", "[presets]") {
    const mm::GpuSpec& g = *catalog().find_gpu("mi300x");
    // ROCm docs/conceptual/gpu-arch/mi300.md, "Peak-performance capabilities of the MI300X": Matrix BF16 and
    // FP16 2048 FLOPS/clock/CU, 1307.4 TFLOPS; Matrix FP8 4096, 2614.9; Vector FP32 256, 163.4; 5.3 TB/s.
    CHECK(g.tensor_bf16_flops_per_s == Approx(1307.4e12));
    CHECK(g.tensor_fp16_flops_per_s == Approx(1307.4e12));
    CHECK(g.tensor_fp8_flops_per_s == Approx(2614.9e12));
    CHECK(g.tensor_fp4_flops_per_s == 0);  // CDNA 3 has no FP4
    CHECK(g.cuda_fp32_flops_per_s == Approx(163.4e12));
    CHECK(g.bandwidth_bytes_per_s == Approx(5300e9));
    // ROCm docs/reference/gpu-arch-specs.rst, MI300X row: VRAM 192 GiB, 304 CUs (38 per XCD), L2 32 MiB.
    CHECK(g.memory_capacity_bytes == 192.0 * 1024 * 1024 * 1024);
    CHECK(g.sm_count == 304);
    CHECK(g.l2_cache_bytes == Approx(32.0 * 1024 * 1024).epsilon(1e-3));  // 32 MiB
    CHECK(g.power_w == 750);  // AMD's MLPerf Inference v4.1 system: "MI300X-NPS1-SPX-192GB-750W"
    // The peak is 304 CUs x 2048 FLOP/clock x 2.1 GHz; the MFMA output is FP32 (ROCm blog, CDNA3 matrix cores).
    CHECK(g.sm_count * 2048 * g.boost_clock_hz == Approx(g.tensor_bf16_flops_per_s).epsilon(1e-3));
    CHECK(g.tensor_accumulate == "fp32");
}

TEST_CASE("a GPU preset declaring sparse figures is refused", "[presets][errors]") {
    auto r = mm::parse_gpu("gpus/x.json", R"({"name": "x", "display_name": "X", "source": "s",
        "tensor_accumulate": "fp32", "tensor_figures": "sparse", "memory_capacity_GiB": 1,
        "memory_bandwidth_GB_per_s": 1, "cuda_core_fp32_TFLOPS": 1, "tensor_bf16_dense_TFLOPS": 2})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "gpus/x.json: tensor_figures must be \"dense\": sparse figures are 2x the dense ones and never a default.");
}

TEST_CASE("time profiles: ideal is peak with no overhead, efficiencies above 0 and at most 1", "[presets]") {
    const mm::TimeProfile& ideal = *catalog().find_profile("ideal");
    CHECK(ideal.tensor_efficiency == 1);
    CHECK(ideal.memory_efficiency == 1);
    CHECK(ideal.kernel_gap_s == 0);
    CHECK(ideal.host_launch_s == 0);
    CHECK(catalog().find_profile("realistic"));
    CHECK(catalog().find_profile("eager")->counting == mm::KernelCounting::eager);
    auto bad = mm::parse_time_profile("profiles/x.json", R"({"name": "x", "description": "d", "calibration": "c",
        "tensor_efficiency": 1.2, "cuda_core_efficiency": 1, "memory_efficiency": 1, "kernel_gap_us": 0,
        "host_launch_us": 0, "kernel_count": "fused"})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "profiles/x.json: tensor_efficiency must be in (0, 1].");
}

TEST_CASE("default options are the standard workload dsocr-standard-v1 on the RTX 5090 (domain.md 2)", "[presets]") {
    auto preset = mm::options_for_workload(catalog(), "dsocr-standard-v1");
    REQUIRE(preset.ok());
    const mm::AnalyzeOptions d;
    const mm::AnalyzeOptions& p = preset.value();
    CHECK(p.model == d.model);
    CHECK(p.mode == d.mode);
    CHECK(p.image_width_px == d.image_width_px);
    CHECK(p.image_height_px == d.image_height_px);
    CHECK(p.crops == d.crops);
    CHECK(p.new_tokens == d.new_tokens);
    CHECK(p.batch == d.batch);
    CHECK(p.weights_precision == d.weights_precision);
    CHECK(p.kv_precision == d.kv_precision);
    CHECK(d.gpu == "rtx5090");
    CHECK(d.new_tokens == 512);
    CHECK(catalog().find_workload("dsocr-standard-v1")->doc_kind == "mixed_layout");
}

TEST_CASE("analysis JSON carries the keys of issue 3 in base units", "[report]") {
    mm::Analysis a = run(torch_options());
    auto j = nlohmann::json::parse(mm::analysis_to_json(a), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    for (const char* k : {"crops_w", "crops_h", "image_tokens", "prefill_tokens", "new_tokens", "batch"})
        CHECK(j["workload"][k].is_number_integer());
    for (const char* s : {"vision", "prefill", "decode"})
        for (const char* k : {"flops", "flops_tensor", "flops_cuda", "bytes", "time_s"}) {
            INFO(s << "." << k);
            CHECK(j["stages"][s][k].is_number());
        }
    CHECK(j["params"]["total"].get<int64_t>() - j["params"]["lm_head"].get<int64_t>() == 3170627840LL);
    for (const char* k : {"weights_bytes", "kv_bytes", "peak_activation_bytes", "total_bytes", "capacity_bytes"})
        CHECK(j["memory"][k].is_number());
    for (const char* k : {"ttft_s", "tpot_s", "page_s"}) CHECK(j["latency"][k].is_number());
    // exact integers survive the text: the check value of domain.md 3
    CHECK(j["stages"]["vision"]["flops"].get<int64_t>() + j["stages"]["prefill"]["flops"].get<int64_t>() ==
          3530109741568LL);
    REQUIRE(j["modules"].is_array());
    std::set<std::string> ids;
    for (const auto& m : j["modules"]) {
        for (const char* k : {"id", "class", "stage", "bound"}) CHECK(m[k].is_string());
        for (const char* k : {"calls", "flops", "bytes", "time_s"}) CHECK(m[k].is_number());
        CHECK(m["flops"].get<double>() >= 0);
        ids.insert(m["id"].get<std::string>());
    }
    CHECK(ids.size() == j["modules"].size());
    CHECK(ids.count("vision/sam_model.blocks.0.attn"));
    CHECK(ids.count("decode/layers.5.mlp.experts"));
}

TEST_CASE("reports are deterministic and the table fits 100 columns", "[report]") {
    mm::AnalyzeOptions o;
    o.gpu = "h100-pcie";
    o.profile = "eager";
    o.batch = 16;
    const std::string json1 = mm::analysis_to_json(run(o));
    const std::string json2 = mm::analysis_to_json(run(o));
    CHECK(json1 == json2);
    const std::string table = mm::analysis_to_table(run(o));
    std::istringstream lines(table);
    std::string line;
    size_t widest = 0, count = 0;
    while (std::getline(lines, line)) {
        widest = std::max(widest, line.size());
        ++count;
    }
    CHECK(widest <= 100);
    CHECK(count > 20);
    CHECK(table.find("TTFT") != std::string::npos);
}

TEST_CASE("explain_module names the formula and the numbers", "[report]") {
    mm::Analysis a = run(mm::AnalyzeOptions{});
    int index = -1;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].id == "prefill/layers.0.self_attn.q_proj") index = int(i);
    REQUIRE(index >= 0);
    std::string text = mm::explain_module(a, index);
    CHECK(text.find("FLOPs = 2 x tokens x in x out") != std::string::npos);
    CHECK(text.find("2,303,590,400") != std::string::npos);  // 2 * 703 * 1280 * 1280
    CHECK(mm::explain_module(a, -1) == "No such module.\n");
    // Issue 16: each roof's own time, not only the time attributed to the bound (an op that moves
    // 80 MiB once read "memory 0 s"). bf16 weights 1280 x 1280 x 2 B = 3,276,800 B moved, input and
    // output 703 x 1280 x 2 B = 1,799,680 B each: 6,876,160 B. Compute: 2,303,590,400 FLOPs at the
    // profile's tensor rate; memory: the bytes at its DRAM rate.
    INFO(text);
    CHECK(text.find("bytes moved: weights 3.28 MB, activations 3.60 MB, KV 0 B") != std::string::npos);
    const std::string roofs = "roofs: compute " + mm::format_seconds(2303590400.0 / a.rates.tensor_flops_per_s) +
                              " (FLOPs at the profile's rates), memory " + mm::format_seconds(6876160.0 / a.rates.bytes_per_s);
    CHECK(text.find(roofs) != std::string::npos);
}

TEST_CASE("numbers format the same everywhere", "[report]") {
    CHECK(mm::format_number(3530109741568.0) == "3530109741568");
    CHECK(mm::format_number(0.1) == "0.1");
    CHECK(mm::format_number(1.0 / 3) == "0.3333333333333333");
    CHECK(mm::format_number(2.5e-7) == "2.5e-07");
    CHECK(mm::format_grouped(3170627840) == "3,170,627,840");
    CHECK(mm::format_si(3.53e12, "F") == "3.53 TF");
    CHECK(mm::format_bytes(6672212480.0) == "6.21 GiB");
    // One convention (issue 16): memory held in binary units, bytes moved in decimal ones, µs not us,
    // and zero as "0", never "0.00".
    CHECK(mm::format_traffic(6.19e11) == "619 GB");
    CHECK(mm::format_traffic(6672212480.0) == "6.67 GB");
    CHECK(mm::format_seconds(12.5e-6) == "12.5 \xC2\xB5s");
    CHECK(mm::format_seconds(0) == "0 s");
    CHECK(mm::format_si(0, "FLOP") == "0 FLOP");
    CHECK(mm::format_bytes(0) == "0 B");
    CHECK(mm::format_si(0.004, "B") == "0.004 B");
}

// Issue 14: with bf16 weights and fp8 activations the GEMMs run at bf16 (compute_precision: the wider
// of the two), yet the table's header once printed fp8's 419 TFLOPS. The header now reads the rates the
// time model ran at. RTX 5090 dense tensor peaks, docs/domain.md section 6: BF16 (FP32 accumulate)
// 209.5 TFLOPS, FP8 419 TFLOPS.
TEST_CASE("the table's header names the tensor peak the time model ran at", "[report]") {
    mm::AnalyzeOptions o;
    o.weights_precision = mm::Precision::bf16;
    o.activations_precision = mm::Precision::fp8;
    const mm::Analysis mixed = run(o);
    CHECK(mixed.rates.tensor_precision == mm::Precision::bf16);
    CHECK(mixed.rates.tensor_peak_flops_per_s == 209.5e12);
    const std::string header = mm::analysis_to_table(mixed).substr(0, 200);
    INFO(header);
    CHECK(header.find("209.5 TFLOPS dense bf16") != std::string::npos);
    CHECK(header.find("419") == std::string::npos);

    o.weights_precision = mm::Precision::fp8;
    const mm::Analysis fp8 = run(o);
    CHECK(fp8.rates.tensor_peak_flops_per_s == 419e12);
    CHECK(mm::analysis_to_table(fp8).find("419 TFLOPS dense fp8") != std::string::npos);
}

TEST_CASE("the request's time that module shares divide by is the stages' total", "[report]") {
    for (const char* profile : {"ideal", "realistic", "eager"}) {
        mm::AnalyzeOptions o;
        o.profile = profile;
        const mm::Analysis a = run(o);
        CHECK(a.total_time_s() == a.total().time_s);
        CHECK(a.module(a.stage_root(mm::Stage::decode)).share_of_time == a.decode().time_s / a.total().time_s);
    }
}
