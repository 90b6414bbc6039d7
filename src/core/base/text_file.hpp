#pragma once
// A named text handed to the core: an embedded asset, a dropped file, a file the CLI read.
// The core never opens files itself; whoever owns I/O builds these.
#include <string_view>

namespace mm {

struct TextFile {
    std::string_view path;  // e.g. "gpus/rtx5090.json" for an asset, or the user's file name
    std::string_view text;
};

}  // namespace mm
