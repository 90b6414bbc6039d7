// The sweep view: time and memory of the current workload as one parameter varies (new tokens,
// batch, or the crop grid), every point a full analysis by the same engine.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {
namespace {

// One line chart: x positions given, series share the y axis from 0 to the largest value.
void line_chart(const char* id, const std::vector<SweepPoint>& pts, const std::vector<std::pair<const char*, double SweepPoint::*>>& series,
                const ImU32* colours, double limit, const char* limit_label, bool bytes, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const ImVec2 p0(o.x + em * 4.5f, o.y + em * 0.5f), p1(o.x + size.x - em * 0.5f, o.y + size.y - em * 1.6f);
    dl->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    if (pts.size() < 2) return;
    double y_hi = limit;
    for (const auto& [name, field] : series)
        for (const auto& p : pts) y_hi = std::max(y_hi, p.*field);
    if (y_hi <= 0) return;
    y_hi *= 1.05;
    const double x_lo = pts.front().x, x_hi = pts.back().x;
    const bool log_x = x_lo > 0 && x_hi / x_lo > 50;
    auto sx = [&](double x) {
        const double f = log_x ? std::log(x / x_lo) / std::log(x_hi / x_lo) : (x - x_lo) / std::max(1e-12, x_hi - x_lo);
        return p0.x + static_cast<float>(f) * (p1.x - p0.x);
    };
    auto sy = [&](double y) { return p1.y - static_cast<float>(y / y_hi) * (p1.y - p0.y); };
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled), grid = ImGui::GetColorU32(ImGuiCol_Border);
    for (int i = 0; i <= 4; ++i) {
        const double y = y_hi * i / 4;
        dl->AddLine(ImVec2(p0.x, sy(y)), ImVec2(p1.x, sy(y)), grid);
        const std::string label = bytes ? format_bytes(y) : format_seconds(y);
        dl->AddText(ImVec2(o.x, sy(y) - em * 0.5f), text, label.c_str());
    }
    for (size_t i = 0; i < pts.size(); i += std::max<size_t>(1, pts.size() / 6)) {
        dl->AddText(ImVec2(sx(pts[i].x) - em * 0.5f, p1.y + em * 0.2f), text, pts[i].label.c_str());
    }
    if (limit > 0) {
        dl->AddLine(ImVec2(p0.x, sy(limit)), ImVec2(p1.x, sy(limit)), IM_COL32(255, 80, 80, 255), 2.0f);
        dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(limit_label).x - em * 0.3f, sy(limit) + em * 0.2f), IM_COL32(255, 80, 80, 255),
                    limit_label);
    }
    std::vector<ImVec2> line(pts.size());
    for (size_t s = 0; s < series.size(); ++s) {
        for (size_t i = 0; i < pts.size(); ++i) line[i] = ImVec2(sx(pts[i].x), sy(pts[i].*series[s].second));
        dl->AddPolyline(line.data(), static_cast<int>(line.size()), colours[s], 0, 2.0f);
        dl->AddText(ImVec2(p0.x + em * 0.5f, p0.y + em * (0.2f + 1.1f * static_cast<float>(s))), colours[s], series[s].first);
    }
    // Hover: the nearest point's values.
    if (ImGui::IsItemHovered()) {
        const float mx = ImGui::GetIO().MousePos.x;
        size_t best = 0;
        for (size_t i = 1; i < pts.size(); ++i)
            if (std::fabs(sx(pts[i].x) - mx) < std::fabs(sx(pts[best].x) - mx)) best = i;
        dl->AddLine(ImVec2(sx(pts[best].x), p0.y), ImVec2(sx(pts[best].x), p1.y), text);
        ImGui::BeginTooltip();
        ImGui::Text("%s", pts[best].label.c_str());
        for (const auto& [name, field] : series)
            ImGui::Text("%s: %s", name, (bytes ? format_bytes(pts[best].*field) : format_seconds(pts[best].*field)).c_str());
        if (!pts[best].fits) ImGui::TextColored(tone(Tone::error), "does not fit in GPU memory");
        ImGui::EndTooltip();
    }
}

}  // namespace

void App::draw_sweep() {
    int axis = static_cast<int>(session_.sweep_axis());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    auto axis_label = [](void*, int i, const char** text) {
        *text = kSweepAxes[i].label.data();  // the table's labels are string literals: NUL-terminated
        return true;
    };
    if (ImGui::Combo("Sweep over", &axis, axis_label, nullptr, static_cast<int>(std::size(kSweepAxes)))) {
        session_.set_sweep_axis(static_cast<SweepAxis>(axis));
        sweep_key_.clear();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("every point is a full analysis of the current settings with this one parameter changed");
    const std::string key = session_.url_state();
    if (key != sweep_key_) {  // recompute only when the settings changed
        sweep_points_ = session_.sweep(session_.sweep_axis(), 48);
        sweep_key_ = key;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(avail.x * 0.5f - ImGui::GetStyle().ItemSpacing.x, std::max(avail.y - ImGui::GetFontSize(), ImGui::GetFontSize() * 10));
    const ImU32 time_colours[] = {IM_COL32(230, 159, 0, 255), IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255)};
    line_chart("sweep-time", sweep_points_,
               {{"per page", &SweepPoint::page_s}, {"TTFT", &SweepPoint::ttft_s}, {"decode total", &SweepPoint::decode_s}},
               time_colours, 0, "", false, size);
    ImGui::SameLine();
    const ImU32 mem_colours[] = {IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255)};
    const double capacity = session_.analysis() ? session_.analysis()->memory.capacity_bytes : 0;
    line_chart("sweep-memory", sweep_points_, {{"VRAM total", &SweepPoint::total_bytes}, {"KV cache", &SweepPoint::kv_bytes}},
               mem_colours, capacity, "GPU memory", true, size);
}

}  // namespace mm::app
