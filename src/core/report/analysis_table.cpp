// analysis_to_table: the terminal view of an analysis, at most 100 columns wide.
#include <algorithm>
#include <numeric>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/report/coverage.hpp"
#include "core/report/metric_table.hpp"

namespace mm {

namespace {

std::string pad_right(std::string s, size_t width) {
    if (s.size() > width) s = s.substr(0, width - 1) + "~";
    s.append(width - s.size(), ' ');
    return s;
}

std::string pad_left(std::string s, size_t width) {
    if (s.size() >= width) return s;
    return std::string(width - s.size(), ' ') + s;
}

std::string calls_text(double calls) {
    if (calls == double(int64_t(calls))) return format_int(int64_t(calls));
    return format_fixed(calls, 1);
}

// The module columns: rows of the metric table, each with its header, width and terminal form.
enum class Form { count, flops, bytes, intensity, seconds, percent, word };
struct Column {
    std::string_view metric;  // a key of module_metric_table()
    std::string_view header;
    size_t width;             // right-aligned; the last column (a word) follows two spaces
    Form form;
};
constexpr Column kColumns[] = {
    {"calls", "calls", 7, Form::count},          {"flops", "FLOPs", 12, Form::flops},
    {"bytes", "bytes", 11, Form::bytes},          {"intensity_flops_per_byte", "FLOP/B", 8, Form::intensity},
    {"time_s", "time", 10, Form::seconds},        {"share_of_time", "share", 7, Form::percent},
    {"bound", "bound", 0, Form::word},
};
constexpr size_t kNameWidth = 35;

std::string cell_text(const Column& c, const Analysis& a, const ModuleRow& m) {
    const MetricSpec& metric = *find_metric(c.metric);
    if (c.form == Form::word) return std::string(metric.text(m));
    const double v = metric.number(a, m);
    switch (c.form) {
        case Form::count: return calls_text(v);
        case Form::flops: return format_si(v, "F");
        case Form::bytes: return format_traffic(v);  // the DRAM bytes moved
        case Form::intensity: return format_fixed(v, v >= 100 ? 0 : 1);
        case Form::seconds: return format_seconds(v);
        case Form::percent: return format_fixed(100 * v, 1) + "%";
        case Form::word: break;
    }
    return {};
}

std::string line_of(const std::string& name, const std::string* cells) {
    std::string out = pad_right(name, kNameWidth);
    for (size_t i = 0; i < std::size(kColumns); ++i)
        out += kColumns[i].form == Form::word ? "  " + cells[i] : pad_left(cells[i], kColumns[i].width);
    return out + "\n";
}

std::string header_line(const std::string& title) {
    std::string cells[std::size(kColumns)];
    for (size_t i = 0; i < std::size(kColumns); ++i) cells[i] = std::string(kColumns[i].header);
    return line_of(title, cells);
}

std::string module_line(const Analysis& a, const ModuleRow& m, const std::string& name) {
    std::string cells[std::size(kColumns)];
    for (size_t i = 0; i < std::size(kColumns); ++i) cells[i] = cell_text(kColumns[i], a, m);
    return line_of(name, cells);
}

}  // namespace

std::string analysis_to_table(const Analysis& a) {
    const Workload& w = a.workload;
    std::string out;
    out += a.model_display_name + " on " + a.gpu().display_name + " (" + format_bytes(a.gpu().memory_capacity_bytes) + ", " +
           format_number(a.gpu().bandwidth_bytes_per_s / 1e9) + " GB/s, " +
           format_number(a.rates.tensor_peak_flops_per_s / 1e12) + " TFLOPS dense " +
           std::string(precision_name(a.rates.tensor_precision)) + ")\n";
    // A plain network has no decoder and no KV cache: the lines about them are left out.
    const bool plain = a.model && a.model->plain;
    out += "time profile " + a.profile().name + " | FLOP convention " + std::string(convention_name(w.convention)) +
           (plain ? std::string() : " | decoder attention " + std::string(attention_name(w.attention))) + "\n";
    if (plain) {
        out += "Workload: one forward pass of " + a.model_id + ", batch " + format_int(w.batch) + "\n";
    } else {
        std::string crops = w.num_crops() > 0 ? format_int(w.crops_w) + "x" + format_int(w.crops_h) + " crops of " +
                                                    format_int(w.tile_size_px)
                                              : std::string("no crops");
        out += "Workload " + a.options.workload + ": mode " + w.mode + ", image " + format_int(w.image_width_px) + "x" +
               format_int(w.image_height_px) + ", " + crops + " + " + format_int(w.base_size_px) + " global view\n";
        out += "  image tokens T=" + format_int(w.image_tokens) + ", prefill S=" + format_int(w.prefill_tokens) +
               ", new tokens N=" + format_int(w.new_tokens) + " (" + format_int(w.decode_passes()) +
               " decode passes), batch " + format_int(w.batch) + "\n";
    }
    out += "  precision weights " + std::string(precision_name(w.weights)) + ", activations " +
           std::string(precision_name(w.activations)) + (plain ? "" : ", KV " + std::string(precision_name(w.kv))) + "\n";
    out += "  params " + format_grouped(a.params().total) +
           (plain ? std::string() : " (lm_head " + format_grouped(a.params().lm_head) + ")") + "\n\n";

    out += pad_right("Stage", 10) + pad_left("FLOPs", 12) + pad_left("tensor", 12) + pad_left("CUDA", 11) +
           pad_left("bytes", 11) + pad_left("FLOP/B", 8) + pad_left("kernels", 9) + pad_left("time", 10) + "  bound\n";
    auto stage_line = [&](const char* name, const StageTotals& s) {
        out += pad_right(name, 10) + pad_left(format_si(s.flops, "F"), 12) + pad_left(format_si(s.flops_tensor, "F"), 12) +
               pad_left(format_si(s.flops_cuda, "F"), 11) + pad_left(format_traffic(s.bytes), 11) +
               pad_left(format_fixed(s.intensity, s.intensity >= 100 ? 0 : 1), 8) +
               pad_left(format_int(int64_t(s.kernels + 0.5)), 9) + pad_left(format_seconds(s.time_s), 10) + "  " +
               std::string(bound_name(s.bound)) + "\n";
    };
    for (Stage s : a.stages()) stage_line(std::string(stage_name(s)).c_str(), a.stage(s));
    stage_line("total", a.total());
    if (plain) {
        const CostCoverage c = cost_coverage(a);
        std::string text = describe_coverage(c);  // two lines: FLOPs, then parameters
        if (const size_t at = text.find("; "); at != std::string::npos) text.replace(at, 2, "\n          ");
        out += "  costed: " + text + "\n";
    }
    if (!plain)
        out += "  vision + prefill FLOPs: " + format_grouped(int64_t(a.vision().flops + a.prefill().flops)) + " (" +
               std::string(convention_name(w.convention)) + ")\n";
    out += "\n";

    const Latency& l = a.latency();
    if (plain)
        out += "Latency  per forward pass " + format_seconds(l.page_s) + " | " + format_fixed(l.pages_per_s, 1) +
               " samples/s at batch " + format_int(w.batch) + "\n";
    else
        out += "Latency  TTFT " + format_seconds(l.ttft_s) + " | per output token " + format_seconds(l.tpot_s) +
               " | per request " + format_seconds(l.page_s) + "\n         " + format_fixed(l.pages_per_s, 3) +
               " pages/s, " + format_fixed(l.tokens_per_s, 1) + " generated tokens/s at batch " + format_int(w.batch) + "\n";
    const MemoryUse& m = a.memory;
    out += "Memory   weights " + format_bytes(m.weights_bytes) +
           (plain ? std::string()
                  : " + KV " + format_bytes(m.kv_bytes) + " (" + format_number(m.kv_bytes_per_token) + " B/token/seq)") +
           " + activations " + format_bytes(m.peak_activation_bytes) +
           "\n         = " + format_bytes(m.total_bytes) + " of " + format_bytes(m.capacity_bytes) +
           (a.options.gpu_memory_percent < 100 ? " (" + format_int(a.options.gpu_memory_percent) + " % of " +
                                                     format_bytes(a.gpu().memory_capacity_bytes) + ")"
                                               : std::string()) +
           (m.fits ? " (fits)" : " (DOES NOT FIT)") + "; largest batch that fits: " + format_int(m.max_batch) + "\n\n";

    out += header_line("Module (top levels)");
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const ModuleRow& r = a.modules()[i];
        if (r.depth > 1) continue;
        out += module_line(a, r, std::string(size_t(r.depth) * 2, ' ') + std::string(r.name.empty() ? r.id : r.name));
    }
    // The leaves that take the most time: where to look first.
    std::vector<size_t> leaves;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.tree->nodes[i].children.empty() && a.modules()[i].time_s > 0) leaves.push_back(i);
    std::sort(leaves.begin(), leaves.end(), [&](size_t x, size_t y) {
        if (a.modules()[x].time_s != a.modules()[y].time_s) return a.modules()[x].time_s > a.modules()[y].time_s;
        return x < y;
    });
    out += "\n" + header_line("Slowest leaf modules");
    for (size_t k = 0; k < leaves.size() && k < 10; ++k) {
        const ModuleRow& r = a.modules()[leaves[k]];
        std::string name = std::string(stage_name(r.stage)).substr(0, 3) + " " + std::string(r.name);
        out += module_line(a, r, name);
    }
    return out;
}

}  // namespace mm
