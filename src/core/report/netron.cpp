#include "core/report/netron.hpp"

#include "core/base/json_writer.hpp"
#include "core/report/metric_table.hpp"

namespace mm {
namespace {

void item(JsonWriter& w, std::string_view kind, std::string_view target, std::string_view name, double value) {
    w.begin_object();
    w.string("kind", kind).string("target", target).string("name", name).number("value", value).string("type", "float64");
    w.end_object();
}

void text_item(JsonWriter& w, std::string_view kind, std::string_view target, std::string_view name, std::string_view value) {
    w.begin_object();
    w.string("kind", kind).string("target", target).string("name", name).string("value", value).string("type", "string");
    w.end_object();
}

}  // namespace

std::string netron_attachment_json(const Analysis& a) {
    JsonWriter w;
    w.begin_object();
    w.string("signature", "netron:attachment");

    w.begin_array("metadata");
    text_item(w, "model", "", "modelmeter.model", a.model_id);
    text_item(w, "model", "", "modelmeter.gpu", a.gpu().display_name);
    text_item(w, "model", "", "modelmeter.profile", a.profile().name);
    text_item(w, "model", "", "modelmeter.convention", convention_name(a.workload.convention));
    for (const auto& m : a.modules()) {
        if (m.name.empty() || m.stage != Stage::vision) continue;  // one class line per module is enough
        text_item(w, "node", m.name, "modelmeter.class", m.class_name);
    }
    w.end_array();

    w.begin_array("metrics");
    item(w, "model", "", "ttft_s", a.latency().ttft_s);
    item(w, "model", "", "tpot_s", a.latency().tpot_s);
    item(w, "model", "", "page_s", a.latency().page_s);
    item(w, "model", "", "flops", a.total().flops);
    item(w, "model", "", "bytes", a.total().bytes);
    item(w, "model", "", "weights_bytes", a.memory.weights_bytes);
    item(w, "model", "", "kv_bytes", a.memory.kv_bytes);
    for (const auto& m : a.modules()) {
        if (m.name.empty()) continue;  // stage roots have no vendor module of their own
        const std::string stage(stage_name(m.stage));
        for (const MetricSpec& metric : module_metric_table()) {
            const std::string name = stage + "." + std::string(metric.key);
            if (metric.type == MetricType::text) text_item(w, "node", m.name, name, metric.text(m));
            else item(w, "node", m.name, name, metric.number(a, m));
        }
    }
    w.end_array();
    w.end_object();
    return w.take();
}

}  // namespace mm
