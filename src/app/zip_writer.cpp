#include "app/zip_writer.hpp"

#include "app/crc32.hpp"

namespace mm::app {
namespace {

void u16(std::vector<std::uint8_t>& o, std::uint32_t v) {
    o.push_back(static_cast<std::uint8_t>(v));
    o.push_back(static_cast<std::uint8_t>(v >> 8));
}
void u32(std::vector<std::uint8_t>& o, std::uint32_t v) {
    u16(o, v & 0xFFFF);
    u16(o, v >> 16);
}

}  // namespace

// Layout (PKWARE APPNOTE 4.3): per file a local header + data; then the central directory (one entry
// per file) and the end-of-central-directory record. Times are fixed (1980-01-01) for reproducibility.
// Sizes and offsets are 32-bit (no ZIP64): the report is a few MB.
std::vector<std::uint8_t> zip_write(const std::vector<ZipEntry>& files, const std::vector<std::string>& deflated) {
    std::vector<std::uint8_t> out, central;
    constexpr std::uint32_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& [path, text] = files[i];
        const bool deflate = i < deflated.size() && !deflated[i].empty() && deflated[i].size() < text.size();
        const std::string& body = deflate ? deflated[i] : text;
        const std::uint32_t crc = crc32(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        const auto size = static_cast<std::uint32_t>(text.size());
        const auto packed = static_cast<std::uint32_t>(body.size());
        const std::uint32_t method = deflate ? 8 : 0;
        const std::uint32_t version = deflate ? 20 : 10;  // 2.0 for deflate, 1.0 for stored
        const auto offset = static_cast<std::uint32_t>(out.size());
        u32(out, 0x04034b50);
        u16(out, version);     // version needed
        u16(out, 0x0800);      // UTF-8 names
        u16(out, method);
        u16(out, 0);           // time
        u16(out, kDosDate);
        u32(out, crc);
        u32(out, packed);
        u32(out, size);
        u16(out, static_cast<std::uint32_t>(path.size()));
        u16(out, 0);
        out.insert(out.end(), path.begin(), path.end());
        out.insert(out.end(), body.begin(), body.end());

        u32(central, 0x02014b50);
        u16(central, 20);      // version made by
        u16(central, version);
        u16(central, 0x0800);
        u16(central, method);
        u16(central, 0);
        u16(central, kDosDate);
        u32(central, crc);
        u32(central, packed);
        u32(central, size);
        u16(central, static_cast<std::uint32_t>(path.size()));
        u16(central, 0);       // extra
        u16(central, 0);       // comment
        u16(central, 0);       // disk
        u16(central, 0);       // internal attributes
        u32(central, 0);       // external attributes
        u32(central, offset);
        central.insert(central.end(), path.begin(), path.end());
    }
    const auto central_offset = static_cast<std::uint32_t>(out.size());
    out.insert(out.end(), central.begin(), central.end());
    u32(out, 0x06054b50);
    u16(out, 0);
    u16(out, 0);
    u16(out, static_cast<std::uint32_t>(files.size()));
    u16(out, static_cast<std::uint32_t>(files.size()));
    u32(out, static_cast<std::uint32_t>(central.size()));
    u32(out, central_offset);
    u16(out, 0);
    return out;
}

}  // namespace mm::app
