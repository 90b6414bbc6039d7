// The app's session without a window: what a share link, a file, an export or the compared GPU does to
// it. Expected values come from the core's own API (the codec, the analysis, the writers) called apart
// from the session, or are the exact sentences users read.
#include <catch2/catch.hpp>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/session.hpp"
#include "app/views.hpp"
#include "core/api.hpp"
#include "core/ingest/detect.hpp"
#include "core/ingest/study.hpp"
#include "core/link/url_state.hpp"
#include "core/report/netron.hpp"
#include "core/report/report_model.hpp"
#include "embedded/embedded_files.hpp"
#include "core/test_ingest_support.hpp"

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

const mm::Catalog& catalog() {
    static const mm::Catalog c = mm::load_catalog(mm::embedded_assets()).value();
    return c;
}

mm::Analysis analysis_of(const mm::AnalyzeOptions& options) {
    auto a = mm::analyze(catalog(), options);
    INFO((a.ok() ? std::string() : a.error().message));
    REQUIRE(a.ok());
    return std::move(a).value();
}

// The options as a link writes them: two equal strings mean equal options.
std::string link_of(const mm::AnalyzeOptions& options) { return mm::encode_url_state(options); }

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto p = s.find(from);
    if (p == std::string::npos) return "fixture text not found: " + from;
    return s.replace(p, from.size(), to);
}

}  // namespace

TEST_CASE("a share link sets the options and the linked view, and url_state writes the same link back", "[session][link]") {
    mm::app::Session s;
    std::vector<std::string> published;
    s.set_publisher([&](const std::string& state) { published.push_back(state); });
    s.apply_url_state("gpu=h100-sxm&batch=4&crops=3x2&view=roofline&compare=a100-80gb&theme=light");

    CHECK(s.notices().empty());
    CHECK(s.options().gpu == "h100-sxm");
    CHECK(s.options().batch == 4);
    CHECK(s.options().crops == mm::AnalyzeOptions::Crops::explicit_grid);
    CHECK(s.options().crops_w == 3);
    CHECK(s.options().crops_h == 2);
    CHECK(s.view() == mm::app::View::roofline);
    CHECK_FALSE(s.dark());
    CHECK(s.compare_gpu() == "a100-80gb");
    REQUIRE(s.analysis());
    CHECK(s.analysis()->gpu().name == "h100-sxm");

    // The link out is the core codec's, with the view's parameters in the app's order.
    const std::string expected = mm::encode_url_state(s.options(), Params{{"view", "roofline"}, {"compare", "a100-80gb"}, {"theme", "light"}});
    CHECK(s.url_state() == expected);
    REQUIRE_FALSE(published.empty());
    CHECK(published.back() == expected);
    // The tab is asked for once.
    CHECK(s.take_view_request());
    CHECK_FALSE(s.take_view_request());

    // The link read back into a fresh session reproduces it exactly.
    mm::app::Session again;
    again.apply_url_state(s.url_state());
    CHECK(again.notices().empty());
    CHECK(again.url_state() == s.url_state());
    CHECK(link_of(again.options()) == link_of(s.options()));
    CHECK(again.view() == mm::app::View::roofline);

    // state() says the same as the session.
    const auto state = nlohmann::json::parse(s.state_json());
    CHECK(state["url_state"] == expected);
    CHECK(state["view"] == "roofline");
    CHECK(state["theme"] == "light");
    CHECK(state["compare"]["gpu"] == "a100-80gb");
}

TEST_CASE("a selected module and the sweep axis travel in the link", "[session][link]") {
    const mm::Analysis standard = analysis_of(mm::AnalyzeOptions{});
    const int index = 5;
    REQUIRE(standard.modules().size() > size_t(index));
    const std::string id(standard.modules()[size_t(index)].id);

    mm::app::Session s;
    s.apply_url_state("view=sweep&sweep=batch&module=" + mm::percent_encode(id));
    CHECK(s.notices().empty());
    CHECK(s.view() == mm::app::View::sweep);
    CHECK(s.sweep_axis() == mm::app::SweepAxis::batch);
    CHECK(s.selected_module() == index);
    CHECK(s.selected_formula() == mm::explain_module(standard, index));
    CHECK(s.url_state() == mm::encode_url_state(mm::AnalyzeOptions{}, Params{{"view", "sweep"}, {"sweep", "batch"}, {"module", id}, {"theme", "dark"}}));

    s.select_module(-1);
    CHECK(s.selected_module() == -1);
    CHECK(s.selected_formula().empty());
    CHECK(s.url_state() == mm::encode_url_state(mm::AnalyzeOptions{}, Params{{"view", "sweep"}, {"sweep", "batch"}, {"theme", "dark"}}));
}

TEST_CASE("every view of the table is reached by its name in a link", "[session][link][views]") {
    for (const auto& spec : mm::app::kViews) {
        INFO(spec.name);
        mm::app::Session s;
        s.apply_url_state("view=" + std::string(spec.name));
        CHECK(s.notices().empty());
        CHECK(s.view() == spec.view);
        CHECK(mm::app::find_view(spec.name) == spec.view);
        CHECK(s.url_state().find("view=" + std::string(spec.name) + "&") != std::string::npos);
    }
}

TEST_CASE("bad or hostile link parameters give one notice each and keep the view the session had", "[session][link]") {
    mm::app::Session s;
    s.apply_url_state("view=memory&sweep=batch");
    REQUIRE(s.notices().empty());
    s.set_compare_gpu("h100-sxm");

    s.apply_url_state("batch=-1&view=%3Cscript%3E&sweep=sideways&evil=1&module=nosuch&compare=nosuch");
    const std::vector<std::string> expected = {
        "Ignored batch=-1: the batch is a whole number from 1 to 65536.",
        "Ignored evil=1: unknown parameter.",
        "Ignored view=<script>: the views are breakdown, roofline, treemap, memory, sweep, capacity and torchinfo.",
        "Ignored sweep=sideways: the sweeps are new_tokens, batch and crops.",
        "Ignored compare=nosuch: no such GPU preset.",
        "Ignored module=nosuch: no module has that id.",
    };
    CHECK(s.notices() == expected);
    // The view's parameters stay as they were; the options are the standard workload's, as a link starts from it.
    CHECK(s.view() == mm::app::View::memory);
    CHECK(s.sweep_axis() == mm::app::SweepAxis::batch);
    CHECK(s.selected_module() == -1);
    CHECK(s.compare_gpu().empty());  // a link without a valid compare= compares with nothing
    CHECK_FALSE(s.compare());
    CHECK(s.options().batch == 1);
    REQUIRE(s.analysis());
    CHECK(s.url_state() == mm::encode_url_state(mm::AnalyzeOptions{}, Params{{"view", "memory"}, {"theme", "dark"}}));
    const auto state = nlohmann::json::parse(s.state_json());
    CHECK(state["notices"].size() == expected.size());
}

TEST_CASE("the real TorchInfo summary loads, and the session analyses the run it records", "[session][file][reference]") {
    const std::string text = mm_test::reference_file("torchinfo-summary.txt");
    mm::app::Session s;
    s.open_file("torchinfo-summary.txt", text);

    CHECK_FALSE(s.last_error());
    REQUIRE(s.inputs().size() == 1);
    CHECK(s.inputs()[0].name == "torchinfo-summary.txt");
    CHECK(s.inputs()[0].text == text);
    CHECK(s.inputs()[0].kind == "torchinfo-summary.txt");
    REQUIRE(s.study());
    CHECK(s.study()->deepseek_ocr);
    // The run: 2x2 crops, batch 1, prefill 703 (../shared/reference/README.md).
    CHECK(s.options().crops_w == 2);
    CHECK(s.options().crops_h == 2);
    CHECK(s.options().batch == 1);
    CHECK(s.info() == "Analysing the run the TorchInfo files record: 2x2 crops, batch 1.");
    REQUIRE(s.analysis());
    CHECK(s.analysis()->workload.prefill_tokens == 703);

    // The same analysis the core gives for the study's options.
    const mm::TextFile file{"torchinfo-summary.txt", text};
    auto study = mm::study_torchinfo(std::span<const mm::TextFile>(&file, 1), mm::embedded_assets());
    REQUIRE(study.ok());
    const auto options = mm::options_from_study(study.value(), mm::AnalyzeOptions{});
    CHECK(link_of(s.options()) == link_of(options));
    CHECK(mm::analysis_to_json(*s.analysis()) == mm::analysis_to_json(analysis_of(options)));
    CHECK(s.url_state() == mm::encode_url_state(options, Params{{"view", "breakdown"}, {"theme", "dark"}}));
}

TEST_CASE("a bad file sets the error sentence and leaves the analysis and inputs as they were", "[session][file][reference]") {
    const std::string text = mm_test::reference_file("torchinfo-summary.txt");
    mm::app::Session s;
    s.open_file("torchinfo-summary.txt", text);
    REQUIRE_FALSE(s.last_error());
    REQUIRE(s.analysis());
    const std::string analysis_before = mm::analysis_to_json(*s.analysis());
    const std::string link_before = s.url_state();
    const std::string info_before = s.info();

    auto unchanged = [&] {
        REQUIRE(s.inputs().size() == 1);
        CHECK(s.inputs()[0].name == "torchinfo-summary.txt");
        CHECK(s.inputs()[0].text == text);
        REQUIRE(s.study());
        CHECK(s.study()->deepseek_ocr);
        REQUIRE(s.analysis());
        CHECK(mm::analysis_to_json(*s.analysis()) == analysis_before);
        CHECK(s.url_state() == link_before);
        CHECK(s.info() == info_before);
    };

    SECTION("text that is no TorchInfo artifact") {
        const std::string bad = "{\"layers\": [1, 2,";  // JSON cut short
        s.open_file("cut.json", bad);
        REQUIRE(s.last_error());
        CHECK(*s.last_error() == mm::identify_artifact("cut.json", bad).error);
        CHECK(s.last_error()->rfind("cut.json is not valid JSON", 0) == 0);
        unchanged();
    }
    SECTION("a summary whose parameter count is mangled") {
        const std::string bad = replace_once(mm_test::torchinfo_fixture("cnn-summary.txt"), "1,168 ", "1,16,8 ");
        REQUIRE(mm::identify_artifact("cnn.txt", bad).identity);  // it reads as a summary until the bad cell
        s.open_file("cnn.txt", bad);
        REQUIRE(s.last_error());
        CHECK(*s.last_error() ==
              "cnn.txt, line 10: the Param # cell \"1,16,8\" must be a count such as 590,592, \"--\" or \"(recursive)\".");
        unchanged();
    }
    SECTION("a new version of the loaded file that does not read") {
        const std::string bad = text.substr(0, text.size() / 2);
        s.open_file("torchinfo-summary.txt", bad);
        REQUIRE(s.last_error());
        CHECK_FALSE(s.last_error()->empty());
        unchanged();
    }
    SECTION("the error line is dismissed, and stays until the file it names loads") {
        s.open_file("cut.json", "{");
        REQUIRE(s.last_error());
        s.dismiss_error();
        CHECK_FALSE(s.last_error());
        s.open_file("cut.json", "{");
        s.open_file("torchinfo-summary.txt", text);  // another file of the same drop keeps it
        REQUIRE(s.last_error());
        CHECK(s.last_error()->rfind("cut.json", 0) == 0);
        s.open_file("cut.json", mm_test::reference_file("torchinfo-stages.json"));  // the named file, fixed
        CHECK_FALSE(s.last_error());
        s.open_file("cut.json", "{");
        s.begin_files();  // the next drop starts afresh
        CHECK_FALSE(s.last_error());
    }
}

TEST_CASE("exports hold the core writers' bytes for the session's analysis", "[session][export]") {
    mm::app::Session s;
    s.apply_url_state("gpu=h100-sxm&batch=4&new_tokens=300");
    REQUIRE(s.notices().empty());
    mm::AnalyzeOptions options;
    options.gpu = "h100-sxm";
    options.batch = 4;
    options.new_tokens = 300;
    const mm::Analysis expected = analysis_of(options);

    const auto json = s.export_file("analysis.json");
    REQUIRE(json);
    CHECK(json->name == "modelmeter-analysis.json");
    CHECK(json->mime == "application/json");
    CHECK_FALSE(json->picture);
    CHECK(json->bytes == mm::analysis_to_json(expected));

    const auto netron = s.export_file("netron-attachment.json");
    REQUIRE(netron);
    CHECK(netron->name == "modelmeter.attachment.json");
    CHECK(netron->bytes == mm::netron_attachment_json(expected));

    const auto report = mm::build_report(catalog(), expected);
    REQUIRE(report.ok());
    const auto csv = s.export_file("modules.csv");
    REQUIRE(csv);
    CHECK(csv->mime == "text/csv");
    CHECK(csv->bytes == mm::report_modules_csv(report.value()));
    const auto zip = s.export_file("report.zip");
    REQUIRE(zip);
    CHECK(zip->name == report.value().run_id + ".zip");
    CHECK(zip->bytes.empty());  // the app deflates the files and lays out the zip
    const auto files = mm::report_files(report.value());
    REQUIRE(zip->archive.size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        CHECK(zip->archive[i].path == files[i].path);
        CHECK(zip->archive[i].data == files[i].text);
    }

    const auto png = s.export_file("view.png");
    REQUIRE(png);
    CHECK(png->picture);
    CHECK(png->name == "modelmeter-breakdown.png");
    CHECK(png->bytes.empty());
    CHECK_FALSE(s.last_error());

    CHECK_FALSE(s.export_file("evil.exe"));
    REQUIRE(s.last_error());
    CHECK(*s.last_error() == "Unknown export \"evil.exe\"; the exports are analysis.json, report.json, summary.json, "
                             "modules.csv, report.zip, netron-attachment.json and view.png.");
}

TEST_CASE("a compared GPU gets the same workload without the first GPU's edits, and clears", "[session][compare]") {
    mm::app::Session s;
    mm::AnalyzeOptions options;
    options.batch = 2;
    options.gpu_overrides.push_back({"memory_bandwidth_GB_per_s", 100});
    s.set_options(options);
    s.set_compare_gpu("h100-sxm");

    REQUIRE(s.compare());
    CHECK(s.compare_error().empty());
    CHECK(s.compare_gpu() == "h100-sxm");
    mm::AnalyzeOptions other = options;
    other.gpu = "h100-sxm";
    other.gpu_overrides.clear();
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(other)));
    CHECK(s.url_state() == mm::encode_url_state(options, Params{{"view", "breakdown"}, {"compare", "h100-sxm"}, {"theme", "dark"}}));
    // The compared GPU follows later changes of the workload.
    options.batch = 3;
    s.set_options(options);
    other.batch = 3;
    REQUIRE(s.compare());
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(other)));

    s.set_compare_gpu("");
    CHECK_FALSE(s.compare());
    CHECK(s.compare_gpu().empty());
    CHECK(s.url_state() == mm::encode_url_state(options, Params{{"view", "breakdown"}, {"theme", "dark"}}));

    s.set_compare_gpu("nosuch");
    CHECK_FALSE(s.compare());
    mm::AnalyzeOptions missing = options;
    missing.gpu = "nosuch";
    missing.gpu_overrides.clear();
    const auto refused = mm::analyze(catalog(), missing);
    REQUIRE_FALSE(refused.ok());
    CHECK(s.compare_error() == "No comparison with nosuch: " + refused.error().message);
}

// Issue 18: a second model compared the way a second GPU is. The expected options are written out by hand
// (the model, then its mode as its asset names it) and analysed by the core apart from the session.
TEST_CASE("a compared model: its analysis is analyze() with the model changed, in its default mode, and the link carries it", "[session][compare][link]") {
    mm::app::Session s;
    s.apply_url_state("compare_model=deepseek-ocr-2&batch=2&view=breakdown");
    CHECK(s.notices().empty());
    CHECK(s.compare_model() == "deepseek-ocr-2");
    CHECK(s.compare_gpu().empty());
    CHECK(s.compare_error().empty());
    REQUIRE(s.analysis());
    CHECK(s.analysis()->model_name == "deepseek-ocr");
    REQUIRE(s.compare());

    mm::AnalyzeOptions mine;
    mine.batch = 2;
    mm::AnalyzeOptions other = mine;
    other.model = "deepseek-ocr-2";
    other.mode = "default";  // OCR 2 has no gundam: its default_mode in assets/models/deepseek-ocr-2.json
    const mm::Analysis expected = analysis_of(other);
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(expected));
    CHECK(mm::analysis_to_json(*s.analysis()) == mm::analysis_to_json(analysis_of(mine)));
    CHECK(s.compare()->workload.tile_size_px == 768);
    CHECK(s.compare_label() == "DeepSeek-OCR 2");
    CHECK(s.this_label() == "DeepSeek-OCR");
    CHECK(s.compare_notes() == std::vector<std::string>{"DeepSeek-OCR 2 has no mode gundam: its default mode, default, is compared."});

    // The link: the core codec's, with compare_model among the view's keys; a fresh session reads it back.
    const std::string link = mm::encode_url_state(mine, Params{{"view", "breakdown"}, {"compare_model", "deepseek-ocr-2"}, {"theme", "dark"}});
    CHECK(s.url_state() == link);
    mm::app::Session again;
    again.apply_url_state(s.url_state());
    CHECK(again.notices().empty());
    CHECK(again.url_state() == link);
    REQUIRE(again.compare());
    CHECK(mm::analysis_to_json(*again.compare()) == mm::analysis_to_json(expected));

    // state() holds both analyses: the compared one's members as `analyze --format json` prints them.
    const auto state = nlohmann::json::parse(s.state_json());
    const auto cli = nlohmann::json::parse(mm::analysis_to_json(expected));
    CHECK(state["compare"]["model"] == "deepseek-ocr-2");
    CHECK(state["compare"]["gpu"] == "rtx5090");
    CHECK(state["compare"]["label"] == "DeepSeek-OCR 2");
    for (const char* key : {"workload", "params", "stages", "latency", "memory"}) {
        INFO(key);
        CHECK(state["compare"][key] == cli[key]);
    }
    CHECK(state["model"]["name"] == "deepseek-ocr");

    // No comparison: the key leaves the link.
    s.set_compare_model("");
    CHECK_FALSE(s.compare());
    CHECK(s.url_state() == mm::encode_url_state(mine, Params{{"view", "breakdown"}, {"theme", "dark"}}));
}

TEST_CASE("a compared model keeps a mode it has, falls back to its default otherwise, and its own crop rule", "[session][compare]") {
    mm::app::Session s;
    mm::AnalyzeOptions o;
    o.mode = "base";  // both models have base (1024 px, no crops)
    s.set_options(o);
    s.set_compare_model("deepseek-ocr-2");
    REQUIRE(s.compare());
    CHECK(s.compare()->workload.mode == "base");
    CHECK(s.compare_notes().empty());
    mm::AnalyzeOptions expected = o;
    expected.model = "deepseek-ocr-2";
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(expected)));

    // The other way round: OCR 2's default mode does not exist for DeepSeek-OCR, whose default is gundam.
    o = {};
    o.model = "deepseek-ocr-2";
    o.mode = "default";
    s.set_options(o);
    s.set_compare_model("deepseek-ocr");
    REQUIRE(s.compare());
    expected = o;
    expected.model = "deepseek-ocr";
    expected.mode = "gundam";
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(expected)));
    CHECK(s.compare_notes() == std::vector<std::string>{"DeepSeek-OCR has no mode default: its default mode, gundam, is compared."});

    // A 3x3 grid is DeepSeek-OCR's (2 to 9 tiles) but not OCR 2's (2 to 6): OCR 2 crops the page by its rule.
    o = {};
    o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    o.crops_w = 3;
    o.crops_h = 3;
    s.set_options(o);
    s.set_compare_model("deepseek-ocr-2");
    REQUIRE(s.compare());
    expected = {};
    expected.model = "deepseek-ocr-2";
    expected.mode = "default";
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(expected)));
    CHECK(s.compare_notes().size() == 2);
    CHECK(s.compare_notes().back() == "DeepSeek-OCR 2 crops 2 to 6 tiles, not 3x3: its crops come from the page by its own rule.");

    // Unknown models: the option table's sentence, in the link's notice and in the compare error.
    s.set_compare_model("nosuch");
    CHECK_FALSE(s.compare());
    CHECK(s.compare_error() == "No comparison with nosuch: No such model (known: deepseek-ocr, deepseek-ocr-2).");
    s.apply_url_state("compare_model=nosuch");
    CHECK(s.notices() == std::vector<std::string>{"Ignored compare_model=nosuch: no such model (known: deepseek-ocr, deepseek-ocr-2)."});
    CHECK(s.compare_model().empty());
    CHECK_FALSE(s.compare());
}

TEST_CASE("a compared model and a compared GPU together are one comparison: that model on that GPU", "[session][compare]") {
    mm::app::Session s;
    s.apply_url_state("compare=h100-sxm&compare_model=deepseek-ocr-2&gpu.memory_bandwidth_GB_per_s=100");
    CHECK(s.notices().empty());
    REQUIRE(s.compare());
    mm::AnalyzeOptions expected;
    expected.model = "deepseek-ocr-2";
    expected.mode = "default";
    expected.gpu = "h100-sxm";  // the preset's figures: the edit belongs to the first GPU
    CHECK(mm::analysis_to_json(*s.compare()) == mm::analysis_to_json(analysis_of(expected)));
    CHECK(s.compare_label() == "DeepSeek-OCR 2 on h100-sxm");
    CHECK(s.this_label() == "DeepSeek-OCR on rtx5090");
    REQUIRE_FALSE(s.compare_notes().empty());
    CHECK(s.compare_notes().front() == "One comparison at a time: the model and the GPU both differ from DeepSeek-OCR on rtx5090.");
    // A compared model alone keeps this GPU with its edited figures.
    s.set_compare_gpu("");
    REQUIRE(s.compare());
    CHECK(s.compare()->gpu().bandwidth_bytes_per_s == s.analysis()->gpu().bandwidth_bytes_per_s);
    CHECK(s.compare()->gpu().bandwidth_bytes_per_s == 100e9);
}

TEST_CASE("the crop sweep offers the model's own grids, and the compared model's points where it takes the grid", "[session][compare][charts]") {
    // Every w x h with min..max tiles of the model's asset, as a set: DeepSeek-OCR 2's candidates are its
    // 13 grids of 2 to 6 tiles; DeepSeek-OCR sweeps 22 grids of 2 to 9.
    auto labels = [](const std::vector<mm::app::SweepPoint>& pts) {
        std::vector<std::string> out;
        for (const auto& p : pts) out.push_back(p.label);
        return out;
    };
    mm::app::Session s;
    const auto ocr1 = s.sweep(mm::app::SweepAxis::crops, 0);
    CHECK(ocr1.size() == 22);
    mm::AnalyzeOptions o;
    o.model = "deepseek-ocr-2";
    o.mode = "default";
    s.set_options(o);
    const auto ocr2 = s.sweep(mm::app::SweepAxis::crops, 0);
    std::vector<std::string> grids;
    for (const auto& [w, h] : catalog().find_model("deepseek-ocr-2")->config->crop_candidates)
        grids.push_back(std::to_string(w) + "x" + std::to_string(h));
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    CHECK(sorted(labels(ocr2)) == sorted(grids));
    CHECK(labels(ocr2) == std::vector<std::string>{"1x2", "2x1", "1x3", "3x1", "1x4", "2x2", "4x1", "1x5", "5x1", "1x6", "2x3", "3x2", "6x1"});
    const auto cx = s.sweep_current_x(mm::app::SweepAxis::crops);
    REQUIRE(cx);
    CHECK(ocr2[size_t(*cx)].label == std::to_string(s.analysis()->workload.crops_w) + "x" + std::to_string(s.analysis()->workload.crops_h));
    mm::AnalyzeOptions at = o;
    at.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    at.crops_w = 3;
    at.crops_h = 2;
    CHECK(ocr2[11].page_s == Approx(analysis_of(at).latency().page_s));

    // DeepSeek-OCR against OCR 2: the overlay has OCR 2's points at DeepSeek-OCR's x of the same grid.
    s.set_options(mm::AnalyzeOptions{});
    const auto main = s.sweep(mm::app::SweepAxis::crops, 0);
    const auto overlay = s.sweep(mm::app::SweepAxis::crops, 0, {.gpu = {}, .model = "deepseek-ocr-2"});
    CHECK(sorted(labels(overlay)) == sorted(grids));
    for (const auto& p : overlay) {
        INFO(p.label);
        REQUIRE(static_cast<size_t>(p.x) < main.size());
        CHECK(main[size_t(p.x)].label == p.label);
    }
    const auto& last = overlay.back();  // 6x1
    at.crops_w = 6;
    at.crops_h = 1;
    CHECK(last.label == "6x1");
    CHECK(last.page_s == Approx(analysis_of(at).latency().page_s));
}

// Issue 16, files: dropping [junk.txt, torchinfo-stages.json] together lost junk.txt's sentence (the
// good file's load cleared it); the reverse order showed it.
TEST_CASE("a bad and a good file dropped together keep the bad one's sentence, in either order", "[session][file][reference]") {
    const std::string stages = mm_test::reference_file("torchinfo-stages.json");
    const std::string junk_error = mm::identify_artifact("junk.txt", "hello").error;
    REQUIRE_FALSE(junk_error.empty());
    for (bool junk_first : {true, false}) {
        INFO((junk_first ? "junk.txt first" : "torchinfo-stages.json first"));
        mm::app::Session s;
        if (junk_first) s.open_file("junk.txt", "hello");
        s.open_file("torchinfo-stages.json", stages);
        if (!junk_first) s.open_file("junk.txt", "hello");
        REQUIRE(s.last_error());
        CHECK(*s.last_error() == junk_error);
        REQUIRE(s.inputs().size() == 1);
        CHECK(s.inputs()[0].name == "torchinfo-stages.json");
    }
    // The sentence goes when the file it names loads.
    mm::app::Session s;
    s.open_file("junk.txt", "hello");
    s.open_file("junk.txt", mm_test::reference_file("torchinfo-summary.txt"));
    CHECK_FALSE(s.last_error());
}

// Issue 16, files: the banner said "Analysing the run the TorchInfo files record: 2x2 crops, batch 1"
// after the batch had been changed to 4.
TEST_CASE("the banner says when the settings no longer are the recorded run", "[session][file][reference]") {
    mm::app::Session s;
    s.open_file("torchinfo-summary.txt", mm_test::reference_file("torchinfo-summary.txt"));
    REQUIRE(s.study());
    CHECK(s.info() == "Analysing the run the TorchInfo files record: 2x2 crops, batch 1.");
    mm::AnalyzeOptions o = s.options();
    o.batch = 4;
    s.set_options(o);
    CHECK(s.info() == "The TorchInfo files record 2x2 crops, batch 1; the analysis follows the settings you changed.");
    o.batch = 1;
    o.gpu = "h100-sxm";  // the GPU is not part of the recorded run
    s.set_options(o);
    CHECK(s.info() == "Analysing the run the TorchInfo files record: 2x2 crops, batch 1.");
    s.apply_url_state("batch=2");
    CHECK(s.info() == "The TorchInfo files record 2x2 crops, batch 1; the analysis follows the settings you changed.");
}

// Issue 16, files: torchinfo-stages.json alone said "Not DeepSeek-OCR" although its model_path is the
// DeepSeek-OCR repository's snapshot (../shared/reference/torchinfo-stages.json).
TEST_CASE("a stages JSON alone is DeepSeek-OCR by its model path, and DeepSeek-OCR-2's path is not", "[session][file][reference]") {
    const std::string stages = mm_test::reference_file("torchinfo-stages.json");
    REQUIRE(stages.find("models--deepseek-ai--DeepSeek-OCR/snapshots/") != std::string::npos);
    mm::app::Session s;
    s.open_file("torchinfo-stages.json", stages);
    CHECK_FALSE(s.last_error());
    REQUIRE(s.study());
    CHECK(s.study()->deepseek_ocr);
    CHECK(s.info().rfind("Analysing the run the TorchInfo files record", 0) == 0);

    std::string other = stages;
    const std::string from = "models--deepseek-ai--DeepSeek-OCR/", to = "models--deepseek-ai--DeepSeek-OCR-2/";
    other.replace(other.find(from), from.size(), to);
    // Not DeepSeek-OCR, and a stages file holds no summary table to build another network from: refused,
    // naming the file, with DeepSeek-OCR's analysis left as it was.
    mm::app::Session s2;
    s2.open_file("torchinfo-stages.json", other);
    CHECK_FALSE(s2.study());
    REQUIRE(s2.last_error());
    CHECK(s2.last_error()->rfind("torchinfo-stages.json lists module classes but no summary table", 0) == 0);
    CHECK(s2.analysis());
}

// Issue 18: the bundled DeepSeek-OCR 2 sample (a mimic's summary of a 1536x768 page) selects the OCR 2 model
// and its recorded run; the DeepSeek-OCR sample afterwards goes back to OCR 1's standard run.
TEST_CASE("the DeepSeek-OCR 2 sample selects deepseek-ocr-2 and its run, and the OCR 1 sample goes back", "[session][file][ocr2]") {
    mm::app::Session s;
    s.load_sample(true);
    CHECK_FALSE(s.last_error());
    REQUIRE(s.study());
    CHECK(s.options().model == "deepseek-ocr-2");
    REQUIRE(s.analysis());
    // 1536x768 by count_tiles at 768: 2 crops, T = 256 + 144 x 2 + 1 = 545 image tokens; S = 555 with the prompt.
    CHECK(s.analysis()->workload.image_tokens == 545);
    CHECK(s.analysis()->workload.prefill_tokens == 555);
    // The same analysis as the built-in model given that run by hand.
    mm::AnalyzeOptions by_hand;
    by_hand.model = "deepseek-ocr-2";
    by_hand.mode = "default";
    by_hand.image_width_px = 1536;
    by_hand.image_height_px = 768;
    CHECK(analysis_of(by_hand).workload.prefill_tokens == 555);
    s.begin_files();
    s.load_sample();
    CHECK(s.options().model == "deepseek-ocr");
    REQUIRE(s.analysis());
    CHECK(s.analysis()->workload.prefill_tokens == 703);
}

// Issue 15: a dropped network is the session's analysis, as `modelmeter analyze --torchinfo` gives it
// (analyze_study of the same file), at the batch its summary was taken at; its link names the file.
TEST_CASE("a dropped network is analysed as its own tree, replaces what was loaded, and goes back to DeepSeek-OCR", "[session][file][network]") {
    const std::string cnn = mm_test::torchinfo_fixture("cnn-summary.txt");
    const std::string transformer = mm_test::torchinfo_fixture("transformer-summary.txt");
    mm::app::Session s;
    mm::AnalyzeOptions h100;
    h100.gpu = "h100-sxm";
    s.set_options(h100);
    s.load_sample();  // DeepSeek-OCR files first: the network replaces them
    REQUIRE(s.study());
    s.begin_files();
    s.open_file("cnn-summary.txt", cnn);
    CHECK_FALSE(s.last_error());
    REQUIRE(s.network());
    CHECK(s.inputs().size() == 1);
    CHECK(s.study()->network_label() == "Net (cnn-summary.txt)");
    CHECK(s.view() == mm::app::View::breakdown);
    CHECK(s.options().gpu == "h100-sxm");
    CHECK(s.options().batch == 1);
    const mm::TextFile file{"cnn-summary.txt", cnn};
    const auto study = mm::study_torchinfo(std::span<const mm::TextFile>(&file, 1), mm::embedded_assets()).value();
    const auto direct = mm::analyze_study(catalog(), study, s.options()).value();
    CHECK(mm::analysis_to_json(*s.analysis()) == mm::analysis_to_json(direct));
    CHECK(s.info().rfind("Analysing Net (cnn-summary.txt): one forward pass at batch 1", 0) == 0);
    CHECK(s.url_state().find("torchinfo=cnn-summary.txt") != std::string::npos);
    // Only the batch can be swept.
    CHECK(s.sweep(mm::app::SweepAxis::new_tokens, 8).empty());
    CHECK(s.sweep(mm::app::SweepAxis::batch, 8).size() > 2);
    // The report exports for it.
    const auto report = s.export_file("report.json");
    REQUIRE(report);
    CHECK(report->bytes.find("\"hidden_size\": null") != std::string::npos);

    // A second network replaces the first.
    s.begin_files();
    s.open_file("transformer-summary.txt", transformer);
    REQUIRE(s.network());
    CHECK(s.inputs().size() == 1);
    CHECK(s.inputs()[0].name == "transformer-summary.txt");

    // Back to DeepSeek-OCR: the standard workload on the same GPU.
    s.clear_inputs();
    CHECK_FALSE(s.network());
    CHECK(s.inputs().empty());
    mm::AnalyzeOptions expected;
    expected.gpu = "h100-sxm";
    CHECK(link_of(s.options()) == link_of(expected));
}

TEST_CASE("a link of a dropped network asks for the file, and applies its settings once it is dropped", "[session][link][network]") {
    mm::app::Session s;
    s.apply_url_state("gpu=h100-sxm&batch=4&view=memory&torchinfo=cnn-summary.txt");
    CHECK_FALSE(s.network());
    CHECK(s.pending_network_file() == "cnn-summary.txt");
    REQUIRE(s.notices().size() == 1);
    CHECK(s.notices()[0] == "This link analysed cnn-summary.txt, a TorchInfo summary the page does not hold: drop that file on the "
                            "page and the link's settings apply to it. Meanwhile DeepSeek-OCR is shown.");
    // Another file first: analysed at its own batch, the link still waits.
    s.begin_files();
    s.open_file("transformer-summary.txt", mm_test::torchinfo_fixture("transformer-summary.txt"));
    CHECK(s.network());
    CHECK(s.pending_network_file() == "cnn-summary.txt");
    s.begin_files();
    s.open_file("cnn-summary.txt", mm_test::torchinfo_fixture("cnn-summary.txt"));
    REQUIRE(s.network());
    CHECK(s.pending_network_file().empty());
    CHECK(s.options().batch == 4);
    CHECK(s.options().gpu == "h100-sxm");
    CHECK(s.view() == mm::app::View::memory);
    CHECK(s.analysis()->workload.batch == 4);
    // A link without a network is DeepSeek-OCR's.
    s.apply_url_state("gpu=rtx5090");
    CHECK_FALSE(s.network());
    CHECK(s.analysis()->model_name == "deepseek-ocr");
}

// Issue 17: the Capacity view is the planner on the session's settings; its knobs travel in the link
// while the view is shown, and a bad knob is a notice.
TEST_CASE("the Capacity view plans on the session's settings, and its knobs travel in the link", "[session][capacity]") {
    mm::app::Session s;
    s.apply_url_state(
        "profile=serving&new_tokens=620&view=capacity&concurrency=1,4,16,64&tpot_max_ms=8&host_s=0.03&host_workers=4&host_step_ms=0.5");
    CHECK(s.notices().empty());
    CHECK(s.view() == mm::app::View::capacity);
    mm::PlanOptions expected;
    expected.base = s.options();
    expected.concurrency = {1, 4, 16, 64};
    expected.tpot_max_s = 0.008;
    expected.host_preprocess_s = 0.03;
    expected.host_workers = 4;
    expected.host_step_s = 0.5e-3;
    const auto direct = mm::plan_capacity(catalog(), expected);
    const auto mine = s.capacity_plan();
    REQUIRE(direct.ok());
    REQUIRE(mine.ok());
    CHECK(mm::plan_to_json(mine.value()) == mm::plan_to_json(direct.value()));
    const std::string link = s.url_state();
    CHECK(link.find("concurrency=1%2C4%2C16%2C64") != std::string::npos);
    CHECK(link.find("tpot_max_ms=8") != std::string::npos);
    CHECK(link.find("host_workers=4") != std::string::npos);
    CHECK(link.find("host_step_ms=0.5") != std::string::npos);
    // The link written back reproduces the plan.
    mm::app::Session t;
    t.apply_url_state(link);
    CHECK(mm::plan_to_json(t.capacity_plan().value()) == mm::plan_to_json(direct.value()));
    // state() carries the plan while the view is shown.
    const auto state = nlohmann::json::parse(s.state_json());
    REQUIRE(state.contains("capacity"));
    CHECK(state["capacity"]["rows"].size() == 4);

    // Bad knobs: one notice each, the defaults stay.
    mm::app::Session u;
    u.apply_url_state("view=capacity&concurrency=0..100000&host_workers=2.5&ttft_max_s=-1");
    REQUIRE(u.notices().size() == 3);
    CHECK(u.plan_options().concurrency == std::vector<int64_t>{1, 4, 16, 64});
    CHECK(u.plan_options().host_workers == 1);
    CHECK(u.notices()[1] == "Ignored host_workers=2.5: a whole number of workers from 1 to 1,000,000.");
}
