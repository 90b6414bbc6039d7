// Recognising inputs by content (docs/formats.md): the five TorchInfo kinds and the sentences for bad input.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/ingest/detect.hpp"
#include "test_ingest_support.hpp"

namespace {
std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(MM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("each TorchInfo kind is recognised from its content, not its name", "[detect]") {
    auto kind = [](std::string_view text) {
        const auto r = mm::identify_artifact("x", text);
        REQUIRE(r.identity);
        return r.identity->kind;
    };
    CHECK(kind(read_fixture("tiny-unique-layers.json")) == mm::ArtifactKind::unique_layers_json);
    CHECK(kind(R"({"model_path": "m", "layers_flat": [{}, {}], "hierarchy": []})") == mm::ArtifactKind::layers_json);
    CHECK(kind(R"({"stages": {"sam": {"stage_name": "sam", "params": 0, "macs": 0}}})") == mm::ArtifactKind::stages_json);
    CHECK(kind("# TorchInfo Unique Layers\n\n### Linear\n") == mm::ArtifactKind::unique_layers_md);
    CHECK(kind("=====\nLayer (type (var_name):depth-idx)   Param #\n=====\nTotal params: 10\n") ==
          mm::ArtifactKind::summary_text);
}

TEST_CASE("the unique-layers summary counts the layer entries", "[detect]") {
    const auto r = mm::identify_artifact("tiny.json", read_fixture("tiny-unique-layers.json"));
    REQUIRE(r.identity);
    CHECK(r.identity->summary == "2 module classes");
}

TEST_CASE("bad input gets one sentence naming the file and the problem", "[detect]") {
    auto error = [](std::string_view name, std::string_view text) {
        const auto r = mm::identify_artifact(name, text);
        CHECK_FALSE(r.identity);
        return r.error;
    };
    CHECK(error("a.json", "") == "a.json is empty.");
    CHECK(error("t.json", read_fixture("not-json.json")) ==
          "t.json is not valid JSON: unexpected end of input; expected '[', '{', or a literal (line 2, column 1).");
    CHECK(error("b.bin", std::string("\x01\x02\0\x03", 4)).find("binary data") != std::string::npos);
    CHECK(error("w.json", "\xFF\xFE{\0}\0").find("UTF-16") != std::string::npos);
    CHECK(error("arr.json", "[1, 2]").find("top level is an array") != std::string::npos);
    CHECK(error("o.json", R"({"hello": 1})").find("not a TorchInfo artifact") != std::string::npos);
    CHECK(error("p.txt", "just some prose").find("p.txt is not a TorchInfo artifact") == 0);
    const std::string deep(100000, '[');
    CHECK(error("deep.json", deep).find("deeper than 128 levels") != std::string::npos);
}

TEST_CASE("a UTF-8 byte-order mark and CRLF line ends are accepted", "[detect]") {
    const auto r = mm::identify_artifact("bom.json", "\xEF\xBB\xBF{\r\n\"stages\": {}\r\n}\r\n");
    REQUIRE(r.identity);
    CHECK(r.identity->kind == mm::ArtifactKind::stages_json);
}

TEST_CASE("the real artifacts are recognised when ../shared/reference is present", "[detect][reference]") {
    struct Case { const char* file; mm::ArtifactKind kind; const char* summary; };
    const Case cases[] = {
        {"torchinfo-unique-layers.json", mm::ArtifactKind::unique_layers_json, "29 module classes"},
        {"torchinfo-stages.json", mm::ArtifactKind::stages_json, nullptr},
        {"torchinfo-summary.txt", mm::ArtifactKind::summary_text, nullptr},
        {"torchinfo-unique-layers.md", mm::ArtifactKind::unique_layers_md, "29 module classes"},
    };
    std::vector<std::string> texts;  // all read first: one absent file skips the test before any check
    for (const auto& c : cases) texts.push_back(mm_test::reference_file(c.file));
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        const Case& c = cases[i];
        const auto r = mm::identify_artifact(c.file, texts[i]);
        INFO(c.file << ": " << r.error);
        REQUIRE(r.identity);
        CHECK(r.identity->kind == c.kind);
        if (c.summary) CHECK(r.identity->summary == c.summary);
    }
}
