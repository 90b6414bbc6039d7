#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mm::app {
// Encodes 8-bit RGBA pixels (rows top to bottom) as a PNG: zlib "stored" blocks, no compression, so no
// zlib dependency. Used for the desktop screenshot that the smoke test keeps.
std::vector<std::uint8_t> encode_png_rgba(int width, int height, const std::vector<std::uint8_t>& rgba);
}  // namespace mm::app
