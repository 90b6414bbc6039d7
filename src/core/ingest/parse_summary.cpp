// torchinfo-summary.txt: TorchInfo's printed table (docs/formats.md, kind 4). The same format is
// printed for any PyTorch model, so this parser assumes nothing about DeepSeek-OCR:
//
//   ====...
//   Layer (type (var_name):depth-idx)   Input Shape   Output Shape   Param #   Kernel Shape   Mult-Adds
//   ====...
//   Net (Net)                           [1, 3, 32, 32] [1, 10]       --        --             --
//   ├─Conv2d (conv1): 1-1               ...
//   │    └─ReLU (act): 2-1              ...
//   ====...
//   Total params: 62,006
//   ...
//
// Columns are found from the header titles; a row's cells are read by structure ("[...]" groups,
// "--", "(recursive)", numbers), not by character position, because TorchInfo lets a long cell push
// the following ones to the right.
#include <algorithm>
#include <array>

#include "core/ingest/ingest_util.hpp"

namespace mm::ingest {
namespace {

enum class Column { input_shape, output_shape, params, params_percent, kernel_shape, mult_adds, trainable, other };

Column column_of(std::string_view title) {
    if (title == "Input Shape") return Column::input_shape;
    if (title == "Output Shape") return Column::output_shape;
    if (title == "Param #") return Column::params;
    if (title == "Param %") return Column::params_percent;
    if (title == "Kernel Shape") return Column::kernel_shape;
    if (title == "Mult-Adds") return Column::mult_adds;
    if (title == "Trainable") return Column::trainable;
    return Column::other;
}

// Splits a header line on runs of two or more spaces.
std::vector<std::string_view> split_wide(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) break;
        std::size_t j = i;
        while (j < s.size() && !(s[j] == ' ' && j + 1 < s.size() && s[j + 1] == ' ') && !(s[j] == ' ' && j + 1 == s.size())) ++j;
        out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// Code points in s (TorchInfo pads its columns in characters, and the tree drawing is multi-byte).
std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Cells after the layer column: "[...]" groups (nested), or runs of non-space characters.
bool split_cells(std::string_view s, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (i >= s.size()) break;
        std::size_t j = i;
        if (s[i] == '[') {
            int depth = 0;
            for (; j < s.size(); ++j) {
                if (s[j] == '[') ++depth;
                if (s[j] == ']' && --depth == 0) break;
            }
            if (j >= s.size()) return false;
            ++j;
        } else {
            while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
        }
        cells.push_back(s.substr(i, j - i));
        if (cells.size() > 32) return false;
        i = j;
    }
    return true;
}

// TorchInfo prints a row as f"{name:<W} " then f"{cell:<25} " per column, and strips the line's end,
// so a long name or cell pushes the following cells right and an empty cell is only spaces. When a
// row's cells do not match the header's columns one for one, they are placed by that rule: cell k
// starts where the previous one (padded to its column width) ended. `starts` are the header titles'
// starts in code points, `name_end` where the layer name ends. Empty columns become "".
bool place_cells(std::string_view line, std::size_t name_end, const std::vector<std::size_t>& starts,
                 const std::vector<std::string_view>& tokens, std::vector<std::string_view>& cells) {
    const std::size_t n = starts.size();
    if (n < 2 || tokens.size() > n) return false;
    cells.assign(n, std::string_view());
    std::size_t expect = std::max(starts[0], name_end + 1), k = 0;
    for (std::string_view t : tokens) {
        const std::size_t at = code_points(line.substr(0, std::size_t(t.data() - line.data())));
        if (at < expect) return false;  // earlier than the layout allows: not TorchInfo's padding
        while (k < n) {
            const std::size_t width = k + 1 < n ? starts[k + 1] - starts[k] : starts[k] - starts[k - 1];
            if (at < expect + width) break;
            expect += width;  // column k is empty
            ++k;
        }
        if (k >= n) return false;
        cells[k] = t;
        const std::size_t width = k + 1 < n ? starts[k + 1] - starts[k] : starts[k] - starts[k - 1];
        expect = std::max(expect + width, at + code_points(t) + 1);
        ++k;
    }
    return true;
}

// Cells placed by position must look like their columns (a shape only under a shape column, "--" or a
// shape under Input/Output Shape); otherwise the row lost a cell, and that is what the sentence says.
bool cells_fit(const std::vector<Column>& cols, const std::vector<std::string_view>& cells) {
    for (std::size_t c = 0; c < cols.size() && c < cells.size(); ++c) {
        const std::string_view cell = cells[c];
        if (cell.empty()) continue;
        const bool shape = cell.front() == '[';
        switch (cols[c]) {
            case Column::input_shape:
            case Column::output_shape:
                if (!shape && cell != "--") return false;
                break;
            case Column::kernel_shape:
            case Column::other: break;
            default:
                if (shape) return false;
        }
    }
    return true;
}

// A parameter row of TorchInfo's verbose mode, printed under its module: "└─weight_ih_l0" with the
// parameter's count drawn as "├─1,840,000" (or "└─...") and its shape in the Kernel Shape column. Its
// count is already in the module's row, so it is no row of its own.
bool is_parameter_row(std::string_view name, const std::vector<std::string_view>& tokens) {
    if (name.find('(') != std::string_view::npos || name.find(':') != std::string_view::npos) return false;
    for (std::string_view t : tokens)
        if (starts_with(t, "\xE2\x94\x9C\xE2\x94\x80") || starts_with(t, "\xE2\x94\x94\xE2\x94\x80"))
            return parse_count(t.substr(6)).has_value();
    return false;
}

bool is_rule(std::string_view line) {
    line = trim(line);
    return line.size() >= 10 && line.find_first_not_of('=') == std::string_view::npos;
}

// Consumes the tree drawing at the start of a row and returns the depth it draws.
int tree_depth(std::string_view& s) {
    static constexpr std::array<std::string_view, 3> kIndent = {"\xE2\x94\x82    ", "|    ", "     "};  // "│    "
    // "├─", "└─"; "+ " is row_settings=("ascii_only",) (torchinfo's tests/test_output/ascii_only.out)
    static constexpr std::array<std::string_view, 5> kBranch = {"\xE2\x94\x9C\xE2\x94\x80", "\xE2\x94\x94\xE2\x94\x80",
                                                                "|--", "`--", "+ "};
    int depth = 0;
    while (true) {
        bool matched = false;
        for (std::string_view p : kIndent)
            if (starts_with(s, p)) {
                s.remove_prefix(p.size());
                ++depth;
                matched = true;
                break;
            }
        if (!matched) break;
    }
    for (std::string_view p : kBranch)
        if (starts_with(s, p)) {
            s.remove_prefix(p.size());
            return depth + 1;
        }
    return depth == 0 ? 0 : -1;  // indentation without a branch is not a row
}

// "M", "m" (torchinfo's units as letters, either case) or "Units.MEGABYTES" (torchinfo 1.8.0 on
// Python 3.11 prints the enum itself; the numbers are counts, not bytes).
double unit_scale(std::string_view unit) {
    if (unit == "K" || unit == "k" || unit == "Units.KILOBYTES") return 1e3;
    if (unit == "M" || unit == "m" || unit == "Units.MEGABYTES") return 1e6;
    if (unit == "G" || unit == "g" || unit == "Units.GIGABYTES") return 1e9;
    if (unit == "T" || unit == "t" || unit == "Units.TERABYTES") return 1e12;
    if (unit.empty() || unit == "Units.NONE") return 1;
    return 0;
}

struct Footer {
    TorchInfoFooter f;
    bool any = false;
};

// A footer line "Key: value"; unknown keys are ignored (TorchInfo versions add lines).
std::optional<Diagnostic> read_footer_line(std::string_view name, int64_t lineno, std::string_view line, Footer& out) {
    const auto colon = line.rfind(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view key = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 2));
    auto count = [&](std::optional<int64_t>& dst) -> std::optional<Diagnostic> {
        auto v = parse_count(value);
        if (!v) return line_error(name, lineno, "\"" + std::string(key) + "\" must be a whole number such as 3,170,627,840, not \"" + std::string(value) + "\".");
        dst = *v;
        out.any = true;
        return std::nullopt;
    };
    auto megabytes = [&](std::optional<double>& dst) -> std::optional<Diagnostic> {
        auto v = parse_decimal(value);
        if (!v || *v < 0) return line_error(name, lineno, "\"" + std::string(key) + "\" must be a non-negative number of MB, not \"" + std::string(value) + "\".");
        dst = *v * 1e6;
        return std::nullopt;
    };
    if (key == "Total params") return count(out.f.total_params);
    if (key == "Trainable params") return count(out.f.trainable_params);
    if (key == "Non-trainable params") return count(out.f.non_trainable_params);
    if (starts_with(key, "Total mult-adds")) {
        std::string_view unit;
        const auto open = key.find('(');
        if (open != std::string_view::npos) {
            const auto close = key.find(')', open);
            if (close == std::string_view::npos) return line_error(name, lineno, "the mult-adds unit must be closed by ')'.");
            unit = key.substr(open + 1, close - open - 1);
        }
        const double scale = unit_scale(unit);
        auto v = parse_decimal(value);
        if (scale == 0 || !v || *v < 0)
            return line_error(name, lineno, "expected \"Total mult-adds (G): 184.27\" with a unit K, M, G or T, not \"" + std::string(line) + "\".");
        out.f.total_mult_adds = *v * scale;
        out.f.mult_adds_unit = std::string(unit);
        return std::nullopt;
    }
    if (key == "Input size (MB)") return megabytes(out.f.input_size_bytes);
    if (key == "Forward/backward pass size (MB)") return megabytes(out.f.forward_backward_bytes);
    if (key == "Params size (MB)") return megabytes(out.f.params_size_bytes);
    if (key == "Estimated Total Size (MB)") return megabytes(out.f.estimated_total_bytes);
    return std::nullopt;
}

}  // namespace

Result<bool> parse_summary_text(std::string_view name, std::string_view text, TorchInfoRun& run) {
    const std::vector<std::string_view> lines = split_lines(text);
    std::size_t header = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (starts_with(trim(lines[i]), "Layer (type")) {
            header = i;
            break;
        }
    if (header == lines.size())
        return make_error(std::string(name) + " has no \"Layer (type ...)\" header line; expected TorchInfo's printed summary.", std::string(name));

    // Header: the layer title, then the column titles.
    const std::vector<std::string_view> titles = split_wide(lines[header]);
    const std::string_view layer_title = titles.empty() ? std::string_view() : titles[0];
    const bool has_var_names = layer_title.find("var_name") != std::string_view::npos;
    std::vector<Column> cols;
    std::vector<std::size_t> starts;  // where each column title starts, in code points
    for (std::size_t i = 1; i < titles.size(); ++i) {
        cols.push_back(column_of(titles[i]));
        run.columns.emplace_back(titles[i]);
        starts.push_back(code_points(lines[header].substr(0, std::size_t(titles[i].data() - lines[header].data()))));
    }

    std::size_t i = header + 1;
    if (i < lines.size() && is_rule(lines[i])) ++i;
    std::vector<std::string> path;  // var_names of the open ancestors, by depth
    std::vector<std::string_view> cells, tokens;
    std::vector<TorchInfoRow> rows;
    int prev_depth = -1;
    for (; i < lines.size(); ++i) {
        const std::string_view raw = lines[i];
        if (is_rule(raw)) break;
        if (trim(raw).empty()) continue;
        const int64_t lineno = int64_t(i) + 1;
        if (raw.size() > kMaxTextChars)
            return line_error(name, lineno, "the line is " + std::to_string(raw.size()) + " characters long; a table row has at most " +
                                                std::to_string(kMaxTextChars) + ".");
        if (rows.size() >= kMaxTorchInfoRows)
            return line_error(name, lineno, "the table has more than " + std::to_string(kMaxTorchInfoRows) + " rows, the most ModelMeter reads.");
        std::string_view s = raw;
        const int depth = tree_depth(s);
        if (depth < 0)
            return line_error(name, lineno, "expected a table row drawn with \"├─\", \"└─\" or \"+ \" after the indentation.");
        if (depth > 0) {
            const std::string_view first = s.substr(0, std::min(s.find(' '), s.size()));
            if (split_cells(s.substr(first.size()), tokens) && is_parameter_row(first, tokens)) continue;
        }
        if (depth > prev_depth + 1)
            return line_error(name, lineno, "the row is nested " + std::to_string(depth) + " levels deep right after a row at depth " +
                                                std::to_string(prev_depth < 0 ? 0 : prev_depth) + "; expected at most one level deeper.");
        TorchInfoRow row;
        row.file = std::string(name);
        row.line = lineno;
        row.depth = depth;
        // Class name, then " (var_name)", then ": d-i".
        std::size_t j = 0;
        while (j < s.size() && s[j] != ' ' && s[j] != ':') ++j;
        if (j == 0) return line_error(name, lineno, "expected a module class name at the start of the row.");
        row.class_name = std::string(s.substr(0, j));
        s.remove_prefix(j);
        if (starts_with(s, " (")) {
            int paren = 0;
            std::size_t k = 1;
            for (; k < s.size(); ++k) {
                if (s[k] == '(') ++paren;
                if (s[k] == ')' && --paren == 0) break;
            }
            if (k >= s.size()) return line_error(name, lineno, "the \"(var_name)\" after the class name is not closed by ')'.");
            row.var_name = std::string(s.substr(2, k - 2));
            s.remove_prefix(k + 1);
        } else if (has_var_names && depth > 0) {
            return line_error(name, lineno, "expected \"" + row.class_name + " (var_name)\": the header announces var_name.");
        }
        if (starts_with(s, ": ")) {
            s.remove_prefix(2);
            std::size_t k = 0;
            while (k < s.size() && ((s[k] >= '0' && s[k] <= '9') || s[k] == '-')) ++k;
            row.depth_index = std::string(s.substr(0, k));
            // "2-1", or "2" alone: TorchInfo prints the depth without an index for a module it did not number.
            const auto dash = row.depth_index.find('-');
            auto d = parse_count(std::string_view(row.depth_index).substr(0, dash));
            if (!d || (dash != std::string::npos && (dash + 1 >= row.depth_index.size() || !parse_count(std::string_view(row.depth_index).substr(dash + 1)))))
                return line_error(name, lineno, "expected a depth-index such as \"2-1\" after \": \", not \"" + std::string(s.substr(0, k + 8)) + "\".");
            if (*d != depth)
                return line_error(name, lineno, "the depth-index " + row.depth_index + " says depth " + std::to_string(*d) +
                                                    " but the tree drawing says " + std::to_string(depth) + ".");
            s.remove_prefix(k);
        }
        // A row without ": depth-idx" under a header that announces it is read too: the tree drawing gives the depth.
        if (!s.empty() && s.front() != ' ')
            return line_error(name, lineno, "expected spaces after the layer name, not \"" + std::string(s.substr(0, 16)) + "\".");
        if (!split_cells(s, tokens))
            return line_error(name, lineno, "a shape cell opened with '[' is not closed by ']'.");
        if (tokens.size() == cols.size()) {
            cells = tokens;
        } else if (!place_cells(raw, code_points(raw.substr(0, raw.size() - s.size())), starts, tokens, cells) ||
                   !cells_fit(cols, cells)) {
            return line_error(name, lineno, "expected " + std::to_string(cols.size()) + " cells after the layer name (" +
                                                std::to_string(cols.size()) + " columns in the header), found " +
                                                std::to_string(tokens.size()) + ".");
        }
        std::optional<int64_t> kernel_side;  // an integer Kernel Shape such as "3"
        for (std::size_t c = 0; c < cols.size(); ++c) {
            const std::string_view cell = cells[c];
            if (cell.empty()) continue;  // an empty column (placed by position): nothing recorded
            std::string why;
            switch (cols[c]) {
                case Column::input_shape:
                case Column::output_shape: {
                    auto& dst = cols[c] == Column::input_shape ? row.input_shapes : row.output_shapes;
                    if (!parse_shapes(cell, dst, why))
                        return line_error(name, lineno, "the " + run.columns[c] + " cell \"" + std::string(cell) + "\" is not a shape: expected " + why + ".");
                    break;
                }
                case Column::kernel_shape: {
                    if (cell.front() != '[' && cell != "--") {
                        // torchinfo prints an integer kernel_size (MaxPool2d(3)) as "3": that size along every spatial dimension.
                        kernel_side = parse_count(cell);
                        if (kernel_side && *kernel_side <= kMaxShapeElements) break;
                    }
                    std::vector<Shape> k;
                    if (!parse_shapes(cell, k, why) || k.size() > 1)
                        return line_error(name, lineno, "the Kernel Shape cell \"" + std::string(cell) + "\" is not a kernel shape: expected " +
                                                            (why.empty() ? std::string("one shape") : why) + ".");
                    if (!k.empty()) row.kernel = k[0];
                    break;
                }
                case Column::params: {
                    if (cell == "(recursive)") {
                        row.is_recursive = true;
                    } else if (cell != "--") {
                        // "(9,408)": parameters that are not trainable (frozen), counted all the same.
                        const bool frozen = cell.size() > 2 && cell.front() == '(' && cell.back() == ')';
                        auto v = parse_count(frozen ? cell.substr(1, cell.size() - 2) : cell);
                        if (!v)
                            return line_error(name, lineno, "the Param # cell \"" + std::string(cell) +
                                                                "\" must be a count such as 590,592, \"--\" or \"(recursive)\".");
                        row.params = *v;
                    }
                    break;
                }
                case Column::mult_adds: {
                    if (cell != "--") {
                        auto v = parse_count(cell);
                        if (!v)
                            return line_error(name, lineno, "the Mult-Adds cell \"" + std::string(cell) + "\" must be a count such as 3,779,788,800 or \"--\".");
                        row.mult_adds = *v;
                    }
                    break;
                }
                default: break;
            }
        }
        if (kernel_side) {
            // Spatial dimensions: the input's (else the output's) rank less batch and channels, at least one.
            const std::vector<Shape>& ref = !row.input_shapes.empty() ? row.input_shapes : row.output_shapes;
            const std::size_t rank = ref.empty() ? 0 : ref[0].size();
            row.kernel.assign(rank > 2 ? std::min<std::size_t>(rank - 2, kMaxShapeRank) : 1, *kernel_side);
        }
        // Instance name: the var_names of the ancestors below the root, joined by dots.
        path.resize(std::size_t(depth));
        if (depth > 0) path[std::size_t(depth) - 1] = row.var_name;
        row.named = has_var_names || !row.var_name.empty();
        if (row.named) {
            for (int d = 0; d < depth; ++d) {
                if (d) row.instance_name += '.';
                row.instance_name += path[std::size_t(d)];
            }
        } else {
            row.instance_name = row.class_name + (row.depth_index.empty() ? std::string() : ": " + row.depth_index);
        }
        prev_depth = depth;
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        return make_error(std::string(name) + " has a \"Layer (type ...)\" header but no table rows below it.", std::string(name));
    if (i >= lines.size())
        return make_error(std::string(name) + " ends inside the table: expected a line of '=' and the \"Total params\" footer (is the file truncated?).",
                          std::string(name));

    Footer footer;
    for (++i; i < lines.size(); ++i) {
        if (is_rule(lines[i]) || trim(lines[i]).empty()) continue;
        // Several summaries printed one after another (torchinfo's own test outputs): the first, with
        // its own footer, is read, and a note says so.
        if (starts_with(trim(lines[i]), "Layer (type")) {
            std::size_t more = 0;
            for (std::size_t k = i; k < lines.size(); ++k) more += starts_with(trim(lines[k]), "Layer (type");
            run.notes.push_back(std::string(name) + " holds " + std::to_string(more + 1) +
                                " summaries one after another; the first (lines " + std::to_string(header + 1) + " to " + std::to_string(i) +
                                ") is read.");
            break;
        }
        if (auto e = read_footer_line(name, int64_t(i) + 1, lines[i], footer)) return *e;
    }
    if (!footer.f.total_params)
        return make_error(std::string(name) + " has no \"Total params: N\" line after the table (is the file truncated?).", std::string(name));

    for (std::size_t r = 0; r + 1 < rows.size(); ++r) rows[r].shows_children = rows[r + 1].depth > rows[r].depth;
    int max_depth = 0;
    for (const TorchInfoRow& r : rows) max_depth = std::max(max_depth, r.depth);
    run.print_depth = max_depth;
    run.rows = std::move(rows);
    run.footer = footer.f;
    return true;
}

}  // namespace mm::ingest
