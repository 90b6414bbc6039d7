// Overflow-checked counts: sums over many rows of bounded counts saturate instead of wrapping, and a
// file whose rows add up past int64 still parses into sane (clamped) numbers with no undefined
// behaviour (the asan preset runs this under UBSan).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "core/base/checked_int.hpp"
#include "core/ingest/torchinfo.hpp"
#include "core/base/printable.hpp"

namespace {
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
}  // namespace

TEST_CASE("saturating adds and subtracts stop at the ends of int64", "[limits]") {
    CHECK(mm::add_saturating(2, 3) == 5);
    CHECK(mm::add_saturating(kMax, 1) == kMax);
    CHECK(mm::add_saturating(kMin, -1) == kMin);
    CHECK(mm::add_saturating(kMax, kMin) == -1);
    CHECK(mm::sub_saturating(5, 7) == -2);
    CHECK(mm::sub_saturating(kMin, 1) == kMin);
    CHECK(mm::sub_saturating(kMax, -1) == kMax);
    CHECK(mm::sub_saturating(0, kMin) == kMax);
}

TEST_CASE("a layers file whose children's parameters add up past int64 parses without overflow", "[limits][ingest]") {
    // One root holding 2^53 parameters and 2,048 children holding 2^53 each: the leftover
    // (root - children) is 2^53 - 2^64 in exact arithmetic, far below int64's range.
    const int64_t big = int64_t{1} << 53;
    std::string rows = "{\"depth\": 0, \"class_name\": \"Net\", \"var_name\": \"Net\", \"instance_name\": \"\", \"num_params\": " + std::to_string(big) + "}";
    const int children = 2048;
    for (int i = 0; i < children; ++i)
        rows += ",{\"depth\": 1, \"depth_index\": " + std::to_string(i + 1) + ", \"class_name\": \"Linear\", \"var_name\": \"l" + std::to_string(i) + "\", \"instance_name\": \"l" +
                std::to_string(i) + "\", \"num_params\": " + std::to_string(big) + "}";
    const std::string text = "{\"total_params\": 1, \"layers_flat\": [" + rows + "]}";
    const mm::TextFile f{"big.json", text};
    const auto run = mm::parse_torchinfo(std::span<const mm::TextFile>(&f, 1));
    INFO((run.ok() ? std::string() : run.error().message));
    REQUIRE(run.ok());
    REQUIRE(run.value().rows.size() == std::size_t(children) + 1);
    CHECK(run.value().rows[0].params == 0);  // the negative leftover is clamped to none
    CHECK(run.value().rows[1].params == big);
}

TEST_CASE("text quoted in messages is made printable: controls and non-UTF-8 bytes are spelled out", "[limits][text]") {
    CHECK(mm::printable_text("plain ASCII, é and 漢字 and 🙂") == "plain ASCII, é and 漢字 and 🙂");
    CHECK(mm::printable_text("na\x1b[31mme") == "na<U+001B>[31mme");
    CHECK(mm::printable_text("a\nb\tc\x7f") == "a<U+000A>b<U+0009>c<U+007F>");
    CHECK(mm::printable_text("\xc2\x9b") == "<U+009B>");                 // C1 CSI, validly encoded
    CHECK(mm::printable_text("\xff\xfe") == "<0xFF><0xFE>");              // not UTF-8 at all
    CHECK(mm::printable_text("\xc0\xaf") == "<0xC0><0xAF>");              // overlong '/'
    CHECK(mm::printable_text("\xed\xa0\x80") == "<0xED><0xA0><0x80>");   // a UTF-16 surrogate
    CHECK(mm::printable_text("\xe2\x82") == "<0xE2><0x82>");              // cut short
    CHECK(mm::printable_text(std::string("a\0b", 3)) == "a<U+0000>b");
}

TEST_CASE("a file name with a terminal escape and a bad byte reaches the message printable", "[limits][text]") {
    const mm::TextFile f{"na\x1b[31mme\xff.txt", "hello"};
    const auto run = mm::parse_torchinfo(std::span<const mm::TextFile>(&f, 1));
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().message.rfind("na<U+001B>[31mme<0xFF>.txt is not a TorchInfo artifact", 0) == 0);
    const mm::TextFile j{"bad.json", "{\"layers\": [\"\xff\"]}"};
    const auto bad = mm::parse_torchinfo(std::span<const mm::TextFile>(&j, 1));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("<0xFF>") != std::string::npos);
    CHECK(mm::printable_text(bad.error().message) == bad.error().message);
}
