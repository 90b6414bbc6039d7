// torchinfo-unique-layers.md (docs/formats.md, kind 5): the Markdown rendering of the unique-layers
// JSON. It carries class names, qualified names, file paths and child classes, but no instances.
//
//   # TorchInfo Unique Layers
//   ## Non‑PyTorch Modules | ## PyTorch Builtins
//   ### <Class>
//   **class_name**: <short>
//   **class_name_qualified**: <qualified>
//   **filepaths**:            followed by "- <path>" lines
//   **children**: (none)      or followed by "- <qualified>" lines
#include "core/ingest/ingest_util.hpp"

namespace mm::ingest {

Result<bool> parse_unique_layers_md(std::string_view name, std::string_view text, TorchInfoRun& run) {
    const std::vector<std::string_view> lines = split_lines(text);
    bool titled = false;
    std::optional<bool> builtin;
    std::vector<std::string>* list = nullptr;  // the "- item" list being read
    std::vector<TorchInfoClass> classes;
    std::vector<int64_t> starts;  // line of each "### " heading
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        const int64_t lineno = int64_t(i) + 1;
        if (line.size() > kMaxTextChars)
            return line_error(name, lineno, "the line is " + std::to_string(line.size()) + " characters long; ModelMeter reads lines of at most " +
                                                std::to_string(kMaxTextChars) + ".");
        if (line.empty()) continue;
        if (line == "# TorchInfo Unique Layers") {
            titled = true;
            continue;
        }
        if (starts_with(line, "## ")) {
            // "Non‑PyTorch Modules" (with a non-breaking hyphen) or "PyTorch Builtins".
            builtin = line.find("Builtin") != std::string_view::npos;
            list = nullptr;
            continue;
        }
        if (starts_with(line, "### ")) {
            if (classes.size() >= kMaxTorchInfoRows) return line_error(name, lineno, "more than " + std::to_string(kMaxTorchInfoRows) + " classes, the most ModelMeter reads.");
            TorchInfoClass c;
            c.class_name = std::string(trim(line.substr(4)));
            c.is_torch_builtin = builtin;
            classes.push_back(std::move(c));
            starts.push_back(lineno);
            list = nullptr;
            continue;
        }
        if (starts_with(line, "- ")) {
            if (!list) return line_error(name, lineno, "a list item \"- ...\" must follow \"**filepaths**:\" or \"**children**:\".");
            list->emplace_back(trim(line.substr(2)));
            continue;
        }
        if (starts_with(line, "**")) {
            const auto end = line.find("**:", 2);
            if (end == std::string_view::npos)
                return line_error(name, lineno, "expected a field such as \"**class_name**: Linear\".");
            if (classes.empty()) return line_error(name, lineno, "a field appears before the first \"### Class\" heading.");
            const std::string_view key = line.substr(2, end - 2);
            const std::string_view value = trim(line.substr(end + 3));
            TorchInfoClass& c = classes.back();
            list = nullptr;
            if (key == "class_name") {
                if (value.empty()) return line_error(name, lineno, "**class_name** has no value.");
                c.class_name = std::string(value);
            } else if (key == "class_name_qualified") {
                if (value.empty()) return line_error(name, lineno, "**class_name_qualified** has no value.");
                c.class_name_qualified = std::string(value);
            } else if (key == "filepaths") {
                list = &c.filepaths;
            } else if (key == "children") {
                if (!value.empty() && value != "(none)")
                    return line_error(name, lineno, "expected \"**children**:\" followed by a list, or \"**children**: (none)\".");
                list = &c.children;
            } else if (key == "parents") {
                list = &c.parents;
            }
            continue;
        }
        // Other prose is allowed (the exporter may add lines); it is not read.
    }
    if (!titled)
        return make_error(std::string(name) + " has no \"# TorchInfo Unique Layers\" title; expected the exporter's Markdown.", std::string(name));
    for (std::size_t k = 0; k < classes.size(); ++k)
        if (classes[k].class_name_qualified.empty())
            return line_error(name, starts[k], "the class \"" + classes[k].class_name +
                                                   "\" has no \"**class_name_qualified**:\" line.");
    if (classes.empty())
        return make_error(std::string(name) + " lists no \"### Class\" sections.", std::string(name));
    run.classes = std::move(classes);
    return true;
}

}  // namespace mm::ingest
