// The class -> kind table, the class coverage figure and the footer check, on hand-written fixtures
// and on the real DeepSeek-OCR files. (A network's cost is its tree's: test_torchinfo_tree.cpp.)
#include <catch2/catch.hpp>

#include <vector>

#include "core/ingest/torchinfo.hpp"
#include "test_ingest_support.hpp"

namespace {

using mm_test::load_text;

mm::ClassMap class_map() {
    const std::string text = mm_test::class_map_text();
    auto m = mm::parse_class_map("torchinfo/class-map.json", text);
    INFO((m.ok() ? std::string() : m.error().message));
    REQUIRE(m.ok());
    return std::move(m).value();
}

}  // namespace

TEST_CASE("the class map reads qualified names with any snapshot hash, scoped and plain short names", "[ingest][classmap]") {
    const auto m = class_map();
    std::string how;
    CHECK(mm::classify(m, "torch.nn.modules.conv.Conv2d", "Conv2d", "", &how) == "conv2d");
    CHECK(how == "qualified");
    CHECK(mm::classify(m, "transformers_modules.0123abcd.deepencoder.Attention", "Attention", "", &how) == "sam_attention");
    CHECK(how == "qualified");
    CHECK(mm::classify(m, "", "Attention", "DeepseekOCRModel", &how) == "sam_attention");
    CHECK(how == "short in DeepseekOCRModel");
    CHECK(mm::classify(m, "", "Attention", "SomeOtherNet", &how).empty());  // ambiguous outside DeepSeek-OCR
    CHECK(how.empty());
    CHECK(mm::classify(m, "", "BatchNorm2d", "Net", &how) == "batch_norm");
    CHECK(how == "short");
}

TEST_CASE("a class map naming an undeclared kind is refused with the JSON path", "[ingest][classmap]") {
    auto m = mm::parse_class_map("map.json", R"({"kinds": {"linear": "x"}, "qualified": {}, "short": {"Linear": "lin"}})");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message == "map.json: short.Linear names the kind \"lin\", which \"kinds\" does not declare.");
    auto missing = mm::parse_class_map("map.json", R"({"kinds": {}})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "map.json: qualified is missing; expected an object.");
}

// The fixture's Mult-Adds cells: features.0 229,376, features.1 16, features.4 299,008, classifier.0
// 65,600, classifier.3 650 (sum 594,650); rows without a number weigh nothing.
TEST_CASE("an unknown class is reported as unclassified and lowers the class coverage", "[ingest][classmap][coverage]") {
    std::string text = mm_test::torchinfo_fixture("cnn-summary.txt");
    const auto pos = text.find("Conv2d (4)");
    REQUIRE(pos != std::string::npos);
    text.replace(pos, 6, "MyConv");
    const auto cov = mm::class_coverage(load_text("cnn.txt", text), class_map());
    CHECK(cov.unclassified == std::vector<std::string>{"MyConv"});
    CHECK(cov.known == 2.0 * (229376 + 16 + 65600 + 650));
    CHECK(cov.total == 2.0 * 594650);
    CHECK(cov.share == Approx(295642.0 / 594650.0));
    CHECK(cov.basis == "2 x TorchInfo's mult-adds of the table's leaf rows");
}

TEST_CASE("the summary footer is reproduced by summing the rows that hold parameters", "[ingest][footer]") {
    const std::pair<const char*, std::string> summaries[] = {
        {"cnn-summary.txt", mm_test::torchinfo_fixture("cnn-summary.txt")},
        {"transformer-summary.txt", mm_test::torchinfo_fixture("transformer-summary.txt")},
        {"deepseek-ocr-2x2-summary.txt", mm_test::sample_file("deepseek-ocr-2x2-summary.txt")}};
    for (const auto& [name, text] : summaries) {
        INFO(name);
        const auto f = mm::check_footer(load_text(name, text));
        CHECK(f.available);
        CHECK(f.params_match);
        CHECK(f.gap == 0);
        CHECK(f.hidden_under.empty());
    }
    const auto cnn = mm::check_footer(load_text("cnn-summary.txt", mm_test::torchinfo_fixture("cnn-summary.txt")));
    CHECK(cnn.message == "The rows' parameters add up to the footer's Total params 67,658.");
    CHECK(cnn.row_mult_adds == 594650);  // footer: 0.59 M
    REQUIRE(cnn.footer_mult_adds);
    CHECK(*cnn.footer_mult_adds == Approx(cnn.row_mult_adds).margin(0.005e6));
}

TEST_CASE("a footer below the rows' sum says 'more', and row_settings=(\"ascii_only\",) trees read the same", "[ingest][footer]") {
    std::string text = mm_test::torchinfo_fixture("cnn-summary.txt");
    const std::string total = "Total params: 67,658";
    REQUIRE(text.find(total) != std::string::npos);
    std::string less = text;
    less.replace(less.find(total), total.size(), "Total params: 67,000");
    const auto f = mm::check_footer(load_text("cnn-summary.txt", less));
    CHECK(f.gap == -658);
    CHECK(f.message.find("The rows add up to 67,658 parameters, 658 more than the footer's Total params 67,000") == 0);
    // torchinfo's ascii_only draws "+ " for both branches and "|" for the rule (its tests/test_output/
    // ascii_only.out); the same table must give the same rows.
    std::string ascii = text;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"\xE2\x94\x9C\xE2\x94\x80", "+ "},
                                   {"\xE2\x94\x94\xE2\x94\x80", "+ "}, {"\xE2\x94\x82", "|"}})
        for (size_t at = ascii.find(from); at != std::string::npos; at = ascii.find(from, at + to.size())) ascii.replace(at, from.size(), to);
    const mm::TorchInfoRun a = load_text("cnn-summary.txt", ascii), b = load_text("cnn-summary.txt", text);
    REQUIRE(a.rows.size() == b.rows.size());
    for (size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].instance_name == b.rows[i].instance_name);
        CHECK(a.rows[i].depth == b.rows[i].depth);
        CHECK(a.rows[i].params == b.rows[i].params);
    }
}

TEST_CASE("the real files: all 29 classes map, coverage is complete, the footer gap is located", "[ingest][reference]") {
    const auto unique = mm_test::reference_file("torchinfo-unique-layers.json");
    const auto summary = mm_test::reference_file("torchinfo-summary.txt");
    const auto md = mm_test::reference_file("torchinfo-unique-layers.md");
    const auto m = class_map();
    for (const auto& [name, text] : {std::pair{"torchinfo-unique-layers.json", unique}, std::pair{"torchinfo-unique-layers.md", md}}) {
        INFO(name);
        const auto cov = mm::class_coverage(load_text(name, text), m);
        CHECK(cov.classes.size() == 29);
        for (const auto& e : cov.classes) {
            INFO(e.class_name_qualified);
            CHECK_FALSE(e.kind.empty());
        }
        CHECK(cov.unclassified.empty());
        CHECK(cov.share == 1.0);
        CHECK(cov.basis.rfind("module instances", 0) == 0);
    }
    const auto run = load_text("torchinfo-summary.txt", summary);
    const auto cov = mm::class_coverage(run, m);
    CHECK(cov.unclassified.empty());
    CHECK(cov.share == 1.0);

    // 24 CLIP blocks of 12,596,224 parameters (docs/domain.md section 1) sit below depth 3 under a
    // ModuleList TorchInfo prints only as "(recursive)".
    const auto f = mm::check_footer(run);
    CHECK(f.footer_params == 3170627840);
    CHECK(f.row_params == 2868318464);
    CHECK(f.gap == 24 * 12596224);
    CHECK_FALSE(f.params_match);
    CHECK(f.hidden_under == std::vector<std::string>{"vision_model.transformer.layers"});
    // Mult-adds: a parsing check only (domain.md section 5); the hidden CLIP rows hold the rest.
    CHECK(f.row_mult_adds == 182759751168.0);
    REQUIRE(f.footer_mult_adds);
    CHECK(*f.footer_mult_adds == Approx(184.27e9));
}
