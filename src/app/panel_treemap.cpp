// A squarified treemap of the module tree: area = time (or FLOPs), nested by module; each op-level
// tile is tinted by the shared colour map at its share of the largest op in view, with the scale drawn
// beside the controls. Click selects a module, double-click zooms into the branch under the mouse, the
// breadcrumb (or a right-click) goes back up. The layout keeps its shape while the formula pane is open.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/chart_draw.hpp"
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

// A tile's label: the last part of the vendor name ("rel_pos"), with its parent's when the last part is
// an index ("blocks.7"); the full name is in the hover.
std::string short_name(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return std::string(name);
    const std::string_view last = name.substr(dot + 1);
    const bool index = !last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!index) return std::string(last);
    const auto before = name.rfind('.', dot - 1);
    return std::string(name.substr(before == std::string_view::npos ? 0 : before + 1));
}

}  // namespace

// Comparing models, the trees differ: the map shows one model at a time, chosen by the same switch as
// the module table (only this model's tiles select a module). Comparing GPUs, the tree is the same: a
// tile's hover adds its time on the compared GPU.
void App::draw_treemap() {
    const ChartPalette& pal = chart_palette(session_.dark());
    const float em = ImGui::GetFontSize();
    const ModuleSource src = draw_module_source("treemap", "##map",
                                                "The two models have different module trees, so the map shows one of them at a time "
                                                "(the module table follows the same choice). Selecting a module works on this model's map.");
    const Analysis& a = *src.shown;
    const Analysis* vs = src.same_modules;
    const bool compared = src.compared;
    const int count = static_cast<int>(a.modules().size());
    if (treemap_root_ >= count) treemap_root_ = -1;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Area:");
    ImGui::SameLine();
    int by_flops = treemap_flops_ > 0 ? 1 : 0;
    ImGui::RadioButton("time", &by_flops, 0);
    ImGui::SameLine();
    ImGui::RadioButton("FLOPs", &by_flops, 1);
    treemap_flops_ = static_cast<float>(by_flops);
    auto value = [&](size_t i) { return by_flops ? a.modules()[i].flops : a.modules()[i].time_s; };
    auto value_text = [&](double v) { return by_flops ? format_si(v, "FLOP") : format_seconds(v); };

    // The branch in view and the largest op in it (the colour scale's top).
    std::vector<size_t> roots;
    if (treemap_root_ >= 0 && value(size_t(treemap_root_)) > 0) {
        roots.push_back(size_t(treemap_root_));
    } else {
        treemap_root_ = -1;
        for (size_t i = 0; i < a.modules().size(); ++i)
            if (a.modules()[i].parent < 0 && value(i) > 0) roots.push_back(i);
    }
    double whole = 0, largest = 0;
    for (size_t r : roots) whole += value(r);
    for (size_t r : roots) {
        const int end = a.tree->nodes[r].subtree_end;
        for (int i = static_cast<int>(r); i < end; ++i)
            if (a.tree->nodes[size_t(i)].children.empty()) largest = std::max(largest, value(size_t(i)));
    }

    // The colour scale: the strip, 0 at the left, the largest op at the right.
    ImGui::SameLine(0, em * 2);
    ImGui::TextUnformatted("Colour: 0 %");
    ImGui::SameLine();
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = em * 9, h = em * 0.9f, y = p.y + (ImGui::GetFrameHeight() - h) / 2;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (colour_map_) dl->AddImage(colour_map_, ImVec2(p.x, y), ImVec2(p.x + w, y + h), ImVec2(0.5f / 256, 0.5f), ImVec2(1 - 0.5f / 256, 0.5f));
        else dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + w, y + h), IM_COL32(40, 120, 160, 255));
        dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + w, y + h), pal.grid);
        ImGui::Dummy(ImVec2(w, ImGui::GetFrameHeight()));
        help("Each op's tile is tinted by its time (or FLOPs) over the largest op's in view: the left end is 0 %, the right end 100 %.");
        ImGui::SameLine();
        ImGui::TextUnformatted(("100 % = " + value_text(largest) + ", the largest op in view").c_str());
    }

    // Breadcrumb: the whole request, then each ancestor of the branch in view.
    std::vector<int> path;
    for (int i = treemap_root_; i >= 0; i = a.modules()[size_t(i)].parent) path.insert(path.begin(), i);
    if (ImGui::SmallButton("whole request")) treemap_root_ = -1;
    for (int i : path) {
        ImGui::SameLine(0, em * 0.3f);
        ImGui::TextDisabled(">");
        ImGui::SameLine(0, em * 0.3f);
        const auto m = a.modules()[size_t(i)];
        const std::string label = (m.parent < 0 ? std::string(m.id) : short_name(m.name)) + "##crumb" + std::to_string(i);
        if (ImGui::SmallButton(label.c_str())) treemap_root_ = i;
    }
    ImGui::SameLine(0, em);
    ImGui::TextDisabled("click a tile: select   click a group's name or double-click: zoom in   right-click: up");
    if (whole <= 0) return;

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float height = std::max(avail.y, em * 8);
    // The layout is computed for the size the view had without the formula pane and drawn scaled into
    // today's: selecting a tile opens the pane without moving a single tile.
    // (A resize with the pane open scales the layout too: the pane's first frame may add a scrollbar.)
    if (session_.selected_module() < 0 || treemap_w_ <= 0 || treemap_h_ <= 0) treemap_w_ = avail.x, treemap_h_ = height;
    const float sx = avail.x / treemap_w_, sy = height / treemap_h_;
    ImGui::InvisibleButton("treemap", ImVec2(avail.x, height));
    const bool hovered_map = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    auto label_in = [&](const Rect& r, ImU32 colour, const std::string& text) {
        const ImVec4 clip(r.x + 2, r.y, r.x + r.w - 2, r.y + r.h);
        dl->AddText(font, em, ImVec2(r.x + 3, r.y + 1), colour, text.c_str(), nullptr, 0.0f, &clip);
    };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hovered = -1, hovered_group = -1;  // a leaf tile, a group's label strip
    nlohmann::json groups = nlohmann::json::array();
    // Tiles under 3 px are not subdivided, which bounds the walk.
    struct Item {
        int index;
        Rect r;  // layout space: (0, 0) to (treemap_w_, treemap_h_)
    };
    std::vector<Item> stack;
    auto push_children = [&](const std::vector<size_t>& kids, Rect r) {
        std::vector<size_t> sorted = kids;
        std::stable_sort(sorted.begin(), sorted.end(), [&](size_t x, size_t y) { return value(x) > value(y); });
        std::vector<double> weights;
        for (size_t k : sorted) weights.push_back(value(k));
        const auto rects = squarify(weights, r);
        for (size_t k = 0; k < sorted.size(); ++k) stack.push_back({static_cast<int>(sorted[k]), rects[k]});
    };
    auto to_screen = [&](const Rect& r) { return Rect{o.x + r.x * sx, o.y + r.y * sy, r.w * sx, r.h * sy}; };
    if (roots.size() == 1 && !a.tree->nodes[roots[0]].children.empty()) {
        std::vector<size_t> kids;
        for (int c : a.tree->nodes[roots[0]].children)
            if (value(size_t(c)) > 0) kids.push_back(size_t(c));
        push_children(kids, {0, 0, treemap_w_, treemap_h_});
    } else {
        push_children(roots, {0, 0, treemap_w_, treemap_h_});
    }
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_WindowBg);
    int tiles = 0;
    while (!stack.empty()) {
        const Item it = stack.back();
        stack.pop_back();
        const auto& node = a.tree->nodes[size_t(it.index)];
        std::vector<size_t> kids;
        for (int c : node.children)
            if (value(size_t(c)) > 0) kids.push_back(size_t(c));
        const Rect r = to_screen(it.r);
        const ImVec2 q0(r.x, r.y), q1(r.x + r.w, r.y + r.h);
        const auto m = a.modules()[size_t(it.index)];
        if (!kids.empty() && r.w > 6 && r.h > 6) {
            const float pad = r.h > em * 3 && r.w > em * 4 ? em * 1.1f : 1.0f;  // room for the parent's label
            if (pad > 1) {
                label_in(r, pal.faint, m.parent < 0 ? std::string(m.id) : short_name(m.name));
                if (mouse.x >= r.x && mouse.x < r.x + r.w && mouse.y >= r.y && mouse.y < r.y + pad) {
                    hovered_group = it.index;
                    dl->AddRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), pal.faint);
                }
                if (groups.size() < 40) groups.push_back({{"index", it.index}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", pad}});
            }
            push_children(kids, {it.r.x + 1 / sx, it.r.y + pad / sy, it.r.w - 2 / sx, it.r.h - (pad + 1) / sy});
            continue;
        }
        ++tiles;
        const float t = largest > 0 ? static_cast<float>(std::clamp(value(size_t(it.index)) / largest, 0.0, 1.0)) : 0.0f;
        const float u = 0.5f / 256 + t * (255.0f / 256);  // texel centres: 0 and 1 are the map's ends
        if (colour_map_) dl->AddImage(colour_map_, q0, q1, ImVec2(u, 0.5f), ImVec2(u, 0.5f));
        else dl->AddRectFilled(q0, q1, IM_COL32(40, 120, 160, 255));
        dl->AddRect(q0, q1, border);
        if (!compared && it.index == session_.selected_module()) dl->AddRect(q0, q1, pal.marker, 0, 0, 2.5f);
        if (r.w > em * 2 && r.h > em + 4) {
            // Black or white, whichever reads better on the tile's colour (relative luminance 0.18 splits).
            bool dark_text = false;
            if (colour_lookup_) {
                const auto c = colour_lookup_->at(t);
                auto lin = [](std::uint8_t v) {
                    const double s = v / 255.0;
                    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
                };
                dark_text = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]) > 0.18;
            }
            label_in(r, dark_text ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255), short_name(m.name));
        }
        if (mouse.x >= q0.x && mouse.x < q1.x && mouse.y >= q0.y && mouse.y < q1.y) hovered = it.index;
    }
    nlohmann::json state = {{"view", "treemap"}, {"root", treemap_root_}, {"tiles", tiles}, {"layout", {treemap_w_, treemap_h_}},
                            {"groups", std::move(groups)}, {"model", a.model_name}, {"compared", compared}};
    // The hovered module on the compared GPU (the same tree): its time there and the ratio to this one.
    auto versus_line = [&](int i) {
        if (!vs || size_t(i) >= vs->modules().size()) return;
        const ModuleRow mine = a.modules()[size_t(i)], theirs = vs->modules()[size_t(i)];
        if (theirs.id != mine.id) return;
        if (mine.time_s > 0)
            ImGui::Text("on %s: %s (%.2fx the time here)", vs->gpu().name.c_str(), format_seconds(theirs.time_s).c_str(), theirs.time_s / mine.time_s);
        else ImGui::Text("on %s: %s", vs->gpu().name.c_str(), format_seconds(theirs.time_s).c_str());
    };
    if (hovered_map && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && treemap_root_ >= 0) treemap_root_ = a.modules()[size_t(treemap_root_)].parent;
    if (hovered_group >= 0 && hovered_map) {
        // A group's label strip: click zooms into the group.
        const auto m = a.modules()[size_t(hovered_group)];
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(std::string(m.id).c_str());
        ImGui::Text("%s, %s, %.2f%% of the %s in view", format_seconds(m.time_s).c_str(), format_si(m.flops, "FLOP").c_str(),
                    100.0 * value(size_t(hovered_group)) / whole, by_flops ? "FLOPs" : "time");
        versus_line(hovered_group);
        ImGui::TextDisabled("click to zoom in");
        ImGui::EndTooltip();
        if (clicked) treemap_root_ = hovered_group;
    } else if (hovered >= 0 && hovered_map) {
        const auto m = a.modules()[size_t(hovered)];
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(std::string(m.id).c_str());
        ImGui::Text("%s, %s, %.2f%% of the %s in view", format_seconds(m.time_s).c_str(), format_si(m.flops, "FLOP").c_str(),
                    100.0 * value(size_t(hovered)) / whole, by_flops ? "FLOPs" : "time");
        versus_line(hovered);
        ImGui::EndTooltip();
        state["hovered"] = std::string(m.id);
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            // Zoom one level: the ancestor of the tile just under the branch in view, if it has children.
            int step = hovered;
            while (step >= 0 && a.modules()[size_t(step)].parent != treemap_root_) step = a.modules()[size_t(step)].parent;
            if (step >= 0 && step != hovered) treemap_root_ = step;
        } else if (clicked && !compared) {
            session_.select_module(hovered);
        }
    }
    chart_state_ = state.dump();
}

}  // namespace mm::app
