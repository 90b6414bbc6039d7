// Desktop: GLFW + OpenGL 3.0, a plain loop, files from the command line and window drops.
#include <cstdio>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <zlib.h>

#include "app/app.hpp"
#include "app/file_reader.hpp"
#include "app/platform.hpp"

namespace mm::app {

GlSetup platform_gl_setup() { return {3, 0, false, "#version 130"}; }

std::string platform_font_path() { return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; }

void platform_attach(GLFWwindow* window, App& app) {
    glfwSetWindowUserPointer(window, &app);
    glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
        auto* target = static_cast<App*>(glfwGetWindowUserPointer(w));
        target->session().begin_files();  // one drop: its files report together
        for (int i = 0; i < count; ++i) open_path(target->session(), paths[i]);
    });
}

bool platform_pick_files() { return false; }

void platform_publish_state(const std::string&) {}

std::string platform_copy_link(const std::string& state) {
    const std::string text = "modelmeter-app --state '" + state + "'";
    ImGui::SetClipboardText(text.c_str());
    return text;
}

void platform_copy_text(const std::string& text) { ImGui::SetClipboardText(text.c_str()); }

std::string platform_save_file(const std::string& name, const std::string&, std::string_view data) {
    std::FILE* f = std::fopen(name.c_str(), "wb");
    if (!f) return "Could not write " + name + " in the working directory.";
    const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    const bool closed = std::fclose(f) == 0;
    return ok && closed ? "Wrote " + name + " (" + std::to_string(data.size()) + " bytes) in the working directory."
                        : "Could not write all of " + name + ".";
}

void platform_deflate(std::vector<std::string> inputs, std::function<void(std::vector<std::string>)> done) {
    std::vector<std::string> out;
    out.reserve(inputs.size());
    for (const auto& in : inputs) {
        std::string packed;
        z_stream z{};
        // Raw DEFLATE (negative window bits: no zlib header or trailer), level 9, as zip entries hold it.
        if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
            packed.resize(deflateBound(&z, static_cast<uLong>(in.size())));
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
            z.avail_in = static_cast<uInt>(in.size());
            z.next_out = reinterpret_cast<Bytef*>(packed.data());
            z.avail_out = static_cast<uInt>(packed.size());
            const bool ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
            packed.resize(ok ? z.total_out : 0);
            deflateEnd(&z);
        }
        out.push_back(std::move(packed));
    }
    done(std::move(out));
}

void platform_run_loop(const std::function<bool()>& frame) {
    while (frame()) {
    }
}

}  // namespace mm::app
