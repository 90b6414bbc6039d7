// Loading the artifacts of one TorchInfo run together: detect each kind from its content, parse it,
// merge what the files say (header fields, rows, classes) and report where they disagree.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/ingest/ingest_util.hpp"

namespace mm {

bool TorchInfoRun::has(ArtifactKind kind) const {
    return std::any_of(sources.begin(), sources.end(), [&](const TorchInfoSource& s) { return s.kind == kind; });
}

std::string TorchInfoRun::root_class() const {
    for (const TorchInfoRow& r : rows)
        if (r.depth == 0) return r.class_name;
    for (const TorchInfoClass& c : classes)
        for (const std::string& i : c.instance_names)
            if (i.empty()) return c.class_name;
    return {};
}

namespace {

using namespace ingest;

template <class T>
std::string show(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
    else if constexpr (std::is_same_v<T, std::string>) return "\"" + v + "\"";
    else return std::to_string(v);
}

// Copies fields `b` has into `a`; a field both have with different values becomes a note.
void merge_header(TorchInfoHeader& a, std::string& a_from, const TorchInfoHeader& b, std::string_view b_from,
                  std::vector<std::string>& notes) {
    auto field = [&](auto& mine, const auto& theirs, const char* key) {
        using V = std::decay_t<decltype(mine)>;
        if constexpr (std::is_same_v<V, std::string>) {
            if (theirs.empty()) return;
            if (mine.empty()) mine = theirs;
            else if (mine != theirs)
                notes.push_back(std::string("The header field ") + key + " disagrees: " + a_from + " says " + show(mine) + ", " +
                                std::string(b_from) + " says " + show(theirs) + "; the first was kept.");
        } else {
            if (!theirs) return;
            if (!mine) mine = theirs;
            else if (*mine != *theirs)
                notes.push_back(std::string("The header field ") + key + " disagrees: " + a_from + " says " + show(*mine) + ", " +
                                std::string(b_from) + " says " + show(*theirs) + "; the first was kept.");
        }
    };
    // generated_at differs between exports of one run by seconds; it is not compared.
    if (a.generated_at.empty()) a.generated_at = b.generated_at;
    field(a.model_path, b.model_path, "model_path");
    field(a.device, b.device, "device");
    field(a.base_size, b.base_size, "base_size");
    field(a.image_size, b.image_size, "image_size");
    field(a.seq_len, b.seq_len, "seq_len");
    field(a.crop_mode, b.crop_mode, "crop_mode");
    field(a.depth, b.depth, "depth");
    field(a.total_params, b.total_params, "total_params");
    field(a.total_macs, b.total_macs, "total_macs");
    if (a_from.empty()) a_from = std::string(b_from);
}

// UTF-8 text (a BOM allowed) whose first non-space character opens a JSON value, within the size
// bound; everything else goes through identify_artifact first.
bool looks_like_json(std::string_view text) {
    if (text.size() > kMaxArtifactBytes) return false;
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '{' || text[first] == '[') &&
           text.find('\0') == std::string_view::npos;
}

std::string describe(const TorchInfoRun& part, ArtifactKind kind) {
    switch (kind) {
        case ArtifactKind::summary_text:
            return std::to_string(part.rows.size()) + " rows to depth " + std::to_string(part.print_depth) + ", " +
                   std::to_string(part.columns.size()) + " columns";
        case ArtifactKind::layers_json:
            return std::to_string(part.rows.size()) + " layer rows to depth " + std::to_string(part.print_depth);
        case ArtifactKind::unique_layers_json:
        case ArtifactKind::unique_layers_md: return std::to_string(part.classes.size()) + " module classes";
        case ArtifactKind::stages_json: return std::to_string(part.stages.size()) + " stages";
    }
    return {};
}

}  // namespace

Result<TorchInfoRun> parse_torchinfo(std::span<const TextFile> files) {
    if (files.empty()) return make_error("No TorchInfo artifact was given.");
    if (files.size() > 16) return make_error("At most 16 TorchInfo artifacts can be loaded together; " + std::to_string(files.size()) + " were given.");
    TorchInfoRun run;
    std::string header_from;
    std::optional<TorchInfoRun> summary_part, layers_part, unique_json_part, unique_md_part;
    for (const TextFile& f : files) {
        const std::string name(f.path.empty() ? std::string_view("the input") : f.path);
        TorchInfoRun part;
        ArtifactKind kind;
        if (looks_like_json(f.text)) {
            // JSON: detected and read in one pass (the 205 KB unique-layers file is the common case).
            auto k = parse_json_artifact(name, f.text, part);
            if (!k.ok()) return k.error();
            kind = k.value();
        } else {
            const ArtifactCheck check = identify_artifact(name, f.text);
            if (!check.identity) return make_error(check.error, name);
            kind = check.identity->kind;
            if (kind != ArtifactKind::summary_text && kind != ArtifactKind::unique_layers_md)
                return make_error(name + " was recognised as JSON but does not start like JSON.", name);
            Result<bool> ok = kind == ArtifactKind::summary_text ? parse_summary_text(name, f.text, part)
                                                                 : parse_unique_layers_md(name, f.text, part);
            if (!ok.ok()) return ok.error();
        }
        for (const TorchInfoSource& s : run.sources)
            if (s.kind == kind)
                return make_error(s.name + " and " + name + " are both " + std::string(artifact_kind_name(kind)) +
                                      "; load one file of each kind for a run.", name);
        run.sources.push_back({name, kind, describe(part, kind)});
        if (kind != ArtifactKind::summary_text && kind != ArtifactKind::unique_layers_md)
            merge_header(run.header, header_from, part.header, name, run.notes);
        for (std::string& n : part.notes) run.notes.push_back(std::move(n));
        part.notes.clear();
        switch (kind) {
            case ArtifactKind::summary_text: summary_part = std::move(part); break;
            case ArtifactKind::layers_json: layers_part = std::move(part); break;
            case ArtifactKind::unique_layers_json: unique_json_part = std::move(part); break;
            case ArtifactKind::unique_layers_md: unique_md_part = std::move(part); break;
            case ArtifactKind::stages_json: run.stages = std::move(part.stages); break;
        }
    }

    // Rows: the layers JSON is the richer record; the summary adds its footer and column titles.
    if (layers_part) {
        run.rows = std::move(layers_part->rows);
        run.print_depth = layers_part->print_depth;
    }
    if (summary_part) {
        run.footer = summary_part->footer;
        run.columns = summary_part->columns;
        if (run.rows.empty()) {
            run.rows = std::move(summary_part->rows);
            run.print_depth = summary_part->print_depth;
        } else {
            // Both: compare the parameter totals each gives to the same instances.
            std::unordered_map<std::string, int64_t> printed;
            for (const TorchInfoRow& r : summary_part->rows)
                if (!r.is_recursive && !r.shows_children && r.named) printed.emplace(r.instance_name, r.params);
            int disagreements = 0;
            std::string first;
            for (const TorchInfoRow& r : run.rows) {
                auto it = printed.find(r.instance_name);
                if (it == printed.end() || r.is_recursive || !r.params_subtree) continue;
                if (it->second != *r.params_subtree && ++disagreements == 1)
                    first = r.instance_name + " (" + with_commas(it->second) + " vs " + with_commas(*r.params_subtree) + ")";
            }
            if (disagreements)
                run.notes.push_back("The summary and the layers JSON disagree on the parameters of " + std::to_string(disagreements) +
                                    " modules, first " + first + "; the layers JSON was used.");
        }
    }

    // Classes: the JSON carries instances; the Markdown only names and children.
    if (unique_json_part) {
        run.classes = std::move(unique_json_part->classes);
        if (unique_md_part) {
            std::vector<std::string> a, b;
            for (const auto& c : run.classes) a.push_back(c.class_name_qualified);
            for (const auto& c : unique_md_part->classes) b.push_back(c.class_name_qualified);
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (a != b)
                run.notes.push_back("The unique-layers JSON lists " + std::to_string(a.size()) + " classes and the Markdown " +
                                    std::to_string(b.size()) + ", not the same ones; the JSON was used.");
        }
    } else if (unique_md_part) {
        run.classes = std::move(unique_md_part->classes);
    }
    std::sort(run.classes.begin(), run.classes.end(),
              [](const TorchInfoClass& x, const TorchInfoClass& y) { return x.class_name_qualified < y.class_name_qualified; });

    // Qualified class names for the rows, by instance name.
    if (!run.classes.empty() && !run.rows.empty()) {
        std::unordered_map<std::string, const TorchInfoClass*> by_instance;
        std::unordered_map<std::string, const TorchInfoClass*> by_short;
        std::unordered_map<std::string, int> short_count;
        for (const TorchInfoClass& c : run.classes) {
            for (const std::string& i : c.instance_names) by_instance.emplace(i, &c);
            by_short.emplace(c.class_name, &c);
            ++short_count[c.class_name];
        }
        int mismatched = 0;
        for (TorchInfoRow& r : run.rows) {
            if (!r.class_name_qualified.empty()) continue;
            if (r.named) {
                auto it = by_instance.find(r.instance_name);
                if (it != by_instance.end()) {
                    if (it->second->class_name == r.class_name) r.class_name_qualified = it->second->class_name_qualified;
                    else ++mismatched;
                    continue;
                }
            }
            if (short_count[r.class_name] == 1) r.class_name_qualified = by_short[r.class_name]->class_name_qualified;
        }
        if (mismatched)
            run.notes.push_back(std::to_string(mismatched) + " rows name an instance the unique-layers file gives another class; "
                                "are the files from the same run?");
    }

    // The summary's footer against the JSON header.
    if (run.footer && run.footer->total_params && run.header.total_params && *run.footer->total_params != *run.header.total_params)
        run.notes.push_back("The summary's Total params " + with_commas(*run.footer->total_params) + " disagrees with total_params " +
                            with_commas(*run.header.total_params) + " of the JSON header; are the files from the same run?");
    if (run.footer && run.footer->total_mult_adds && run.header.total_macs) {
        // The footer rounds to two decimals of its unit.
        const double unit = run.footer->mult_adds_unit.find('G') != std::string::npos ? 1e9
                            : run.footer->mult_adds_unit.find('M') != std::string::npos ? 1e6
                            : run.footer->mult_adds_unit.find('T') != std::string::npos ? 1e12
                            : run.footer->mult_adds_unit.find('K') != std::string::npos ? 1e3 : 1;
        if (std::fabs(*run.footer->total_mult_adds - double(*run.header.total_macs)) > 0.0051 * unit)
            run.notes.push_back("The summary's Total mult-adds disagrees with total_macs " + with_commas(*run.header.total_macs) +
                                " of the JSON header; are the files from the same run?");
    }
    return run;
}

}  // namespace mm
