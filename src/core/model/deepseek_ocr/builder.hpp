#pragma once
// Builds the module tree of a DeepSeek-OCR-shaped model from its config: vendor instance names,
// classes, constructor parameters, parameter counts and the op of every module that does work.
#include <memory>

#include "core/model/model_config.hpp"
#include "core/model/module_tree.hpp"

namespace mm {

std::shared_ptr<const ModuleTree> build_deepseek_ocr_tree(const ModelConfig& model);

}  // namespace mm
