// A squarified treemap of the module tree: area = time (or FLOPs), nested by module; each op-level
// tile is tinted by the colour map of shaders/colormap.frag.glsl at its share of the whole.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {
namespace {

struct Rect {
    float x, y, w, h;
};

// Squarified layout (Bruls, Huizing, van Wijk): lay items in rows along the shorter side, adding to a
// row while that improves its worst aspect ratio. `weights` sorted descending; returns one rect each.
std::vector<Rect> squarify(const std::vector<double>& weights, Rect r) {
    std::vector<Rect> out(weights.size());
    double total = 0;
    for (double w : weights) total += w;
    if (total <= 0 || r.w <= 0 || r.h <= 0) return out;
    const double scale = double(r.w) * double(r.h) / total;
    size_t i = 0;
    while (i < weights.size()) {
        const double side = std::min(r.w, r.h);
        auto worst = [&](size_t begin, size_t end, double sum) {
            const double row_len = sum * scale / side;
            double ratio = 0;
            for (size_t k = begin; k < end; ++k) {
                const double len = weights[k] * scale / row_len;
                ratio = std::max(ratio, std::max(row_len / len, len / row_len));
            }
            return ratio;
        };
        size_t end = i + 1;
        double sum = weights[i];
        while (end < weights.size() && worst(i, end + 1, sum + weights[end]) <= worst(i, end, sum)) sum += weights[end++];
        const float row_len = static_cast<float>(sum * scale / side);
        float offset = 0;
        for (size_t k = i; k < end; ++k) {
            const float len = static_cast<float>(weights[k] * scale / row_len);
            out[k] = r.w >= r.h ? Rect{r.x, r.y + offset, row_len, len} : Rect{r.x + offset, r.y, len, row_len};
            offset += len;
        }
        if (r.w >= r.h) r = {r.x + row_len, r.y, r.w - row_len, r.h};
        else r = {r.x, r.y + row_len, r.w, r.h - row_len};
        i = end;
    }
    return out;
}

}  // namespace

void App::draw_treemap() {
    const auto& a = *session_.analysis();
    const float em = ImGui::GetFontSize();
    ImGui::TextUnformatted("Area:");
    ImGui::SameLine();
    int by_flops = treemap_flops_ > 0 ? 1 : 0;
    ImGui::RadioButton("time", &by_flops, 0);
    ImGui::SameLine();
    ImGui::RadioButton("FLOPs", &by_flops, 1);
    treemap_flops_ = static_cast<float>(by_flops);
    ImGui::SameLine();
    ImGui::TextDisabled("colour: share of the largest tile (shaders/colormap.frag.glsl); click a tile to select its module");

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("treemap", ImVec2(avail.x, std::max(avail.y, em * 8)));
    const bool clicked = ImGui::IsItemClicked();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto value = [&](size_t i) { return by_flops ? a.modules()[i].flops : a.modules()[i].time_s; };
    double whole = 0;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].parent < 0) whole += value(i);
    if (whole <= 0) return;

    // Colour by share of the largest op-level tile, so that small differences stay visible.
    double largest = 0;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.tree->nodes[i].children.empty()) largest = std::max(largest, value(i));
    ImFont* font = ImGui::GetFont();
    auto label_in = [&](const Rect& r, ImU32 colour, const std::string& text) {
        const ImVec4 clip(r.x + 2, r.y, r.x + r.w - 2, r.y + r.h);
        dl->AddText(font, ImGui::GetFontSize(), ImVec2(r.x + 3, r.y + 1), colour, text.c_str(), nullptr, 0.0f, &clip);
    };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hovered = -1;
    // Breadth of the tree walk is bounded by tile size: tiles under 3 px are not subdivided.
    struct Item {
        int index;
        Rect r;
    };
    std::vector<Item> stack;
    std::vector<size_t> roots;
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].parent < 0 && value(i) > 0) roots.push_back(i);
    auto push_children = [&](const std::vector<size_t>& kids, Rect r) {
        std::vector<size_t> sorted = kids;
        std::sort(sorted.begin(), sorted.end(), [&](size_t x, size_t y) { return value(x) > value(y); });
        std::vector<double> weights;
        for (size_t k : sorted) weights.push_back(value(k));
        const auto rects = squarify(weights, r);
        for (size_t k = 0; k < sorted.size(); ++k) stack.push_back({static_cast<int>(sorted[k]), rects[k]});
    };
    push_children(roots, {o.x, o.y, avail.x, std::max(avail.y, em * 8)});
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_WindowBg);
    while (!stack.empty()) {
        const Item it = stack.back();
        stack.pop_back();
        const auto& node = a.tree->nodes[size_t(it.index)];
        std::vector<size_t> kids;
        for (int c : node.children)
            if (value(size_t(c)) > 0) kids.push_back(size_t(c));
        const Rect r = it.r;
        const ImVec2 q0(r.x, r.y), q1(r.x + r.w, r.y + r.h);
        if (!kids.empty() && r.w > 6 && r.h > 6) {
            const float pad = r.h > em * 3 && r.w > em * 4 ? em * 1.1f : 1.0f;  // room for the parent's label
            const auto& m = a.modules()[size_t(it.index)];
            if (pad > 1) label_in(r, ImGui::GetColorU32(ImGuiCol_TextDisabled), std::string(m.name.empty() ? m.id : m.name));
            push_children(kids, {r.x + 1, r.y + pad, r.w - 2, r.h - pad - 1});
            continue;
        }
        const float t = largest > 0 ? static_cast<float>(std::clamp(value(size_t(it.index)) / largest, 0.0, 1.0)) : 0.0f;
        if (colour_map_) dl->AddImage(colour_map_, q0, q1, ImVec2(t, 0.5f), ImVec2(t, 0.5f));
        else dl->AddRectFilled(q0, q1, IM_COL32(40, 120, 160, 255));
        dl->AddRect(q0, q1, border);
        if (it.index == session_.selected_module()) dl->AddRect(q0, q1, IM_COL32(255, 255, 255, 255), 0, 0, 2.5f);
        if (r.w > em * 2 && r.h > em + 4) label_in(r, IM_COL32(0, 0, 0, 255), std::string(a.modules()[size_t(it.index)].name));
        if (mouse.x >= q0.x && mouse.x < q1.x && mouse.y >= q0.y && mouse.y < q1.y) hovered = it.index;
    }
    if (hovered >= 0) {
        const auto& m = a.modules()[size_t(hovered)];
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(std::string(m.id).c_str());
        ImGui::Text("%s, %s, %.2f%% of the request's %s", format_seconds(m.time_s).c_str(), format_si(m.flops, "FLOP").c_str(),
                    100.0 * value(size_t(hovered)) / whole, by_flops ? "FLOPs" : "time");
        ImGui::EndTooltip();
        if (clicked) session_.select_module(hovered);
    }
}

}  // namespace mm::app
