#include "app/app.hpp"
#include "app/platform.hpp"

#include <algorithm>

#include <imgui.h>

namespace mm::app {

App::App() {
    // The share link follows every change: the session publishes it, the platform shows it (the page's
    // hash). The standard workload's link is published once the app exists.
    session_.set_publisher([](const std::string& state) { platform_publish_state(state); });
    platform_publish_state(session_.url_state());
}

void App::open_files() {
    if (!platform_pick_files()) session_.report_error("Drop TorchInfo files on this window, or name them on the command line.");
}

void App::copy_link() { session_.set_info("Copied " + platform_copy_link(session_.url_state()) + "."); }

void App::export_file(std::string_view what) {
    auto file = session_.export_file(what);
    if (!file) return;  // the session's error line says why
    if (file->picture) capture_ = std::move(file);
    else session_.set_info(platform_save_file(file->name, file->mime, file->bytes));
}

void App::deliver_capture(const std::vector<std::uint8_t>& png) {
    if (!capture_) return;
    session_.set_info(platform_save_file(capture_->name, capture_->mime,
                                         std::string_view(reinterpret_cast<const char*>(png.data()), png.size())));
    capture_.reset();
}

void App::toggle_theme() {
    session_.toggle_theme();
    apply_theme();
}

void App::set_font_file(std::string path) { font_file_ = std::move(path); }

void App::set_ui_scale(float scale) { ui_scale_ = std::clamp(scale, 0.5f, 4.0f); }

bool App::wants_text_input() const { return ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput; }

void App::scroll_wheel(float dx, float dy) {
    if (!ImGui::GetCurrentContext()) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH += dx;
    io.MouseWheel += dy;
}

std::array<float, 3> App::clear_color() const {
    return session_.dark() ? std::array<float, 3>{0.09f, 0.10f, 0.12f} : std::array<float, 3>{0.94f, 0.94f, 0.95f};
}

}  // namespace mm::app
