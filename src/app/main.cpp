// ModelMeter's app: one main for desktop and web. The platform files decide who drives the loop, which
// GL flavour runs, and how files and the URL arrive; everything else is shared.
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/app.hpp"
#include "app/colour_map.hpp"
#include "app/file_reader.hpp"
#include "app/platform.hpp"
#include "app/png_writer.hpp"

namespace {

struct LaunchArgs {
    std::string state;                // URL query/hash (web) or --state (desktop): the share-link parameters
    std::vector<std::string> files;   // inputs to open at start-up
    std::vector<std::string> exports; // exports to write once the app is up (Session::export_file names)
    int max_frames = 0;               // quit after this many frames (desktop smoke tests); 0 = until closed
    std::string screenshot;           // write the last frame here as PNG
    int width = 1280, height = 800;
    std::string error;
};

LaunchArgs parse_args(int argc, char** argv) {
    LaunchArgs a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 < argc) return argv[++i];
            a.error = std::string(name) + " needs a value.";
            return "";
        };
        if (arg == "--state") a.state = value("--state");
        else if (arg == "--frames") a.max_frames = std::atoi(value("--frames"));
        else if (arg == "--export") a.exports.push_back(value("--export"));
        else if (arg == "--screenshot") a.screenshot = value("--screenshot");
        else if (arg == "--size") std::sscanf(value("--size"), "%dx%d", &a.width, &a.height);
        else if (arg == "--help") a.error = "usage: modelmeter-app [--state 'gpu=rtx5090&batch=1'] [--frames N] "
                                            "[--screenshot out.png] [--size WxH] [--export report.zip|report.json|summary.json|modules.csv|"
                                            "analysis.json|netron-attachment.json|view.png]... [torchinfo files...]";
        else if (!arg.empty() && arg[0] == '-') a.error = "unknown option " + arg + " (see --help).";
        else a.files.push_back(arg);
    }
    return a;
}

// The frame just rendered as opaque 8-bit RGBA, rows top to bottom (GL's run bottom-up).
std::vector<std::uint8_t> capture_rgba(int w, int h) {
    std::vector<std::uint8_t> pixels(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    std::vector<std::uint8_t> flipped(pixels.size());
    const size_t row = static_cast<size_t>(w) * 4;
    for (int y = 0; y < h; ++y)
        std::copy_n(pixels.begin() + static_cast<long>((h - 1 - y) * row), row, flipped.begin() + static_cast<long>(y * row));
    for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    return flipped;
}

// The desktop smoke tests' screenshot: the same PNG writer and deflate as the view export.
void write_screenshot(const std::string& path, int w, int h) {
    std::string scanlines = mm::app::png_scanlines(w, h, capture_rgba(w, h));
    mm::app::platform_deflate({scanlines}, [path, w, h, scanlines](std::vector<std::string> deflated) {
        const auto png = mm::app::png_file(w, h, scanlines, deflated.empty() ? std::string_view() : deflated.front());
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
        if (out) std::printf("[app] screenshot %s (%dx%d)\n", path.c_str(), w, h);
        else std::fprintf(stderr, "[app] could not write %s\n", path.c_str());
    });
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // keep log lines when a test kills the app
    LaunchArgs args = parse_args(argc, argv);
    if (!args.error.empty()) {
        std::fprintf(stderr, "%s\n", args.error.c_str());
        return 2;
    }
    glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "[glfw] error %d: %s\n", code, what); });
    if (!glfwInit()) return 1;
    const auto gl = mm::app::platform_gl_setup();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, gl.major);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, gl.minor);
    if (gl.es) glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    GLFWwindow* window = glfwCreateWindow(args.width, args.height, "ModelMeter", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "ModelMeter needs OpenGL %d.%d%s; no such context could be created.\n", gl.major,
                     gl.minor, gl.es ? " ES" : "");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini: layout is the app's, state is in the URL
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(gl.glsl);
    std::printf("[app] GL_VERSION=%s | GL_RENDERER=%s\n", reinterpret_cast<const char*>(glGetString(GL_VERSION)),
                reinterpret_cast<const char*>(glGetString(GL_RENDERER)));

    static mm::app::App app;  // static: the web loop never returns from platform_run_loop
    app.set_font_file(mm::app::platform_font_path());
    if (!args.state.empty()) app.session().apply_url_state(args.state);
    for (const auto& f : args.files) mm::app::open_path(app.session(), f);
    mm::app::platform_attach(window, app);
    for (const auto& e : args.exports) app.export_file(e);

    static mm::app::ColourMap colour_map;
    static const char* glsl = gl.glsl;
    static int frame_count = 0;
    static LaunchArgs launch = args;
    mm::app::platform_run_loop([window] {
        if (glfwWindowShouldClose(window)) return false;
        glfwPollEvents();
        app.prepare_frame();  // font rebuilds happen between frames
        if (app.take_fonts_changed()) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        const bool capturing = app.begin_capture_frame();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // The picture shows the view, not where the mouse happens to be: no hover, no tooltip.
        if (capturing) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        app.draw();
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        if (frame_count == 0) {  // before the first clear: the strip is drawn into the back buffer
            std::string error;
            if (colour_map.build(glsl, error)) {
                app.set_colour_map(colour_map.texture_id(), &colour_map);
                const auto lo = colour_map.at(0), mid = colour_map.at(0.5f), hi = colour_map.at(1);
                std::printf("[app] colour map from shaders/colormap.frag.glsl: 0=(%d,%d,%d) 0.5=(%d,%d,%d) 1=(%d,%d,%d)\n",
                            lo[0], lo[1], lo[2], mid[0], mid[1], mid[2], hi[0], hi[1], hi[2]);
            } else {
                std::fprintf(stderr, "[app] colour map unavailable: %s\n", error.c_str());
            }
        }
        glViewport(0, 0, w, h);
        const auto bg = app.clear_color();
        glClearColor(bg[0], bg[1], bg[2], 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (capturing) app.deliver_capture(w, h, capture_rgba(w, h));
        ++frame_count;
        const bool last = launch.max_frames > 0 && frame_count >= launch.max_frames;
        if (last && !launch.screenshot.empty()) write_screenshot(launch.screenshot, w, h);
        glfwSwapBuffers(window);
        if (last) std::printf("[app] %d frames drawn; %s\n", frame_count, app.session().status_line().c_str());
        return !last;
    });

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
