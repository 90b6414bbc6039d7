#include "app/ui.hpp"

#include <algorithm>
#include <vector>

namespace mm::app {

ImVec4 tone(Tone t) {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const Rgb c = theme(relative_luminance({bg.x, bg.y, bg.z}) < 0.5).tone(t);
    return {c.r, c.g, c.b, 1};
}

ImVec4 bound_colour(Bound b) {
    switch (b) {
        case Bound::compute: return tone(Tone::compute);
        case Bound::memory: return tone(Tone::memory);
        case Bound::overhead: return tone(Tone::overhead);
        default: return tone(Tone::muted);
    }
}

ImU32 category_colour(OperatorCategory c) {
    // Qualitative palette, distinguishable in both themes.
    static const ImU32 colours[kOperatorCategoryCount] = {
        IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255), IM_COL32(213, 94, 0, 255),
        IM_COL32(0, 158, 115, 255),   IM_COL32(240, 228, 66, 255), IM_COL32(204, 121, 167, 255),
        IM_COL32(0, 114, 178, 255),   IM_COL32(150, 150, 150, 255)};
    return colours[static_cast<int>(c)];
}

bool combo(const char* label, std::string& value, const std::vector<std::string>& items) {
    bool changed = false;
    if (ImGui::BeginCombo(label, value.c_str())) {
        for (const auto& item : items) {
            const bool selected = item == value;
            if (ImGui::Selectable(item.c_str(), selected)) {
                changed = item != value;
                value = item;
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool input_int64(const char* label, int64_t& value, int64_t lo, int64_t hi) {
    int v = static_cast<int>(value);
    if (ImGui::InputInt(label, &v, 1, 10) && v >= lo && v <= hi && v != value) {
        value = v;
        return true;
    }
    return false;
}

float tooltip_wrap(float ems) {
    const float em = ImGui::GetFontSize();
    return std::max(em * 8, std::min(em * ems, ImGui::GetIO().DisplaySize.x - em * 3));
}

void help(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(tooltip_wrap(32));
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void flow(float width) {
    ImGui::SameLine();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

std::vector<std::pair<ImVec2, ImVec2>> table_columns(std::span<const Column> columns, float table_width) {
    const float em = ImGui::GetFontSize();
    const float padding = ImGui::GetStyle().CellPadding.x * 2 + 1;
    std::vector<bool> shown(columns.size(), true);
    auto needed = [&] {
        float w = 0;
        for (size_t i = 0; i < columns.size(); ++i)
            if (shown[i]) w += std::max(columns[i].width_em * em, ImGui::CalcTextSize(columns[i].name).x + em) + padding;
        return w;
    };
    for (int rank = 9; rank > 0 && needed() > table_width; --rank)
        for (size_t i = 0; i < columns.size(); ++i)
            if (columns[i].give_way == rank) shown[i] = false;
    for (size_t i = 0; i < columns.size(); ++i) {
        const Column& c = columns[i];
        const bool stretch = (c.flags & ImGuiTableColumnFlags_WidthStretch) != 0;
        // A fixed column is at least as wide as its header (plus the sort arrow), so headers read whole.
        const float fixed = std::max(c.width_em * em, ImGui::CalcTextSize(c.name).x + em);
        ImGui::TableSetupColumn(c.name, c.flags | (shown[i] ? 0 : ImGuiTableColumnFlags_Disabled), stretch ? c.width_em : fixed);
    }
    std::vector<std::pair<ImVec2, ImVec2>> rects(columns.size());
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
        if (!ImGui::TableSetColumnIndex(i)) continue;
        ImGui::PushID(i);
        ImGui::TableHeader(columns[size_t(i)].name);
        ImGui::PopID();
        rects[size_t(i)] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(em * 28);
            ImGui::TextUnformatted(columns[size_t(i)].name);
            ImGui::TextDisabled("%s", columns[size_t(i)].tip);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    return rects;
}

void card(const char* title, const std::string& value, const std::string& detail, const char* tip, ImVec4 colour) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);  // a narrow card wraps its words rather than clipping them
    ImGui::TextDisabled("%s", title);
    ImGui::SetWindowFontScale(1.4f);
    if (colour.w > 0) ImGui::TextColored(colour, "%s", value.c_str());
    else ImGui::TextUnformatted(value.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("%s", detail.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    help(tip);
}

}  // namespace mm::app
