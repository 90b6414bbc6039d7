#pragma once
// Files compiled into the programs by cmake/EmbedAssets.cmake, sorted by path, paths relative to their
// folder: the presets under assets/ (models, GPUs, workloads, time profiles) and the GLSL under shaders/.
#include <span>

#include "core/base/text_file.hpp"

namespace mm {

std::span<const TextFile> embedded_assets();   // assets/**/*.json, e.g. "gpus/rtx5090.json"
std::span<const TextFile> embedded_shaders();  // shaders/*.glsl, bodies without a #version line
std::span<const TextFile> embedded_samples();  // assets/samples/*.txt: TorchInfo samples the app can load

}  // namespace mm
