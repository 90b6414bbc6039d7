// The core for node, without GL: tests call the same pure functions the page calls, through embind,
// to check that the wasm build computes what the native build computes.
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/api.hpp"
#include "core/ingest/detect.hpp"
#include "core/report/report_model.hpp"
#include "core/link/url_state.hpp"
#include "embedded/embedded_assets.hpp"

namespace {

// {"kind": "...", "summary": "..."} or {"error": "..."}
std::string identify(const std::string& name, const std::string& text) {
    const auto r = mm::identify_artifact(name, text);
    nlohmann::json out;
    if (r.identity) {
        out["kind"] = std::string(mm::artifact_kind_name(r.identity->kind));
        out["summary"] = r.identity->summary;
    } else {
        out["error"] = r.error;
    }
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // messages may quote non-UTF-8 bytes
}

const mm::Catalog* catalog() {
    static const auto c = mm::load_catalog(mm::embedded_assets());
    return c.ok() ? &c.value() : nullptr;
}

// The report for a share-link state ("" = the standard workload), or {"error": "..."}.
mm::Result<mm::AnalyticReport> report_for(const std::string& state, const std::string& run_id) {
    const mm::Catalog* cat = catalog();
    if (!cat) return mm::make_error("The embedded presets do not load.");
    const mm::UrlState s = mm::decode_url_state(state, *cat, mm::AnalyzeOptions{});
    if (!s.notices.empty()) return mm::make_error(s.notices.front());
    auto a = mm::analyze(*cat, s.options);
    if (!a.ok()) return a.error();
    mm::ReportOptions o;
    o.run_id = run_id;
    return mm::build_report(*cat, a.value(), o);
}

std::string error_json(const std::string& message) {
    nlohmann::json out;
    out["error"] = message;
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // messages may quote non-UTF-8 bytes
}

// report.json exactly as `modelmeter report` writes it.
std::string report_json(const std::string& state, const std::string& run_id) {
    auto r = report_for(state, run_id);
    return r.ok() ? mm::report_json(r.value()) : error_json(r.error().message);
}

// The whole report folder: [{"path": ..., "text": ...}, ...] (what the page zips for download).
std::string report_files(const std::string& state, const std::string& run_id) {
    auto r = report_for(state, run_id);
    if (!r.ok()) return error_json(r.error().message);
    nlohmann::json out = nlohmann::json::array();
    for (const mm::ReportFile& f : mm::report_files(r.value())) out.push_back({{"path", f.path}, {"text", f.text}});
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // messages may quote non-UTF-8 bytes
}

}  // namespace

EMSCRIPTEN_BINDINGS(modelmeter_core) {
    emscripten::function("identifyArtifact", &identify);
    emscripten::function("reportJson", &report_json);
    emscripten::function("reportFiles", &report_files);
}
