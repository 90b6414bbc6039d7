// The core for node, without GL: tests call the same pure functions the page calls, through embind,
// to check that the wasm build computes what the native build computes.
#include <emscripten/bind.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/ingest/detect.hpp"

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
    return out.dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(modelmeter_core) {
    emscripten::function("identifyArtifact", &identify);
}
