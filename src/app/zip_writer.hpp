#pragma once
// A ZIP archive of text files, stored without compression (method 0), so no zlib is needed: the page's
// "report folder" download. Paths use '/' and are kept as given.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mm::app {
std::vector<std::uint8_t> zip_store(const std::vector<std::pair<std::string, std::string>>& files);
}  // namespace mm::app
