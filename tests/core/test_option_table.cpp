// The option table (core/options): what a share link, a sweep or the page accepts is exactly what the
// engine accepts. Issue 14 found the seams: the link decoder took weights=fp32, which the engine then
// refused; the page's widgets had bounds of their own (new tokens to 1,048,576, image sides to 16,384,
// 16 tiles a side, batch to 4,096) against the engine's 1,000,000 / 100,000 / 100 tiles / 65,536.
#include <algorithm>
#include <catch2/catch.hpp>

#include <string>

#include "core/options/option_table.hpp"
#include "core/link/url_state.hpp"
#include "engine_test_support.hpp"

namespace {

mm::UrlState decode(std::string_view text) {
    return mm::decode_url_state(text, mmtest::catalog(), mm::AnalyzeOptions{});
}

bool engine_accepts(const mm::AnalyzeOptions& o) { return mm::analyze(mmtest::catalog(), o).ok(); }

}  // namespace

TEST_CASE("a link's fp32 precision is refused where the link is read, as the engine refuses it", "[options]") {
    for (const char* key : {"weights", "activations", "kv"}) {
        const auto st = decode(std::string(key) + "=fp32");
        INFO(key);
        REQUIRE(st.notices.size() == 1);
        CHECK(st.notices[0] == "Ignored " + std::string(key) + "=fp32: the precision is one of bf16, fp16, fp8, fp4.");
        CHECK(engine_accepts(st.options));  // the rest of the link still analyses
        mm::AnalyzeOptions o;
        o.weights_precision = mm::Precision::fp32;
        CHECK_FALSE(engine_accepts(o));
    }
}

TEST_CASE("every choice the table offers is one the engine analyses", "[options]") {
    const mm::AnalyzeOptions base;
    for (const mm::OptionSpec& spec : mm::option_table()) {
        if (spec.type != mm::OptionType::choice) continue;
        const auto choices = mm::option_choices(spec, mmtest::catalog(), base);
        INFO(spec.key);
        CHECK_FALSE(choices.empty());
        for (const std::string& c : choices) {
            INFO(c);
            mm::AnalyzeOptions o = base;
            REQUIRE(mm::apply_option(spec, o, c, mmtest::catalog()).empty());
            CHECK(spec.get(o) == c);
            // fp8/fp4 need tensor cores for them: the RTX 5090 (the default GPU) has both.
            CHECK(engine_accepts(o));
        }
        mm::AnalyzeOptions o = base;
        CHECK_FALSE(mm::apply_option(spec, o, "no-such-value", mmtest::catalog()).empty());
    }
}

// The page's and the desktop app's GPU selector list the option table's choices, which come from the embedded
// catalog: the presets issue 17 added are offered there without any UI change.
TEST_CASE("the GPU choices (the page's selector) include every preset, issue 17's new ones too", "[options][presets]") {
    const mm::AnalyzeOptions base;
    for (const mm::OptionSpec& spec : mm::option_table()) {
        if (spec.key != std::string_view("gpu")) continue;
        const auto choices = mm::option_choices(spec, mmtest::catalog(), base);
        CHECK(choices.size() == mm::gpu_names(mmtest::catalog()).size());
        for (const char* name : {"l4", "rtxpro6000", "mi300x"}) {
            INFO(name);
            CHECK(std::find(choices.begin(), choices.end(), name) != choices.end());
        }
    }
}

TEST_CASE("the table's bounds are the engine's: the largest value analyses, one more is refused by both", "[options]") {
    struct Case {
        const char* key;
        std::string max_text, over_text;
        void (*set_raw)(mm::AnalyzeOptions&, int64_t);  // the engine's view of the value, bypassing the table
        int64_t max;
    };
    // The engine's bounds, written out (core/workload.hpp): image sides 1..100,000 px, 2..100 tiles,
    // 1..1,000,000 new tokens, batch 1..65,536.
    const Case cases[] = {
        {"new_tokens", "1000000", "1000001", [](mm::AnalyzeOptions& o, int64_t v) { o.new_tokens = v; }, 1000000},
        {"batch", "65536", "65537", [](mm::AnalyzeOptions& o, int64_t v) { o.batch = v; }, 65536},
        {"image", "100000x100000", "100001x100",
         [](mm::AnalyzeOptions& o, int64_t v) { o.image_width_px = o.image_height_px = v; }, 100000},
        {"crops", "100x1", "101x1",
         [](mm::AnalyzeOptions& o, int64_t v) {
             o.crops = mm::AnalyzeOptions::Crops::explicit_grid;
             o.crops_w = v;
             o.crops_h = 1;
         },
         100},
    };
    for (const Case& c : cases) {
        INFO(c.key);
        const mm::OptionSpec* spec = mm::find_option(c.key);
        REQUIRE(spec);
        CHECK(spec->max == c.max);
        const auto ok = decode(std::string(c.key) + "=" + c.max_text);
        CHECK(ok.notices.empty());
        CHECK(engine_accepts(ok.options));
        const auto over = decode(std::string(c.key) + "=" + c.over_text);
        CHECK(over.notices.size() == 1);
        mm::AnalyzeOptions raw;
        c.set_raw(raw, c.max + 1);
        CHECK_FALSE(engine_accepts(raw));
    }
}

TEST_CASE("the link writes every option of the table, in the table's order", "[options]") {
    const std::string link = mm::encode_url_state(mm::AnalyzeOptions{});
    size_t at = 0;
    for (const mm::OptionSpec& spec : mm::option_table()) {
        const auto found = link.find(std::string(spec.key) + "=", at);
        INFO(spec.key);
        REQUIRE(found != std::string::npos);
        at = found;
    }
    CHECK(link == "model=deepseek-ocr&gpu=rtx5090&mode=gundam&image=1024x1024&crops=auto&new_tokens=512&batch=1&"
                  "weights=bf16&activations=bf16&kv=bf16&attention=flash&convention=executed&profile=realistic&"
                  "gpu_memory_percent=100");
}

// The option added as one row of the table (issue 14's check that an option is one row): vLLM's
// gpu_memory_utilization. The RTX 5090 preset holds 32 GiB (assets/gpus/rtx5090.json); at 90 % the
// runtime may fill 0.9 x 32 x 2^30 = 30,923,764,531.2 bytes, and the largest batch is what fits in that
// beside the weights: floor((usable - weights) / (KV + activations per page)).
TEST_CASE("gpu_memory_percent judges what fits against that share of the GPU's memory", "[options]") {
    const mm::UrlState st = decode("gpu_memory_percent=90&batch=1");
    REQUIRE(st.notices.empty());
    CHECK(st.options.gpu_memory_percent == 90);
    const auto a = mm::analyze(mmtest::catalog(), st.options);
    REQUIRE(a.ok());
    const mm::MemoryUse& m = a.value().memory;
    CHECK(m.capacity_bytes == Approx(0.9 * 32.0 * 1073741824.0).epsilon(1e-15));
    CHECK(m.max_batch == int64_t((30923764531.2 - m.weights_bytes) / (m.kv_bytes + m.peak_activation_bytes)));
    const auto full = mm::analyze(mmtest::catalog(), mm::AnalyzeOptions{});
    REQUIRE(full.ok());
    CHECK(full.value().memory.capacity_bytes == 32.0 * 1073741824.0);  // 100 %, the default: the whole GPU
    CHECK(full.value().memory.max_batch > m.max_batch);
    for (const char* bad : {"gpu_memory_percent=0", "gpu_memory_percent=101", "gpu_memory_percent=0.9"}) {
        INFO(bad);
        const auto refused = decode(bad);
        REQUIRE(refused.notices.size() == 1);
        CHECK(refused.notices[0] == "Ignored " + std::string(bad) + ": the usable GPU memory is a whole percentage from 1 to 100.");
        CHECK(refused.options.gpu_memory_percent == 100);
    }
}
