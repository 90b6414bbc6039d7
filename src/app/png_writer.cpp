#include "app/png_writer.hpp"

#include "app/crc32.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace mm::app {
namespace {

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void put_chunk(std::vector<std::uint8_t>& out, const char type[4], const std::vector<std::uint8_t>& data) {
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put_u32(out, crc32(out.data() + start, out.size() - start));
}

std::uint8_t paeth(int a, int b, int c) {
    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return static_cast<std::uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

}  // namespace

std::string png_scanlines(int width, int height, const std::vector<std::uint8_t>& rgba) {
    if (width <= 0 || height <= 0 || rgba.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * 4) return {};
    const size_t row = static_cast<size_t>(width) * 4;
    std::string out;
    out.reserve((row + 1) * static_cast<size_t>(height));
    const std::vector<std::uint8_t> zeros(row, 0);
    std::array<std::string, 5> candidates;
    for (auto& c : candidates) c.resize(row);
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* cur = rgba.data() + static_cast<size_t>(y) * row;
        const std::uint8_t* up = y > 0 ? cur - row : zeros.data();
        size_t best = 0;
        long best_cost = -1;
        for (size_t f = 0; f < candidates.size(); ++f) {
            long cost = 0;
            for (size_t i = 0; i < row; ++i) {
                const int a = i >= 4 ? cur[i - 4] : 0, b = up[i], c = i >= 4 ? up[i - 4] : 0;
                const int predicted = f == 0 ? 0 : f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 : paeth(a, b, c);
                const auto v = static_cast<std::uint8_t>(cur[i] - predicted);
                candidates[f][i] = static_cast<char>(v);
                cost += v < 128 ? v : 256 - v;
            }
            if (best_cost < 0 || cost < best_cost) best = f, best_cost = cost;
        }
        out.push_back(static_cast<char>(best));
        out += candidates[best];
    }
    return out;
}

std::vector<std::uint8_t> png_file(int width, int height, std::string_view scanlines, std::string_view deflated) {
    // zlib stream (RFC 1950): header, the DEFLATE data (or stored blocks of at most 65535 bytes), Adler-32.
    std::vector<std::uint8_t> z = {0x78, static_cast<std::uint8_t>(deflated.empty() ? 0x01 : 0x9C)};  // 32K window
    if (!deflated.empty()) {
        z.insert(z.end(), deflated.begin(), deflated.end());
    } else {
        for (size_t pos = 0;;) {
            const size_t len = std::min<size_t>(65535, scanlines.size() - pos);
            const bool last = pos + len == scanlines.size();
            z.push_back(last ? 1 : 0);
            z.push_back(static_cast<std::uint8_t>(len));
            z.push_back(static_cast<std::uint8_t>(len >> 8));
            z.push_back(static_cast<std::uint8_t>(~len));
            z.push_back(static_cast<std::uint8_t>(~len >> 8));
            z.insert(z.end(), scanlines.begin() + static_cast<long>(pos), scanlines.begin() + static_cast<long>(pos + len));
            pos += len;
            if (last) break;
        }
    }
    std::uint32_t a = 1, b = 0;
    for (char c : scanlines) {
        a = (a + static_cast<std::uint8_t>(c)) % 65521;
        b = (b + a) % 65521;
    }
    put_u32(z, (b << 16) | a);

    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> ihdr;
    put_u32(ihdr, static_cast<std::uint32_t>(width));
    put_u32(ihdr, static_cast<std::uint32_t>(height));
    ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0});  // 8-bit RGBA, deflate, adaptive filtering, no interlace
    put_chunk(png, "IHDR", ihdr);
    put_chunk(png, "IDAT", z);
    put_chunk(png, "IEND", {});
    return png;
}

}  // namespace mm::app
