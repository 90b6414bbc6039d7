// The roofline of the chosen GPU with every module that does work of its own as a point:
// x = arithmetic intensity (executed FLOPs per DRAM byte), y = achieved FLOP/s (executed FLOPs /
// predicted time). Hover shows a module's numbers; a click selects it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {

void App::draw_roofline() {
    const auto& a = *session_.analysis();
    const float em = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(avail.x, std::max(avail.y - em * 2.5f, em * 10));
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float left = em * 4.5f, bottom = em * 2.2f, top = em * 0.5f, right = em * 1.0f;
    const ImVec2 p0(o.x + left, o.y + top), p1(o.x + size.x - right, o.y + size.y - bottom);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg));

    const double peak_tensor = a.rates.tensor_peak_flops_per_s;
    const double peak_cuda = a.gpu().cuda_fp32_flops_per_s;
    const double bw = a.gpu().bandwidth_bytes_per_s;
    const double x_lo = 1e-2, x_hi = 1e4;
    const double y_hi = std::pow(10.0, std::ceil(std::log10(std::max(peak_tensor, peak_cuda) * 1.5)));
    const double y_lo = y_hi / 1e7;
    auto to_screen = [&](double x, double y) {
        const double fx = (std::log10(x) - std::log10(x_lo)) / (std::log10(x_hi) - std::log10(x_lo));
        const double fy = (std::log10(y) - std::log10(y_lo)) / (std::log10(y_hi) - std::log10(y_lo));
        return ImVec2(p0.x + static_cast<float>(std::clamp(fx, 0.0, 1.0)) * (p1.x - p0.x),
                      p1.y - static_cast<float>(std::clamp(fy, 0.0, 1.0)) * (p1.y - p0.y));
    };
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border), text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (double x = x_lo; x <= x_hi * 1.001; x *= 10) {
        const ImVec2 s = to_screen(x, y_lo);
        dl->AddLine(ImVec2(s.x, p0.y), ImVec2(s.x, p1.y), grid);
        char label[16];
        std::snprintf(label, sizeof label, "%g", x);
        dl->AddText(ImVec2(s.x - ImGui::CalcTextSize(label).x / 2, p1.y + em * 0.2f), text, label);
    }
    for (double y = y_lo; y <= y_hi * 1.001; y *= 10) {
        const ImVec2 s = to_screen(x_lo, y);
        dl->AddLine(ImVec2(p0.x, s.y), ImVec2(p1.x, s.y), grid);
        const std::string label = format_si(y, "FLOP/s");
        dl->AddText(ImVec2(o.x, s.y - em * 0.5f), text, label.c_str());
    }
    dl->AddText(ImVec2((p0.x + p1.x) / 2 - em * 8, p1.y + em * 1.1f), text, "arithmetic intensity (executed FLOP per DRAM byte)");

    // Roofs: memory slope up to each compute ceiling.
    auto roof = [&](double peak, ImU32 colour, const char* name, bool label_below) {
        if (peak <= 0 || bw <= 0) return;
        const double knee = peak / bw;
        dl->AddLine(to_screen(x_lo, bw * x_lo), to_screen(knee, peak), colour, 2.0f);
        dl->AddLine(to_screen(knee, peak), to_screen(x_hi, peak), colour, 2.0f);
        const std::string label = std::string(name) + " " + format_si(peak, "FLOP/s");
        const ImVec2 at = to_screen(x_hi, peak);
        dl->AddText(ImVec2(at.x - ImGui::CalcTextSize(label.c_str()).x - em * 0.3f, at.y + (label_below ? em * 0.2f : -em * 1.2f)),
                    colour, label.c_str());
    };
    roof(peak_tensor, IM_COL32(240, 120, 60, 255), "tensor cores", false);
    roof(peak_cuda, IM_COL32(200, 200, 90, 255), "CUDA cores", true);
    const std::string bw_label = "DRAM " + format_si(bw, "B/s");
    const ImVec2 bw_at = to_screen(x_lo * 3, bw * x_lo * 3);
    dl->AddText(ImVec2(bw_at.x + em * 0.3f, bw_at.y - em * 1.4f), IM_COL32(120, 180, 240, 255), bw_label.c_str());

    // Points: modules with work of their own and no children (the ops); the nearest to the mouse wins.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool inside = ImGui::IsMouseHoveringRect(p0, p1);
    int hovered = -1;
    float best = (em * 0.5f) * (em * 0.5f);
    const auto& nodes = a.tree->nodes;
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const auto& m = a.modules()[i];
        if (!has_op(nodes[i].op) || !nodes[i].children.empty() || m.time_s <= 0 || m.bytes <= 0) continue;
        const double flops = m.cost.flops_executed();
        if (flops <= 0) continue;
        const ImVec2 s = to_screen(std::clamp(m.intensity, x_lo, x_hi), std::clamp(flops / m.time_s, y_lo, y_hi));
        const bool selected = static_cast<int>(i) == session_.selected_module();
        dl->AddCircleFilled(s, selected ? em * 0.45f : em * 0.25f, category_colour(op_category(nodes[i].op)));
        if (selected) dl->AddCircle(s, em * 0.6f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
        const float dx = s.x - mouse.x, dy = s.y - mouse.y;
        if (inside && dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            hovered = static_cast<int>(i);
        }
    }
    ImGui::InvisibleButton("roofline-plot", size);
    if (hovered >= 0) {
        const auto& m = a.modules()[size_t(hovered)];
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(std::string(m.id).c_str());
        ImGui::Text("%s executed, %s DRAM, %.3g FLOP/B", format_si(m.cost.flops_executed(), "FLOP").c_str(),
                    format_si(m.bytes, "B").c_str(), m.intensity);
        ImGui::Text("%s achieved, %s in total, %s-bound", format_si(m.cost.flops_executed() / m.time_s, "FLOP/s").c_str(),
                    format_seconds(m.time_s).c_str(), std::string(bound_name(m.bound)).c_str());
        ImGui::TextDisabled("click to select");
        ImGui::EndTooltip();
        if (ImGui::IsItemClicked()) session_.select_module(hovered);
    }
    ImGui::TextDisabled("One point per op-level module, coloured by operator category; the %s profile's time sets its height.",
                        a.profile().name.c_str());
}

}  // namespace mm::app
