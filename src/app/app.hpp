#pragma once
// The app's state and its one entry point for every incoming file. Plain data plus the ImGui panels
// (drawn in panels.cpp); no platform code, no #ifdef: desktop and web run exactly this.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/views.hpp"
#include "core/api.hpp"
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
    double total_bytes = 0, kv_bytes = 0;
    bool fits = true;
};

class App {
public:
    static constexpr std::size_t kMaxInputBytes = 64u << 20;  // no TorchInfo artifact comes near this

    App();

    // Every file reaches the app here: page drop, file picker, paste, desktop drop, command line.
    // A bad file leaves the current analysis and inputs as they were and sets last_error.
    void open_file(std::string_view name, std::string_view text);
    void report_error(std::string sentence);
    // Share-link parameters ("gpu=rtx5090&batch=4&..."), from the URL hash/query or --state.
    void apply_url_state(std::string_view state);

    void set_options(const AnalyzeOptions& options);  // the controls: re-analyses at once
    void select_module(int index);                     // -1: none
    void set_compare_gpu(std::string gpu);             // "" = no comparison
    void show_view(View view);
    void open_files();
    void load_sample();   // the bundled TorchInfo summary of the standard run
    void clear_inputs();  // forget the TorchInfo files; back to the standard workload
    void copy_link();
    void toggle_theme();
    // Exports: "analysis.json", "netron-attachment.json", "view.png". Unknown names become an error.
    void export_file(std::string_view what);
    bool take_capture_request();                             // the loop captures the next frame as PNG
    void deliver_capture(const std::vector<std::uint8_t>& png);
    const std::string& url_state() const { return url_state_; }
    // The current settings with one parameter varied over `points` values (crops: every grid of 2-9 tiles).
    std::vector<SweepPoint> sweep(SweepAxis axis, int points) const;
    // Analyses `count` configurations around the current settings (crop grids x new tokens x batch);
    // returns how many succeeded. For the benchmark of re-analysis speed.
    std::size_t analyse_grid(int count) const;      // benchmark_points, as `modelmeter bench` times them
    std::size_t analyse_standard(int count) const;  // the standard workload, `count` times

    void set_colour_map(void* texture) { colour_map_ = texture; }  // shaders/colormap.frag.glsl strip
    void set_font_file(std::string path);
    void set_ui_scale(float scale);  // devicePixelRatio on the web
    void prepare_frame();            // between frames: rebuild fonts when the scale changed
    bool take_fonts_changed();       // true once after a rebuild: the renderer re-uploads the atlas
    void draw();
    bool wants_text_input() const;  // a text field has focus: a paste belongs to it

    std::array<float, 3> clear_color() const;
    std::string state_json() const;   // window.modelmeter.state(): the analysis JSON + last_error
    std::string status_line() const;  // one line for logs

private:
    void reanalyse();
    std::vector<std::pair<std::string, std::string>> app_params() const;
    void apply_theme();
    void publish_state();  // the share link follows every change (the page's hash)
    void handle_shortcuts();
    void draw_view(View view);
    void draw_workload_panel();
    bool draw_gpu_extras(AnalyzeOptions& o);
    bool draw_crops_control(AnalyzeOptions& o);
    void draw_headline();
    void draw_stage_table();
    void draw_module_table();
    void draw_inputs_panel();
    void draw_stage_bars();
    void draw_memory();
    void draw_roofline();
    void draw_treemap();
    void draw_formula_pane();
    void draw_torchinfo_view();
    void draw_sweep();
    void share_bar(double share) const;

    Catalog catalog_;
    std::string catalog_error_;
    AnalyzeOptions options_;
    std::optional<Analysis> analysis_;
    std::string compare_gpu_;                // a second GPU preset for the side-by-side headline
    std::optional<Analysis> compare_;        // the same options on compare_gpu_
    std::string compare_error_;              // why compare_gpu_ could not be analysed
    std::string analysis_error_;      // the current options cannot be analysed (e.g. fp4 on an A100)
    std::vector<LoadedInput> inputs_;
    std::optional<TorchInfoStudy> study_;  // what the loaded TorchInfo files say
    std::optional<std::string> last_error_;
    std::vector<std::string> notices_;   // share-link parameters that were ignored, and why
    std::string url_state_;              // the share-link form of the current parameters
    std::string info_;                   // a passing confirmation ("Link copied")
    bool capture_requested_ = false;
    View view_ = View::breakdown;
    bool pending_view_ = true;           // select view_'s tab on the next frame
    int selected_ = -1;                  // selected module row, -1 for none
    std::string formula_;                // explain_module() of the selection
    float treemap_flops_ = 0;            // 0: treemap areas are time, 1: FLOPs
    SweepAxis sweep_axis_ = SweepAxis::new_tokens;
    std::vector<SweepPoint> sweep_points_;
    std::string sweep_key_;              // the settings sweep_points_ were computed for

    std::string font_file_;
    float ui_scale_ = 1.0f;
    float built_scale_ = 0.0f;
    bool fonts_changed_ = false;
    void* colour_map_ = nullptr;
    bool dark_ = true;
    char module_filter_[128] = {};
};

}  // namespace mm::app
