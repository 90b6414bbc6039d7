#pragma once
// Text from files, flags and links ends up inside messages shown on a terminal and in the page, so
// it is made printable first: valid UTF-8 passes unchanged, control characters (C0, DEL, C1) become
// "<U+001B>" and bytes that are not UTF-8 become "<0xFF>". A file name holding ESC can then not
// recolour a terminal, and a message never breaks a JSON document or a single-line display.
#include <string>
#include <string_view>

namespace mm {

std::string printable_text(std::string_view text);

// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and
// code points past U+10FFFF included), or std::string_view::npos when all of `text` is UTF-8.
std::size_t invalid_utf8_offset(std::string_view text);

}  // namespace mm
