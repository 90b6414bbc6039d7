// The exports' containers: the ZIP and PNG layouts the app writes around the platform's DEFLATE
// streams (zlib natively, the browser's CompressionStream on the web). Read back here by hand, field by
// field, as an unzip or a PNG decoder reads them; the browser and desktop tests inflate real exports.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "app/crc32.hpp"
#include "app/png_writer.hpp"
#include "app/zip_writer.hpp"

namespace {

std::uint32_t le16(const std::vector<std::uint8_t>& b, size_t at) { return b.at(at) | (b.at(at + 1) << 8); }
std::uint32_t le32(const std::vector<std::uint8_t>& b, size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }
std::uint32_t be32(const std::vector<std::uint8_t>& b, size_t at) {
    return (std::uint32_t{b.at(at)} << 24) | (b.at(at + 1) << 16) | (b.at(at + 2) << 8) | b.at(at + 3);
}
std::uint32_t crc_of(const std::string& s) { return mm::app::crc32(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

// zlib.compressobj(9, zlib.DEFLATED, -15) of 100 x 'a': a raw DEFLATE stream of 6 bytes.
const std::string kDeflated100a("\x4b\x4c\xa4\x3d\x00\x00", 6);

}  // namespace

TEST_CASE("zip entries are deflated where the stream is smaller, stored elsewhere, with the raw file's CRC",
          "[export][zip]") {
    const std::vector<mm::app::ZipEntry> files = {
        {"run/a.txt", std::string(100, 'a')}, {"run/hello.txt", "hello"}, {"run/empty.txt", ""}};
    // The second "stream" is larger than its file: the entry is stored. The third has none.
    const auto zip = mm::app::zip_write(files, {kDeflated100a, std::string(9, 'x')});
    REQUIRE(crc_of("hello") == 0x3610a686u);  // the check value of CRC-32/ISO-HDLC for "hello"

    size_t at = 0;
    std::vector<size_t> offsets;
    for (const auto& f : files) {
        offsets.push_back(at);
        REQUIRE(le32(zip, at) == 0x04034b50u);
        const bool deflated = &f == &files[0];
        CHECK(le16(zip, at + 8) == (deflated ? 8u : 0u));
        CHECK(le16(zip, at + 4) == (deflated ? 20u : 10u));
        CHECK(le32(zip, at + 14) == crc_of(f.data));
        CHECK(le32(zip, at + 18) == (deflated ? kDeflated100a.size() : f.data.size()));
        CHECK(le32(zip, at + 22) == f.data.size());
        const auto name_len = le16(zip, at + 26);
        CHECK(std::string(zip.begin() + static_cast<long>(at + 30), zip.begin() + static_cast<long>(at + 30 + name_len)) == f.path);
        const size_t body = at + 30 + name_len + le16(zip, at + 28);
        const std::string stored(zip.begin() + static_cast<long>(body), zip.begin() + static_cast<long>(body + le32(zip, at + 18)));
        CHECK(stored == (deflated ? kDeflated100a : f.data));
        at = body + le32(zip, at + 18);
    }
    // The central directory repeats each entry and points at its local header; the end record counts them.
    const size_t end = zip.size() - 22;
    REQUIRE(le32(zip, end) == 0x06054b50u);
    CHECK(le16(zip, end + 10) == files.size());
    CHECK(le32(zip, end + 16) == at);
    CHECK(le32(zip, end + 12) == end - at);
    size_t c = at;
    for (size_t i = 0; i < files.size(); ++i) {
        REQUIRE(le32(zip, c) == 0x02014b50u);
        CHECK(le16(zip, c + 10) == (i == 0 ? 8u : 0u));
        CHECK(le32(zip, c + 16) == crc_of(files[i].data));
        CHECK(le32(zip, c + 24) == files[i].data.size());
        CHECK(le32(zip, c + 42) == offsets[i]);
        c += 46 + le16(zip, c + 28);
    }
    CHECK(c == end);

    // No streams at all: every entry stored, the same files.
    const auto stored = mm::app::zip_write(files);
    CHECK(le16(stored, 8) == 0u);
    CHECK(le32(stored, 18) == 100u);
}

TEST_CASE("PNG scanlines unfilter back to the pixels, and the stored file is well formed", "[export][png]") {
    const int w = 37, h = 11;
    std::vector<std::uint8_t> rgba(static_cast<size_t>(w) * h * 4);
    std::uint32_t seed = 12345;
    for (size_t i = 0; i < rgba.size(); ++i) {  // gradients, flat areas and noise: every filter wins somewhere
        seed = seed * 1103515245u + 12345u;
        const size_t x = (i / 4) % w, y = i / 4 / w;
        rgba[i] = static_cast<std::uint8_t>(y < 3 ? 200 : y < 6 ? x * 7 + y : y < 8 ? (x + y) * 5 : seed >> 24);
    }
    const std::string lines = mm::app::png_scanlines(w, h, rgba);
    const size_t row = static_cast<size_t>(w) * 4;
    REQUIRE(lines.size() == (row + 1) * h);

    // Unfilter as a decoder does (PNG spec, section 9).
    std::vector<std::uint8_t> out(rgba.size());
    for (int y = 0; y < h; ++y) {
        const auto filter = static_cast<std::uint8_t>(lines[static_cast<size_t>(y) * (row + 1)]);
        REQUIRE(filter <= 4);
        for (size_t i = 0; i < row; ++i) {
            const int v = static_cast<std::uint8_t>(lines[static_cast<size_t>(y) * (row + 1) + 1 + i]);
            const int a = i >= 4 ? out[y * row + i - 4] : 0, b = y > 0 ? out[(y - 1) * row + i] : 0,
                      c = (i >= 4 && y > 0) ? out[(y - 1) * row + i - 4] : 0;
            const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
            const int paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            const int pred = filter == 0 ? 0 : filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : paeth;
            out[y * row + i] = static_cast<std::uint8_t>(v + pred);
        }
    }
    CHECK(out == rgba);
    CHECK(mm::app::png_scanlines(w, h, std::vector<std::uint8_t>(5)).empty());  // wrong size: nothing
    CHECK(mm::app::png_scanlines(0, h, {}).empty());

    // No DEFLATE stream: stored blocks inside the zlib stream, which must hold the scanlines exactly.
    const auto png = mm::app::png_file(w, h, lines, {});
    REQUIRE(std::string(png.begin(), png.begin() + 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    REQUIRE(be32(png, 8) == 13u);
    CHECK(std::string(png.begin() + 12, png.begin() + 16) == "IHDR");
    CHECK(be32(png, 16) == static_cast<std::uint32_t>(w));
    CHECK(be32(png, 20) == static_cast<std::uint32_t>(h));
    CHECK(png[24] == 8);  // bit depth
    CHECK(png[25] == 6);  // RGBA
    CHECK(be32(png, 29) == mm::app::crc32(png.data() + 12, 17));
    const size_t idat = 33;
    const auto idat_len = be32(png, idat);
    REQUIRE(std::string(png.begin() + idat + 4, png.begin() + idat + 8) == "IDAT");
    CHECK(be32(png, idat + 8 + idat_len) == mm::app::crc32(png.data() + idat + 4, idat_len + 4));
    const size_t z = idat + 8;
    CHECK(((png[z] << 8) | png[z + 1]) % 31 == 0);  // zlib header check bits
    std::string inflated;
    size_t at = z + 2;
    for (bool last = false; !last;) {
        last = png[at] & 1;
        REQUIRE((png[at] >> 1) == 0);  // stored
        const size_t len = png[at + 1] | (png[at + 2] << 8);
        CHECK((len ^ (png[at + 3] | (png[at + 4] << 8))) == 0xFFFF);
        inflated.append(png.begin() + static_cast<long>(at + 5), png.begin() + static_cast<long>(at + 5 + len));
        at += 5 + len;
    }
    CHECK(inflated == lines);
    std::uint32_t a = 1, b = 0;
    for (char ch : lines) a = (a + static_cast<std::uint8_t>(ch)) % 65521, b = (b + a) % 65521;
    CHECK(be32(png, at) == ((b << 16) | a));
    CHECK(at + 4 == z + idat_len);
    CHECK(std::string(png.end() - 8, png.end() - 4) == "IEND");

    // With a stream: it is the IDAT's body between the zlib header and the scanlines' Adler-32.
    const auto packed = mm::app::png_file(w, h, lines, "STREAM");
    CHECK(be32(packed, idat) == 2 + 6 + 4);
    CHECK(std::string(packed.begin() + z + 2, packed.begin() + z + 8) == "STREAM");
    CHECK(be32(packed, z + 8) == ((b << 16) | a));
}
