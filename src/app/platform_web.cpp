// Web: GLFW over WebGL 2 (Emscripten's library_glfw.js); the browser drives the loop. Incoming files,
// resizes and the URL arrive from web/app.js through src/web/bindings.cpp, which reaches the app here.
#include <emscripten.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/platform.hpp"

namespace mm::app {
namespace {
App* g_app = nullptr;  // the page's one app; the browser loop never returns to main()
std::function<bool()> g_frame;
// Render on demand: a frame is drawn only while frames are owed. Input (web/app.js calls wake() for
// every mouse, wheel, key, touch, focus and resize event) and every entry point of the bindings owe a
// few: ImGui settles hover, clicks and layout over two or three frames. An idle page draws nothing.
constexpr int kFramesAfterWake = 4;
int g_frames_owed = 8;  // the first frames: fonts, the colour map, the first layout
int g_frames_drawn = 0;
// With nothing owed the browser's animation-frame loop itself is paused: an empty callback 60 times a
// second still cost about 3 % of a core (the page bench's idle CPU), now about 0.1 %. A wake resumes it.
bool g_loop_paused = false;
// platform_deflate's requests waiting for the browser's CompressionStream: the caller, by request
// number, and the streams answered so far.
struct Deflating {
    int id;
    std::function<void(std::vector<std::string>)> done;
    std::vector<std::string> streams;
};
std::vector<Deflating> g_deflating;
int g_deflate_requests = 0;
Deflating* deflating(int id) {
    const auto it = std::find_if(g_deflating.begin(), g_deflating.end(), [id](const Deflating& d) { return d.id == id; });
    return it == g_deflating.end() ? nullptr : &*it;
}
}  // namespace

App* web_app() { return g_app; }

void web_wake() {
    g_frames_owed = std::max(g_frames_owed, kFramesAfterWake);
    if (g_loop_paused) {
        g_loop_paused = false;
        emscripten_resume_main_loop();
    }
}
int web_frames_drawn() { return g_frames_drawn; }

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

void platform_copy_text(const std::string& text) {
    EM_ASM({ if (Module.copyText) Module.copyText(UTF8ToString($0)); }, text.c_str());
}

std::string platform_save_file(const std::string& name, const std::string& mime, std::string_view data) {
    EM_ASM({ Module.saveFile(UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3)); }, name.c_str(), mime.c_str(),
           data.data(), data.size());
    return "Downloaded " + name + " (" + std::to_string(data.size()) + " bytes).";
}

void platform_deflate(std::vector<std::string> inputs, std::function<void(std::vector<std::string>)> done) {
    const int id = ++g_deflate_requests;
    g_deflating.push_back({id, std::move(done), {}});
    // Each input's address and size, for web/app.js to copy out of the heap before anything else runs.
    std::vector<std::uint32_t> spans;
    for (const auto& in : inputs) {
        spans.push_back(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(in.data())));
        spans.push_back(static_cast<std::uint32_t>(in.size()));
    }
    EM_ASM(
        {
            const parts = [];
            for (let i = 0; i < $2; ++i) {
                const at = HEAPU32[($1 >> 2) + 2 * i];  // no top-level commas: EM_ASM is a macro
                const size = HEAPU32[($1 >> 2) + 2 * i + 1];
                parts.push(HEAPU8.slice(at, at + size));
            }
            Module.deflateParts($0, parts);
        },
        id, spans.data(), static_cast<int>(inputs.size()));
}

void web_deflated_part(int id, std::string stream) {
    if (Deflating* d = deflating(id)) d->streams.push_back(std::move(stream));
}

void web_deflated_end(int id) {
    Deflating* d = deflating(id);
    if (!d) return;  // not ours (or answered already): nothing waits for it
    auto done = std::move(d->done);
    auto streams = std::move(d->streams);
    g_deflating.erase(g_deflating.begin() + (d - g_deflating.data()));
    done(std::move(streams));
}

void platform_run_loop(const std::function<bool()>& frame) {
    g_frame = frame;
    emscripten_set_main_loop(
        [] {
            static bool first = true;
            // A text field keeps the frames coming while it has focus (its cursor blinks), and an
            // export captures the next frame drawn.
            const bool busy = g_app && (g_app->wants_text_input() || g_app->capture_requested());
            if (g_frames_owed <= 0 && !busy) {
                g_loop_paused = true;
                emscripten_pause_main_loop();
                return;
            }
            if (g_frames_owed > 0) --g_frames_owed;
            ++g_frames_drawn;
            g_frame();
            if (first) {  // for the benchmark: the first frame is on screen
                first = false;
                EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
            }
        },
        0, true);
}

}  // namespace mm::app
