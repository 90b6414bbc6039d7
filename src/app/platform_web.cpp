// Web: GLFW over WebGL 2 (Emscripten's library_glfw.js); the browser drives the loop. Incoming files,
// resizes and the URL arrive from web/app.js through src/web/bindings.cpp, which reaches the app here.
#include <emscripten.h>

#include "app/app.hpp"
#include "app/platform.hpp"

namespace mm::app {
namespace {
App* g_app = nullptr;  // the page's one app; the browser loop never returns to main()
std::function<bool()> g_frame;
}  // namespace

App* web_app() { return g_app; }

GlSetup platform_gl_setup() { return {3, 0, true, "#version 300 es"}; }

std::string platform_font_path() { return "/fonts/DejaVuSans.ttf"; }

void platform_attach(GLFWwindow*, App& app) {
    g_app = &app;
    // Readiness for web/app.js (and the browser tests): main() has set everything up.
    EM_ASM({ if (Module.onAppReady) Module.onAppReady(); });
}

bool platform_pick_files() {
    EM_ASM({ if (Module.openFilePicker) Module.openFilePicker(); });
    return true;
}

void platform_publish_state(const std::string& state) {
    EM_ASM({ if (Module.publishState) Module.publishState(UTF8ToString($0)); }, state.c_str());
}

std::string platform_copy_link(const std::string& state) {
    // web/app.js composes the page's address with this hash and writes it to the clipboard.
    EM_ASM({ if (Module.copyShareLink) Module.copyShareLink(UTF8ToString($0)); }, state.c_str());
    return "a link to this page with #" + state;
}

std::string platform_save_file(const std::string& name, const std::string& mime, std::string_view data) {
    EM_ASM({ Module.saveFile(UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3)); }, name.c_str(), mime.c_str(),
           data.data(), data.size());
    return "Downloaded " + name + " (" + std::to_string(data.size()) + " bytes).";
}

void platform_run_loop(const std::function<bool()>& frame) {
    g_frame = frame;
    emscripten_set_main_loop(
        [] {
            static bool first = true;
            g_frame();
            if (first) {  // for the benchmark: the first frame is on screen
                first = false;
                EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
            }
        },
        0, true);
}

}  // namespace mm::app
