// The metric table (core/report/metric_table): the analysis JSON's modules[], modules.csv, the Netron
// attachment, report.json's module_metrics and the Markdown layer pages list exactly its rows, with its
// getters' values. Issue 14 found the per-module metric list written by hand in each writer; now a
// metric is one row.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "core/report/metric_table.hpp"
#include "core/report/report_model.hpp"
#include "core/report/netron.hpp"
#include "engine_test_support.hpp"

namespace {

std::vector<std::string> metric_keys() {
    std::vector<std::string> keys;
    for (const mm::MetricSpec& m : mm::module_metric_table()) keys.emplace_back(m.key);
    return keys;
}

}  // namespace

TEST_CASE("every metric has a key, a unit word and a description, and one getter of its type", "[metrics]") {
    for (const mm::MetricSpec& m : mm::module_metric_table()) {
        INFO(m.key);
        CHECK_FALSE(m.key.empty());
        CHECK_FALSE(m.description.empty());
        CHECK((m.type == mm::MetricType::text ? m.text != nullptr : m.number != nullptr));
        CHECK((m.type == mm::MetricType::text) == m.unit.empty());
    }
}

TEST_CASE("the analysis JSON, modules.csv and the Netron attachment list the metric table's rows", "[metrics]") {
    const mm::Analysis a = mmtest::run(mm::AnalyzeOptions{});
    const std::vector<std::string> keys = metric_keys();

    // JSON: the module's place in the tree, then the metrics in the table's order.
    const auto json = nlohmann::ordered_json::parse(mm::analysis_to_json(a));
    const auto& first = json["modules"][0];
    std::vector<std::string> json_keys;
    for (auto it = first.begin(); it != first.end(); ++it) json_keys.push_back(it.key());
    const std::vector<std::string> place = {"id", "name", "class", "stage", "component", "parent", "depth", "is_function"};
    REQUIRE(json_keys.size() == place.size() + keys.size());
    CHECK(std::vector<std::string>(json_keys.begin(), json_keys.begin() + long(place.size())) == place);
    CHECK(std::vector<std::string>(json_keys.begin() + long(place.size()), json_keys.end()) == keys);

    // CSV header: seven columns of place, then the metrics.
    const auto report = mm::build_report(mmtest::catalog(), a);
    REQUIRE(report.ok());
    std::istringstream csv(mm::report_modules_csv(report.value()));
    std::string header;
    std::getline(csv, header);
    std::string expected = "module_id,parent_id,name,class,stage,component,depth";
    for (const std::string& k : keys) expected += "," + k;
    CHECK(header == expected);

    // Netron: every named module carries "<stage>.<key>" for each metric, with the getter's value.
    const auto netron = nlohmann::json::parse(mm::netron_attachment_json(a));
    const mm::ModuleRow lm = mmtest::module(a, "decode/lm_head");
    size_t found = 0;
    for (const auto& item : netron["metrics"]) {
        if (item["target"] != "lm_head" || item["name"].get<std::string>().rfind("decode.", 0) != 0) continue;
        const std::string key = item["name"].get<std::string>().substr(7);
        REQUIRE(found < keys.size());
        CHECK(key == keys[found]);
        const mm::MetricSpec& spec = mm::module_metric_table()[found];
        if (spec.type != mm::MetricType::text) CHECK(item["value"].get<double>() == spec.number(a, lm));
        ++found;
    }
    CHECK(found == keys.size());
}

// docs/domain.md sections 1 and 3: at batch 1 a decode step reads the top-6 routed experts of an MoE
// layer (64 x (1 - (1 - 6/64)^1) = 6 experts of 3 x 1280 x 896 = 3,440,640 parameters) and all of
// lm_head (1280 x 129,280), in bf16 (2 bytes).
TEST_CASE("weights read per decode step: six routed experts of an MoE layer, all of lm_head", "[metrics]") {
    const mm::Analysis a = mmtest::run(mm::AnalyzeOptions{});
    const mm::MetricSpec* spec = nullptr;
    for (const mm::MetricSpec& m : mm::module_metric_table())
        if (m.key == "weights_bytes_per_decode_step") spec = &m;
    REQUIRE(spec);
    CHECK(spec->number(a, mmtest::module(a, "decode/layers.1.mlp.experts")) == 6.0 * 3 * 1280 * 896 * 2);
    CHECK(spec->number(a, mmtest::module(a, "decode/lm_head")) == 1280.0 * 129280 * 2);
    CHECK(spec->number(a, mmtest::module(a, "prefill/lm_head")) == 0);
}

// report.json keeps the seed's module_metrics schema (its keys and units: ms, TFLOPs, TB, GiB) and
// carries every other row of the table under its own key in base units; the Markdown page of a
// module lists every row with its report.json key.
TEST_CASE("report.json's module_metrics and the Markdown pages list every row of the metric table", "[metrics]") {
    const mm::Analysis a = mmtest::run(mm::AnalyzeOptions{});
    const auto report = mm::build_report(mmtest::catalog(), a).value();
    const auto doc = nlohmann::json::parse(mm::report_json(report));
    int lm = -1;
    for (size_t i = 0; i < a.tree->nodes.size(); ++i)
        if (a.tree->nodes[i].id == "decode/lm_head") lm = int(i);
    REQUIRE(lm >= 0);
    const mm::ModuleRow row = a.module(lm);
    const nlohmann::json* entry = nullptr;
    for (const auto& e : doc["module_metrics"])
        if (e["module_id"] == "decode/lm_head") entry = &e;
    REQUIRE(entry);
    // The seed's units, written out: seconds x 1e3 = ms, FLOPs / 1e12 = TFLOPs, bytes x 8 / 1e12 = TB
    // (terabits, the seed's io unit), bytes / 2^30 = GiB.
    CHECK((*entry)["total_time_ms"].get<double>() == row.time_s * 1e3);
    CHECK((*entry)["total_flops_tflops"].get<double>() == row.flops / 1e12);
    CHECK((*entry)["total_io_tb"].get<double>() == row.bytes * 8 / 1e12);
    CHECK((*entry)["memory_weights_gb"].get<double>() == row.cost.resident_weight_bytes / 1073741824.0);
    for (const mm::MetricSpec& m : mm::module_metric_table()) {
        INFO(m.key);
        std::string key(m.key);
        for (auto list : {mm::seed_module_metrics(), mm::seed_module_metric_additions()})
            for (const mm::SeedMetric& s : list)
                if (s.metric_key == m.key) key = std::string(s.seed_key);
        REQUIRE(entry->contains(key));
        if (key == m.key && m.type != mm::MetricType::text) CHECK((*entry)[key].get<double>() == m.number(a, row));
    }
    // lm_head in decode reads its whole 1280 x 129,280 bf16 matrix each of the 511 decode steps.
    CHECK((*entry)["weights_bytes_per_decode_step"].get<double>() == 1280.0 * 129280 * 2);

    const std::string page = mm::report_module_md(report, lm);
    for (const mm::MetricSpec& m : mm::module_metric_table()) CHECK(page.find("| `" + std::string(m.key) + "` |") != std::string::npos);
}
