#pragma once
// What TorchInfo recorded about a model run, read from any of its five artifact kinds
// (docs/formats.md), and what ModelMeter makes of it: the class -> layer-kind mapping with a
// coverage figure, the workload the run used, a per-layer analysis of any model's printed summary,
// the summary's footer check and, for DeepSeek-OCR, TorchInfo's numbers beside the engine's.
// Pure: text in, values out. Errors are values naming the file, the line or JSON path.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ingest/detect.hpp"
#include "core/base/result.hpp"
#include "core/base/text_file.hpp"

namespace mm {

struct Analysis;
struct AnalyzeOptions;
class JsonWriter;

// Bounds on what a TorchInfo artifact may hold; beyond them the file is rejected with a sentence.
// Rows: a full-depth DeepSeek-OCR export has a few thousand; reading costs ~65 us a row natively, so
// 100,000 rows (~6 s, more in the page) is the most worth waiting for.
inline constexpr std::size_t kMaxTorchInfoRows = 100'000;     // table rows / layers_flat entries / classes
inline constexpr std::size_t kMaxShapeRank = 16;              // dimensions of one shape
inline constexpr int64_t kMaxShapeElements = 1'000'000'000'000;  // elements of one tensor (10^12)
inline constexpr int64_t kMaxCount = int64_t(1) << 53;        // params, mult-adds, counts (exact in a double)

using Shape = std::vector<int64_t>;

// Common header of the JSON kinds; every field is optional because the printed summary has none.
struct TorchInfoHeader {
    std::string generated_at;
    std::string model_path;
    std::string device;
    std::optional<int64_t> base_size;
    std::optional<int64_t> image_size;
    std::optional<int64_t> seq_len;     // recorded by the exporter, not used to build the inputs
    std::optional<bool> crop_mode;
    std::optional<int64_t> depth;
    std::optional<int64_t> total_params;
    std::optional<int64_t> total_macs;
};

// One call of one module, in the order TorchInfo printed or exported it (pre-order).
struct TorchInfoRow {
    std::string file;              // the artifact it came from
    int64_t line = 0;              // 1-based line (summary) or index into layers_flat (layers.json)
    std::string instance_name;     // dotted var_name path relative to the root ("" for the root)
    bool named = true;             // false when the summary has no var_names (instance_name is then a label)
    std::string class_name;        // short, e.g. "Conv2d"
    std::string class_name_qualified;  // e.g. "torch.nn.modules.conv.Conv2d", when a file of the run says
    std::string var_name;
    int depth = 0;
    std::string depth_index;       // as printed, e.g. "3-38"; empty when not printed
    std::vector<Shape> input_shapes;   // empty: "--" (no tensor input recorded)
    std::vector<Shape> output_shapes;
    // Summary: the "Param #" cell. TorchInfo prints a row's subtree total when its children are not
    // shown (the max depth or a real leaf) and only its own leftover parameters otherwise; "--" is 0.
    int64_t params = 0;
    std::optional<int64_t> params_subtree;  // layers.json num_params (every parameter below the module)
    Shape kernel;                  // "Kernel Shape"; empty when "--"
    std::optional<int64_t> mult_adds;  // "--" is unknown, not 0
    bool is_recursive = false;     // "(recursive)": a module already counted (a second call, a shared module)
    bool shows_children = false;   // the table prints rows below this one
    std::optional<bool> is_leaf_layer;  // layers.json: the module has no submodules at all
};

// One module class, from torchinfo-unique-layers.json or .md.
struct TorchInfoClass {
    std::string class_name;
    std::string class_name_qualified;
    std::optional<bool> is_torch_builtin;
    std::optional<int64_t> count;  // occurrences in TorchInfo's tree (calls, not instances)
    std::vector<std::string> var_names;
    std::vector<std::string> instance_names;
    std::vector<std::string> filepaths;
    std::vector<std::string> parents;
    std::vector<std::string> children;
};

// A stage of torchinfo-stages.json; zeros are "unknown" (the exporter wrote zeros for every stage).
struct TorchInfoStage {
    std::string name;
    std::optional<int64_t> params;
    std::optional<int64_t> macs;
};

// The printed summary's footer, in base units (mult-adds as a count, sizes in bytes = MB * 1e6).
struct TorchInfoFooter {
    std::optional<int64_t> total_params;
    std::optional<int64_t> trainable_params;
    std::optional<int64_t> non_trainable_params;
    std::optional<double> total_mult_adds;
    std::string mult_adds_unit;    // as printed: "Units.GIGABYTES", "G", "M", ...
    std::optional<double> input_size_bytes;
    std::optional<double> forward_backward_bytes;
    std::optional<double> params_size_bytes;
    std::optional<double> estimated_total_bytes;
};

struct TorchInfoSource {
    std::string name;
    ArtifactKind kind{};
    std::string summary;  // what was read, e.g. "126 rows, 6 columns"
};

struct TorchInfoRun {
    std::vector<TorchInfoSource> sources;  // in the order given
    TorchInfoHeader header;                // merged over the JSON kinds
    std::vector<std::string> columns;      // the summary's column titles after the layer column
    int print_depth = 0;                   // deepest row printed
    std::vector<TorchInfoRow> rows;        // from layers.json if given, else the summary
    std::vector<TorchInfoClass> classes;   // from unique-layers JSON (preferred) or Markdown, by qualified name
    std::vector<TorchInfoStage> stages;
    std::optional<TorchInfoFooter> footer;
    std::vector<std::string> notes;        // disagreements between files and other things worth saying

    bool has(ArtifactKind kind) const;
    std::string root_class() const;        // class of the depth-0 row or of the class with instance ""
};

// Reads one or several artifacts of one run (each kind detected from its content). Rows, classes
// and header fields are merged by instance name; a header field or a parameter count that two
// files disagree on is reported in `notes`; two files of the same kind are an error.
Result<TorchInfoRun> parse_torchinfo(std::span<const TextFile> files);

// ---- class -> analytic layer kind (assets/torchinfo/class-map.json) ----

struct ClassMap {
    std::vector<std::pair<std::string, std::string>> kinds;      // kind -> what it means (sorted)
    std::vector<std::pair<std::string, std::string>> qualified;  // qualified name -> kind (sorted);
                                                                 // "transformers_modules.*." matches any hash
    std::vector<std::pair<std::string, std::string>> short_names;  // short name -> kind (sorted)
    struct Scoped {
        std::string root_class;   // short names that mean one thing only inside this model
        std::vector<std::pair<std::string, std::string>> short_names;
    };
    std::vector<Scoped> scoped;
};

Result<ClassMap> parse_class_map(std::string_view path, std::string_view text);
// Finds "torchinfo/class-map.json" among the embedded assets (mm::embedded_assets()).
Result<ClassMap> load_class_map(std::span<const TextFile> assets);

// The kind of a class, or "" when unclassified. `how` (optional) receives "qualified", "short",
// "short in <root>" or "".
std::string classify(const ClassMap& map, std::string_view qualified, std::string_view short_name,
                     std::string_view root_class, std::string* how = nullptr);

struct ClassCoverage {
    struct Entry {
        std::string class_name;
        std::string class_name_qualified;
        std::string kind;          // "" = unclassified
        std::string matched_by;
        int64_t instances = 0;
        int64_t rows = 0;          // leaf rows (calls) in the table
        double cost = 0;           // 2 x TorchInfo's mult-adds of those rows (see basis)
    };
    std::vector<Entry> classes;    // sorted by qualified (else short) name
    std::vector<std::string> unclassified;  // class names without a kind, sorted
    std::string basis;             // what `share` is a share of
    double known = 0;
    double total = 0;
    double share = 0;              // known / total; 1 when nothing was costed and everything maps
};

// Which classes of the run map to a kind, weighted by TorchInfo's mult-adds (x 2) of their leaf rows,
// else by rows, else (no table) by instances. For DeepSeek-OCR runs; a plain network's coverage is what
// its analysis costed (report/coverage.hpp).
ClassCoverage class_coverage(const TorchInfoRun& run, const ClassMap& map);

// ---- workload recovery ----

struct RecoveredField {
    std::string name;
    int64_t value = 0;
    bool recovered = false;        // true: read from the artifacts; false: assumed
    std::string how;               // one sentence: where it came from, or what was assumed and why
};

struct RecoveredWorkload {
    RecoveredField base_size{"base_size", 0, false, {}};
    RecoveredField tile_size{"image_size", 0, false, {}};
    RecoveredField crop_mode{"crop_mode", 0, false, {}};       // 0 / 1
    RecoveredField crops{"crops", 0, false, {}};               // number of local crops
    RecoveredField crops_w{"crops_w", 0, false, {}};
    RecoveredField crops_h{"crops_h", 0, false, {}};
    RecoveredField batch{"batch", 0, false, {}};
    RecoveredField prefill_tokens{"prefill_tokens", 0, false, {}};
    RecoveredField image_tokens{"image_tokens", 0, false, {}};
    RecoveredField prompt_text_tokens{"prompt_text_tokens", 0, false, {}};
    RecoveredField new_tokens{"new_tokens", 0, false, {}};
    std::vector<std::pair<int64_t, int64_t>> grid_candidates;  // w x h with w*h = crops
    bool grid_ambiguous = false;
    bool from_shapes = false;           // rows with shapes were available
    bool standard_fallback = false;     // nothing recorded the crop grid: the standard workload is used
    std::vector<std::string> notes;
    std::string model = "deepseek-ocr";  // the built-in model the run is of: deepseek-ocr or deepseek-ocr-2
    std::string problem;                 // shapes no run of that model records: one sentence (the study refuses it)

    std::vector<const RecoveredField*> fields() const;
};

RecoveredWorkload recover_workload(const TorchInfoRun& run);
// The same for a run of DeepSeek-OCR 2 (docs/domain.md section 8), read from SAM's, the Qwen2 encoder's
// and the decoder embedding's shapes against `model`'s geometry (the built-in deepseek-ocr-2: a 1024 px
// global view of 256 tokens, 768 px crops of 144 tokens each, T = 256 + 144 x crops + 1). Shapes no OCR 2
// run records are named in `problem`.
struct ModelConfig;
RecoveredWorkload recover_workload_ocr2(const TorchInfoRun& run, const ModelConfig& model);
// Sets mode, crops and batch of `options` from what was recovered (flags given by the user are
// applied after this by the caller, so they override).
void apply_recovered(const RecoveredWorkload& recovered, AnalyzeOptions& options);

// ---- the printed summary's footer reproduced from its rows ----

struct FooterCheck {
    bool available = false;            // a summary footer with "Total params" was read
    int64_t footer_params = 0;
    int64_t row_params = 0;            // sum of non-recursive rows (leftover params of parents)
    int64_t gap = 0;                   // footer - rows
    bool params_match = false;
    std::vector<std::string> hidden_under;  // rows whose parameters are never printed
    std::optional<double> footer_mult_adds;
    double row_mult_adds = 0;          // every row with a number (parsing check only)
    std::string message;               // one sentence
};

FooterCheck check_footer(const TorchInfoRun& run);

// ---- TorchInfo beside the engine (DeepSeek-OCR) ----

struct Reconciled {
    std::string name;                  // vendor instance name relative to model.model
    std::string class_name;
    int64_t calls = 0;                 // rows of this instance in the table
    std::optional<int64_t> torchinfo_params;     // subtree parameters, when the table shows them all
    std::optional<int64_t> engine_params;
    std::optional<int64_t> torchinfo_mult_adds;  // summed over the instance's calls
    std::optional<double> engine_mult_adds;      // engine torch-convention FLOPs / 2
    bool params_agree = false;
    enum class Verdict {
        agree,                 // params agree; mult-adds agree within 1 % or are not recorded
        params_differ,         // a real disagreement
        fused_attention,       // LlamaFlashAttention2: mult-adds = param count, the core is a function call
        moe_trace,             // DeepseekV2MoE: mult-adds reflect the experts the trace hit
        hidden_below_depth,    // children below the printed depth (CLIP layers): params not printed
        undercounted,          // params agree; TorchInfo counts params x the first dimension and misses F.* calls
        mult_adds_differ,      // params agree, mult-adds differ otherwise (e.g. an embedding lookup)
        not_in_engine,
    } verdict = Verdict::agree;
    std::string why;
};

std::string_view verdict_name(Reconciled::Verdict v);
// The Analysis should be of the workload the run recorded (recover_workload + apply_recovered)
// under any convention; FLOPs are compared in the torch convention.
std::vector<Reconciled> reconcile(const TorchInfoRun& run, const Analysis& analysis);

// ---- JSON for `modelmeter analyze --torchinfo ... --format json` ----

// Writes "source": {kinds[], files[], recovered{...}, coverage{...}, unclassified[], footer{...},
// notes[]} into an open object of `w`; keys in a fixed order, base units.
// `coverage` null (a plain network): no "coverage" and "unclassified" (the analysis says what it costed).
void write_torchinfo_source(JsonWriter& w, const TorchInfoRun& run, const RecoveredWorkload& recovered,
                            const ClassCoverage* coverage, const FooterCheck& footer);
// Writes "reconciliation": [...] into an open object of `w`.
void write_reconciliation(JsonWriter& w, const std::vector<Reconciled>& rows);

}  // namespace mm
