// The report artifacts keep the seed's schema (docs formats.md) and units, agree with the analysis,
// and are byte-identical on reruns.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/report/report_model.hpp"
#include "engine_test_support.hpp"

namespace {

using Json = nlohmann::json;

const mm::AnalyticReport& standard_report() {
    static const mm::AnalyticReport r = [] {
        mm::ReportOptions o;
        o.run_id = "test-run";
        auto rep = mm::build_report(mmtest::catalog(), mmtest::run(mm::AnalyzeOptions{}), o);
        if (!rep.ok()) FAIL(rep.error().message);
        return rep.value();
    }();
    return r;
}

Json parse(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

const Json& field(const Json& obj, const char* key) {
    static const Json missing;
    auto it = obj.find(key);
    if (it == obj.end()) FAIL("missing field " << key);
    return it == obj.end() ? missing : *it;
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

}  // namespace

TEST_CASE("report.json has the AnalyticModelReport fields with their types", "[report]") {
    const Json j = parse(mm::report_json(standard_report()));
    CHECK(field(j, "report_id") == "test-run");
    for (const char* k : {"model", "workload"}) CHECK(field(j, k).is_object());
    for (const char* k : {"modules", "operator_categories", "module_metrics"}) CHECK(field(j, k).is_array());
    CHECK(field(j, "profile_run_id").is_null());
    CHECK(field(j, "predicted_total_time_ms").is_number());
    CHECK(field(j, "measured_total_time_ms").is_null());
    CHECK(field(j, "predicted_vs_measured_ratio").is_null());
    CHECK(field(j, "notes").is_string());
    CHECK(field(j, "layer_docs_dir") == "layers");
    CHECK(j.find("generated_at") == j.end());  // no timestamp unless asked

    const Json& m = field(j, "model");
    CHECK(field(m, "model_id") == "deepseek-ai/DeepSeek-OCR");
    for (const char* k : {"model_variant", "hf_revision", "config_path", "notes"}) CHECK(field(m, k).is_string());
    for (const char* k : {"hidden_size", "intermediate_size", "num_layers", "num_attention_heads"})
        CHECK(field(m, k).is_number_integer());
    CHECK(field(m, "hidden_size") == 1280);
    CHECK(field(m, "vision_backbone") == "sam_vit_b");
    CHECK(field(m, "uses_moe") == true);

    const Json& w = field(j, "workload");
    CHECK(field(w, "profile_id") == "dsocr-standard-v1");
    CHECK(field(w, "seq_len") == 703);  // domain.md 1: 2x2 crops -> S = 703
    CHECK(field(w, "base_size") == 1024);
    CHECK(field(w, "image_size") == 640);
    CHECK(field(w, "crop_mode") == true);
    CHECK(field(w, "max_new_tokens") == 512);
    CHECK(field(w, "doc_kind") == "mixed_layout");
    CHECK(field(w, "num_pages") == 1);
    CHECK(field(w, "description").is_string());

    const std::set<std::string> stages{"vision", "projector", "prefill", "decode", "other"};
    for (const Json& mod : field(j, "modules")) {
        for (const char* k : {"module_id", "name", "qualified_class_name", "stage", "repetition"}) CHECK(field(mod, k).is_string());
        CHECK(stages.count(field(mod, "stage").get<std::string>()) == 1);
        const std::string rep = field(mod, "repetition");
        CHECK((rep == "none" || rep == "for" || rep == "parfor"));
        CHECK(field(mod, "repetition_count").is_number_integer());
        CHECK(field(mod, "children").is_array());
        CHECK(field(mod, "constructor_params").is_object());
        CHECK((field(mod, "parent_id").is_null() || field(mod, "parent_id").is_string()));
    }
    std::set<std::string> cats;
    for (const Json& c : field(j, "operator_categories")) {
        cats.insert(field(c, "category_id").get<std::string>());
        CHECK(field(c, "display_name").is_string());
        CHECK(field(c, "description").is_string());
        CHECK(field(c, "match_classes").is_array());
    }
    CHECK(cats == std::set<std::string>{"conv2d", "linear", "attention", "norm", "activation", "embedding", "moe", "other"});
}

TEST_CASE("report.json: module ids are unique and form a tree consistent with parent_id and children", "[report]") {
    const Json j = parse(mm::report_json(standard_report()));
    const Json& mods = field(j, "modules");
    std::map<std::string, const Json*> by_id;
    for (const Json& m : mods) CHECK(by_id.emplace(field(m, "module_id").get<std::string>(), &m).second);
    REQUIRE(by_id.size() == standard_report().analysis.modules().size());
    int roots = 0;
    for (const auto& [id, m] : by_id) {
        const Json& parent = field(*m, "parent_id");
        if (parent.is_null()) {
            ++roots;
        } else {
            auto p = by_id.find(parent.get<std::string>());
            REQUIRE(p != by_id.end());
            int listed = 0;
            for (const Json& c : field(*p->second, "children")) listed += c == id;
            CHECK(listed == 1);
        }
        for (const Json& c : field(*m, "children")) {
            auto child = by_id.find(c.get<std::string>());
            REQUIRE(child != by_id.end());
            CHECK(field(*child->second, "parent_id") == id);
        }
        // Acyclic: walking up reaches a root in fewer steps than there are modules.
        std::string cur = id;
        size_t steps = 0;
        while (!field(*by_id[cur], "parent_id").is_null() && steps <= by_id.size()) {
            cur = field(*by_id[cur], "parent_id").get<std::string>();
            ++steps;
        }
        CHECK(steps < by_id.size());
    }
    CHECK(roots == 3);  // vision, prefill, decode
    CHECK(field(*by_id["vision/projector"], "stage") == "projector");
    CHECK(field(*by_id["vision/sam_model.blocks.0.attn"], "stage") == "vision");
}

TEST_CASE("report.json metrics are in the seed's units and equal the analysis", "[report]") {
    const mm::AnalyticReport& r = standard_report();
    const Json j = parse(mm::report_json(r));
    const Json& metrics = field(j, "module_metrics");
    REQUIRE(metrics.size() == r.analysis.modules().size());
    CHECK(close(field(j, "predicted_total_time_ms").get<double>() / 1e3, r.analysis.total().time_s));
    for (size_t i = 0; i < metrics.size(); ++i) {
        const Json& m = metrics[i];
        const mm::ModuleRow& row = r.analysis.modules()[i];
        CHECK(field(m, "module_id") == std::string(row.id));
        CHECK(close(field(m, "total_flops_tflops").get<double>() * 1e12, row.flops));
        CHECK(close(field(m, "total_io_tb").get<double>() * 1e12 / 8, row.bytes));
        CHECK(close(field(m, "total_time_ms").get<double>() / 1e3, row.time_s));
        CHECK(close(field(m, "memory_weights_gb").get<double>() * 1073741824.0, row.cost.resident_weight_bytes));
        CHECK(close(field(m, "memory_kvcache_gb").get<double>() * 1073741824.0, row.cost.resident_kv_bytes));
        for (const char* k : {"calls", "total_time_ms", "total_flops_tflops", "total_io_tb", "memory_weights_gb",
                              "memory_activations_gb", "memory_kvcache_gb", "share_of_model_time"})
            CHECK(field(m, k).get<double>() >= 0);
        const double share = field(m, "share_of_model_time");
        CHECK(share <= 1.5);
        double flops_sum = 0;
        for (const Json& op : field(m, "operator_breakdown")) {
            CHECK(field(op, "category_id").is_string());
            CHECK(field(op, "calls").get<double>() >= 0);
            CHECK(field(op, "io_tb").get<double>() >= -1e-12);
            const double s = field(op, "share_of_module_flops");
            CHECK(s >= -1e-9);
            CHECK(s <= 1.5);
            flops_sum += field(op, "flops_tflops").get<double>() * 1e12;
        }
        CHECK(std::fabs(flops_sum - row.flops) <= 1e-6 * std::max(1.0, row.flops));
    }
    // The stage roots' FLOPs add up to the analysis' total.
    double total = 0;
    for (size_t i = 0; i < metrics.size(); ++i)
        if (r.analysis.modules()[i].parent < 0) total += field(metrics[i], "total_flops_tflops").get<double>() * 1e12;
    CHECK(close(total, r.analysis.total().flops));
}

TEST_CASE("summary.json lists the leaf modules with the largest time share, sorted", "[report]") {
    const mm::AnalyticReport& r = standard_report();
    const Json j = parse(mm::report_summary_json(r));
    CHECK(field(j, "report_id") == "test-run");
    CHECK(field(j, "model_variant").is_string());
    CHECK(field(j, "workload_profile_id") == "dsocr-standard-v1");
    CHECK(close(field(j, "predicted_total_time_ms").get<double>(), r.analysis.total().time_s * 1e3));
    CHECK(field(j, "measured_total_time_ms").is_null());
    CHECK(field(j, "predicted_vs_measured_ratio").is_null());
    CHECK(field(j, "notes").is_string());
    const Json& top = field(j, "top_modules");
    REQUIRE(top.size() == 20);
    double prev = 2, sum = 0;
    for (const Json& m : top) {
        for (const char* k : {"module_id", "name", "stage"}) CHECK(field(m, k).is_string());
        const double s = field(m, "share_of_model_time");
        CHECK(s >= 0);
        CHECK(s <= prev);
        prev = s;
        sum += s;
        for (const char* k : {"total_time_ms", "total_flops_tflops", "memory_activations_gb"}) CHECK(field(m, k).get<double>() >= 0);
    }
    CHECK(sum <= 1.0 + 1e-9);  // leaves do not double count
    CHECK(field(top[0], "module_id") == "decode/lm_head");
}

TEST_CASE("modules.csv: one row per module, values equal the analysis", "[report]") {
    const mm::AnalyticReport& r = standard_report();
    const std::string csv = mm::report_modules_csv(r);
    std::vector<std::string> lines;
    for (size_t s = 0, e; s < csv.size(); s = e + 1) {
        e = csv.find('\n', s);
        lines.push_back(csv.substr(s, e - s));
    }
    REQUIRE(lines.size() == r.analysis.modules().size() + 1);
    CHECK(lines[0].rfind("module_id,parent_id,name,class,stage,component,depth,calls,params,flops,", 0) == 0);
    // Row of prefill/lm_head: no quoted fields, so a plain split works.
    for (size_t i = 0; i < r.analysis.modules().size(); ++i) {
        const mm::ModuleRow& m = r.analysis.modules()[i];
        if (m.id != "prefill/lm_head") continue;
        std::vector<std::string> cols;
        std::string cur;
        for (char c : lines[i + 1]) {
            if (c == ',') {
                cols.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        cols.push_back(cur);
        // The place in the tree (7 columns), then the metric table: 21 figures of issue 7 and
        // weights_bytes_per_decode_step (issue 14), which is 0 for a prefill module.
        REQUIRE(cols.size() == 29);
        CHECK(cols[28] == "0");
        CHECK(cols[0] == "prefill/lm_head");
        CHECK(cols[1] == "prefill");
        CHECK(std::stod(cols[9]) == m.flops);
        CHECK(std::stod(cols[13]) == m.bytes);
        CHECK(std::stod(cols[19]) == m.time_s);
        CHECK(cols[23] == std::string(mm::bound_name(m.bound)));
    }
    // Class names with commas are quoted.
    CHECK(csv.find("\"F.permute/reshape (q, k, v and output copies)\"") != std::string::npos);
}

TEST_CASE("report files are byte-identical on reruns and the folder has the seed's layout", "[report]") {
    mm::ReportOptions o;
    o.run_id = "rerun";
    auto a = mm::build_report(mmtest::catalog(), mmtest::run(mm::AnalyzeOptions{}), o);
    auto b = mm::build_report(mmtest::catalog(), mmtest::run(mm::AnalyzeOptions{}), o);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    const auto fa = mm::report_files(a.value()), fb = mm::report_files(b.value());
    REQUIRE(fa.size() == fb.size());
    REQUIRE(fa.size() == a.value().analysis.modules().size() + 5);
    std::set<std::string> paths;
    for (size_t i = 0; i < fa.size(); ++i) {
        CHECK(fa[i].path == fb[i].path);
        CHECK(fa[i].text == fb[i].text);
        CHECK(paths.insert(fa[i].path).second);
        CHECK(fa[i].path.rfind("rerun/static_analysis/analytic_model/", 0) == 0);
    }
    CHECK(fa[0].path == "rerun/static_analysis/analytic_model/report.json");
    CHECK(fa[4].path == "rerun/static_analysis/analytic_model/layers/summary.md");
    CHECK(paths.count("rerun/static_analysis/analytic_model/layers/vision_sam_model.blocks.0.attn.md") == 1);
    // The default run id is derived from the options: stable, and different for other options.
    mm::AnalyzeOptions other;
    other.batch = 2;
    CHECK(mm::default_run_id(mm::AnalyzeOptions{}) == mm::default_run_id(mm::AnalyzeOptions{}));
    CHECK(mm::default_run_id(mm::AnalyzeOptions{}) != mm::default_run_id(other));
}

TEST_CASE("a timestamp appears only when given", "[report]") {
    mm::ReportOptions o;
    o.timestamp = "2025-01-01T00:00:00Z";
    auto r = mm::build_report(mmtest::catalog(), mmtest::run(mm::AnalyzeOptions{}), o);
    REQUIRE(r.ok());
    CHECK(mm::report_json(r.value()).find("\"generated_at\": \"2025-01-01T00:00:00Z\"") != std::string::npos);
    CHECK(mm::report_summary_md(r.value()).find("2025-01-01T00:00:00Z") != std::string::npos);
}

TEST_CASE("report.yaml holds report.json's keys and values in order", "[report]") {
    const std::string yaml = mm::report_yaml(standard_report());
    REQUIRE_FALSE(yaml.empty());
    CHECK(yaml.rfind("report_id: \"test-run\"\nmodel:\n  model_id: \"deepseek-ai/DeepSeek-OCR\"\n", 0) == 0);
    CHECK(yaml.find("\nmodules:\n  - module_id: \"vision\"\n") != std::string::npos);
    CHECK(yaml.find("    children: []\n") != std::string::npos);
    CHECK(yaml.find("\nmeasured_total_time_ms: null\n") != std::string::npos);
    CHECK(mm::json_to_yaml("{\"a\": [1, 2.5, \"x\"], \"b\": {}, \"c\": true}") == "a:\n  - 1\n  - 2.5\n  - \"x\"\nb: {}\nc: true\n");
    CHECK(mm::json_to_yaml("{").empty());
}

TEST_CASE("a workload off its preset gets a custom profile id", "[report]") {
    mm::AnalyzeOptions o;
    o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    o.crops_w = 3;
    o.crops_h = 2;
    auto r = mm::build_report(mmtest::catalog(), mmtest::run(o));
    REQUIRE(r.ok());
    CHECK(r.value().profile_id.rfind("dsocr-standard-v1-custom-", 0) == 0);
    const Json j = parse(mm::report_json(r.value()));
    CHECK(field(field(j, "workload"), "seq_len") == 903);
    // Another GPU keeps the workload's id.
    mm::AnalyzeOptions g;
    g.gpu = "h100-sxm";
    auto rg = mm::build_report(mmtest::catalog(), mmtest::run(g));
    REQUIRE(rg.ok());
    CHECK(rg.value().profile_id == "dsocr-standard-v1");
}

TEST_CASE("Markdown: summary links every module row to an existing page, pages link up and down", "[report]") {
    const mm::AnalyticReport& r = standard_report();
    const auto files = mm::report_files(r);
    std::set<std::string> pages;
    for (const auto& f : files) {
        size_t p = f.path.find("/layers/");
        if (p != std::string::npos) pages.insert(f.path.substr(p + 8));
    }
    for (const auto& f : files) {
        if (f.path.find("/layers/") == std::string::npos) continue;
        // Every "](x.md)" target exists.
        for (size_t p = f.text.find("](");; p = f.text.find("](", p + 2)) {
            if (p == std::string::npos) break;
            size_t e = f.text.find(')', p);
            const std::string target = f.text.substr(p + 2, e - p - 2);
            if (target.size() > 3 && target.substr(target.size() - 3) == ".md") CHECK(pages.count(target) == 1);
        }
    }
    const std::string page = mm::report_module_md(r, 0);
    CHECK(page.find("# `vision`") == 0);
    CHECK(page.find("## Children") != std::string::npos);
    CHECK(mm::report_summary_md(r).find("T = 16 x (16 + 1) + 1 + (10 x 2 + 1) x (10 x 2) = 693") != std::string::npos);
}
