#pragma once
// A ZIP archive of files (the page's "report folder" download). The layout is written here once; the
// compression is the platform's (platform_deflate: zlib natively, the browser's CompressionStream on
// the web), handed in as each file's raw DEFLATE stream. Paths use '/' and are kept as given.
#include <cstdint>
#include <string>
#include <vector>

namespace mm::app {

struct ZipEntry {
    std::string path;  // "run/static_analysis/analytic_model/report.json"
    std::string data;  // the file's bytes
};

// deflated[i] is entry i's raw DEFLATE stream (RFC 1951); the entry is stored instead (method 0) where
// it is missing, empty or no smaller than the file. No deflated streams at all: a stored archive.
std::vector<std::uint8_t> zip_write(const std::vector<ZipEntry>& files, const std::vector<std::string>& deflated = {});

}  // namespace mm::app
