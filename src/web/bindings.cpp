// embind entry points of the page, called by web/app.js. Coarse functions over strings only; each one
// forwards to the app's own entry point (the session's, or the app's where the platform takes part), so the page and the desktop share every behaviour.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"

namespace mm::app {
App* web_app();           // src/app/platform_web.cpp
void web_wake();          // owe the page a few frames (render on demand)
int web_frames_drawn();   // frames drawn since the start (the idle test reads it)
void web_deflated_part(int id, std::string stream);  // platform_deflate's answer, stream by stream
void web_deflated_end(int id);
}

namespace {

// An entry point that changes or may change what the page shows owes it a few frames (app(),
// session()); one that only reads (read()) draws nothing, so a script polling state() leaves an idle
// page idle.
const mm::app::App& read() { return *mm::app::web_app(); }
mm::app::App& app() {
    mm::app::web_wake();
    return *mm::app::web_app();
}
mm::app::Session& session() { return app().session(); }

void begin_files() { session().begin_files(); }
void open_file(const std::string& name, const std::string& text) { session().open_file(name, text); }
void report_error(const std::string& sentence) { session().report_error(sentence); }
void apply_url_state(const std::string& state) { session().apply_url_state(state); }
std::string state_json() { return read().session().state_json(); }
void set_ui_scale(double scale) { app().set_ui_scale(static_cast<float>(scale)); }
bool wants_text_input() { return read().wants_text_input(); }
void export_file(const std::string& what) { app().export_file(what); }
void load_sample(bool ocr2) { session().load_sample(ocr2); }
void clear_inputs() { session().clear_inputs(); }

void wake() { mm::app::web_wake(); }
// web/app.js's answer to platform_deflate: each input's stream in order (empty where the browser could
// not compress it), then the end. What the end finishes (an export) shows its sentence: it owes frames.
void deflated_part(int id, const std::string& stream) { mm::app::web_deflated_part(id, stream); }
void deflated_end(int id) {
    mm::app::web_wake();
    mm::app::web_deflated_end(id);
}
int frames_drawn() { return mm::app::web_frames_drawn(); }

// The wheel, in notches (positive: up / left), as web/app.js normalised it from the browser's event:
// Emscripten 3.1.6's GLFW would hand ImGui the raw pixel deltaY (positive = down, 100 per notch).
void scroll_wheel(double dx, double dy) { app().scroll_wheel(static_cast<float>(dx), static_cast<float>(dy)); }

// The module table's scroll position in rows, for the wheel test.
double module_table_scroll_rows() { return read().module_table_scroll_rows(); }

// The last frame's landmarks as JSON, [{"name","x","y","w","h"}] in CSS pixels, for the layout tests.
std::string layout_json() {
    std::string out = "[";
    for (const auto& l : read().layout()) {
        if (out.size() > 1) out += ",";
        char rect[160];
        std::snprintf(rect, sizeof rect, "\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", l.x, l.y, l.w, l.h);
        out += "{\"name\":\"" + l.name + "\"," + rect;  // names are the app's own: no quotes or escapes
    }
    return out + "]";
}

// The colours the page draws text in and on, as the style holds them now (RGBA 0-1), and the theme's
// text tones: the browser test computes their contrast itself, in both themes.
std::string style_json() {
    const ImGuiStyle& st = ImGui::GetStyle();
    auto rgba = [](ImVec4 c) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "[%.4f,%.4f,%.4f,%.4f]", c.x, c.y, c.z, c.w);
        return std::string(buf);
    };
    std::string out = "{\"surfaces\":{";
    const std::pair<const char*, ImGuiCol> surfaces[] = {
        {"WindowBg", ImGuiCol_WindowBg}, {"ChildBg", ImGuiCol_ChildBg}, {"PopupBg", ImGuiCol_PopupBg},
        {"TableRowBgAlt", ImGuiCol_TableRowBgAlt}, {"FrameBg", ImGuiCol_FrameBg}, {"TableHeaderBg", ImGuiCol_TableHeaderBg},
        {"Button", ImGuiCol_Button}, {"ButtonHovered", ImGuiCol_ButtonHovered}, {"ButtonActive", ImGuiCol_ButtonActive},
        {"Header", ImGuiCol_Header}, {"HeaderHovered", ImGuiCol_HeaderHovered}, {"Tab", ImGuiCol_Tab}, {"TabActive", ImGuiCol_TabActive}};
    for (const auto& [name, col] : surfaces) out += std::string(out.back() == '{' ? "" : ",") + "\"" + name + "\":" + rgba(st.Colors[col]);
    out += "},\"text\":" + rgba(st.Colors[ImGuiCol_Text]) + ",\"muted\":" + rgba(st.Colors[ImGuiCol_TextDisabled]) + ",\"tones\":{";
    const std::pair<const char*, mm::app::Tone> tones[] = {{"compute", mm::app::Tone::compute}, {"memory", mm::app::Tone::memory},
                                                           {"overhead", mm::app::Tone::overhead}, {"error", mm::app::Tone::error},
                                                           {"warning", mm::app::Tone::warning}, {"good", mm::app::Tone::good}};
    for (const auto& [name, t] : tones) out += std::string(out.back() == '{' ? "" : ",") + "\"" + name + "\":" + rgba(mm::app::tone(t));
    return out + "}}";
}
// What the visible chart drew last frame (plot rectangle, axis ranges, points, the hovered point's
// modules), for the chart tests.
std::string chart_state() { return read().chart_state(); }

// For the benchmark: analyses `count` configurations around the current settings and returns the
// milliseconds it took (-1 if any failed).
double time_sweep(int count) {
    const double t0 = emscripten_get_now();
    const auto ok = read().session().analyse_grid(count);
    const double ms = emscripten_get_now() - t0;
    return ok == static_cast<std::size_t>(count) ? ms : -1.0;
}

// For the benchmark: analyses the standard workload `count` times; milliseconds, -1 if any failed.
double time_standard(int count) {
    const double t0 = emscripten_get_now();
    const auto ok = read().session().analyse_standard(count);
    const double ms = emscripten_get_now() - t0;
    return ok == static_cast<std::size_t>(count) ? ms : -1.0;
}

}  // namespace

EMSCRIPTEN_BINDINGS(modelmeter_app) {
    emscripten::function("beginFiles", &begin_files);
    emscripten::function("openFile", &open_file);
    emscripten::function("reportError", &report_error);
    emscripten::function("applyUrlState", &apply_url_state);
    emscripten::function("stateJson", &state_json);
    emscripten::function("setUiScale", &set_ui_scale);
    emscripten::function("wantsTextInput", &wants_text_input);
    emscripten::function("exportFile", &export_file);
    emscripten::function("loadSample", &load_sample);
    emscripten::function("clearInputs", &clear_inputs);
    emscripten::function("wake", &wake);
    emscripten::function("deflatedPart", &deflated_part);
    emscripten::function("deflatedEnd", &deflated_end);
    emscripten::function("framesDrawn", &frames_drawn);
    emscripten::function("scrollWheel", &scroll_wheel);
    emscripten::function("moduleTableScrollRows", &module_table_scroll_rows);
    emscripten::function("layoutJson", &layout_json);
    emscripten::function("styleJson", &style_json);
    emscripten::function("chartState", &chart_state);
    emscripten::function("timeSweep", &time_sweep);
    emscripten::function("timeStandard", &time_standard);
}
