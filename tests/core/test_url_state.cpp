// The share-link codec: every parameter round-trips, and nothing in a link is trusted.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/api.hpp"
#include "core/link/url_state.hpp"
#include "embedded/embedded_files.hpp"

namespace {
const mm::Catalog& catalog() {
    static const mm::Catalog c = mm::load_catalog(mm::embedded_assets()).value();
    return c;
}
mm::UrlState decode(std::string_view text) { return mm::decode_url_state(text, catalog(), mm::AnalyzeOptions{}); }
}  // namespace

TEST_CASE("the default options round-trip through a share link", "[url]") {
    const mm::AnalyzeOptions defaults;
    const auto text = mm::encode_url_state(defaults);
    const auto back = decode(text);
    CHECK(back.notices.empty());
    CHECK(mm::encode_url_state(back.options) == text);
}

TEST_CASE("every parameter round-trips through a share link", "[url]") {
    mm::AnalyzeOptions o;
    o.gpu = "h100-sxm";
    o.profile = "eager";
    o.mode = "base";
    o.image_width_px = 1700;
    o.image_height_px = 2200;
    o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    o.crops_w = 3;
    o.crops_h = 4;
    o.new_tokens = 77;
    o.batch = 9;
    o.weights_precision = mm::Precision::fp8;
    o.activations_precision = mm::Precision::fp16;
    o.kv_precision = mm::Precision::fp8;
    o.attention = mm::AttentionImpl::eager;
    o.convention = mm::Convention::torch;
    const std::string key(mm::gpu_numeric_keys().front());
    o.gpu_overrides.push_back({key, 1234.5});
    const std::pair<std::string, std::string> view[] = {{"theme", "light"}};
    const auto text = mm::encode_url_state(o, view);
    const std::string_view app_keys[] = {"theme"};
    const auto back = mm::decode_url_state(text, catalog(), mm::AnalyzeOptions{}, app_keys);
    INFO(text);
    CHECK(back.notices.empty());
    CHECK(mm::encode_url_state(back.options, view) == text);
    REQUIRE(back.options.gpu_overrides.size() == 1);
    CHECK(back.options.gpu_overrides[0].key == key);
    CHECK(back.options.gpu_overrides[0].value == 1234.5);
    REQUIRE(back.app_params.size() == 1);
    CHECK(back.app_params[0].second == "light");
    CHECK(back.options.crops_w == 3);
    CHECK(back.options.batch == 9);
}

TEST_CASE("bad or unknown parameters are ignored with a sentence each, the rest applies", "[url]") {
    const auto st = decode("batch=0&new_tokens=12&gpu=nosuch&crops=99x2&image=-5x3&weights=int3&evil=%3Cscript%3E&batch=3x");
    CHECK(st.options.new_tokens == 12);
    CHECK(st.options.batch == 1);
    CHECK(st.options.gpu == "rtx5090");
    CHECK(st.options.crops == mm::AnalyzeOptions::Crops::from_image);
    REQUIRE(st.notices.size() == 7);
    CHECK(st.notices[0] == "Ignored batch=0: the batch is a whole number from 1 to 65536.");
    CHECK(st.notices[1].rfind("Ignored gpu=nosuch: no such GPU preset (known: ", 0) == 0);
    CHECK(st.notices[5] == "Ignored evil=<script>: unknown parameter.");
}

TEST_CASE("percent-encoding and a leading # are understood", "[url]") {
    const auto st = decode("#gpu=h100%2Dsxm&crops=2%782");
    CHECK(st.notices.empty());
    CHECK(st.options.gpu == "h100-sxm");
    CHECK(st.options.crops_w == 2);
}

TEST_CASE("oversized links are refused whole or cut, never parsed without bound", "[url]") {
    const std::string huge(mm::kMaxUrlStateChars + 1, 'a');
    const auto st = decode(huge);
    REQUIRE(st.notices.size() == 1);
    CHECK(st.notices[0].find("were all ignored") != std::string::npos);

    std::string many;
    for (int i = 0; i < 100; ++i) many += "batch=2&";
    const auto cut = decode(many);
    CHECK(cut.options.batch == 2);
    CHECK(cut.notices.front().find("only the first 64 were read") != std::string::npos);
}

TEST_CASE("a GPU override needs a known field and a number of at least 0", "[url]") {
    const std::string key(mm::gpu_numeric_keys().front());
    const auto st = decode("gpu." + key + "=-1&gpu.bogus=5&gpu." + key + "=nan");
    CHECK(st.options.gpu_overrides.empty());
    CHECK(st.notices.size() == 3);
}

TEST_CASE("the app's keys are kept once each: a repeated key keeps its last value, like every option", "[url]") {
    // fuzz_url_state found a link repeating theme= 60 times: the decoded state then encoded to more than
    // kMaxUrlStateParams parameters, so the page's own share link did not read back whole.
    const auto st = mm::decode_url_state("theme=dark&view=sweep&batch=2&theme=light&batch=3&theme=dark", catalog(),
                                         mm::AnalyzeOptions{}, mm::kPageViewKeys);
    CHECK(st.notices.empty());
    CHECK(st.options.batch == 3);
    using P = std::pair<std::string, std::string>;
    CHECK(st.app_params == std::vector<P>{P{"theme", "dark"}, P{"view", "sweep"}});

    const std::string long_value(mm::kMaxUrlValueChars + 1, 'm');
    const auto too_long = mm::decode_url_state("module=" + long_value, catalog(), mm::AnalyzeOptions{}, mm::kPageViewKeys);
    CHECK(too_long.app_params.empty());
    REQUIRE(too_long.notices.size() == 1);
    CHECK(too_long.notices[0] == "Ignored module=" + long_value.substr(0, 40) + "...: the value is longer than 256 characters.");
}

TEST_CASE("the longest link the codec writes from a link it read is within the limits and reads back", "[url]") {
    // Every option at its longest text, every GPU field overridden with a 23-character number, every page
    // key once with the longest value a link may carry, each byte of it percent-encoded (%FF).
    auto longest = [](const std::vector<std::string>& names) {
        return *std::max_element(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    };
    mm::AnalyzeOptions o;
    // The model and mode pair with the longest text (a mode belongs to its model).
    for (const mm::ModelEntry& m : catalog().models)
        for (const mm::ResolutionMode& mode : m.config->modes)
            if (m.config->name.size() + mode.name.size() > o.model.size() + o.mode.size()) {
                o.model = m.config->name;
                o.mode = mode.name;
            }
    o.gpu = longest(mm::gpu_names(catalog()));
    o.profile = longest(mm::profile_names(catalog()));
    o.image_width_px = o.image_height_px = mm::kMaxImageSidePx;
    o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
    o.crops_w = o.crops_h = 10;
    o.new_tokens = mm::kMaxNewTokens;
    o.batch = mm::kMaxBatch;
    o.convention = mm::Convention::executed;
    for (std::string_view key : mm::gpu_numeric_keys()) o.gpu_overrides.push_back({std::string(key), 1.2345678901234567e+300});
    std::vector<std::pair<std::string, std::string>> app;
    for (std::string_view key : mm::kPageViewKeys) app.emplace_back(std::string(key), std::string(mm::kMaxUrlValueChars, '\xff'));

    const std::string link = mm::encode_url_state(o, app);
    INFO(link.size() << " characters");
    CHECK(link.size() <= mm::kMaxUrlStateChars);
    const auto back = mm::decode_url_state(link, catalog(), mm::AnalyzeOptions{}, mm::kPageViewKeys);
    CHECK(back.notices.empty());
    CHECK(back.app_params == app);
    CHECK(mm::encode_url_state(back.options, back.app_params) == link);
}
