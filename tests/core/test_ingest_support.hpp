#pragma once
// Shared by the tests/core/test_ingest_*.cpp files: reading fixtures and the real artifacts.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <span>
#include <string>

#include "core/ingest/torchinfo.hpp"

namespace mm_test {

inline std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// tests/fixtures/torchinfo/<name>; a missing fixture is a broken checkout, so it reads as empty and fails the parse.
inline std::string torchinfo_fixture(const std::string& name) {
    return read_text(std::string(MM_FIXTURES_DIR) + "/torchinfo/" + name).value_or(std::string());
}

// assets/samples/<name>: the bundled samples, which the tests read as fixtures too.
inline std::string sample_file(const std::string& name) {
    return read_text(std::string(MM_FIXTURES_DIR) + "/../../assets/samples/" + name).value_or(std::string());
}

// ctest's SKIP_RETURN_CODE for core_tests (tests/CMakeLists.txt): a test case whose input is absent
// ends its process with this code, so ctest reports it "Skipped" instead of passing with nothing checked.
inline constexpr int kSkipReturnCode = 77;

// ../shared/reference/<name>. When it is absent the test case is skipped: it prints why and ends the
// process with kSkipReturnCode. ctest runs each test case in its own process (catch_discover_tests);
// run by hand, `core_tests '~[reference]'` leaves these cases out.
inline std::string reference_file(const std::string& name) {
    const std::string path = std::string(MM_SHARED_REFERENCE_DIR) + "/" + name;
    auto text = read_text(path);
    if (!text) {
        std::cout << "SKIPPED: " << path << " is absent (the real artifacts live in ../shared/reference)" << std::endl;
        std::exit(kSkipReturnCode);
    }
    return std::move(*text);
}

// assets/torchinfo/class-map.json, read from the source tree (tests/fixtures/../../assets).
inline std::string class_map_text() {
    return read_text(std::string(MM_FIXTURES_DIR) + "/../../assets/torchinfo/class-map.json").value_or(std::string());
}

// Parses one artifact given as text; the test fails with the parser's sentence if it does not read.
inline mm::TorchInfoRun load_text(const std::string& name, const std::string& text) {
    const mm::TextFile f{name, text};
    auto r = mm::parse_torchinfo(std::span<const mm::TextFile>(&f, 1));
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

}  // namespace mm_test
