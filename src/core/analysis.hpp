#pragma once
// The result of one analysis: plain data the CLI, the report writers and the UI read directly.
// Base units throughout: FLOPs, bytes, seconds.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/gpu.hpp"
#include "core/layers/layer_cost.hpp"
#include "core/module_tree.hpp"
#include "core/time_profile.hpp"
#include "core/workload.hpp"

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
    std::string weights_precision = "bf16";
    std::string activations_precision = "bf16";
    std::string kv_precision = "bf16";
    std::string attention = "flash";         // flash | eager (decoder attention implementation)
    // Default "executed": the FLOPs real kernels run, split tensor/CUDA core, which is what a
    // performance engineer plans with. "torch" reproduces FlopCounterMode (the published check
    // value). The convention changes only the FLOPs reported; time always comes from the work the
    // kernels execute, since that is what the hardware spends time on.
    std::string convention = "executed";
    // Default "realistic": fused kernels at measured-like efficiencies, the time a tuned runtime
    // reaches. "ideal" is the lower bound; "eager" mimics HF eager generate.
    std::string profile = "realistic";
};

enum class Bound { compute, memory, overhead, none };
std::string_view bound_name(Bound b);

// Time of one op, or the sum over a module's ops.
struct TimeSplit {
    double time_s = 0;
    double compute_bound_s = 0;   // time of ops whose roofline is set by FLOPs
    double memory_bound_s = 0;    // ... by DRAM bytes
    double overhead_bound_s = 0;  // ... by kernel launches (host side) or per-kernel gaps
    Bound bound() const;          // the largest of the three; none when all are 0
    TimeSplit& operator+=(const TimeSplit& o) {
        time_s += o.time_s;
        compute_bound_s += o.compute_bound_s;
        memory_bound_s += o.memory_bound_s;
        overhead_bound_s += o.overhead_bound_s;
        return *this;
    }
};

struct ModuleRow {
    // Views into the analysis' module tree (kept alive by Analysis::tree).
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
    LayerCost cost;          // every count: both conventions, bytes split, resident memory, kernels
    double bytes = 0;        // DRAM bytes read + written
    double intensity = 0;    // executed FLOPs per DRAM byte
    TimeSplit time;
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
    int64_t max_batch = 0;               // largest batch whose total fits (0: not even 1)
};

struct ParamCounts {
    int64_t total = 0;
    int64_t lm_head = 0;
    int64_t vision = 0;
    int64_t decoder = 0;
};

struct Analysis {
    AnalyzeOptions options;
    std::string model_name;
    std::string model_display_name;
    std::string model_id;
    Workload workload;
    GpuSpec gpu;
    TimeProfile profile;
    std::shared_ptr<const ModuleTree> tree;
    std::vector<ModuleRow> modules;  // tree order: modules[i] describes tree->nodes[i]
    StageTotals vision, prefill, decode, total;
    Latency latency;
    MemoryUse memory;
    ParamCounts params;

    const StageTotals& stage(Stage s) const {
        return s == Stage::vision ? vision : s == Stage::prefill ? prefill : decode;
    }
};

}  // namespace mm
