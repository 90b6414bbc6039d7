#pragma once
// Everything the presets describe, parsed once: models (with their module trees), GPUs, workload
// presets and time profiles. Each list is sorted by name, so the result does not depend on the
// order the files were handed over.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/precision.hpp"
#include "core/base/result.hpp"
#include "core/base/text_file.hpp"
#include "core/presets/gpu.hpp"
#include "core/model/model_config.hpp"
#include "core/model/module_tree.hpp"
#include "core/presets/time_profile.hpp"

namespace mm {

struct ModelEntry {
    std::shared_ptr<const ModelConfig> config;  // shared with every analysis of the model
    std::shared_ptr<const ModuleTree> tree;
};

// A named workload (assets/workloads/*.json), e.g. the seed's dsocr-standard-v1.
struct WorkloadPreset {
    std::string name;
    std::string description;
    std::string source;
    std::string model;
    std::string mode;
    int64_t image_width_px = 1024;
    int64_t image_height_px = 1024;
    bool crop_mode = true;
    int64_t new_tokens = 512;
    int64_t batch = 1;
    int64_t num_pages = 1;
    std::string doc_kind;  // text_heavy | mixed_layout | image_rich | synthetic
    Precision weights_precision = Precision::bf16;
    Precision activations_precision = Precision::bf16;
    Precision kv_precision = Precision::bf16;
};

struct Catalog {
    std::vector<ModelEntry> models;
    // Shared, not copied: every analysis holds the preset it ran with (Analysis::gpu()).
    std::vector<std::shared_ptr<const GpuSpec>> gpus;
    std::vector<WorkloadPreset> workloads;
    std::vector<std::shared_ptr<const TimeProfile>> profiles;

    const ModelEntry* find_model(std::string_view name) const;
    std::shared_ptr<const GpuSpec> find_gpu(std::string_view name) const;  // null when unknown
    const WorkloadPreset* find_workload(std::string_view name) const;
    std::shared_ptr<const TimeProfile> find_profile(std::string_view name) const;
};

// Parses every preset: paths "models/*.json", "gpus/*.json", "workloads/*.json",
// "profiles/*.json" (relative to assets/; other paths are ignored). Typically embedded_assets().
Result<Catalog> load_catalog(std::span<const TextFile> files);

std::vector<std::string> model_names(const Catalog& catalog);
std::vector<std::string> gpu_names(const Catalog& catalog);
std::vector<std::string> workload_names(const Catalog& catalog);
std::vector<std::string> profile_names(const Catalog& catalog);

}  // namespace mm
