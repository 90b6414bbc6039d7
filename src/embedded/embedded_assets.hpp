#pragma once
// The files under assets/ (presets of models, GPUs, workloads, time profiles), compiled into the
// program by cmake/EmbedAssets.cmake. Sorted by path; paths are relative to assets/.
#include <span>

#include "core/text_file.hpp"

namespace mm {

std::span<const TextFile> embedded_assets();

}  // namespace mm
