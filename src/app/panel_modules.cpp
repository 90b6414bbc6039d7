// The module tree table and the formula pane of the selected module.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/link/url_state.hpp"

namespace mm::app {

// A bar as long as the share, tinted by the colour map at that share, with the percentage on top.
void App::share_bar(double share) const {
    const float s = static_cast<float>(std::clamp(share, 0.0, 1.0));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
    if (colour_map_ && s > 0)
        ImGui::GetWindowDrawList()->AddImage(colour_map_, p, ImVec2(p.x + w * s, p.y + h), ImVec2(s, 0.5f), ImVec2(s, 0.5f));
    ImGui::Text("%5.1f%%", 100.0 * share);
}

void App::draw_module_table() {
    const auto& a = *session_.analysis();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##filter", "filter modules by name", module_filter_, sizeof module_filter_);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu module instances; click a header to sort (three clicks: back to the tree), a row to select",
                        a.modules().size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SortTristate;
    if (!ImGui::BeginTable("modules", 9, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Module", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
    ImGui::TableSetupColumn("Class", ImGuiTableColumnFlags_WidthFixed, em * 11);
    ImGui::TableSetupColumn("Calls", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 3);
    ImGui::TableSetupColumn("FLOPs", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 5.5f);
    ImGui::TableSetupColumn("DRAM bytes", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 5.5f);
    ImGui::TableSetupColumn("FLOP/B", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 3.5f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 4.5f);
    ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, em * 4.5f);
    ImGui::TableSetupColumn("Bound", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableHeadersRow();

    auto cells = [&](const ModuleRow& m) {
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
        ImGui::TableNextColumn();
        share_bar(m.share_of_time);
        ImGui::TableNextColumn();
        ImGui::TextColored(bound_colour(m.bound), "%s", std::string(bound_name(m.bound)).c_str());
    };

    const std::string_view filter = module_filter_;
    const ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs();
    const bool sorted = sort && sort->SpecsCount > 0;
    if (!filter.empty() || sorted) {
        // A flat list: the matching rows, in the order of the sort column.
        std::vector<int> rows;
        for (size_t i = 0; i < a.modules().size(); ++i) {
            const auto& m = a.modules()[i];
            if (filter.empty() || m.name.find(filter) != std::string_view::npos || m.id.find(filter) != std::string_view::npos)
                rows.push_back(static_cast<int>(i));
        }
        if (sorted) {
            const auto& spec = sort->Specs[0];
            auto key = [&](int i) -> double {
                const auto& m = a.modules()[size_t(i)];
                switch (spec.ColumnIndex) {
                    case 2: return m.calls;
                    case 3: return m.flops;
                    case 4: return m.bytes;
                    case 5: return m.intensity;
                    case 6: case 7: return m.time_s;
                    default: return 0;
                }
            };
            auto text_key = [&](int i) { return spec.ColumnIndex == 1 ? a.modules()[size_t(i)].class_name
                                                : spec.ColumnIndex == 8 ? bound_name(a.modules()[size_t(i)].bound)
                                                                       : a.modules()[size_t(i)].id; };
            const bool numeric = spec.ColumnIndex >= 2 && spec.ColumnIndex <= 7;
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
                if (ImGui::Selectable(label.c_str(), i == session_.selected_module(), ImGuiSelectableFlags_SpanAllColumns)) session_.select_module(i);
                ImGui::PopID();
                cells(m);
            }
        }
    } else {
        // The tree: a pre-order walk with an explicit stack of open nodes.
        const auto& nodes = a.tree->nodes;
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
            if (static_cast<int>(i) == session_.selected_module()) tf |= ImGuiTreeNodeFlags_Selected;
            const bool open = ImGui::TreeNodeEx(label.c_str(), tf);
            if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) session_.select_module(static_cast<int>(i));
            ImGui::PopID();
            cells(m);
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
