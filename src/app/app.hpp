#pragma once
// The app's window: draws the session (session.hpp) with ImGui, keeps how it is shown (fonts, theme,
// the colour-map texture, the pending tab selection, the module filter, the sweep's points) and turns
// the actions that need the platform (pick files, copy the link, save an export, capture a PNG) into
// platform calls. No platform code, no #ifdef: desktop and web run exactly this.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/colour_map.hpp"
#include "app/session.hpp"

namespace mm::app {

class App {
public:
    App();

    // Files, links, options and selections go to the session directly; what it publishes (the share
    // link) reaches the platform, and what it asks of the view (a tab, the theme) is shown next frame.
    Session& session() { return session_; }
    const Session& session() const { return session_; }

    void open_files();
    void copy_link();
    void toggle_theme();
    // Exports: the session's names (analysis.json, report.zip, view.png, ...). Unknown names become an error.
    void export_file(std::string_view what);
    // view.png is taken from the first frame that begins after the request (a menu click's own frame
    // still shows the menu), drawn without transient UI: the info line goes when the export starts,
    // and the loop keeps the mouse off the frame (no hover, no tooltip).
    bool capture_requested() const { return capture_.has_value(); }
    bool begin_capture_frame();  // before each frame: true when this frame is the picture
    // The captured frame's 8-bit RGBA pixels (rows top to bottom), saved as the session named it.
    void deliver_capture(int width, int height, const std::vector<std::uint8_t>& rgba);

    // The shaders/colormap.frag.glsl strip as a texture, and its read-back colours (label contrast).
    void set_colour_map(void* texture, const ColourMap* map = nullptr) {
        colour_map_ = texture;
        colour_lookup_ = map;
    }
    void set_font_file(std::string path);
    void set_ui_scale(float scale);  // devicePixelRatio on the web
    void prepare_frame();            // between frames: rebuild fonts when the scale changed, follow the theme
    bool take_fonts_changed();       // true once after a rebuild: the renderer re-uploads the atlas
    void draw();
    bool wants_text_input() const;  // a text field has focus: a paste belongs to it
    // The mouse wheel in notches (positive: up / left; fractions from trackpads), for the next frame.
    void scroll_wheel(float dx, float dy);
    double module_table_scroll_rows() const { return module_scroll_rows_; }  // where the last frame left it
    // What the visible chart drew last frame, as JSON (plot rectangle in ImGui's pixels, axis ranges,
    // points with their module counts, the hovered point's module lines), for the browser tests.
    const std::string& chart_state() const { return chart_state_; }

    std::array<float, 3> clear_color() const;

    // Where the last frame put its landmarks (title, buttons, cards, columns...), in CSS pixels of the
    // window: the browser tests check that nothing overlaps or leaves the window at every size.
    struct Landmark {
        std::string name;
        float x, y, w, h;
    };
    const std::vector<Landmark>& layout() const { return layout_; }

private:
    void save(const ExportFile& file);  // hands a ready file to the platform; its sentence is the info line
    void apply_theme();
    void handle_shortcuts();
    void draw_view(View view);
    void draw_title_bar(bool side_by_side);
    void draw_messages();
    void draw_shortcuts_overlay();
    void note_item(std::string name);  // the last item's rectangle, as a landmark
    void note_rect(std::string name, ImVec2 min, ImVec2 max);
    void copy_module_row(int index);   // tab-separated, with the headers
    void draw_workload_panel();
    bool draw_gpu_extras(AnalyzeOptions& o);
    void draw_compare_model();
    bool draw_crops_control(AnalyzeOptions& o);
    void draw_headline();
    void draw_stage_table();
    struct ModuleSource {
        const Analysis* shown = nullptr;         // the tree the table/treemap shows
        const Analysis* same_modules = nullptr;  // comparing GPUs: the same modules' compared analysis
        bool compared = false;                   // comparing models and the compared model's tree is shown
    };
    ModuleSource draw_module_source(const char* note, const char* id_suffix, const char* tip);
    void draw_module_table();
    void draw_inputs_panel();
    void draw_stage_bars();
    void draw_memory();
    void draw_roofline();
    void draw_treemap();
    void draw_formula_pane();
    void draw_torchinfo_view();
    void draw_sweep();
    void draw_capacity();
    void share_bar(double share) const;

    Session session_;
    std::optional<ExportFile> capture_;  // view.png requested: the loop captures the next frame
    bool capturing_ = false;             // this frame is the picture
    bool pending_view_ = true;           // select the session's view's tab on the next frame
    float treemap_flops_ = 0;            // 0: treemap areas are time, 1: FLOPs
    std::vector<SweepPoint> sweep_points_;
    std::vector<SweepPoint> sweep_compare_;  // the same x values, compared (another GPU and/or model)
    std::string sweep_key_;              // the settings sweep_points_ were computed for
    int sweep_log_y_ = -1;               // -1: log y when x is log; 0 linear; 1 log
    std::optional<Result<Plan>> capacity_;  // the Capacity view's plan, for the settings in capacity_key_
    std::optional<Result<Plan>> capacity_compare_;  // the same knobs on the compared GPU and/or model (none: empty)
    std::string capacity_key_;
    std::array<char, 160> concurrency_text_{};  // the Capacity view's list being edited ("" = the session's)
    // The roofline's zoom and pan: the visible decades (log10), all 0 = fit the data. Stage filter:
    // -1 all stages, else a Stage.
    double roof_x0_ = 0, roof_x1_ = 0, roof_y0_ = 0, roof_y1_ = 0;
    int roofline_stage_ = -1;
    int treemap_root_ = -1;              // the drilled-into module, -1: the whole request
    float treemap_w_ = 0, treemap_h_ = 0;  // the layout's size, kept while the formula pane is open
    std::string chart_state_;

    std::string font_file_;
    float ui_scale_ = 1.0f;
    float built_scale_ = 0.0f;
    bool fonts_changed_ = false;
    bool themed_dark_ = true;            // the theme the ImGui style was last built for
    void* colour_map_ = nullptr;
    const ColourMap* colour_lookup_ = nullptr;
    char module_filter_[128] = {};
    double module_scroll_rows_ = 0;      // the module table's scroll, in rows
    bool module_leaves_only_ = false;    // the module table lists ops (leaves) only
    bool module_table_compared_ = false;  // comparing models: the module table and treemap show the compared model
    bool focus_filter_ = false;          // Ctrl+F: focus the module filter next frame
    bool drawer_open_ = false;           // narrow screens: the settings drawer covers the results
    bool shortcuts_open_ = false;        // the ? overlay
    std::vector<Landmark> layout_;
};

}  // namespace mm::app
