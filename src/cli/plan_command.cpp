// `modelmeter plan`: capacity planning under continuous batching. Thin: the analyze flags give the
// workload and GPU, the plan's flags the concurrencies, host term and SLA; plan_capacity does the rest.
#include <iostream>

#include "cli/commands.hpp"
#include "core/engine/plan.hpp"

namespace mm::cli {

void add_plan_flags(CLI::App& cmd, PlanFlags& f) {
    add_analyze_flags(cmd, f.analyze);
    cmd.add_option("--concurrency", f.concurrency, "Requests in flight: list or range, e.g. 1,4,16,64 or 1..256*2")
        ->capture_default_str();
    cmd.add_option("--host-preprocess-s", f.host_preprocess_s,
                   "CPU seconds of preprocessing per page (image decode, resize, crops, normalise); the default is an "
                   "assumption, see the JSON's host_preprocess_source")
        ->capture_default_str();
    cmd.add_option("--host-workers", f.host_workers, "Pages preprocessed in parallel on the host")->capture_default_str();
    cmd.add_option("--host-step-ms", f.host_step_ms,
                   "Host milliseconds per decode step the engine does not overlap with the GPU (scheduler, sampling, "
                   "detokenising); 0 unless measured, see the JSON's host_step_source")
        ->capture_default_str();
    cmd.add_option("--prefill-chunk-tokens", f.prefill_chunk_tokens, "Prefill tokens one engine step carries (chunked prefill)")
        ->capture_default_str();
    cmd.add_option("--kv-block-tokens", f.kv_block_tokens, "Tokens per paged-KV block")->capture_default_str();
    cmd.add_option("--ttft-max-s", f.ttft_max_s, "SLA: end-to-end time to first token at most this (0: none)")->capture_default_str();
    cmd.add_option("--tpot-max-ms", f.tpot_max_ms, "SLA: time per output token at most this (0: none)")->capture_default_str();
    cmd.add_option("--pages-per-hour", f.pages_per_hour, "Size the fleet: GPUs needed for this many pages per hour")
        ->capture_default_str();
}

int run_plan(const Catalog& catalog, const PlanFlags& f) {
    auto fail = [](const std::string& message) {
        std::cerr << "modelmeter: " << message << "\n";
        return kExitUsage;
    };
    if (!f.analyze.torchinfo.empty()) return fail("plan works on the catalog's models; --torchinfo is not supported here.");
    auto options = resolve_analyze_flags(catalog, f.analyze);
    if (!options.ok()) return fail(options.error().message);
    PlanOptions o;
    o.base = options.value();
    // The planner models a serving engine: its profile unless --profile says otherwise.
    if (!f.analyze.set("profile")) o.base.profile = "serving";
    auto concurrency = parse_int_list(f.concurrency, "--concurrency");
    if (!concurrency.ok()) return fail(concurrency.error().message);
    o.concurrency = concurrency.value();
    o.host_preprocess_s = f.host_preprocess_s;
    o.host_workers = f.host_workers;
    o.host_step_s = f.host_step_ms * 1e-3;
    o.prefill_chunk_tokens = f.prefill_chunk_tokens;
    o.kv_block_tokens = f.kv_block_tokens;
    o.ttft_max_s = f.ttft_max_s;
    o.tpot_max_s = f.tpot_max_ms * 1e-3;
    o.target_pages_per_hour = f.pages_per_hour;
    auto plan = plan_capacity(catalog, o);
    if (!plan.ok()) return fail(plan.error().message);
    std::cout << (f.analyze.format == "json" ? plan_to_json(plan.value()) : plan_to_table(plan.value()));
    return 0;
}

}  // namespace mm::cli
