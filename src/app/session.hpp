#pragma once
// The analysis session behind the app, without a window: the options, the loaded TorchInfo files and
// what they say, the analysis (and the compared one: the same workload on a second GPU and/or with a
// second model), the share link in and out with
// its notices, the error and info lines, and the exports' bytes. It includes no ImGui, GLFW, GL or
// Emscripten header, so tests/app links it into a Catch2 binary; the UI (app.hpp, panel_*.cpp) draws it.
//
// The share link also carries the parts of the view a link reproduces (tab, selected module, sweep axis,
// theme): the session keeps those as plain values. How the UI shows them (fonts, textures, the pending tab
// selection, filters, sweep caches) stays in the UI.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/views.hpp"
#include "app/zip_writer.hpp"
#include "core/api.hpp"
#include "core/engine/plan.hpp"
#include "core/ingest/study.hpp"

namespace mm::app {

struct LoadedInput {
    std::string name;
    std::string text;      // kept: every drop re-reads all the files of the run together
    std::string kind;      // what the content was recognised as
    std::string summary;   // one line about what was understood
};

// One point of a sweep: the varied parameter and what it costs.
struct SweepPoint {
    double x = 0;          // chart position (the value, or the index of a crop grid)
    std::string label;     // "512", "2x3"
    double page_s = 0, ttft_s = 0, decode_s = 0;
    double pages_per_s = 0;  // throughput: the batch's pages over the time per page
    double total_bytes = 0, kv_bytes = 0;
    bool fits = true;
};

// What the compared analysis changes: the same options with the GPU and/or the model replaced. Both
// set is still one comparison (that model on that GPU against this one on this GPU).
struct Comparison {
    std::string gpu;    // a GPU preset; "" keeps this GPU (with its edited figures)
    std::string model;  // a model preset; "" keeps this model
    bool empty() const { return gpu.empty() && model.empty(); }
};

// The options of a comparison, and what had to give way for them.
struct ComparedOptions {
    AnalyzeOptions options;
    std::vector<std::string> notes;  // "DeepSeek-OCR 2 has no mode gundam: its default mode, default, is compared."
};

// `o` with the comparison's GPU (its preset figures: the edits belong to the first GPU) and/or model. The
// model is set through the option table, so it keeps the mode when it has one of that name and otherwise
// takes its own default mode; an explicit crop grid the model does not take (outside its min..max tiles)
// becomes the model's own grid for the page. An unknown GPU or model: the option table's sentence.
Result<ComparedOptions> compared_options(const Catalog& catalog, const AnalyzeOptions& o, const Comparison& with);

// A file for the user, as the platform saves it (a download on the web, a file on the desktop).
struct ExportFile {
    std::string name;   // "modelmeter-analysis.json"
    std::string mime;   // "application/json"
    std::string bytes;
    bool picture = false;  // view.png: the bytes are the UI's next frame, captured by the UI
    // report.zip: the archive's files; the app has the platform deflate them and lays out the zip
    // (zip_writer), so `bytes` stays empty.
    std::vector<ZipEntry> archive = {};
};

class Session {
public:
    static constexpr std::size_t kMaxInputBytes = 64u << 20;  // no TorchInfo artifact comes near this
    static constexpr std::size_t kMaxPlanRows = 64;           // concurrencies the Capacity view plans at once

    // Loads the built-in presets and analyses the standard workload.
    Session();

    // Called with the share link every time the session publishes it (each analysis, selection, view,
    // sweep axis or theme change): the page puts it in its URL hash.
    void set_publisher(std::function<void(const std::string&)> publish);

    // Every file reaches the app here: page drop, file picker, paste, desktop drop, command line.
    // A bad file leaves the current analysis and inputs as they were and sets last_error.
    // A drop, a paste or a pick starts: the sentences about earlier files go; within it, a file's
    // sentence stays until that file loads, whatever else of the same drop loads after it.
    void begin_files();
    void open_file(std::string_view name, std::string_view text);
    // A bundled TorchInfo summary: DeepSeek-OCR's standard run, or (ocr2) the DeepSeek-OCR 2 mimic's 2-crop page.
    void load_sample(bool ocr2 = false);
    // Forget the TorchInfo files: back to DeepSeek-OCR's standard workload, on the same GPU, time
    // profile, convention and precisions.
    void clear_inputs();
    void report_error(std::string sentence);
    void dismiss_error();
    void dismiss_notices() { notices_.clear(); }  // the share link's ignored parameters, read
    void set_info(std::string sentence);  // a passing confirmation ("Copied ...", "Wrote ...")

    // Share-link parameters ("gpu=rtx5090&batch=4&..."), from the URL hash/query or --state. Starts from
    // the standard workload; each ignored parameter leaves a notice and the rest still applies.
    void apply_url_state(std::string_view state);
    const std::string& url_state() const { return url_state_; }
    const std::vector<std::string>& notices() const { return notices_; }

    void set_options(const AnalyzeOptions& options);  // re-analyses at once
    void set_compare_gpu(std::string gpu);             // "" = no second GPU
    void set_compare_model(std::string model);         // "" = no second model
    void select_module(int index);                     // -1 (or out of range): none
    void show_view(View view);                         // and asks the UI to select its tab
    void set_view(View view);                          // the user selected the tab already
    void set_sweep_axis(SweepAxis axis);
    void toggle_theme();
    bool take_view_request();  // true once after show_view: the UI selects view()'s tab

    // Exports: "analysis.json", "netron-attachment.json", "report.json", "summary.json", "modules.csv",
    // "report.zip", "view.png" (a picture: the UI captures it). No analysis or an unknown name: nullopt,
    // and last_error says why.
    std::optional<ExportFile> export_file(std::string_view what);

    const Catalog& catalog() const { return catalog_; }
    const std::string& catalog_error() const { return catalog_error_; }
    const AnalyzeOptions& options() const { return options_; }
    const std::optional<Analysis>& analysis() const { return analysis_; }
    const std::string& analysis_error() const { return analysis_error_; }  // the options cannot be analysed
    const Comparison& comparison() const { return comparison_; }
    const std::string& compare_gpu() const { return comparison_.gpu; }
    const std::string& compare_model() const { return comparison_.model; }
    const std::optional<Analysis>& compare() const { return compare_; }  // the current options, compared
    const std::string& compare_error() const { return compare_error_; }
    // What tells the compared analysis from this one in the UI: "h100-sxm", "DeepSeek-OCR 2" or
    // "DeepSeek-OCR 2 on h100-sxm"; "" without one. this_label() is the same for the current analysis.
    std::string compare_label() const;
    std::string this_label() const;
    // Sentences about the comparison: the mode or crops the compared model took instead, that both the
    // model and the GPU differ.
    const std::vector<std::string>& compare_notes() const { return compare_notes_; }
    const std::vector<LoadedInput>& inputs() const { return inputs_; }
    const std::optional<TorchInfoStudy>& study() const { return study_; }
    // A dropped network other than DeepSeek-OCR is being analysed (its own tree, one forward pass).
    bool network() const { return study_ && study_->network; }
    // The file a share link analysed but this page does not hold ("" when none is pending): dropping a
    // file of that name applies the link's settings to it.
    const std::string& pending_network_file() const { return pending_file_; }
    const std::optional<std::string>& last_error() const { return last_error_; }
    const std::string& info() const { return info_; }
    View view() const { return view_; }
    SweepAxis sweep_axis() const { return sweep_axis_; }
    int selected_module() const { return selected_; }
    const std::string& selected_formula() const { return formula_; }  // explain_module() of the selection
    bool dark() const { return dark_; }

    // The current settings with one parameter varied over `points` values (crops: every grid the model
    // takes, its min to max tiles). With a comparison, the same values (chosen from the current analysis)
    // on compared_options(), as the compared headline is: the overlay's x values are the main sweep's, and
    // a crop grid the compared model does not take has no overlay point.
    std::vector<SweepPoint> sweep(SweepAxis axis, int points, const Comparison& with = {}) const;
    // The x of the current settings on a sweep's axis (the crop grid: its index among sweep(crops)'s
    // points); nullopt when the current value is not on the axis (no crops, or a grid the model's crop
    // rule does not offer).
    std::optional<double> sweep_current_x(SweepAxis axis) const;
    // The Capacity view: continuous batching at each concurrency of the planner's knobs, on the current
    // settings (their GPU, time profile, page, new tokens, usable memory). Fails for a dropped network
    // (a forward pass has no decode to batch) or a bad knob, with a sentence. With a comparison, the same
    // knobs on compared_options() (the compared GPU and/or model), as the compared headline is.
    Result<Plan> capacity_plan(const Comparison& with = {}) const;
    const PlanOptions& plan_options() const { return plan_; }  // the knobs; `base` is unused here
    void set_plan_options(const PlanOptions& plan);            // the link carries them while the view is shown

    // The modules whose live activations set the memory's activation peak: those holding exactly
    // memory.peak_activation_bytes while none of their children does (identical blocks tie), in tree
    // order; empty without an analysis or a peak.
    std::vector<int> peak_activation_modules() const;
    // Analyses `count` configurations around the current settings (crop grids x new tokens x batch);
    // returns how many succeeded. For the benchmark of re-analysis speed.
    std::size_t analyse_grid(int count) const;      // benchmark_points, as `modelmeter bench` times them
    std::size_t analyse_standard(int count) const;  // the standard workload, `count` times

    std::string state_json() const;   // window.modelmeter.state(): the analysis JSON + last_error
    std::string status_line() const;  // one line for logs

private:
    void reanalyse();
    void forget_files();  // the loaded TorchInfo files, what they say, and the line about them
    void analyse_comparison();  // compare_ (or compare_error_) for the current options and comparison_
    Result<Analysis> analyse(const AnalyzeOptions& options) const;  // DeepSeek-OCR, or the dropped network
    std::string network_files() const;  // the loaded network's file names, as the share link names them
    std::vector<std::pair<std::string, std::string>> link_params() const;
    void publish_state();

    Catalog catalog_;
    std::string catalog_error_;
    AnalyzeOptions options_;
    std::optional<Analysis> analysis_;
    Comparison comparison_;                  // a second GPU and/or model for the side-by-side views
    std::optional<Analysis> compare_;        // the options compared (compared_options)
    std::string compare_error_;              // why the comparison could not be analysed
    std::vector<std::string> compare_notes_;
    std::string analysis_error_;             // the current options cannot be analysed (e.g. fp4 on an A100)
    std::vector<LoadedInput> inputs_;
    std::optional<TorchInfoStudy> study_;    // what the loaded TorchInfo files say
    std::string pending_file_, pending_state_;  // a share link's network file, not yet dropped, and its link
    std::optional<std::string> last_error_;
    std::string error_file_;                 // the file last_error_ is about (empty: not one we opened)
    std::vector<std::string> notices_;       // share-link parameters that were ignored, and why
    std::string url_state_;                  // the share-link form of the current parameters
    std::string info_;                       // a passing confirmation ("Link copied")
    std::string recorded_run_info() const;   // what the loaded DeepSeek-OCR run records, against the settings
    std::function<void(const std::string&)> publish_;

    // The view as a share link carries it.
    View view_ = View::breakdown;
    bool view_requested_ = false;
    SweepAxis sweep_axis_ = SweepAxis::new_tokens;
    PlanOptions plan_;                       // the Capacity view's knobs
    int selected_ = -1;                      // selected module row, -1 for none
    std::string formula_;
    bool dark_ = true;
};

}  // namespace mm::app
