// Sweeps: list parsing, grid expansion, and the monotonicity a planner relies on.
#include <catch2/catch.hpp>

#include "core/engine/sweep.hpp"
#include "engine_test_support.hpp"

namespace {

std::vector<mm::SweepRow> sweep(const mm::SweepAxes& axes, mm::AnalyzeOptions base = {}) {
    auto points = mm::expand_sweep(mmtest::catalog(), base, axes);
    if (!points.ok()) FAIL(points.error().message);
    return mm::run_sweep(mmtest::catalog(), points.value());
}

}  // namespace

TEST_CASE("sweep lists: values, ranges, steps and factors, bad text is one sentence", "[sweep]") {
    CHECK(mm::parse_int_list("1,2, 4", "--batch").value() == std::vector<int64_t>{1, 2, 4});
    CHECK(mm::parse_int_list("1..4", "--batch").value() == std::vector<int64_t>{1, 2, 3, 4});
    CHECK(mm::parse_int_list("0..300:100", "--new-tokens").value() == std::vector<int64_t>{0, 100, 200, 300});
    CHECK(mm::parse_int_list("64..512*2", "--new-tokens").value() == std::vector<int64_t>{64, 128, 256, 512});
    CHECK(mm::parse_int_list("1,8..9", "--batch").value() == std::vector<int64_t>{1, 8, 9});
    for (const char* bad : {"", "x", "4..1", "1..4:0", "0..8*2", "1..8*1", "1.5"}) {
        auto r = mm::parse_int_list(bad, "--batch");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.rfind("--batch ", 0) == 0);
    }
    CHECK(mm::parse_sweep_stages("decode").value().vision == false);
    CHECK_FALSE(mm::parse_sweep_stages("vision,encoder").ok());
}

TEST_CASE("sweep grid: crops all = off + every candidate grid, last axis varies fastest", "[sweep]") {
    mm::SweepAxes axes;
    axes.crops = {"all"};
    auto points = mm::expand_sweep(mmtest::catalog(), {}, axes);
    REQUIRE(points.ok());
    const auto* model = mmtest::catalog().find_model("deepseek-ocr");
    REQUIRE(points.value().size() == model->config->crop_candidates.size() + 1);
    CHECK(points.value()[0].options.crops == mm::AnalyzeOptions::Crops::off);

    mm::SweepAxes two;
    two.batch = {1, 2};
    two.new_tokens = {8, 16, 32};
    two.gpus = {"rtx5090", "h100-sxm"};
    auto p = mm::expand_sweep(mmtest::catalog(), {}, two);
    REQUIRE(p.ok());
    REQUIRE(p.value().size() == 12);
    CHECK(p.value()[1].options.new_tokens == 16);
    CHECK(p.value()[3].options.batch == 2);
    CHECK(p.value()[6].options.gpu == "h100-sxm");
    mm::SweepAxes bad;
    bad.crops = {"2by2"};
    CHECK_FALSE(mm::expand_sweep(mmtest::catalog(), {}, bad).ok());
}

TEST_CASE("sweep: time and KV memory never decrease with new tokens or batch", "[sweep]") {
    mm::SweepAxes tokens;
    tokens.new_tokens = mm::parse_int_list("1,2,16,64..4096*2", "--new-tokens").value();
    auto rows = sweep(tokens);
    for (size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].error.empty());
        CHECK(rows[i].decode.time_s >= rows[i - 1].decode.time_s);
        CHECK(rows[i].latency.page_s >= rows[i - 1].latency.page_s);
        CHECK(rows[i].memory.kv_bytes >= rows[i - 1].memory.kv_bytes);
        CHECK(rows[i].decode.flops >= rows[i - 1].decode.flops);
        CHECK(rows[i].latency.ttft_s == rows[0].latency.ttft_s);  // prefill does not depend on N
    }
    mm::SweepAxes batch;
    batch.batch = mm::parse_int_list("1..8,16,32", "--batch").value();
    auto b = sweep(batch);
    for (size_t i = 1; i < b.size(); ++i) {
        REQUIRE(b[i].error.empty());
        CHECK(b[i].latency.page_s >= b[i - 1].latency.page_s);
        CHECK(b[i].latency.ttft_s >= b[i - 1].latency.ttft_s);
        CHECK(b[i].memory.kv_bytes > b[i - 1].memory.kv_bytes);
        CHECK(b[i].memory.total_bytes > b[i - 1].memory.total_bytes);
    }
}

TEST_CASE("sweep: vision FLOPs increase with the number of crops", "[sweep]") {
    mm::SweepAxes axes;
    axes.crops = {"off", "2x1", "2x2", "3x2", "3x3"};
    auto rows = sweep(axes);
    REQUIRE(rows.size() == 5);
    for (size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].error.empty());
        CHECK(rows[i].vision.flops > rows[i - 1].vision.flops);
        CHECK(rows[i].vision.time_s > rows[i - 1].vision.time_s);
        CHECK(rows[i].workload.image_tokens > rows[i - 1].workload.image_tokens);
    }
    CHECK(rows[2].workload.prefill_tokens == 703);  // domain.md 1
}

TEST_CASE("sweep rows equal a single analysis, a point the GPU cannot run is a row with an error", "[sweep]") {
    mm::SweepAxes axes;
    axes.gpus = {"rtx5090", "a100-80gb"};
    axes.precisions = {"bf16", "fp8"};
    auto rows = sweep(axes);
    REQUIRE(rows.size() == 4);
    const mm::Analysis standard = mmtest::run(mm::AnalyzeOptions{});
    CHECK(rows[0].total.flops == standard.total().flops);
    CHECK(rows[0].latency.page_s == standard.latency().page_s);
    CHECK(rows[3].error.find("has no FP8 tensor cores") != std::string::npos);
    const std::string csv = mm::sweep_to_csv(rows);
    size_t lines = 0;
    for (char c : csv) lines += c == '\n';
    CHECK(lines == 5);
    CHECK(csv.find(",error\n") != std::string::npos);
    const std::string json = mm::sweep_to_json(rows, mm::parse_sweep_stages("decode").value());
    CHECK(json.find("\"vision_flops\"") == std::string::npos);
    CHECK(json.find("\"decode_flops\"") != std::string::npos);
    CHECK(json.find("\"error\": \"The ") != std::string::npos);
    CHECK(mm::sweep_to_csv(rows) == mm::sweep_to_csv(sweep(axes)));  // deterministic
}

// Found by fuzz_cli_flags: "--precision bf16,<bad>" gave rows carrying the bad name (not UTF-8) into
// the JSON. A precision name is wrong at every point, so the whole sweep is refused, like a bad crop grid.
TEST_CASE("sweep: an unknown precision name is refused before any point runs", "[sweep]") {
    mm::SweepAxes axes;
    axes.precisions = {"bf16", "f\xff" "16"};
    const auto points = mm::expand_sweep(mmtest::catalog(), mm::AnalyzeOptions{}, axes);
    REQUIRE_FALSE(points.ok());
    CHECK(points.error().message == "--precision takes bf16, fp16, fp8 or fp4, separated by commas (got \"f<0xFF>16\").");
}

// Issue 14: the sweep's sentence once advertised fp32, which every point then refused.
TEST_CASE("sweep: fp32 is refused up front, as the engine and the links refuse it", "[sweep]") {
    mm::SweepAxes axes;
    axes.precisions = {"fp32"};
    const auto points = mm::expand_sweep(mmtest::catalog(), mm::AnalyzeOptions{}, axes);
    REQUIRE_FALSE(points.ok());
    CHECK(points.error().message.find("fp32\")") != std::string::npos);
    CHECK(points.error().message.find("bf16, fp16, fp8 or fp4,") != std::string::npos);
}
