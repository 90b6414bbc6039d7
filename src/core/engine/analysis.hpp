#pragma once
// The result of one analysis: the options, the resolved workload, the GPU and the rates the time
// model ran at, and one NodeResult per distinct subtree of the model's tree. Stage totals, latency,
// parameter counts and module rows are derived from those on demand. Base units: FLOPs, bytes, seconds.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/presets/gpu.hpp"
#include "core/ops/layer_cost.hpp"
#include "core/model/module_tree.hpp"
#include "core/engine/time_model.hpp"
#include "core/presets/time_profile.hpp"
#include "core/engine/workload.hpp"

namespace mm {

// Every flag of `modelmeter analyze` as plain data. A default-constructed value is the standard
// workload dsocr-standard-v1 on an RTX 5090 (a test checks it against the preset file).
struct AnalyzeOptions {
    enum class Crops { from_image, explicit_grid, off };

    std::string workload = "dsocr-standard-v1";  // label of the preset these options started from
    std::string model = "deepseek-ocr";
    std::string gpu = "rtx5090";
    std::vector<GpuOverride> gpu_overrides;  // applied in order on top of the preset
    std::string mode = "gundam";             // tiny | small | base | large | gundam | gundam-m
    int64_t image_width_px = 1024;
    int64_t image_height_px = 1024;
    Crops crops = Crops::from_image;         // crop grid from the image by the vendor rule
    int64_t crops_w = 0;                     // used when crops == explicit_grid
    int64_t crops_h = 0;
    int64_t new_tokens = 512;
    int64_t batch = 1;
    Precision weights_precision = Precision::bf16;  // storage precisions: bf16, fp16, fp8 or fp4
    Precision activations_precision = Precision::bf16;
    Precision kv_precision = Precision::bf16;
    AttentionImpl attention = AttentionImpl::flash;  // decoder attention implementation
    // Default "executed": the FLOPs real kernels run, split tensor/CUDA core, which is what a
    // performance engineer plans with. "torch" reproduces FlopCounterMode (the published check
    // value). The convention changes only the FLOPs reported; time always comes from the work the
    // kernels execute, since that is what the hardware spends time on.
    Convention convention = Convention::executed;
    // Default "realistic": fused kernels at measured-like efficiencies, the time a tuned runtime
    // reaches. "ideal" is the lower bound; "eager" mimics HF eager generate.
    std::string profile = "realistic";
    // The share of the GPU's memory the runtime may fill (vLLM's gpu_memory_utilization, 0.9 there by
    // default): what fits and the largest batch are judged against it.
    int64_t gpu_memory_percent = 100;
};

// FLOPs of some work under a counting convention: torch counts all of it as tensor-core work (what
// FlopCounterMode sees), executed splits it by the unit that runs it.
struct ConventionFlops {
    double tensor = 0;
    double cuda = 0;
    double total() const { return tensor + cuda; }
};
inline ConventionFlops flops_under(const LayerCost& c, Convention convention) {
    return convention == Convention::torch ? ConventionFlops{c.flops_torch, 0.0} : ConventionFlops{c.flops_tensor, c.flops_cuda};
}

// What analyze() stores for one module: the work of its own op over the whole request and the
// work of its subtree (own + children), each as counts and as time, and its forward calls. Stored
// once per distinct subtree (ModuleNode::result): identical decoder layers, SAM and CLIP blocks
// share one. Everything else a reader shows (FLOPs under a convention, bytes, intensity, bound,
// share of time, names) is derived: Analysis::module(i).
struct NodeResult {
    LayerCost own;         // the module's own op; zero when it has none
    LayerCost cost;        // the subtree: own + every child's cost
    TimeSplit own_time;
    TimeSplit time;        // the subtree's
    double calls = 0;      // forward calls of this instance in the whole request
};

// One module as readers see it: the tree's description and the result, with the derived figures
// worked out. A value made on demand by Analysis::module(i); nothing stores it.
struct ModuleRow {
    std::string_view id;
    std::string_view name;
    std::string_view class_name;
    Stage stage = Stage::vision;
    Component component = Component::root;
    int parent = -1;
    int depth = 0;
    bool is_function = false;
    double calls = 0;        // forward calls of this instance in the whole request
    int64_t params = 0;      // parameters of the subtree
    // FLOPs under the chosen convention (torch: all in flops_tensor, flops_cuda = 0).
    double flops = 0;
    double flops_tensor = 0;
    double flops_cuda = 0;
    LayerCost cost;          // the subtree: both conventions, bytes split, resident memory, kernels
    LayerCost own;           // the module's own op
    double bytes = 0;        // DRAM bytes read + written
    double intensity = 0;    // executed FLOPs per DRAM byte
    TimeSplit time;
    TimeSplit own_time;
    double time_s = 0;       // = time.time_s
    Bound bound = Bound::none;
    double share_of_time = 0;  // of the whole request's time
};

struct StageTotals {
    double flops = 0;          // chosen convention
    double flops_tensor = 0;
    double flops_cuda = 0;
    double flops_torch = 0;
    double flops_executed = 0;
    double bytes = 0;
    double bytes_weights = 0;
    double bytes_activations = 0;
    double bytes_kv = 0;
    double kernels = 0;        // as counted by the profile (fused or eager)
    double intensity = 0;      // executed FLOPs per byte
    TimeSplit time;
    double time_s = 0;
    Bound bound = Bound::none;
};

struct Latency {
    double vision_s = 0;
    double prefill_s = 0;
    double decode_s = 0;       // all N-1 decode passes
    double ttft_s = 0;         // vision + prefill: the first token
    double tpot_s = 0;         // mean decode pass (one token per sequence); 0 when N = 1
    double page_s = 0;         // end-to-end request time (the batch's pages finish together)
    double pages_per_s = 0;    // batch / page_s
    double tokens_per_s = 0;   // generated tokens of the whole batch per second
};

struct MemoryUse {
    double weights_bytes = 0;            // every parameter, all experts, lm_head
    double kv_bytes = 0;                 // cache after the last decode step, whole batch
    double kv_bytes_per_token = 0;       // per token per sequence
    double peak_activation_bytes = 0;    // largest live activation set of any op
    double total_bytes = 0;
    double capacity_bytes = 0;
    bool fits = false;
    int64_t max_batch = 0;               // largest batch whose total fits (0: not even 1), at most kMaxBatch
};

struct ParamCounts {
    int64_t total = 0;
    int64_t lm_head = 0;
    int64_t vision = 0;
    int64_t decoder = 0;
};

struct Analysis;

// The modules in tree order, each made on demand (Analysis::module); indexable and iterable.
class ModuleRows {
public:
    explicit ModuleRows(const Analysis& a) : a_(&a) {}
    std::size_t size() const;
    bool empty() const { return size() == 0; }
    ModuleRow operator[](std::size_t i) const;

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = ModuleRow;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = ModuleRow;
        iterator(const Analysis* a, std::size_t i) : a_(a), i_(i) {}
        ModuleRow operator*() const;
        iterator& operator++() {
            ++i_;
            return *this;
        }
        iterator operator++(int) {
            iterator old = *this;
            ++i_;
            return old;
        }
        bool operator==(const iterator& o) const { return i_ == o.i_; }
        bool operator!=(const iterator& o) const { return i_ != o.i_; }
        difference_type operator-(const iterator& o) const { return difference_type(i_) - difference_type(o.i_); }
        std::size_t index() const { return i_; }

    private:
        const Analysis* a_;
        std::size_t i_;
    };
    iterator begin() const { return iterator(a_, 0); }
    iterator end() const { return iterator(a_, size()); }

private:
    const Analysis* a_;
};

// The stages a tree has, in execution order: vision, prefill, decode for DeepSeek-OCR; forward for a
// plain network.
struct StageList {
    Stage items[std::size(kStages)];
    int count = 0;
    const Stage* begin() const { return items; }
    const Stage* end() const { return items + count; }
};

struct Analysis {
    AnalyzeOptions options;
    std::string model_name;
    std::string model_display_name;
    std::string model_id;
    Workload workload;
    std::shared_ptr<const GpuSpec> gpu_spec;          // the preset, or a copy with the options' overrides
    std::shared_ptr<const TimeProfile> time_profile;  // the catalog's preset
    Rates rates;  // what the time model ran at (the GPU's peaks times the profile's efficiencies)
    std::shared_ptr<const ModelConfig> model;  // the model's config (crop rule, dimensions) the tree was built from
    std::shared_ptr<const ModuleTree> tree;
    std::vector<NodeResult> results;  // one per distinct subtree; ModuleNode::result indexes it
    MemoryUse memory;

    const GpuSpec& gpu() const { return *gpu_spec; }
    const TimeProfile& profile() const { return *time_profile; }
    const ModuleNode& node(int i) const { return tree->nodes[std::size_t(i)]; }
    const NodeResult& result(int i) const { return results[std::size_t(node(i).result)]; }
    ModuleRow module(int i) const;
    ModuleRows modules() const { return ModuleRows(*this); }
    int stage_root(Stage s) const;  // the stage's node: its subtree is the stage
    StageTotals stage(Stage s) const;
    StageTotals vision() const { return stage(Stage::vision); }
    StageTotals prefill() const { return stage(Stage::prefill); }
    StageTotals decode() const { return stage(Stage::decode); }
    StageList stages() const;    // the stages the tree has (its roots), in order
    StageTotals total() const;   // the sum of the stages
    double total_time_s() const;  // = total().time_s
    Latency latency() const;
    ParamCounts params() const;
};

inline std::size_t ModuleRows::size() const { return a_->tree ? a_->tree->nodes.size() : 0; }
inline ModuleRow ModuleRows::operator[](std::size_t i) const { return a_->module(int(i)); }
inline ModuleRow ModuleRows::iterator::operator*() const { return a_->module(int(i_)); }

}  // namespace mm
