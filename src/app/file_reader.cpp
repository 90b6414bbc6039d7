#include "app/file_reader.hpp"

#include <cstdio>
#include <string>

#include "app/app.hpp"

namespace mm::app {

void open_path(App& app, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        app.report_error("Could not open " + path + ": the file does not exist or is not readable.");
        return;
    }
    std::string text;
    char buf[65536];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (text.size() + n > App::kMaxInputBytes) {
            std::fclose(f);
            app.report_error(path + " is larger than " + std::to_string(App::kMaxInputBytes >> 20) +
                             " MiB, the most ModelMeter reads; no TorchInfo artifact is that large.");
            return;
        }
        text.append(buf, n);
    }
    const bool failed = std::ferror(f) != 0;  // e.g. a folder: fopen succeeds, reading does not
    std::fclose(f);
    if (failed) {
        app.report_error("Could not read " + path + ": it is a folder or not a readable file.");
        return;
    }
    const auto slash = path.find_last_of('/');
    app.open_file(slash == std::string::npos ? path : path.substr(slash + 1), text);
}

}  // namespace mm::app
