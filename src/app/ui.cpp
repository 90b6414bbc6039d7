#include "app/ui.hpp"

namespace mm::app {

ImVec4 bound_colour(Bound b) {
    switch (b) {
        case Bound::compute: return {0.95f, 0.62f, 0.25f, 1};
        case Bound::memory: return {0.35f, 0.70f, 0.95f, 1};
        case Bound::overhead: return {0.80f, 0.45f, 0.85f, 1};
        default: return {0.6f, 0.6f, 0.6f, 1};
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

void help(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void card(const char* title, const std::string& value, const std::string& detail, const char* tip, ImVec4 colour) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", title);
    ImGui::SetWindowFontScale(1.4f);
    if (colour.w > 0) ImGui::TextColored(colour, "%s", value.c_str());
    else ImGui::TextUnformatted(value.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("%s", detail.c_str());
    ImGui::EndGroup();
    help(tip);
}

}  // namespace mm::app
