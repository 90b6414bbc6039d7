#pragma once
// Shared by the fuzz targets: the embedded catalog (loaded once), and checks whose failure is a bug
// libFuzzer should report (abort() with one line on stderr). Nothing here prints for inputs that pass.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/api.hpp"
#include "embedded/embedded_assets.hpp"

namespace mm::fuzz {

[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "FUZZ CHECK FAILED: %.*s\n%.*s\n", int(what.size()), what.data(),
                 int(detail.size() > 2000 ? 2000 : detail.size()), detail.data());
    std::abort();
}

// The presets every program embeds; a failure to load them is a build defect, not a finding.
inline const Catalog& catalog() {
    static const Catalog c = [] {
        auto loaded = load_catalog(embedded_assets());
        if (!loaded.ok()) fail("the embedded catalog does not load", loaded.error().message);
        return std::move(loaded).value();
    }();
    return c;
}

// A rejection is a sentence for the user: not empty, ending with a period (a closing quote or
// bracket may follow it). Messages quote the user's text as given, so a line break inside is allowed.
inline void check_message(const Diagnostic& d) {
    std::string_view m = d.message;
    if (m.empty()) fail("empty error message");
    while (!m.empty() && (m.back() == '"' || m.back() == ')' || m.back() == '\'')) m.remove_suffix(1);
    if (m.empty() || m.back() != '.') fail("error message does not end with a period", d.message);
}

// What the core writes as JSON must parse as JSON (strict: UTF-8, no NaN).
inline void check_json(std::string_view text) {
    if (!nlohmann::json::accept(text.begin(), text.end())) fail("the core wrote invalid JSON", text.substr(0, 2000));
}

}  // namespace mm::fuzz
