#pragma once
// Capacity planning under continuous batching: for C requests in flight on one GPU, the steady-state
// TTFT, TPOT, output tokens/s and pages/s, whether C sequences' KV cache fits beside the weights, and
// what binds. Pure: analyses in, rows out (the CLI's `plan` and, later, the page's Capacity view).
//
// The model (README "Serving and capacity planning"), per page of S prefill tokens and N new tokens:
//   P       = vision_s + prefill_s of one page at batch 1 (GPU time of a new request's work)
//   step_C  = mean decode pass of an analysis at batch C: C sequences at their mean context
//             S + N/2 (every decode cost is linear in the context, so the mean step of one request's
//             passes equals the step of C staggered requests)
//   Steady state at C in flight, pages arriving at X per second: each decode step carries on
//   average X * tpot pages' vision + prefill (chunked prefill interleaves it), so
//     tpot = step_C + X * tpot * P            -> tpot = step_C / (1 - X * P)
//   and each sequence stays N-1 steps: C = X * (N-1) * tpot. Solving both:
//     X_gpu = C / ((N-1) * step_C + C * P)      tpot = step_C + C * P / (N-1)
//   (GPU time per page = P + (N-1) * step_C / C.) With N = 1 there is no decode: X_gpu = 1 / P.
//   Host per step: h = host_step_s, the engine's host work per decode step that it does not overlap
//   with the GPU (scheduling, sampling, detokenising), joins every step: step_C -> step_C + h.
//   Host: X_host = host_workers / host_preprocess_s; X = min(X_gpu, X_host).
//   TTFT (GPU)  = P + chunks * step_C, chunks = ceil(S / prefill_chunk_tokens): each prefill chunk
//                 rides in one step beside the C decoding sequences. No queueing is modelled.
//   TTFT (end to end) = host_preprocess_s + TTFT (GPU).
//   output tokens/s = X * N; page latency = TTFT (end to end) + (N-1) * tpot.
// Memory, with paged KV in blocks of B tokens:
//   kv_seq  = ceil((S + N - 1) / B) * B * kv_bytes_per_token   (a sequence's blocks at its last token)
//   act_new = the largest live activation set of one page's vision or prefill (batch 1)
//   act_seq = the decode stage's live activations per sequence
//   total(C) = weights + act_new + C * (kv_seq + act_seq) <= capacity * gpu_memory_percent / 100
//   max_concurrency = floor((capacity - weights - act_new) / (kv_seq + act_seq)).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/presets/catalog.hpp"
#include "core/base/result.hpp"

namespace mm {

// Host preprocessing default: see kHostPreprocessSource.
inline constexpr double kDefaultHostPreprocessS = 0.05;
inline constexpr std::string_view kHostPreprocessSource =
    "Assumed, not measured: 50 ms of CPU per page for the vendor's preprocessing (decode the page "
    "image, resize and pad the 1024 px global view, cut and resize the 640 px crops, normalise to "
    "bf16 tensors: about 2.7 million RGB pixels for a 2x2-crop page), one worker. Measure yours and "
    "pass --host-preprocess-s and --host-workers.";

// Host work per decode step default: see kHostStepSource.
inline constexpr double kDefaultHostStepS = 0;
inline constexpr std::string_view kHostStepSource =
    "Not modelled unless given: 0 s per decode step. Engines spend host time on every step (the "
    "scheduler, sampling, detokenising, the vendor's Python logits processor) and hide part of it "
    "behind the GPU; no measurement here separates it. Measure yours (the TPOT at one request in "
    "flight minus ModelMeter's decode step) and pass --host-step-ms.";

struct PlanOptions {
    AnalyzeOptions base;                     // workload, GPU, profile, new tokens, gpu_memory_percent
    std::vector<int64_t> concurrency = {1, 4, 16, 64};
    double host_preprocess_s = kDefaultHostPreprocessS;  // CPU seconds per page, >= 0
    int64_t host_workers = 1;                // pages preprocessed in parallel, >= 1
    double host_step_s = kDefaultHostStepS;  // host seconds per decode step not overlapped with the GPU, >= 0
    int64_t prefill_chunk_tokens = 2048;     // tokens of prefill one engine step carries
    int64_t kv_block_tokens = 16;            // paged-KV block (vLLM's default block size)
    double ttft_max_s = 0;                   // SLA on end-to-end TTFT; 0 = none
    double tpot_max_s = 0;                   // SLA on TPOT; 0 = none
    double target_pages_per_hour = 0;        // 0 = no fleet sizing
};

// What limits a row: the KV cache (C does not fit), the host's preprocessing, or the GPU time per
// page by its dominant term (compute, bandwidth, launch overhead).
enum class PlanLimit { compute, bandwidth, overhead, kv_capacity, host };
std::string_view plan_limit_name(PlanLimit l);

struct PlanRow {
    int64_t concurrency = 0;
    double decode_step_s = 0;         // step_C: decode only (GPU), no prefill riding along, no host step
    double ttft_s = 0;                // GPU
    double ttft_end_to_end_s = 0;     // host preprocessing + GPU
    double tpot_s = 0;
    double page_latency_s = 0;        // end to end, first byte in to last token out
    double pages_per_s = 0;
    double pages_per_s_gpu = 0;       // X_gpu, before the host limit
    double output_tokens_per_s = 0;
    double kv_bytes = 0;              // C * kv_seq
    double activation_bytes = 0;      // act_new + C * act_seq
    double memory_bytes = 0;          // weights + activations + KV
    bool fits = false;
    bool meets_sla = false;           // fits and within both SLA bounds
    PlanLimit limit = PlanLimit::compute;
};

struct Plan {
    PlanOptions options;
    std::string gpu, gpu_display_name, profile, model, workload;
    int64_t prefill_tokens = 0;       // S
    int64_t new_tokens = 0;           // N
    double prefill_page_s = 0;        // P
    double weights_bytes = 0;
    double capacity_bytes = 0;        // after gpu_memory_percent
    double kv_bytes_per_sequence = 0; // kv_seq (block-rounded)
    double activation_new_page_bytes = 0;
    double activation_per_sequence_bytes = 0;
    int64_t max_concurrency = 0;
    double pages_per_s_host = 0;      // host_workers / host_preprocess_s; 0 when unlimited
    std::vector<PlanRow> rows;
    int best = -1;                    // the row with the most pages/s within the SLA; -1 if none
    int64_t gpus_needed = 0;          // for target_pages_per_hour at the best row; 0 when not asked or none
};

// Errors: a bad option (a sentence naming it) or the analysis' own error.
Result<Plan> plan_capacity(const Catalog& catalog, const PlanOptions& options);

// {"schema": "modelmeter.plan/1", ..., "rows": [...]}, base units (seconds, bytes).
std::string plan_to_json(const Plan& plan);
// A fixed-width table with a header of the inputs and a footer with the best row and fleet size.
std::string plan_to_table(const Plan& plan);

}  // namespace mm
