// Serving and capacity planning (issue 17): the serving profile's CUDA-graph decode and the
// continuous-batching arithmetic of plan_capacity, pinned on hand-worked cases.
#include <cmath>

#include "core/engine/plan.hpp"
#include "engine_test_support.hpp"

using namespace mmtest;

namespace {

mm::PlanOptions standard_plan() {
    mm::PlanOptions o;
    o.base.profile = "serving";
    o.base.new_tokens = 620;
    return o;
}

mm::Plan plan(const mm::PlanOptions& o) {
    auto r = mm::plan_capacity(catalog(), o);
    if (!r.ok()) FAIL("plan failed: " << r.error().message);
    return r.value();
}

}  // namespace

TEST_CASE("serving: vision and prefill as realistic, decode without host launches plus one graph launch a step", "[plan]") {
    mm::AnalyzeOptions o;
    o.profile = "realistic";
    const mm::Analysis realistic = run(o);
    o.profile = "serving";
    const mm::Analysis serving = run(o);
    const mm::TimeProfile& p = *catalog().find_profile("serving");
    REQUIRE(p.decode_cuda_graphs);
    CHECK(p.graph_launch_s == Approx(16e-6));
    CHECK(serving.vision().time_s == realistic.vision().time_s);
    CHECK(serving.prefill().time_s == realistic.prefill().time_s);
    // Realistic decode at batch 1 is launch-bound (kernels x 4 us > their GPU time); the graph removes
    // that, so a serving step is shorter, and still at least the graph launch plus every kernel's gap.
    CHECK(serving.latency().tpot_s < realistic.latency().tpot_s);
    const double kernels_per_step = serving.decode().kernels / double(serving.workload.decode_passes());
    CHECK(serving.latency().tpot_s >= 16e-6 + kernels_per_step * p.graph_kernel_gap_s);
    // The graph launches are the decode root's own time: passes x 16 us.
    const int root = serving.stage_root(mm::Stage::decode);
    CHECK(serving.result(root).own_time.time_s == Approx(511 * 16e-6));
}

// The hand-worked case: the standard page (2x2 crops, S = 703, domain.md 1) with N = 620 new tokens on
// the RTX 5090 (32 GiB, all of it usable), serving profile, at C = 16 (fits) and C = 512 (KV-capped).
TEST_CASE("continuous batching, written out term by term at two concurrencies, one KV-capped", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.concurrency = {16, 512};
    o.host_preprocess_s = 0.05;
    const mm::Plan p = plan(o);
    REQUIRE(p.rows.size() == 2);

    // Inputs from the analyses the plan is built on: P = vision + prefill of one page at batch 1, and the
    // decode step at batch C (mean decode pass: C sequences at their mean context).
    mm::AnalyzeOptions a = o.base;
    a.batch = 1;
    const mm::Analysis one = run(a);
    const double P = one.vision().time_s + one.prefill().time_s;
    a.batch = 16;
    const double step16 = run(a).decode().time_s / 619.0;
    a.batch = 512;
    const double step512 = run(a).decode().time_s / 619.0;
    CHECK(p.prefill_page_s == P);
    CHECK(p.rows[0].decode_step_s == Approx(step16).epsilon(1e-12));
    CHECK(p.rows[1].decode_step_s == Approx(step512).epsilon(1e-12));

    // Memory. KV: 703 + 619 = 1,322 tokens -> ceil(1322 / 16) = 83 blocks = 1,328 tokens x 61,440 B.
    CHECK(p.kv_bytes_per_sequence == 83.0 * 16 * 61440);
    CHECK(p.kv_bytes_per_sequence == 81592320.0);
    // Weights: (3,170,627,840 + 165,478,400) params x 2 B (domain.md 1).
    CHECK(p.weights_bytes == 6672212480.0);
    const double capacity = 32.0 * 1073741824.0;  // 34,359,738,368 B
    CHECK(p.capacity_bytes == capacity);
    const double per_seq = 81592320.0 + p.activation_per_sequence_bytes;
    const double room = capacity - 6672212480.0 - p.activation_new_page_bytes;
    CHECK(p.max_concurrency == int64_t(std::floor(room / per_seq)));
    // 27,687,525,888 B less activations over ~81.6 MB a sequence: about 339 sequences, so 16 fits and 512 does not.
    CHECK(p.max_concurrency > 300);
    CHECK(p.max_concurrency < 340);

    // C = 16.
    const mm::PlanRow& r16 = p.rows[0];
    const double x16 = 16.0 / (619.0 * step16 + 16.0 * P);  // pages/s: C / ((N-1) step + C P)
    CHECK(r16.pages_per_s_gpu == Approx(x16).epsilon(1e-12));
    CHECK(r16.pages_per_s == Approx(x16).epsilon(1e-12));  // host: 1 / 0.05 = 20 pages/s is not binding
    const double tpot16 = step16 + 16.0 * P / 619.0;        // each step carries 16/619 of a page's prefill
    CHECK(r16.tpot_s == Approx(tpot16).epsilon(1e-9));
    CHECK(r16.ttft_s == Approx(P + 1.0 * step16).epsilon(1e-12));  // ceil(703 / 2048) = 1 chunk
    CHECK(r16.ttft_end_to_end_s == Approx(0.05 + P + step16).epsilon(1e-12));
    CHECK(r16.output_tokens_per_s == Approx(620.0 * x16).epsilon(1e-12));
    CHECK(r16.page_latency_s == Approx(0.05 + P + step16 + 619.0 * tpot16).epsilon(1e-9));
    CHECK(r16.kv_bytes == 16.0 * 81592320.0);
    CHECK(r16.memory_bytes == Approx(6672212480.0 + p.activation_new_page_bytes + 16.0 * per_seq));
    CHECK(r16.fits);
    // Little's law: C = pages/s x time in decode.
    CHECK(16.0 == Approx(r16.pages_per_s * 619.0 * r16.tpot_s).epsilon(1e-9));
    // Bound: one page costs P + 619 step16 / 16 of GPU time; the decode share streams weights.
    CHECK(r16.limit == mm::PlanLimit::bandwidth);

    // C = 512: 512 x 81,592,320 B = 41.8 GB of KV alone exceeds 32 GiB.
    const mm::PlanRow& r512 = p.rows[1];
    CHECK(r512.kv_bytes == 512.0 * 81592320.0);
    CHECK(r512.memory_bytes > capacity);
    CHECK_FALSE(r512.fits);
    CHECK(r512.limit == mm::PlanLimit::kv_capacity);
    CHECK_FALSE(r512.meets_sla);
    CHECK(r512.pages_per_s_gpu == Approx(512.0 / (619.0 * step512 + 512.0 * P)).epsilon(1e-12));
    // More in flight: more pages/s and a longer TPOT (weights are shared, KV reads and prefill grow).
    CHECK(r512.pages_per_s_gpu > r16.pages_per_s_gpu);
    CHECK(r512.tpot_s > r16.tpot_s);
    CHECK(p.best == 0);
}

TEST_CASE("the host's preprocessing caps pages/s and is the binding limit when slower than the GPU", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.concurrency = {64};
    o.host_preprocess_s = 0.5;  // 1 worker: 2 pages/s
    const mm::Plan p = plan(o);
    const mm::PlanRow& r = p.rows[0];
    REQUIRE(r.pages_per_s_gpu > 2.0);
    CHECK(p.pages_per_s_host == 2.0);
    CHECK(r.pages_per_s == 2.0);
    CHECK(r.limit == mm::PlanLimit::host);
    CHECK(r.ttft_end_to_end_s == Approx(r.ttft_s + 0.5));
    // Less prefill per step than at the GPU's own rate: tpot = step / (1 - X P).
    CHECK(r.tpot_s == Approx(r.decode_step_s / (1.0 - 2.0 * p.prefill_page_s)).epsilon(1e-12));
    o.host_workers = 64;  // 128 pages/s: the GPU binds again
    CHECK(plan(o).rows[0].limit != mm::PlanLimit::host);
}

// The host's work per decode step (scheduler, sampling, detokenising) that the engine does not overlap:
// h joins every step, so it lengthens TPOT and TTFT's chunk step and lowers pages/s, hand-derived at C = 16.
TEST_CASE("a host time per decode step joins every step of the continuous-batching arithmetic", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.concurrency = {16};
    o.host_preprocess_s = 0;  // no host cap on pages/s: the step alone moves the figures
    const mm::Plan without = plan(o);
    o.host_step_s = 0.5e-3;
    const mm::Plan with = plan(o);
    const double P = with.prefill_page_s;
    const double step = with.rows[0].decode_step_s;  // the GPU's step, unchanged by h
    CHECK(step == without.rows[0].decode_step_s);
    const double h = 0.5e-3;
    const double x = 16.0 / (619.0 * (step + h) + 16.0 * P);  // C / ((N-1)(step + h) + C P)
    CHECK(with.rows[0].pages_per_s_gpu == Approx(x).epsilon(1e-12));
    CHECK(with.rows[0].tpot_s == Approx(step + h + 16.0 * P / 619.0).epsilon(1e-9));
    CHECK(with.rows[0].ttft_s == Approx(P + step + h).epsilon(1e-12));  // one chunk rides one step
    CHECK(with.rows[0].pages_per_s < without.rows[0].pages_per_s);
    // Little's law still holds with the longer step.
    CHECK(16.0 == Approx(with.rows[0].pages_per_s * 619.0 * with.rows[0].tpot_s).epsilon(1e-9));
    // 0.5 ms beside a GPU step of ~4.2 ms at C = 16 on the RTX 5090: the weights and KV reads still bind.
    CHECK(with.rows[0].limit == without.rows[0].limit);
    // 20 ms a step: per page 619 x 20 ms / 16 = 774 ms of host steps outweighs every GPU term.
    o.host_step_s = 20e-3;
    REQUIRE(619.0 * 20e-3 / 16.0 > P + 619.0 * step / 16.0);
    CHECK(plan(o).rows[0].limit == mm::PlanLimit::overhead);
    o.host_step_s = -1;
    CHECK(mm::plan_capacity(catalog(), o).error().message == "The host time per decode step must be a number of seconds >= 0.");
}

TEST_CASE("SLA: the best concurrency is the fastest row within both bounds, and the fleet is sized from it", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.concurrency = {1, 4, 16, 64};
    const mm::Plan free = plan(o);
    REQUIRE(free.best == 3);  // no SLA: the most pages/s
    // A TPOT bound between the rows' TPOTs: the best is the largest C under it.
    o.tpot_max_s = (free.rows[1].tpot_s + free.rows[2].tpot_s) / 2;
    o.target_pages_per_hour = 1e6;
    const mm::Plan p = plan(o);
    REQUIRE(p.best == 1);
    CHECK(p.rows[1].meets_sla);
    CHECK_FALSE(p.rows[2].meets_sla);
    CHECK(p.gpus_needed == int64_t(std::ceil(1e6 / (p.rows[1].pages_per_s * 3600.0))));
    // A TTFT bound below every row: none.
    o.tpot_max_s = 0;
    o.ttft_max_s = 1e-6;
    const mm::Plan none = plan(o);
    CHECK(none.best == -1);
    CHECK(none.gpus_needed == 0);
}

TEST_CASE("A100 40GB serving is not slower than the paper's 200k+ pages a day on one A100-40G (domain.md 7)", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.base.gpu = "a100-40gb";
    o.base.gpu_memory_percent = 90;
    o.concurrency = {64};
    const mm::Plan p = plan(o);
    REQUIRE(p.rows[0].fits);
    // 200,000 pages / 86,400 s = 2.3 pages/s, an upper bound the model must reach (production pages may be longer).
    CHECK(p.rows[0].pages_per_s >= 200000.0 / 86400.0);
}

TEST_CASE("plan refuses bad options with a sentence", "[plan]") {
    mm::PlanOptions o = standard_plan();
    o.concurrency = {0};
    auto r = mm::plan_capacity(catalog(), o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "A concurrency must be between 1 and 65,536; got 0.");
    o.concurrency = {1};
    o.host_workers = 0;
    CHECK(mm::plan_capacity(catalog(), o).error().message == "There must be at least one host worker.");
}
