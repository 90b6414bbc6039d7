#pragma once
// Small widgets shared by the panels: labelled combos, tooltips, headline cards, colours.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/engine/analysis.hpp"
#include "app/theme.hpp"
#include "core/engine/categories.hpp"

namespace mm::app {

// A text colour of the current theme (read from the style's window colour), tested for contrast.
ImVec4 tone(Tone t);
ImVec4 bound_colour(Bound b);
ImU32 category_colour(OperatorCategory c);
bool combo(const char* label, std::string& value, const std::vector<std::string>& items);
bool input_int64(const char* label, int64_t& value, int64_t lo, int64_t hi);
void help(const char* text);  // tooltip for the last item
// A tooltip's text wrap width: `ems` font heights, or less on a narrow window, so the tooltip stays inside it.
float tooltip_wrap(float ems);
// Places the next item of `width` on the current line if it fits before the window's right edge,
// else on a new line: a row of buttons or captions wraps like words.
void flow(float width);

// A table column: its header, the full name and meaning for the header's tooltip, its width in em
// (a stretch column's least width), and its rank in giving way on narrow screens (0: never hidden;
// the highest rank goes first).
struct Column {
    const char* name;
    const char* tip;
    float width_em;
    ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_WidthFixed;
    int give_way = 0;
};
// After BeginTable: declares the columns and submits the header row, each header's tooltip naming it
// in full. Columns give way, highest rank first, until the visible ones fit in `table_width`.
// Returns each header's rectangle (min, max), zero for a hidden column.
std::vector<std::pair<ImVec2, ImVec2>> table_columns(std::span<const Column> columns, float table_width);
void card(const char* title, const std::string& value, const std::string& detail, const char* tip,
          ImVec4 colour = {1, 1, 1, 0});

}  // namespace mm::app
