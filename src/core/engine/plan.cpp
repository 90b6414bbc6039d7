#include "core/engine/plan.hpp"

#include <algorithm>
#include <cmath>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"

namespace mm {

std::string_view plan_limit_name(PlanLimit l) {
    switch (l) {
        case PlanLimit::compute: return "compute";
        case PlanLimit::bandwidth: return "bandwidth";
        case PlanLimit::overhead: return "overhead";
        case PlanLimit::kv_capacity: return "kv_capacity";
        case PlanLimit::host: return "host";
    }
    return "compute";
}

namespace {

double live_activations(const Analysis& a, Stage s) {
    const int root = a.stage_root(s);
    return root < 0 ? 0.0 : a.result(root).cost.resident_activation_bytes;
}

PlanLimit limit_of(const TimeSplit& t) {
    switch (t.bound()) {
        case Bound::memory: return PlanLimit::bandwidth;
        case Bound::overhead: return PlanLimit::overhead;
        default: return PlanLimit::compute;
    }
}

TimeSplit scaled(TimeSplit t, double k) {
    t.time_s *= k;
    t.compute_bound_s *= k;
    t.memory_bound_s *= k;
    t.overhead_bound_s *= k;
    return t;
}

}  // namespace

Result<Plan> plan_capacity(const Catalog& catalog, const PlanOptions& o) {
    if (o.concurrency.empty()) return make_error("Give at least one concurrency.", "--concurrency");
    for (int64_t c : o.concurrency)
        if (c < 1 || c > kMaxBatch)
            return make_error("A concurrency must be between 1 and " + format_grouped(kMaxBatch) + "; got " + format_int(c) + ".",
                              "--concurrency");
    if (!(o.host_preprocess_s >= 0) || !std::isfinite(o.host_preprocess_s))
        return make_error("The host preprocessing time must be a number of seconds >= 0.", "--host-preprocess-s");
    if (o.host_workers < 1) return make_error("There must be at least one host worker.", "--host-workers");
    if (!(o.host_step_s >= 0) || !std::isfinite(o.host_step_s))
        return make_error("The host time per decode step must be a number of seconds >= 0.", "--host-step-ms");
    if (o.prefill_chunk_tokens < 1) return make_error("A prefill chunk holds at least one token.", "--prefill-chunk-tokens");
    if (o.kv_block_tokens < 1) return make_error("A KV block holds at least one token.", "--kv-block-tokens");
    if (!(o.ttft_max_s >= 0) || !(o.tpot_max_s >= 0) || !(o.target_pages_per_hour >= 0))
        return make_error("SLA bounds and the target pages per hour must be >= 0 (0: none).", "sla");

    AnalyzeOptions one_options = o.base;
    one_options.batch = 1;
    auto one = analyze(catalog, one_options);
    if (!one.ok()) return one.error();
    const Analysis& a1 = one.value();
    if (a1.stage_root(Stage::decode) < 0 || a1.stage_root(Stage::prefill) < 0)
        return make_error("Planning needs a model that prefills and decodes (" + a1.model_display_name + " does not).", "model");

    Plan plan;
    plan.options = o;
    plan.gpu = a1.gpu().name;
    plan.gpu_display_name = a1.gpu().display_name;
    plan.profile = a1.profile().name;
    plan.model = a1.model_name;
    plan.workload = a1.options.workload;
    const Workload& w = a1.workload;
    const int64_t S = w.prefill_tokens, N = w.new_tokens;
    plan.prefill_tokens = S;
    plan.new_tokens = N;
    const double P = a1.vision().time_s + a1.prefill().time_s;
    plan.prefill_page_s = P;
    const TimeSplit new_page_time = [&] {
        TimeSplit t = a1.vision().time;
        t += a1.prefill().time;
        return t;
    }();

    // Memory: weights, one new page's activations, and per sequence its KV blocks and decode activations.
    plan.weights_bytes = a1.memory.weights_bytes;
    plan.capacity_bytes = a1.memory.capacity_bytes;
    const int64_t kv_tokens = w.kv_tokens_final();
    const int64_t blocks = (kv_tokens + o.kv_block_tokens - 1) / o.kv_block_tokens;
    plan.kv_bytes_per_sequence = double(blocks) * double(o.kv_block_tokens) * a1.memory.kv_bytes_per_token;
    plan.activation_new_page_bytes = std::max(live_activations(a1, Stage::vision), live_activations(a1, Stage::prefill));
    plan.activation_per_sequence_bytes = live_activations(a1, Stage::decode);
    const double per_sequence = plan.kv_bytes_per_sequence + plan.activation_per_sequence_bytes;
    const double room = plan.capacity_bytes - plan.weights_bytes - plan.activation_new_page_bytes;
    plan.max_concurrency = room > 0 && per_sequence > 0 ? int64_t(std::min(std::floor(room / per_sequence), double(kMaxBatch))) : 0;
    plan.pages_per_s_host = o.host_preprocess_s > 0 ? double(o.host_workers) / o.host_preprocess_s : 0;

    const int64_t passes = w.decode_passes();
    const double chunks = std::ceil(double(S) / double(o.prefill_chunk_tokens));
    for (int64_t C : o.concurrency) {
        AnalyzeOptions oc = o.base;
        oc.batch = C;
        auto ac = analyze(catalog, oc);
        if (!ac.ok()) return ac.error();
        const Analysis& a = ac.value();
        PlanRow r;
        r.concurrency = C;
        r.decode_step_s = a.latency().tpot_s;  // decode_s / (N-1) at batch C; 0 when N = 1
        const double step = passes > 0 ? r.decode_step_s + o.host_step_s : 0.0, c = double(C);
        r.pages_per_s_gpu = passes > 0 ? c / (double(passes) * step + c * P) : (P > 0 ? 1.0 / P : 0.0);
        r.pages_per_s = plan.pages_per_s_host > 0 ? std::min(r.pages_per_s_gpu, plan.pages_per_s_host) : r.pages_per_s_gpu;
        // tpot = step / (1 - X P): at X = X_gpu this is step + C P / (N-1).
        r.tpot_s = passes > 0 ? step / std::max(1e-300, 1.0 - r.pages_per_s * P) : 0.0;
        r.ttft_s = P + chunks * step;
        r.ttft_end_to_end_s = o.host_preprocess_s + r.ttft_s;
        r.page_latency_s = r.ttft_end_to_end_s + double(passes) * r.tpot_s;
        r.output_tokens_per_s = r.pages_per_s * double(N);
        r.kv_bytes = c * plan.kv_bytes_per_sequence;
        r.activation_bytes = plan.activation_new_page_bytes + c * plan.activation_per_sequence_bytes;
        r.memory_bytes = plan.weights_bytes + r.activation_bytes + r.kv_bytes;
        r.fits = C <= plan.max_concurrency;
        // GPU time per page: P + (N-1) step_C / C, each term with its bound.
        TimeSplit per_page = new_page_time;
        per_page += scaled(a.decode().time, 1.0 / c);
        TimeSplit host_steps;  // the steps' host work: overhead, like the launches it sits beside
        host_steps.time_s = host_steps.overhead_bound_s = double(passes) * o.host_step_s / c;
        per_page += host_steps;
        if (!r.fits) r.limit = PlanLimit::kv_capacity;
        else if (plan.pages_per_s_host > 0 && plan.pages_per_s_host < r.pages_per_s_gpu) r.limit = PlanLimit::host;
        else r.limit = limit_of(per_page);
        r.meets_sla = r.fits && (o.ttft_max_s <= 0 || r.ttft_end_to_end_s <= o.ttft_max_s) &&
                      (o.tpot_max_s <= 0 || r.tpot_s <= o.tpot_max_s);
        plan.rows.push_back(r);
    }
    for (size_t i = 0; i < plan.rows.size(); ++i)
        if (plan.rows[i].meets_sla && (plan.best < 0 || plan.rows[i].pages_per_s > plan.rows[size_t(plan.best)].pages_per_s))
            plan.best = int(i);
    if (o.target_pages_per_hour > 0 && plan.best >= 0) {
        const double per_gpu_per_hour = plan.rows[size_t(plan.best)].pages_per_s * 3600.0;
        if (per_gpu_per_hour > 0) plan.gpus_needed = int64_t(std::ceil(o.target_pages_per_hour / per_gpu_per_hour));
    }
    return plan;
}

std::string plan_to_json(const Plan& p) {
    JsonWriter j;
    j.begin_object();
    j.string("schema", "modelmeter.plan/1");
    j.string("units", "seconds, bytes");
    j.string("model", p.model);
    j.string("gpu", p.gpu);
    j.string("profile", p.profile);
    j.string("workload", p.workload);
    j.integer("prefill_tokens", p.prefill_tokens);
    j.integer("new_tokens", p.new_tokens);
    j.number("prefill_page_s", p.prefill_page_s);
    j.number("host_preprocess_s", p.options.host_preprocess_s);
    j.integer("host_workers", p.options.host_workers);
    j.string("host_preprocess_source", kHostPreprocessSource);
    j.number("host_step_s", p.options.host_step_s);
    j.string("host_step_source", kHostStepSource);
    j.integer("prefill_chunk_tokens", p.options.prefill_chunk_tokens);
    j.integer("kv_block_tokens", p.options.kv_block_tokens);
    j.integer("gpu_memory_percent", p.options.base.gpu_memory_percent);
    j.number("weights_bytes", p.weights_bytes);
    j.number("capacity_bytes", p.capacity_bytes);
    j.number("kv_bytes_per_sequence", p.kv_bytes_per_sequence);
    j.number("activation_new_page_bytes", p.activation_new_page_bytes);
    j.number("activation_per_sequence_bytes", p.activation_per_sequence_bytes);
    j.integer("max_concurrency", p.max_concurrency);
    if (p.pages_per_s_host > 0) j.number("pages_per_s_host", p.pages_per_s_host);
    else j.null("pages_per_s_host");
    if (p.options.ttft_max_s > 0) j.number("ttft_max_s", p.options.ttft_max_s);
    else j.null("ttft_max_s");
    if (p.options.tpot_max_s > 0) j.number("tpot_max_s", p.options.tpot_max_s);
    else j.null("tpot_max_s");
    if (p.best >= 0) j.integer("best_concurrency", p.rows[size_t(p.best)].concurrency);
    else j.null("best_concurrency");
    if (p.options.target_pages_per_hour > 0) {
        j.number("target_pages_per_hour", p.options.target_pages_per_hour);
        if (p.gpus_needed > 0) j.integer("gpus_needed", p.gpus_needed);
        else j.null("gpus_needed");
    }
    j.begin_array("rows");
    for (const PlanRow& r : p.rows) {
        j.begin_object();
        j.integer("concurrency", r.concurrency);
        j.number("decode_step_s", r.decode_step_s);
        j.number("ttft_s", r.ttft_s);
        j.number("ttft_end_to_end_s", r.ttft_end_to_end_s);
        j.number("tpot_s", r.tpot_s);
        j.number("page_latency_s", r.page_latency_s);
        j.number("output_tokens_per_s", r.output_tokens_per_s);
        j.number("pages_per_s", r.pages_per_s);
        j.number("pages_per_s_gpu", r.pages_per_s_gpu);
        j.number("kv_bytes", r.kv_bytes);
        j.number("activation_bytes", r.activation_bytes);
        j.number("memory_bytes", r.memory_bytes);
        j.boolean("fits", r.fits);
        j.boolean("meets_sla", r.meets_sla);
        j.string("limit", plan_limit_name(r.limit));
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return j.take();
}

namespace {

std::string pad_left(std::string s, size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

}  // namespace

std::string plan_to_table(const Plan& p) {
    std::string out;
    out += p.gpu_display_name + ", profile " + p.profile + ", " + p.model + " (" + p.workload + "): S = " +
           format_int(p.prefill_tokens) + " prefill tokens, N = " + format_int(p.new_tokens) + " new tokens per page\n";
    out += "Vision + prefill per page " + format_seconds(p.prefill_page_s) + " (GPU); host preprocessing " +
           format_seconds(p.options.host_preprocess_s) + " per page x " + format_int(p.options.host_workers) + " worker(s)" +
           (p.options.host_step_s > 0 ? ", " + format_seconds(p.options.host_step_s) + " per decode step" : std::string()) + "\n";
    out += "Memory " + format_bytes(p.capacity_bytes) + " usable (" + format_int(p.options.base.gpu_memory_percent) +
           " %): weights " + format_bytes(p.weights_bytes) + ", KV " + format_bytes(p.kv_bytes_per_sequence) +
           " per sequence (blocks of " + format_int(p.options.kv_block_tokens) + "), largest concurrency " +
           format_int(p.max_concurrency) + "\n\n";
    const char* head[] = {"C", "TTFT GPU", "TTFT e2e", "TPOT", "page", "tokens/s", "pages/s", "memory", "fits", "SLA", "limit"};
    const size_t width[] = {6, 10, 10, 10, 10, 10, 9, 10, 5, 4, 12};
    for (size_t i = 0; i < std::size(head); ++i) out += pad_left(head[i], width[i]) + (i + 1 < std::size(head) ? " " : "\n");
    for (const PlanRow& r : p.rows) {
        const std::string cells[] = {format_int(r.concurrency),
                                     format_seconds(r.ttft_s),
                                     format_seconds(r.ttft_end_to_end_s),
                                     format_seconds(r.tpot_s),
                                     format_seconds(r.page_latency_s),
                                     format_fixed(r.output_tokens_per_s, 0),
                                     format_fixed(r.pages_per_s, 3),
                                     format_bytes(r.memory_bytes),
                                     r.fits ? "yes" : "no",
                                     r.meets_sla ? "yes" : "no",
                                     std::string(plan_limit_name(r.limit))};
        for (size_t i = 0; i < std::size(cells); ++i) out += pad_left(cells[i], width[i]) + (i + 1 < std::size(cells) ? " " : "\n");
    }
    out += "\n";
    if (p.best >= 0) {
        const PlanRow& b = p.rows[size_t(p.best)];
        out += "Best concurrency within the SLA: " + format_int(b.concurrency) + " (" + format_fixed(b.pages_per_s, 3) +
               " pages/s, " + format_fixed(b.pages_per_s * 3600.0, 0) + " pages/hour per GPU)\n";
        if (p.options.target_pages_per_hour > 0)
            out += "GPUs for " + format_fixed(p.options.target_pages_per_hour, 0) + " pages/hour: " + format_int(p.gpus_needed) + "\n";
    } else {
        out += "No concurrency fits and meets the SLA.\n";
    }
    return out;
}

}  // namespace mm
