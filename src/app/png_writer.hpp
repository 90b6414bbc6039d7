#pragma once
// PNG files of the app's pictures (the view export, the desktop smoke tests' screenshots). The file's
// layout is written here once; the compression is the platform's (platform_deflate: zlib natively, the
// browser's CompressionStream on the web), handed in as the scanlines' raw DEFLATE stream.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mm::app {

// The PNG scanlines of 8-bit RGBA pixels (rows top to bottom): each row its filter byte and the
// filtered row, the filter (None, Sub, Up, Average, Paeth) chosen per row by the least sum of absolute
// differences, the usual heuristic. Empty if the pixels do not hold width x height x 4 bytes.
std::string png_scanlines(int width, int height, const std::vector<std::uint8_t>& rgba);

// The PNG file: IHDR (8-bit RGBA, no interlace), one IDAT holding a zlib stream around `deflated` (the
// scanlines' raw DEFLATE stream; stored blocks, uncompressed, where it is empty), IEND.
std::vector<std::uint8_t> png_file(int width, int height, std::string_view scanlines, std::string_view deflated);

}  // namespace mm::app
