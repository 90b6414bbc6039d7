#include "app/file_reader.hpp"

#include <cstdio>
#include <string>

#include "app/session.hpp"

namespace mm::app {

void open_path(Session& session, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        session.report_error("Could not open " + path + ": the file does not exist or is not readable.");
        return;
    }
    std::string text;
    char buf[65536];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (text.size() + n > Session::kMaxInputBytes) {
            std::fclose(f);
            session.report_error(path + " is larger than " + std::to_string(Session::kMaxInputBytes >> 20) +
                             " MiB, the most ModelMeter reads; no TorchInfo artifact is that large.");
            return;
        }
        text.append(buf, n);
    }
    const bool failed = std::ferror(f) != 0;  // e.g. a folder: fopen succeeds, reading does not
    std::fclose(f);
    if (failed) {
        session.report_error("Could not read " + path + ": it is a folder or not a readable file.");
        return;
    }
    const auto slash = path.find_last_of('/');
    session.open_file(slash == std::string::npos ? path : path.substr(slash + 1), text);
}

}  // namespace mm::app
