// The module tree table and the formula pane of the selected module.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/link/url_state.hpp"

namespace mm::app {

// The percentage in the theme's text colour, over a strip along the cell's foot as long as the share
// and tinted by the colour map at that share. (The strip once filled the cell under the text: white
// "95.7 %" on the map's yellow read at about 1.2:1.)
void App::share_bar(double share) const {
    const float s = static_cast<float>(std::clamp(share, 0.0, 1.0));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
    const float strip = std::max(2.0f, h * 0.22f);
    if (colour_map_ && s > 0)
        ImGui::GetWindowDrawList()->AddImage(colour_map_, ImVec2(p.x, p.y + h - strip), ImVec2(p.x + std::max(1.0f, w * s), p.y + h),
                                             ImVec2(s, 0.5f), ImVec2(s, 0.5f));
    ImGui::Text("%5.1f%%", 100.0 * share);
}

// The row of a module, tab-separated with the table's headers above it (pastes into a spreadsheet).
std::string module_row_text(const ModuleRow& m) {
    return "Module\tClass\tCalls\tFLOPs\tDRAM bytes\tFLOP/B\tTime (s)\tShare\tBound\n" + std::string(m.id) + "\t" +
           std::string(m.class_name) + "\t" + format_number(m.calls) + "\t" + format_number(m.flops) + "\t" +
           format_number(m.bytes) + "\t" + format_number(m.intensity) + "\t" + format_number(m.time_s) + "\t" +
           format_number(m.share_of_time) + "\t" + std::string(bound_name(m.bound)) + "\n";
}

void App::copy_module_row(int index) {
    const auto& m = session_.analysis()->modules()[size_t(index)];
    platform_copy_text(module_row_text(m));
    session_.set_info("Copied the row of " + std::string(m.id) + " (tab-separated, with headers).");
}

// Comparing models, the trees differ: a "Modules of ( ) this ( ) compared" switch (shared by the module
// table and the treemap, which follow one choice). Comparing GPUs, the modules are the same and the compared
// analysis gives each a second time.
App::ModuleSource App::draw_module_source(const char* note, const char* id_suffix, const char* tip) {
    const Analysis* b = session_.compare() ? &*session_.compare() : nullptr;
    const bool other_tree = b && !session_.compare_model().empty();
    if (!other_tree) module_table_compared_ = false;
    if (other_tree) {
        const float em = ImGui::GetFontSize();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Modules of");
        ImGui::SameLine();
        int which = module_table_compared_ ? 1 : 0;
        const std::string mine = session_.this_label(), theirs = session_.compare_label() + " (compared)";
        ImGui::RadioButton((mine + id_suffix).c_str(), &which, 0);
        note_item(std::string(note) + "-source:this");
        flow(em * 2 + ImGui::CalcTextSize(theirs.c_str()).x);
        ImGui::RadioButton((theirs + id_suffix).c_str(), &which, 1);
        note_item(std::string(note) + "-source:compare");
        help(tip);
        if ((which == 1) != module_table_compared_) treemap_root_ = -1;  // an index into the other tree
        module_table_compared_ = which == 1;
    }
    ModuleSource src;
    src.compared = other_tree && module_table_compared_;
    src.shown = src.compared ? b : &*session_.analysis();
    src.same_modules = b && !other_tree ? b : nullptr;
    return src;
}

// The module table. Comparing GPUs, the modules are the same: the compared GPU's time of each and its
// ratio to this one are two more columns. Comparing models, the trees differ: the table lists one
// model's modules at a time, chosen above it, and says whose they are. Only this analysis's modules can
// be selected (the formula pane, the link's module=). The drawn rows go to chart_state_ for the
// browser test.
void App::draw_module_table() {
    const float em = ImGui::GetFontSize();
    const ModuleSource src = draw_module_source("module", "",
                                                "The two models have different module trees, so the table shows one of them at a "
                                                "time. Selecting a module (its formula, the link's module=) works on this model's table.");
    const Analysis& a = *src.shown;
    const Analysis* vs = src.same_modules;
    const bool compared = src.compared;
    // The rows a filter or the leaves-only switch keep (before the table: the count sits above it).
    const std::string_view filter = module_filter_;
    const auto& nodes = a.tree->nodes;
    std::vector<int> rows;
    if (!filter.empty() || module_leaves_only_)
        for (size_t i = 0; i < a.modules().size(); ++i) {
            const auto& m = a.modules()[i];
            if (module_leaves_only_ && !nodes[i].children.empty()) continue;
            if (filter.empty() || m.name.find(filter) != std::string_view::npos || m.id.find(filter) != std::string_view::npos)
                rows.push_back(static_cast<int>(i));
        }
    if (focus_filter_) {
        ImGui::SetKeyboardFocusHere();
        focus_filter_ = false;
    }
    ImGui::SetNextItemWidth(em * 14);
    ImGui::InputTextWithHint("##filter", "filter modules (Ctrl+F)", module_filter_, sizeof module_filter_);
    note_item("module-filter");
    flow(em * 5.5f);
    ImGui::Checkbox("Ops only", &module_leaves_only_);
    help("List only the ops (modules without children), flat: sorting then ranks ops against ops, not blocks against "
         "the layers inside them.");
    flow(em * 12);
    if (!filter.empty() && rows.empty()) ImGui::TextColored(tone(Tone::warning), "no module matches \"%s\"", module_filter_);
    else if (!filter.empty() || module_leaves_only_)
        ImGui::TextDisabled("%zu of %zu module instances", rows.size(), a.modules().size());
    else ImGui::TextDisabled("%zu module instances", a.modules().size());
    // The landmark carries the count: the browser test reads "module-count 12 of 888".
    note_item("module-count " + std::to_string(filter.empty() && !module_leaves_only_ ? a.modules().size() : rows.size()) + " of " +
              std::to_string(a.modules().size()));
    help("Click a header to sort (three clicks: back to the tree), a row to select it; right-click a row to copy it.");
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SortTristate;
    const float table_width = ImGui::GetContentRegionAvail().x;
    constexpr ImGuiTableColumnFlags fixed = ImGuiTableColumnFlags_WidthFixed, desc = fixed | ImGuiTableColumnFlags_PreferSortDescending;
    // What each column shows, whatever its position (the compared columns sit after Time).
    enum Key { k_module, k_class, k_calls, k_flops, k_bytes, k_intensity, k_time, k_vs_time, k_ratio, k_share, k_bound };
    // The module's name keeps 16 em; on narrow screens the other columns give way, least telling first.
    std::vector<Column> columns = {
        {"Module", "The module instance: its path in the model, under its stage.", 16,
         ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide},
        {"Class", "The PyTorch class of the module.", 11, fixed, 3},
        {"Calls", "Calls of the module over the whole request (decode: once per pass).", 3, desc, 6},
        {"FLOPs", "Executed FLOPs of the subtree, tensor and CUDA cores together.", 5.5f, desc, 2},
        {"DRAM bytes", "DRAM bytes moved (read and written) by the subtree, decimal units.", 5.5f, desc, 4},
        {"FLOP/B", "Arithmetic intensity: executed FLOPs per DRAM byte (the roofline's x).", 3.5f, desc, 5},
        {"Time", "Predicted time of the subtree on this GPU and time profile.", 4.5f, desc, 0},
        {"Share", "Share of the whole request's predicted time.", 4.5f, desc, 1},
        {"Bound", "What holds most of the time: compute, memory or overhead (launches, gaps).", 4.5f, fixed, 1},
    };
    std::vector<Key> keys = {k_module, k_class, k_calls, k_flops, k_bytes, k_intensity, k_time, k_share, k_bound};
    const std::string vs_name = vs ? "Time on " + vs->gpu().name : std::string();
    const std::string vs_tip = vs ? "Predicted time of the same subtree on " + vs->gpu().display_name + " (the compared GPU)." : std::string();
    const std::string ratio_tip =
        vs ? "The time on " + vs->gpu().display_name + " over the time here: under 1, the compared GPU is faster." : std::string();
    if (vs) {
        columns.insert(columns.begin() + 7, {{vs_name.c_str(), vs_tip.c_str(), std::max(4.5f, 0.55f * float(vs_name.size())), desc, 0},
                                             {"Ratio", ratio_tip.c_str(), 3.5f, desc, 1}});
        keys.insert(keys.begin() + 7, {k_vs_time, k_ratio});
    }
    nlohmann::json drawn = nlohmann::json::array();  // the first rows drawn, for the browser test
    // Beside the stage bars' state of this frame (draw_stage_bars runs first in the breakdown view); also
    // when the table is out of sight (a phone's scroll) and draws no row.
    auto publish = [&] {
        nlohmann::json state = nlohmann::json::parse(chart_state_, nullptr, false);
        if (!state.is_object() || state.value("view", "") != "breakdown") state = {{"view", "breakdown"}};
        state["module_table"] = {{"analysis", compared ? session_.compare_label() : session_.this_label()},
                                 {"compared", compared},
                                 {"model", a.model_name},
                                 {"gpu", a.gpu().name},
                                 {"compare_gpu", vs ? nlohmann::json(vs->gpu().name) : nlohmann::json(nullptr)},
                                 {"count", a.modules().size()},
                                 {"rows", std::move(drawn)}};
        chart_state_ = state.dump();
    };
    // Each tree its own table: its open nodes and sort are its own. It fills the view, and keeps at least
    // 12 em: on a phone the compared bars push it below the fold, and the view then scrolls to it.
    const ImVec2 outer(0, std::max(ImGui::GetContentRegionAvail().y, em * 12));
    if (!ImGui::BeginTable(compared ? "modules-compared" : vs ? "modules-vs" : "modules", static_cast<int>(columns.size()), flags, outer)) {
        publish();
        return;
    }
    ImGui::TableSetupScrollFreeze(1, 1);
    const auto headers = table_columns(columns, table_width);
    for (size_t c = 0; c < columns.size(); ++c)
        if (headers[c].second.x > headers[c].first.x) note_rect(std::string("column:") + columns[c].name, headers[c].first, headers[c].second);

    // The same module on the compared GPU: at the same index when the trees line up, else by its id.
    std::unordered_map<std::string_view, int> vs_by_id;
    auto vs_row = [&](int i, const ModuleRow& m) -> std::optional<ModuleRow> {
        if (!vs) return std::nullopt;
        if (size_t(i) < vs->modules().size()) {
            ModuleRow r = vs->modules()[size_t(i)];
            if (r.id == m.id) return r;
        }
        if (vs_by_id.empty())
            for (size_t k = 0; k < vs->modules().size(); ++k) vs_by_id.emplace(vs->node(int(k)).id, int(k));
        const auto it = vs_by_id.find(m.id);
        if (it == vs_by_id.end()) return std::nullopt;
        return vs->modules()[size_t(it->second)];
    };
    auto ratio = [](const ModuleRow& m, const std::optional<ModuleRow>& o) {
        return o && m.time_s > 0 ? std::optional<double>(o->time_s / m.time_s) : std::nullopt;
    };

    // Right-click on a row: copy it, its name, or its time.
    auto row_menu = [&](int i) {
        if (!ImGui::BeginPopupContextItem("row-menu")) return;
        const auto& m = a.modules()[size_t(i)];
        if (ImGui::MenuItem("Copy row", compared ? nullptr : "Ctrl+C")) {
            platform_copy_text(module_row_text(m));
            session_.set_info("Copied the row of " + std::string(m.id) + " (tab-separated, with headers).");
        }
        if (ImGui::MenuItem("Copy module path")) platform_copy_text(std::string(m.id));
        if (ImGui::MenuItem("Copy time (s)")) platform_copy_text(format_number(m.time_s));
        if (ImGui::MenuItem("Copy FLOPs")) platform_copy_text(format_number(m.flops));
        ImGui::EndPopup();
    };
    auto cells = [&](int i, const ModuleRow& m) {
        const std::optional<ModuleRow> o = vs_row(i, m);
        const std::optional<double> r = ratio(m, o);
        if (drawn.size() < 64) {
            nlohmann::json row = {{"id", m.id}, {"time_s", m.time_s}, {"flops", m.flops}};
            if (vs) {
                row["compare_time_s"] = o ? nlohmann::json(o->time_s) : nlohmann::json(nullptr);
                row["ratio"] = r ? nlohmann::json(*r) : nlohmann::json(nullptr);
            }
            drawn.push_back(std::move(row));
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.class_name.data(), m.class_name.data() + m.class_name.size());
        if (ImGui::IsItemHovered()) help(std::string(m.class_name).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.6g", m.calls);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(m.flops, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_traffic(m.bytes).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", m.intensity);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_seconds(m.time_s).c_str());
        if (vs) {
            ImGui::TableNextColumn();
            if (o) ImGui::TextUnformatted(format_seconds(o->time_s).c_str());
            else ImGui::TextDisabled("absent");
            ImGui::TableNextColumn();
            if (r) ImGui::Text("%.2fx", *r);
            else ImGui::TextDisabled("-");
        }
        ImGui::TableNextColumn();
        share_bar(m.share_of_time);
        ImGui::TableNextColumn();
        ImGui::TextColored(bound_colour(m.bound), "%s", std::string(bound_name(m.bound)).c_str());
    };
    auto select = [&](int i) {
        if (!compared) session_.select_module(i);
    };

    const ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs();
    const bool sorted = sort && sort->SpecsCount > 0;
    if (!filter.empty() || sorted || module_leaves_only_) {
        // A flat list: the kept rows (all of them when only sorted), in the order of the sort column.
        if (filter.empty() && !module_leaves_only_)
            for (size_t i = 0; i < a.modules().size(); ++i) rows.push_back(static_cast<int>(i));
        if (sorted) {
            const auto& spec = sort->Specs[0];
            const Key column = spec.ColumnIndex >= 0 && size_t(spec.ColumnIndex) < keys.size() ? keys[size_t(spec.ColumnIndex)] : k_module;
            auto key = [&](int i) -> double {
                const auto& m = a.modules()[size_t(i)];
                switch (column) {
                    case k_calls: return m.calls;
                    case k_flops: return m.flops;
                    case k_bytes: return m.bytes;
                    case k_intensity: return m.intensity;
                    case k_time: case k_share: return m.time_s;
                    case k_vs_time: { const auto o = vs_row(i, m); return o ? o->time_s : -1; }
                    case k_ratio: { const auto r = ratio(m, vs_row(i, m)); return r ? *r : -1; }
                    default: return 0;
                }
            };
            auto text_key = [&](int i) { return column == k_class ? a.modules()[size_t(i)].class_name
                                                : column == k_bound ? bound_name(a.modules()[size_t(i)].bound)
                                                                    : a.modules()[size_t(i)].id; };
            const bool numeric = column != k_module && column != k_class && column != k_bound;
            const bool ascending = spec.SortDirection == ImGuiSortDirection_Ascending;
            std::stable_sort(rows.begin(), rows.end(), [&](int x, int y) {
                if (numeric) return ascending ? key(x) < key(y) : key(x) > key(y);
                return ascending ? text_key(x) < text_key(y) : text_key(x) > text_key(y);
            });
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const int i = rows[size_t(r)];
                const auto& m = a.modules()[size_t(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(i);
                const std::string label(m.id);
                if (ImGui::Selectable(label.c_str(), !compared && i == session_.selected_module(), ImGuiSelectableFlags_SpanAllColumns)) select(i);
                row_menu(i);
                ImGui::PopID();
                cells(i, m);
            }
        }
    } else {
        // The tree: a pre-order walk with an explicit stack of open nodes.
        std::vector<int> open_until;  // depths whose tree node is open and needs a TreePop
        int skip_below = -1;          // skip descendants of a closed node deeper than this depth
        for (size_t i = 0; i < a.modules().size(); ++i) {
            const auto& m = a.modules()[i];
            while (!open_until.empty() && open_until.back() >= m.depth) {
                ImGui::TreePop();
                open_until.pop_back();
            }
            if (skip_below >= 0 && m.depth > skip_below) continue;
            skip_below = -1;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool leaf = nodes[i].children.empty();
            ImGui::PushID(static_cast<int>(i));
            const std::string label(m.name.empty() ? m.id : m.name);
            ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_OpenOnArrow;
            if (leaf) tf |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
            if (m.depth == 0) tf |= ImGuiTreeNodeFlags_DefaultOpen;
            if (!compared && static_cast<int>(i) == session_.selected_module()) tf |= ImGuiTreeNodeFlags_Selected;
            const bool open = ImGui::TreeNodeEx(label.c_str(), tf);
            if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) select(static_cast<int>(i));
            row_menu(static_cast<int>(i));
            ImGui::PopID();
            cells(static_cast<int>(i), m);
            if (!leaf) {
                if (open) open_until.push_back(m.depth);
                else skip_below = m.depth;
            }
        }
        while (!open_until.empty()) {
            ImGui::TreePop();
            open_until.pop_back();
        }
    }
    const float row_height = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    module_scroll_rows_ = row_height > 0 ? ImGui::GetScrollY() / row_height : 0;
    ImGui::EndTable();
    publish();
}

// How the selected module was costed: the same text as its Markdown layer page.
void App::draw_formula_pane() {
    const auto& m = session_.analysis()->modules()[size_t(session_.selected_module())];
    ImGui::Separator();
    ImGui::TextUnformatted(std::string(m.id).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", std::string(m.class_name).c_str());
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("Close (Esc)").x - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Close (Esc)")) session_.select_module(-1);
    ImGui::BeginChild("formula", ImVec2(0, 0), true);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(session_.selected_formula().c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace mm::app
