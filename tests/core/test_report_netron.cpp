// The Netron attachment reads back, the way Netron's reader groups it, to the analysis' numbers.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/api.hpp"
#include "core/report/netron.hpp"
#include "embedded/embedded_files.hpp"

TEST_CASE("the Netron attachment carries every module's metrics under its vendor name", "[netron]") {
    const auto catalog = mm::load_catalog(mm::embedded_assets()).value();
    const auto a = mm::analyze(catalog, mm::AnalyzeOptions{}).value();
    const auto doc = nlohmann::json::parse(mm::netron_attachment_json(a), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc["signature"] == "netron:attachment");
    REQUIRE(doc["metrics"].is_array());
    REQUIRE(doc["metadata"].is_array());

    // Netron keys entries by "kind::target" and keeps one value per metric name: no name may repeat.
    std::map<std::string, std::map<std::string, nlohmann::json>> entries;
    for (const char* container : {"metrics", "metadata"}) {
        std::set<std::string> seen;
        for (const auto& item : doc[container]) {
            REQUIRE(item.contains("kind"));
            REQUIRE(item.contains("target"));
            REQUIRE(item.contains("name"));
            const std::string key = item["kind"].get<std::string>() + "::" + item["target"].get<std::string>();
            CHECK(item["target"].get<std::string>().find('\n') == std::string::npos);
            CHECK(seen.insert(key + "/" + item["name"].get<std::string>()).second);
            entries[key][item["name"].get<std::string>()] = item["value"];
        }
    }
    CHECK(entries["model::"]["ttft_s"].get<double>() == a.latency().ttft_s);
    CHECK(entries["model::"]["flops"].get<double>() == a.total().flops);

    int checked = 0;
    for (const auto& m : a.modules()) {
        if (m.name.empty()) continue;
        const auto& e = entries["node::" + std::string(m.name)];
        const std::string stage(mm::stage_name(m.stage));
        REQUIRE(e.count(stage + ".time_s"));
        CHECK(e.at(stage + ".time_s").get<double>() == m.time_s);
        CHECK(e.at(stage + ".flops").get<double>() == m.flops);
        CHECK(e.at(stage + ".bound").get<std::string>() == mm::bound_name(m.bound));
        ++checked;
    }
    CHECK(checked > 500);
    CHECK(entries.count("node::sam_model.blocks.0.attn") == 1);
    CHECK(entries.count("node::layers.5.mlp.experts") == 1);
}
