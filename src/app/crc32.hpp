#pragma once
#include <cstddef>
#include <cstdint>

namespace mm::app {
// CRC-32 (ISO-HDLC, polynomial 0xEDB88320), as PNG chunks and ZIP entries use it.
std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0);
}  // namespace mm::app
