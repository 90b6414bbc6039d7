#pragma once
#include <string>

namespace mm::app {
class App;
// Reads a file the user named (command line, desktop drop) and hands it to App::open_file; a file that
// cannot be read, or is larger than the app accepts, becomes the app's error message instead.
void open_path(App& app, const std::string& path);
}  // namespace mm::app
