// Bad TorchInfo input: one table of cases, each with the exact sentence the user gets (it names the
// file, the line or JSON path, and what was expected). Bytes-level variants (CRLF, BOM) must read
// exactly like the clean file.
#include <catch2/catch.hpp>

#include <functional>
#include <vector>

#include "core/ingest/torchinfo.hpp"
#include "test_ingest_support.hpp"

namespace {

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto p = s.find(from);
    if (p == std::string::npos) return "fixture text not found: " + from;
    return s.replace(p, from.size(), to);
}

mm::Result<mm::TorchInfoRun> parse_one(const std::string& name, const std::string& text) {
    const mm::TextFile f{name, text};
    return mm::parse_torchinfo(std::span<const mm::TextFile>(&f, 1));
}

}  // namespace

TEST_CASE("bad TorchInfo input gets one sentence naming the file, the place and what was expected", "[ingest][errors]") {
    const std::string summary = mm_test::torchinfo_fixture("cnn-summary.txt");
    const std::string unique = mm_test::torchinfo_fixture("cnn-unique-layers.json");
    const std::string layers = mm_test::torchinfo_fixture("cnn-layers.json");
    const std::string md = mm_test::torchinfo_fixture("cnn-unique-layers.md");
    const std::string stages = mm_test::torchinfo_fixture("ocr-stages.json");
    struct Case {
        const char* what;
        std::string name;
        std::string text;
        std::string message;
    };
    const Case cases[] = {
        {"truncated JSON", "u.json", unique.substr(0, 700),
         "u.json is not valid JSON: invalid string: missing closing quote; last read: '\"torch.nn.modules.flatten.Flatte' (line 31, column 41)."},
        {"a count of the wrong type", "u.json", replace_once(unique, "\"count\": 3", "\"count\": \"3\""),
         "u.json: layers[1].count must be a whole number, not string."},
        {"a fractional count", "u.json", replace_once(unique, "\"count\": 3", "\"count\": 2.5"),
         "u.json: layers[1].count must be a non-negative whole number."},
        {"an absurd count", "u.json", replace_once(unique, "\"count\": 3", "\"count\": 1e300"),
         "u.json: layers[1].count must be a non-negative whole number."},
        {"a negative header total", "u.json", replace_once(unique, "\"total_params\": 67658", "\"total_params\": -5"),
         "u.json: total_params must not be negative (found -5)."},
        {"a missing class name", "u.json", replace_once(unique, "\"class_name\": \"ReLU\",", ""),
         "u.json: layers[1].class_name is missing; expected a string."},
        {"layers that are not an array", "u.json", replace_once(unique, "\"layers\": [", "\"layers\": {\"x\": [") + "}",
         "u.json: layers must be an array of module classes, not object."},
        {"instance names of the wrong type", "u.json", replace_once(unique, "\"instance_name\": [\n        \"\"\n      ]", "\"instance_name\": [1]"),
         "u.json: layers[0].instance_name[0] must be a string, not number."},
        {"a negative dimension", "l.json", replace_once(layers, "\"input_size\": [\n    1,\n    8,", "\"input_size\": [\n    1,\n    -8,"),
         "l.json: layers_flat[3].input_size[1] must not be negative (found -8)."},
        {"a tensor beyond 10^12 elements", "l.json",
         replace_once(layers, "\"output_size\": [\n    1,\n    8,\n    32,\n    32\n   ]", "\"output_size\": [100000, 100000, 1000]"),
         "l.json: layers_flat[2].output_size describes a tensor of more than 10^12 elements."},
        {"a missing depth", "l.json", replace_once(layers, "\"depth\": 2,\n   \"depth_index\": 1", "\"depth_index\": 1"),
         "l.json: layers_flat[2].depth is missing; expected a whole number."},
        {"rows out of pre-order", "l.json", replace_once(layers, "\"depth\": 1,", "\"depth\": 3,"),
         "l.json: layers_flat[1].depth jumps from 0 to 3; rows must be in pre-order, one level deeper at most."},
        {"stages of the wrong type", "s.json", replace_once(stages, "\"stages\": {", "\"stages\": \"none\", \"old\": {"),
         "s.json: stages must be an object of stages, not string."},
        {"a stage that is not an object", "s.json", replace_once(stages, "\"decode\": {\n      \"stage_name\": \"decode\",\n      \"params\": 0,\n      \"macs\": 0\n    }", "\"decode\": 7"),
         "s.json: stages.decode must be an object {stage_name, params, macs}, not number."},
        {"a summary row missing a cell", "cnn.txt", replace_once(summary, "224                      [3, 3]", "[3, 3]"),
         "cnn.txt, line 6: expected 5 cells after the layer name (5 columns in the header), found 4."},
        {"a mangled parameter count", "cnn.txt", replace_once(summary, "1,168 ", "1,16,8 "),
         "cnn.txt, line 10: the Param # cell \"1,16,8\" must be a count such as 590,592, \"--\" or \"(recursive)\"."},
        {"an absurd shape", "cnn.txt", replace_once(summary, "[1, 3, 32, 32]           [1, 8, 32, 32]", "[1, 3, 3200000, 3200000] [1, 8, 32, 32]"),
         "cnn.txt, line 6: the Input Shape cell \"[1, 3, 3200000, 3200000]\" is not a shape: expected a tensor of at most 10^12 elements."},
        {"a negative shape", "cnn.txt", replace_once(summary, "[1, 8, 16, 16]           [1, 16, 16, 16]", "[1, -8, 16, 16]          [1, 16, 16, 16]"),
         "cnn.txt, line 10: the Input Shape cell \"[1, -8, 16, 16]\" is not a shape: expected non-negative dimensions."},
        {"an unclosed shape", "cnn.txt", replace_once(summary, "[1, 64]                  [1, 10]", "[1, 64                   [1, 10"),
         "cnn.txt, line 18: a shape cell opened with '[' is not closed by ']'."},
        {"a row nested two levels deeper", "cnn.txt", replace_once(summary, "├─Flatten (flatten): 1-2", "│    │    │    └─Flatten (flatten): 4-2"),
         "cnn.txt, line 13: the row is nested 4 levels deep right after a row at depth 2; expected at most one level deeper."},
        {"a depth-index that disagrees with the drawing", "cnn.txt", replace_once(summary, "Conv2d (0): 2-1", "Conv2d (0): 1-1"),
         "cnn.txt, line 6: the depth-index 1-1 says depth 1 but the tree drawing says 2."},
        {"a truncated summary", "cnn.txt", summary.substr(0, summary.find("Total params")),
         "cnn.txt has no \"Total params: N\" line after the table (is the file truncated?)."},
        {"a summary cut inside the table", "cnn.txt", summary.substr(0, summary.find("├─Flatten")),
         "cnn.txt ends inside the table: expected a line of '=' and the \"Total params\" footer (is the file truncated?)."},
        {"a footer with a strange unit", "cnn.txt", replace_once(summary, "Total mult-adds (M): 0.59", "Total mult-adds (Q): 0.59"),
         "cnn.txt, line 23: expected \"Total mult-adds (G): 184.27\" with a unit K, M, G or T, not \"Total mult-adds (Q): 0.59\"."},
        {"a Markdown class without a qualified name", "cnn.md", replace_once(md, "**class_name_qualified**: __main__.Net", ""),
         "cnn.md, line 9: the class \"Net\" has no \"**class_name_qualified**:\" line."},
        {"a stray list item in the Markdown", "cnn.md", replace_once(md, "## PyTorch Builtins", "## PyTorch Builtins\n\n**class_name**: X\n- stray"),
         "cnn.md, line 27: a list item \"- ...\" must follow \"**filepaths**:\" or \"**children**:\"."},
        {"an empty file", "e.txt", "", "e.txt is empty."},
        {"UTF-16 text", "w.txt", std::string("\xFF\xFE=\0=\0", 6), "w.txt is UTF-16 text; save it as UTF-8 and load it again."},
        // Found by fuzz_torchinfo: Latin-1 bytes in a summary or the Markdown reached the JSON output.
        {"bytes that are not UTF-8", "l.md", "# TorchInfo Unique Layers\n\n### Caf\xE9\n",
         "l.md is not UTF-8 text: byte 0xE9 at line 3, column 8 is not UTF-8; save the file as UTF-8 and load it again."},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const auto r = parse_one(c.name, c.text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == c.message);
    }
}

TEST_CASE("CRLF line ends and a byte-order mark read exactly like the clean files", "[ingest][errors]") {
    for (const char* name : {"cnn-summary.txt", "transformer-summary.txt", "cnn-unique-layers.md", "cnn-layers.json"}) {
        INFO(name);
        const std::string clean = mm_test::torchinfo_fixture(name);
        std::string crlf = "\xEF\xBB\xBF";
        for (char c : clean) {
            if (c == '\n') crlf += '\r';
            crlf += c;
        }
        const auto a = parse_one(name, clean);
        const auto b = parse_one(name, crlf);
        REQUIRE(a.ok());
        INFO((b.ok() ? std::string() : b.error().message));
        REQUIRE(b.ok());
        CHECK(a.value().rows.size() == b.value().rows.size());
        CHECK(a.value().classes.size() == b.value().classes.size());
        CHECK(a.value().sources[0].summary == b.value().sources[0].summary);
        for (std::size_t i = 0; i < a.value().rows.size(); ++i) {
            CHECK(a.value().rows[i].instance_name == b.value().rows[i].instance_name);
            CHECK(a.value().rows[i].output_shapes == b.value().rows[i].output_shapes);
        }
        if (a.value().footer) CHECK(a.value().footer->total_params == b.value().footer->total_params);
    }
}

TEST_CASE("deeply nested JSON is refused before it is built", "[ingest][errors]") {
    std::string deep = "{\"layers_flat\": " + std::string(5000, '[') + std::string(5000, ']') + "}";
    const auto r = parse_one("deep.json", deep);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("deeper than 128 levels") != std::string::npos);
}
