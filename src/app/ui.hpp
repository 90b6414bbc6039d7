#pragma once
// Small widgets shared by the panels: labelled combos, tooltips, headline cards, colours.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/engine/analysis.hpp"
#include "core/engine/categories.hpp"

namespace mm::app {

ImVec4 bound_colour(Bound b);
ImU32 category_colour(OperatorCategory c);
bool combo(const char* label, std::string& value, const std::vector<std::string>& items);
bool input_int64(const char* label, int64_t& value, int64_t lo, int64_t hi);
void help(const char* text);  // tooltip for the last item
void card(const char* title, const std::string& value, const std::string& detail, const char* tip,
          ImVec4 colour = {1, 1, 1, 0});

}  // namespace mm::app
