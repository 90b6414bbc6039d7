#include "core/engine/sweep.hpp"

#include <algorithm>
#include <charconv>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/base/json_writer.hpp"

namespace mm {

namespace {

bool parse_i64(std::string_view s, int64_t& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_wxh(std::string_view s, int64_t& w, int64_t& h) {
    size_t x = s.find_first_of("xX");
    return x != std::string_view::npos && parse_i64(s.substr(0, x), w) && parse_i64(s.substr(x + 1), h);
}

std::string crops_label(const Workload& w) {
    return w.num_crops() > 0 ? format_int(w.crops_w) + "x" + format_int(w.crops_h) : std::string("off");
}

// A column: a name and how to write it for one row.
struct Column {
    std::string name;
    enum Kind { text, number, integer, boolean } kind;
    std::string s;
    double v = 0;
    bool b = false;
};

std::vector<Column> columns_of(const SweepRow& r, SweepColumns sel) {
    const bool ok = r.error.empty();
    std::vector<Column> c;
    auto text = [&](std::string n, std::string s) { c.push_back({std::move(n), Column::text, std::move(s)}); };
    auto num = [&](std::string n, double v) { c.push_back({std::move(n), Column::number, {}, v}); };
    auto integer = [&](std::string n, double v) { c.push_back({std::move(n), Column::integer, {}, v}); };
    const AnalyzeOptions& o = r.options;
    text("gpu", o.gpu);
    text("profile", o.profile);
    const std::string wp(precision_name(o.weights_precision)), ap(precision_name(o.activations_precision)),
        kp(precision_name(o.kv_precision));
    text("precision", wp == ap && wp == kp ? wp : wp + "/" + ap + "/" + kp);
    text("image", format_int(o.image_width_px) + "x" + format_int(o.image_height_px));
    text("crops", ok ? crops_label(r.workload)
                     : o.crops == AnalyzeOptions::Crops::off          ? "off"
                     : o.crops == AnalyzeOptions::Crops::from_image ? "auto"
                                                                    : format_int(o.crops_w) + "x" + format_int(o.crops_h));
    integer("batch", double(o.batch));
    integer("new_tokens", double(o.new_tokens));
    integer("image_tokens", double(r.workload.image_tokens));
    integer("prefill_tokens", double(r.workload.prefill_tokens));
    auto stage = [&](const char* name, const StageTotals& s) {
        const std::string p = name;
        num(p + "_flops", s.flops);
        num(p + "_flops_tensor", s.flops_tensor);
        num(p + "_flops_cuda", s.flops_cuda);
        num(p + "_bytes", s.bytes);
        num(p + "_time_s", s.time_s);
        text(p + "_bound", ok ? std::string(bound_name(s.bound)) : std::string());
    };
    if (sel.vision) stage("vision", r.vision);
    if (sel.prefill) stage("prefill", r.prefill);
    if (sel.decode) stage("decode", r.decode);
    num("ttft_s", r.latency.ttft_s);
    num("tpot_s", r.latency.tpot_s);
    num("page_s", r.latency.page_s);
    num("pages_per_s", r.latency.pages_per_s);
    num("tokens_per_s", r.latency.tokens_per_s);
    num("weights_bytes", r.memory.weights_bytes);
    num("kv_bytes", r.memory.kv_bytes);
    num("activation_bytes", r.memory.peak_activation_bytes);
    num("memory_total_bytes", r.memory.total_bytes);
    num("memory_capacity_bytes", r.memory.capacity_bytes);
    c.push_back({"fits", Column::boolean, {}, 0, r.memory.fits});
    integer("max_batch", double(r.memory.max_batch));
    text("error", r.error);
    return c;
}


}  // namespace

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string item(text.substr(start, comma - start));
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

Result<std::vector<int64_t>> parse_int_list(std::string_view text, std::string_view flag) {
    std::vector<int64_t> out;
    const std::string f(flag);
    auto bad = [&](const std::string& item) {
        return make_error(f + " takes integers, ranges A..B, A..B:STEP or A..B*FACTOR separated by commas (got \"" + item +
                              "\").",
                          f);
    };
    for (const std::string& item : split_list(text)) {
        size_t dots = item.find("..");
        if (dots == std::string::npos) {
            int64_t v = 0;
            if (!parse_i64(item, v)) return bad(item);
            out.push_back(v);
            continue;
        }
        std::string_view rest = std::string_view(item).substr(dots + 2);
        int64_t a = 0, b = 0, step = 1, factor = 0;
        if (!parse_i64(std::string_view(item).substr(0, dots), a)) return bad(item);
        size_t sep = rest.find_first_of(":*");
        if (!parse_i64(rest.substr(0, sep), b)) return bad(item);
        if (sep != std::string_view::npos) {
            int64_t k = 0;
            if (!parse_i64(rest.substr(sep + 1), k)) return bad(item);
            if (rest[sep] == ':') step = k;
            else factor = k;
        }
        if (b < a || step < 1 || (factor != 0 && (factor < 2 || a < 1))) return bad(item);
        for (int64_t v = a; v <= b; v = factor ? v * factor : v + step) {
            out.push_back(v);
            if (out.size() > kMaxSweepPoints)
                return make_error(f + " expands to more than " + format_int(int64_t(kMaxSweepPoints)) + " values.", f);
        }
    }
    if (out.empty()) return make_error(f + " needs at least one value.", f);
    return out;
}

Result<SweepColumns> parse_sweep_stages(std::string_view text) {
    SweepColumns c{false, false, false};
    for (const std::string& s : split_list(text)) {
        if (s == "all") c = SweepColumns{};
        else if (s == "vision") c.vision = true;
        else if (s == "prefill") c.prefill = true;
        else if (s == "decode") c.decode = true;
        else return make_error("--stages takes vision, prefill, decode or all, separated by commas (got \"" + s + "\").", "--stages");
    }
    if (!c.vision && !c.prefill && !c.decode) return make_error("--stages needs at least one stage.", "--stages");
    return c;
}

Result<std::vector<SweepPoint>> expand_sweep(const Catalog& catalog, const AnalyzeOptions& base, const SweepAxes& axes) {
    // Each axis as a list of edits on the options; an empty axis is one no-op edit.
    struct Crops {
        AnalyzeOptions::Crops kind;
        int64_t w, h;
    };
    std::vector<Crops> crops;
    for (const std::string& c : axes.crops) {
        if (c == "off") crops.push_back({AnalyzeOptions::Crops::off, 0, 0});
        else if (c == "auto") crops.push_back({AnalyzeOptions::Crops::from_image, 0, 0});
        else if (c == "all") {
            const ModelEntry* m = catalog.find_model(base.model);
            if (!m) return make_error("Unknown model \"" + base.model + "\".", "--model");
            crops.push_back({AnalyzeOptions::Crops::off, 0, 0});
            for (const auto& [w, h] : m->config->crop_candidates) crops.push_back({AnalyzeOptions::Crops::explicit_grid, w, h});
        } else {
            int64_t w = 0, h = 0;
            if (!parse_wxh(c, w, h))
                return make_error("--crops takes WxH grids, off, auto or all, separated by commas (got \"" + c + "\").", "--crops");
            crops.push_back({AnalyzeOptions::Crops::explicit_grid, w, h});
        }
    }
    std::vector<std::pair<int64_t, int64_t>> images;
    for (const std::string& s : axes.images) {
        int64_t w = 0, h = 0;
        if (!parse_wxh(s, w, h))
            return make_error("--image takes WxH sizes in pixels separated by commas, e.g. 1024x1024,1654x2339 (got \"" + s + "\").",
                              "--image");
        images.push_back({w, h});
    }
    // A precision name is checked here, not left to each point: a bad name is wrong at every point,
    // and in a list with good names its rows would carry the text into the CSV/JSON unchecked.
    // The names the engine accepts (kStoragePrecisionNames, as the option table offers them).
    const std::span<const std::string_view> names = kStoragePrecisionNames;
    std::vector<Precision> precisions;
    for (const std::string& p : axes.precisions) {
        const auto parsed = parse_precision(p);
        if (std::find(names.begin(), names.end(), p) == names.end() || !parsed)
            return make_error("--precision takes " + format_choices(names) + ", separated by commas (got \"" + p + "\").",
                              "--precision");
        precisions.push_back(*parsed);
    }
    auto count = [](size_t n) { return n == 0 ? size_t(1) : n; };
    const double total = double(count(axes.gpus.size())) * double(count(axes.profiles.size())) *
                         double(count(axes.precisions.size())) * double(count(images.size())) * double(count(crops.size())) *
                         double(count(axes.batch.size())) * double(count(axes.new_tokens.size()));
    if (total > double(kMaxSweepPoints))
        return make_error("The sweep has " + format_number(total) + " points; the limit is " +
                          format_int(int64_t(kMaxSweepPoints)) + ".");
    std::vector<SweepPoint> points;
    points.reserve(size_t(total));
    for (size_t ig = 0; ig < count(axes.gpus.size()); ++ig)
        for (size_t ip = 0; ip < count(axes.profiles.size()); ++ip)
            for (size_t iq = 0; iq < count(axes.precisions.size()); ++iq)
                for (size_t ii = 0; ii < count(images.size()); ++ii)
                    for (size_t ic = 0; ic < count(crops.size()); ++ic)
                        for (size_t ib = 0; ib < count(axes.batch.size()); ++ib)
                            for (size_t in = 0; in < count(axes.new_tokens.size()); ++in) {
                                AnalyzeOptions o = base;
                                if (!axes.gpus.empty()) o.gpu = axes.gpus[ig];
                                if (!axes.profiles.empty()) o.profile = axes.profiles[ip];
                                if (!axes.precisions.empty())
                                    o.weights_precision = o.activations_precision = o.kv_precision = precisions[iq];
                                if (!images.empty()) {
                                    o.image_width_px = images[ii].first;
                                    o.image_height_px = images[ii].second;
                                    if (o.crops == AnalyzeOptions::Crops::explicit_grid && crops.empty())
                                        o.crops = AnalyzeOptions::Crops::from_image;
                                }
                                if (!crops.empty()) {
                                    o.crops = crops[ic].kind;
                                    o.crops_w = crops[ic].w;
                                    o.crops_h = crops[ic].h;
                                }
                                if (!axes.batch.empty()) o.batch = axes.batch[ib];
                                if (!axes.new_tokens.empty()) o.new_tokens = axes.new_tokens[in];
                                points.push_back({std::move(o)});
                            }
    return points;
}

SweepRow sweep_point(const Catalog& catalog, const SweepPoint& point) {
    SweepRow row;
    row.options = point.options;
    auto a = analyze(catalog, point.options);
    if (!a.ok()) {
        row.error = a.error().message;
        return row;
    }
    const Analysis& x = a.value();
    row.workload = x.workload;
    row.vision = x.vision();
    row.prefill = x.prefill();
    row.decode = x.decode();
    row.total = x.total();
    row.latency = x.latency();
    row.memory = x.memory;
    return row;
}

std::vector<SweepRow> run_sweep(const Catalog& catalog, const std::vector<SweepPoint>& points) {
    std::vector<SweepRow> rows;
    rows.reserve(points.size());
    for (const SweepPoint& p : points) rows.push_back(sweep_point(catalog, p));
    return rows;
}

std::string sweep_to_csv(const std::vector<SweepRow>& rows, SweepColumns sel) {
    std::string out;
    const std::vector<Column> header = columns_of(SweepRow{}, sel);
    for (size_t i = 0; i < header.size(); ++i) {
        if (i) out += ',';
        out += header[i].name;
    }
    out += '\n';
    for (const SweepRow& r : rows) {
        const bool ok = r.error.empty();
        const std::vector<Column> cols = columns_of(r, sel);
        for (size_t i = 0; i < cols.size(); ++i) {
            if (i) out += ',';
            const Column& c = cols[i];
            switch (c.kind) {
                case Column::text: append_csv_field(out, c.s); break;
                case Column::number:
                case Column::integer:
                    if (ok || c.name == "batch" || c.name == "new_tokens") out += format_number(c.v);
                    break;
                case Column::boolean:
                    if (ok) out += c.b ? "true" : "false";
                    break;
            }
        }
        out += '\n';
    }
    return out;
}

std::string sweep_to_json(const std::vector<SweepRow>& rows, SweepColumns sel) {
    JsonWriter j;
    j.begin_object();
    j.string("schema", "modelmeter.sweep/1");
    j.string("units", "FLOPs, bytes, seconds");
    j.integer("points", int64_t(rows.size()));
    j.begin_array("rows");
    for (const SweepRow& r : rows) {
        const bool ok = r.error.empty();
        j.begin_object();
        for (const Column& c : columns_of(r, sel)) {
            if (c.name == "error") {
                if (!ok) j.string("error", r.error);
                continue;
            }
            const bool always = c.name == "batch" || c.name == "new_tokens" || c.kind == Column::text;
            if (!ok && !always) continue;
            switch (c.kind) {
                case Column::text: j.string(c.name, c.s); break;
                case Column::number: j.number(c.name, c.v); break;
                case Column::integer: j.integer(c.name, int64_t(c.v)); break;
                case Column::boolean: j.boolean(c.name, c.b); break;
            }
        }
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return j.take();
}

std::vector<AnalyzeOptions> benchmark_points(const AnalyzeOptions& base) {
    std::vector<AnalyzeOptions> points;
    points.reserve(10000);
    for (int64_t w = 1; w <= 5; ++w)
        for (int64_t h = 1; h <= 5; ++h)
            for (int64_t n = 0; n < 20; ++n)
                for (int64_t b = 1; b <= 20; ++b) {
                    AnalyzeOptions o = base;
                    if (w * h == 1) {
                        o.crops = AnalyzeOptions::Crops::off;
                    } else {
                        o.crops = AnalyzeOptions::Crops::explicit_grid;
                        o.crops_w = w;
                        o.crops_h = h;
                    }
                    o.new_tokens = 1 + 100 * n;
                    o.batch = b;
                    points.push_back(o);
                }
    return points;
}

}  // namespace mm
