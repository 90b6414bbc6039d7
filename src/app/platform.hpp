#pragma once
// The only seam between desktop and web. platform_native.cpp and platform_web.cpp each implement
// these functions; CMake compiles exactly one of them. Nothing else in src/app knows which it is.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct GLFWwindow;

namespace mm::app {

class App;

struct GlSetup {
    int major = 3;
    int minor = 0;
    bool es = false;          // OpenGL ES (WebGL 2) rather than desktop OpenGL
    const char* glsl = "";    // version line for ImGui's backend and for shaders/ (e.g. "#version 130")
};
GlSetup platform_gl_setup();

// Where the UI font lives: a Debian font file natively, its preloaded copy in the page's file system.
std::string platform_font_path();

// Called once the window, GL and ImGui are up and the app exists: wires incoming files, resize and the
// test hooks to the app, and announces readiness.
void platform_attach(GLFWwindow* window, App& app);

// Asks the user for files (the page's <input type=file>); false where the platform has no picker
// (the desktop takes files by drop and on the command line).
bool platform_pick_files();

// The share link changed: the page puts it in its URL hash (without adding history entries).
void platform_publish_state(const std::string& state);

// Copies a link reproducing `state` to the clipboard; returns what was copied, for the message.
std::string platform_copy_link(const std::string& state);

// Copies text (a table row, a number) to the clipboard.
void platform_copy_text(const std::string& text);

// Hands a file to the user: a browser download on the web, a file in the working directory on the
// desktop. Returns a sentence saying where it went, for the app's message line.
std::string platform_save_file(const std::string& name, const std::string& mime, std::string_view data);

// Raw DEFLATE (RFC 1951) of each input, handed to `done` in the inputs' order; an input the platform
// could not compress comes back empty (the caller stores it). Natively zlib, before this returns; on the
// web the browser's CompressionStream('deflate-raw'), so `done` runs later, from the browser's event
// loop. The exports' containers (zip_writer, png_writer) are laid out once, around these streams.
void platform_deflate(std::vector<std::string> inputs, std::function<void(std::vector<std::string>)> done);

// Runs `frame` until it returns false (desktop) or forever (web, where the browser drives the loop).
void platform_run_loop(const std::function<bool()>& frame);

}  // namespace mm::app
