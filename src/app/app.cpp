#include "app/app.hpp"
#include "app/platform.hpp"
#include "app/png_writer.hpp"
#include "app/zip_writer.hpp"

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
    if (file->picture) {
        session_.set_info("");  // the last action's sentence is not part of the picture
        capture_ = std::move(file);
    } else if (!file->archive.empty()) {
        std::vector<std::string> bodies;
        bodies.reserve(file->archive.size());
        for (const auto& f : file->archive) bodies.push_back(f.data);
        platform_deflate(std::move(bodies), [this, zip = std::move(*file)](std::vector<std::string> deflated) mutable {
            const auto bytes = zip_write(zip.archive, deflated);
            zip.bytes.assign(bytes.begin(), bytes.end());
            save(zip);
        });
    } else {
        save(*file);
    }
}

void App::save(const ExportFile& file) { session_.set_info(platform_save_file(file.name, file.mime, file.bytes)); }

bool App::begin_capture_frame() {
    capturing_ = capture_.has_value();
    return capturing_;
}

void App::deliver_capture(int width, int height, const std::vector<std::uint8_t>& rgba) {
    if (!capture_ || !capturing_) return;
    auto picture = std::move(*capture_);
    capture_.reset();
    capturing_ = false;
    std::string scanlines = png_scanlines(width, height, rgba);
    if (scanlines.empty()) {
        session_.report_error("The picture of this view could not be taken (no pixels were read).");
        return;
    }
    platform_deflate({scanlines}, [this, width, height, scanlines, picture = std::move(picture)](std::vector<std::string> deflated) mutable {
        const auto png = png_file(width, height, scanlines, deflated.empty() ? std::string_view() : deflated.front());
        picture.bytes.assign(png.begin(), png.end());
        save(picture);
    });
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
