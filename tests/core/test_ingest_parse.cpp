// Reading the five TorchInfo artifact kinds (docs/formats.md) into one record of what TorchInfo saw:
// hand-written fixtures of every kind (a small CNN, a plain transformer, a DeepSeek-OCR-shaped
// depth-1 summary) and the real DeepSeek-OCR files when ../shared/reference is present.
#include <catch2/catch.hpp>

#include <vector>

#include "core/ingest/torchinfo.hpp"
#include "test_ingest_support.hpp"

using mm::ArtifactKind;

namespace {

mm::TorchInfoRun load(std::vector<std::pair<std::string, std::string>> files) {
    std::vector<mm::TextFile> tf;
    for (const auto& [name, text] : files) tf.push_back({name, text});
    auto r = mm::parse_torchinfo(tf);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

mm::TorchInfoRun load_fixture(const std::string& name) { return load({{name, mm_test::torchinfo_fixture(name)}}); }

const mm::TorchInfoRow* find_row(const mm::TorchInfoRun& run, const std::string& instance, int nth = 0) {
    for (const auto& r : run.rows)
        if (r.instance_name == instance && nth-- == 0) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("a printed CNN summary gives rows with instance names, shapes, params, kernels and mult-adds", "[ingest][summary]") {
    const auto run = load_fixture("cnn-summary.txt");
    REQUIRE(run.sources.size() == 1);
    CHECK(run.sources[0].kind == ArtifactKind::summary_text);
    CHECK(run.sources[0].summary == "15 rows to depth 2, 5 columns");
    CHECK(run.columns == std::vector<std::string>{"Input Shape", "Output Shape", "Param #", "Kernel Shape", "Mult-Adds"});
    CHECK(run.root_class() == "Net");
    const auto* conv = find_row(run, "features.4");
    REQUIRE(conv);
    CHECK(conv->class_name == "Conv2d");
    CHECK(conv->var_name == "4");
    CHECK(conv->depth == 2);
    CHECK(conv->depth_index == "2-5");
    CHECK(conv->line == 10);
    CHECK(conv->input_shapes == std::vector<mm::Shape>{{1, 8, 16, 16}});
    CHECK(conv->output_shapes == std::vector<mm::Shape>{{1, 16, 16, 16}});
    CHECK(conv->params == 1168);
    CHECK(conv->kernel == mm::Shape{3, 3});
    CHECK(conv->mult_adds == 299008);
    CHECK_FALSE(conv->shows_children);
    const auto* features = find_row(run, "features");
    REQUIRE(features);
    CHECK(features->shows_children);
    CHECK_FALSE(features->mult_adds);  // "--" is unknown, not 0
    REQUIRE(run.footer);
    CHECK(run.footer->total_params == 67658);
    CHECK(run.footer->trainable_params == 67658);
    CHECK(run.footer->non_trainable_params == 0);
    CHECK(run.footer->total_mult_adds == Approx(0.59e6));
    CHECK(run.footer->mult_adds_unit == "M");
    CHECK(run.footer->estimated_total_bytes == Approx(0.48e6));
}

TEST_CASE("a summary printed with var_names but no depth-idx still nests rows by the tree drawing", "[ingest][summary]") {
    const auto run = load_fixture("transformer-summary.txt");
    CHECK(run.rows.size() == 23);
    CHECK(run.print_depth == 4);
    const auto* attn = find_row(run, "encoder.layers.1.self_attn");
    REQUIRE(attn);
    CHECK(attn->class_name == "MultiheadAttention");
    CHECK(attn->depth == 4);
    CHECK(attn->depth_index.empty());
    CHECK(attn->params == 16640);
    CHECK_FALSE(attn->mult_adds);
    const auto* head = find_row(run, "head");
    REQUIRE(head);
    CHECK(head->output_shapes == std::vector<mm::Shape>{{1, 16, 1000}});
}

TEST_CASE("the unique-layers JSON gives classes with instances, and rows gain qualified names from it", "[ingest][json]") {
    const auto run = load({{"cnn-summary.txt", mm_test::torchinfo_fixture("cnn-summary.txt")},
                           {"cnn-unique-layers.json", mm_test::torchinfo_fixture("cnn-unique-layers.json")}});
    CHECK(run.classes.size() == 9);
    CHECK(run.header.base_size == 1024);
    CHECK(run.header.crop_mode == false);
    CHECK(run.header.total_params == 67658);
    const auto* conv = find_row(run, "features.0");
    REQUIRE(conv);
    CHECK(conv->class_name_qualified == "torch.nn.modules.conv.Conv2d");
    CHECK(find_row(run, "")->class_name_qualified == "__main__.Net");
    CHECK(run.notes.empty());
}

TEST_CASE("the layers JSON gives rows with subtree params, kwargs tensors and TorchInfo's leftover params", "[ingest][json]") {
    const auto run = load_fixture("cnn-layers.json");
    CHECK(run.sources[0].kind == ArtifactKind::layers_json);
    REQUIRE(run.rows.size() == 15);
    const auto* root = find_row(run, "");
    REQUIRE(root);
    CHECK(root->input_shapes == std::vector<mm::Shape>{{1, 3, 32, 32}});  // the repr string is skipped
    CHECK(root->params_subtree == 67658);
    CHECK(root->params == 0);  // everything is in the children
    const auto* fc = find_row(run, "classifier.0");
    REQUIRE(fc);
    CHECK(fc->input_shapes == std::vector<mm::Shape>{{1, 1024}});  // {"tensor_shape": [...]}
    CHECK(fc->params == 65600);
    CHECK(fc->class_name_qualified == "torch.nn.modules.linear.Linear");
    CHECK(fc->is_leaf_layer == true);
}

TEST_CASE("the Markdown gives classes, and the stages JSON reads zeros as unknown", "[ingest][md][stages]") {
    const auto md = load_fixture("cnn-unique-layers.md");
    CHECK(md.sources[0].kind == ArtifactKind::unique_layers_md);
    REQUIRE(md.classes.size() == 9);
    CHECK(md.classes[0].class_name_qualified == "__main__.Net");
    CHECK(md.classes[0].is_torch_builtin == false);
    CHECK(md.classes[0].children.size() == 2);
    const auto st = load_fixture("ocr-stages.json");
    REQUIRE(st.stages.size() == 5);
    CHECK_FALSE(st.stages[0].params);  // sam: 0 -> unknown
    CHECK(st.stages[2].name == "projector");
    CHECK(st.stages[2].params == 2622720);
    CHECK(st.notes.empty());  // not all zero
}

TEST_CASE("several files of one run load together and disagreements are reported", "[ingest][merge]") {
    std::string other = mm_test::torchinfo_fixture("cnn-layers.json");
    const auto pos = other.find("\"base_size\": 1024");
    REQUIRE(pos != std::string::npos);
    other.replace(pos, 17, "\"base_size\": 640");
    const auto run = load({{"u.json", mm_test::torchinfo_fixture("cnn-unique-layers.json")}, {"l.json", other},
                           {"s.txt", mm_test::torchinfo_fixture("cnn-summary.txt")}});
    CHECK(run.sources.size() == 3);
    CHECK(run.has(ArtifactKind::layers_json));
    CHECK(run.rows[0].file == "l.json");  // the layers JSON is the richer record
    REQUIRE(run.footer);
    CHECK(run.header.base_size == 1024);
    REQUIRE(run.notes.size() == 1);
    CHECK(run.notes[0] == "The header field base_size disagrees: u.json says 1024, l.json says 640; the first was kept.");

    const std::string t1 = mm_test::torchinfo_fixture("cnn-summary.txt");
    std::vector<mm::TextFile> same{{"a.txt", t1}, {"b.txt", t1}};
    auto r = mm::parse_torchinfo(same);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "a.txt and b.txt are both torchinfo-summary.txt; load one file of each kind for a run.");
}

TEST_CASE("the real artifacts load (../shared/reference)", "[ingest][reference]") {
    const char* names[] = {"torchinfo-summary.txt", "torchinfo-unique-layers.json", "torchinfo-unique-layers.md",
                           "torchinfo-stages.json"};
    std::vector<std::string> texts;
    for (const char* n : names) texts.push_back(mm_test::reference_file(n));
    SECTION("each alone") {
        const auto summary = load({{names[0], texts[0]}});
        CHECK(summary.rows.size() == 126);
        CHECK(summary.print_depth == 3);
        CHECK(summary.root_class() == "DeepseekOCRModel");
        const auto* moe = find_row(summary, "layers.5.mlp");
        REQUIRE(moe);
        CHECK(moe->class_name == "DeepseekV2MoE");
        CHECK(moe->params == 227164160);
        CHECK(moe->mult_adds == 14577090560);
        const auto* sam2 = find_row(summary, "sam_model", 1);
        REQUIRE(sam2);
        CHECK(sam2->is_recursive);
        CHECK(sam2->input_shapes == std::vector<mm::Shape>{{1, 3, 1024, 1024}});
        const auto* attn = find_row(summary, "layers.0.self_attn");
        REQUIRE(attn);
        CHECK(attn->input_shapes.empty());  // "--": hidden_states went in as a keyword
        REQUIRE(summary.footer);
        CHECK(summary.footer->total_params == 3170627840);
        CHECK(summary.footer->total_mult_adds == Approx(184.27e9));
        CHECK(summary.footer->mult_adds_unit == "Units.GIGABYTES");

        const auto unique = load({{names[1], texts[1]}});
        CHECK(unique.classes.size() == 29);
        CHECK(unique.header.total_params == 3170627840);
        CHECK(unique.header.total_macs == 184271298048);
        CHECK(unique.header.crop_mode == true);
        CHECK(unique.root_class() == "DeepseekOCRModel");

        const auto md = load({{names[2], texts[2]}});
        CHECK(md.classes.size() == 29);

        const auto stages = load({{names[3], texts[3]}});
        REQUIRE(stages.stages.size() == 5);
        for (const auto& s : stages.stages) CHECK_FALSE(s.params);
        REQUIRE(stages.notes.size() == 1);
        CHECK(stages.notes[0].find("zeros for every stage") != std::string::npos);
    }
    SECTION("all four together") {
        const auto run = load({{names[0], texts[0]}, {names[1], texts[1]}, {names[2], texts[2]}, {names[3], texts[3]}});
        CHECK(run.sources.size() == 4);
        CHECK(run.classes.size() == 29);
        CHECK(run.rows.size() == 126);
        CHECK(find_row(run, "layers.5.mlp")->class_name_qualified ==
              "transformers_modules.2c968b433af61a059311cbf8997765023806a24d.modeling_deepseekv2.DeepseekV2MoE");
        CHECK(find_row(run, "sam_model.blocks.3")->class_name_qualified ==
              "transformers_modules.2c968b433af61a059311cbf8997765023806a24d.deepencoder.Block");
        // Only the all-zero stages note: header, footer and the two class lists agree.
        REQUIRE(run.notes.size() == 1);
        CHECK(run.notes[0].find("zeros for every stage") != std::string::npos);
    }
}
