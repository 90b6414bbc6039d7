// What the TorchInfo files say beside the engine: for DeepSeek-OCR the reconciliation of parameters and
// mult-adds per module (with why TorchInfo differs where it does); for any other network, its leaf
// layers costed from their classes and shapes.
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"

namespace mm::app {
namespace {

std::string count(const std::optional<int64_t>& v) { return v ? format_grouped(*v) : std::string("--"); }

}  // namespace

void App::draw_torchinfo_view() {
    if (!session_.study()) {
        ImGui::TextWrapped("No TorchInfo files are loaded. Drop a torchinfo-summary.txt (or the unique-layers, layers or stages "
                           "JSON, or the unique-layers Markdown) to see its modules beside the analysis.");
        return;
    }
    const auto& s = *session_.study();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    const float em = ImGui::GetFontSize();
    if (s.deepseek_ocr) {
        if (!session_.analysis()) return;
        const auto rows = reconcile(s.run, *session_.analysis());
        if (rows.empty()) {
            // A unique-layers file alone lists module classes, not module instances: show those.
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%zu module classes (the file lists classes, not module instances: drop torchinfo-summary.txt "
                                "or the layers JSON to compare each module with the engine)",
                                s.run.classes.size());
            ImGui::PopTextWrapPos();
            if (!ImGui::BeginTable("classes", 3, flags)) return;
            ImGui::TableSetupScrollFreeze(1, 1);
            ImGui::TableSetupColumn("Class", ImGuiTableColumnFlags_WidthFixed, em * 16);
            ImGui::TableSetupColumn("Occurrences", ImGuiTableColumnFlags_WidthFixed, em * 6);
            ImGui::TableSetupColumn("Qualified name (hover)", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const auto& c : s.run.classes) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.class_name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.count ? format_grouped(*c.count).c_str() : "--");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.class_name_qualified.c_str());
                help(c.class_name_qualified.c_str());
            }
            ImGui::EndTable();
            return;
        }
        ImGui::TextDisabled("%zu modules: TorchInfo's parameters and mult-adds beside the engine's (torch-convention FLOPs / 2)",
                            rows.size());
        if (!ImGui::BeginTable("reconciliation", 8, flags)) return;
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Module", ImGuiTableColumnFlags_WidthFixed, em * 13);
        ImGui::TableSetupColumn("Class", ImGuiTableColumnFlags_WidthFixed, em * 8);
        ImGui::TableSetupColumn("Params TorchInfo", ImGuiTableColumnFlags_WidthFixed, em * 6);
        ImGui::TableSetupColumn("Params engine", ImGuiTableColumnFlags_WidthFixed, em * 6);
        ImGui::TableSetupColumn("MACs TorchInfo", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
        ImGui::TableSetupColumn("MACs engine", ImGuiTableColumnFlags_WidthFixed, em * 5);
        ImGui::TableSetupColumn("Verdict", ImGuiTableColumnFlags_WidthFixed, em * 7);
        ImGui::TableSetupColumn("Why (hover)", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.name.c_str());
            help(r.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.class_name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(r.torchinfo_params).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(r.engine_params).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(count(r.torchinfo_mult_adds).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.engine_mult_adds ? format_si(*r.engine_mult_adds, "MAC").c_str() : "--");
            ImGui::TableNextColumn();
            const bool bad = r.verdict == Reconciled::Verdict::params_differ || r.verdict == Reconciled::Verdict::not_in_engine;
            ImGui::TextColored(bad ? ImVec4(1, 0.45f, 0.4f, 1) : r.params_agree ? ImVec4(0.5f, 0.85f, 0.5f, 1) : ImVec4(0.9f, 0.75f, 0.4f, 1),
                               "%s", std::string(verdict_name(r.verdict)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.why.c_str());
            help(r.why.c_str());
        }
        ImGui::EndTable();
        return;
    }
    const auto& g = *s.generic;
    ImGui::TextDisabled("%zu leaf layers; costed: %s, %s moved, %s parameters (%.0f-byte elements)", g.layers.size(),
                        format_si(g.flops, "FLOP").c_str(), format_traffic(g.bytes).c_str(), format_grouped(g.params).c_str(),
                        g.element_bytes);
    if (!ImGui::BeginTable("generic", 7, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Class", ImGuiTableColumnFlags_WidthFixed, em * 9);
    ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, em * 7);
    ImGui::TableSetupColumn("Params", ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn("FLOPs", ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn("Bytes", ImGuiTableColumnFlags_WidthFixed, em * 6);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em * 7);
    ImGui::TableHeadersRow();
    for (const auto& l : g.layers) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.name.c_str());
        help(l.formula.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.class_name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.kind.empty() ? "unclassified" : l.kind.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_grouped(l.params).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(l.flops, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_traffic(l.bytes).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(std::string(generic_status_name(l.status)).c_str());
    }
    ImGui::EndTable();
}

}  // namespace mm::app
