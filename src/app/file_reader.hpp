#pragma once
#include <string>

namespace mm::app {
class Session;
// Reads a file the user named (command line, desktop drop) and hands it to Session::open_file; a file that
// cannot be read, or is larger than the app accepts, becomes the session's error message instead.
void open_path(Session& session, const std::string& path);
}  // namespace mm::app
