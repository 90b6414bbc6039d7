// What the TorchInfo files say beside the engine: the reconciliation of parameters and mult-adds per
// module (with why TorchInfo differs where it does), for DeepSeek-OCR's built-in model or for a dropped
// network's own tree, whose footer check and coverage head the view.
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
    if (!session_.analysis()) return;
    if (session_.network()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(("Footer: " + s.footer.message).c_str());
        for (const auto& n : s.run.notes) ImGui::TextDisabled("%s", n.c_str());
        ImGui::PopTextWrapPos();
    }
    {
        const auto rows = reconcile(s.run, *session_.analysis());
        if (rows.empty()) {
            // A unique-layers file alone lists module classes, not module instances: show those.
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%zu module classes (the file lists classes, not module instances: drop torchinfo-summary.txt "
                                "or the layers JSON to compare each module with the engine)",
                                s.run.classes.size());
            ImGui::PopTextWrapPos();
            const float table_width = ImGui::GetContentRegionAvail().x;
            if (!ImGui::BeginTable("classes", 3, flags)) return;
            ImGui::TableSetupScrollFreeze(1, 1);
            static constexpr Column columns[] = {
                {"Class", "The module class, as TorchInfo printed it.", 16},
                {"Occurrences", "How many modules of the class the run held.", 6},
                {"Qualified name (hover)", "The class's Python path; hover a cell for all of it.", 8, ImGuiTableColumnFlags_WidthStretch, 1},
            };
            table_columns(columns, table_width);
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
        const float table_width = ImGui::GetContentRegionAvail().x;
        if (!ImGui::BeginTable("reconciliation", 8, flags)) return;
        ImGui::TableSetupScrollFreeze(1, 1);
        static constexpr Column columns[] = {
            {"Module", "The module as TorchInfo named it.", 13},
            {"Class", "Its class.", 8, ImGuiTableColumnFlags_WidthFixed, 5},
            {"Params TorchInfo", "Parameters TorchInfo counted for the module.", 7},
            {"Params engine", "Parameters the engine's model holds for the same module.", 7},
            {"MACs TorchInfo", "Mult-adds TorchInfo printed for the module.", 7, ImGuiTableColumnFlags_WidthFixed, 3},
            {"MACs engine", "The engine's torch-convention FLOPs / 2 for the module.", 7, ImGuiTableColumnFlags_WidthFixed, 3},
            {"Verdict", "Whether the two agree, and if not, which way.", 7},
            {"Why (hover)", "The reason for the verdict; hover a cell for all of it.", 8, ImGuiTableColumnFlags_WidthStretch, 4},
        };
        table_columns(columns, table_width);
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
            ImGui::TextColored(bad ? tone(Tone::error) : r.params_agree ? tone(Tone::good) : tone(Tone::warning),
                               "%s", std::string(verdict_name(r.verdict)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.why.c_str());
            help(r.why.c_str());
        }
        ImGui::EndTable();
        return;
    }
}

}  // namespace mm::app
