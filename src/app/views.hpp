#pragma once
// The app's views and sweep axes, one table each: the tab strip, the 1-7 shortcuts, the share link's
// view= and sweep= values, their notices, the PNG export's file name and state() all read these rows.
// No ImGui: the headless session (session.hpp) links against it too.
#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

namespace mm::app {

enum class View { breakdown, roofline, treemap, memory, sweep, capacity, torchinfo };

struct ViewSpec {
    View view;
    std::string_view name;   // in share links (view=roofline), state() and the PNG's file name
    std::string_view label;  // the tab
};

// In tab order; the key 1 + i shows kViews[i].
inline constexpr ViewSpec kViews[] = {
    {View::breakdown, "breakdown", "Breakdown"}, {View::roofline, "roofline", "Roofline"},
    {View::treemap, "treemap", "Treemap"},       {View::memory, "memory", "Memory"},
    {View::sweep, "sweep", "Sweep"},             {View::capacity, "capacity", "Capacity"},
    {View::torchinfo, "torchinfo", "TorchInfo"}};

enum class SweepAxis { new_tokens, batch, crops };

struct SweepAxisSpec {
    SweepAxis axis;
    std::string_view name;   // in share links (sweep=batch)
    std::string_view label;  // the "Sweep over" choice
};

inline constexpr SweepAxisSpec kSweepAxes[] = {
    {SweepAxis::new_tokens, "new_tokens", "new tokens"}, {SweepAxis::batch, "batch", "batch"}, {SweepAxis::crops, "crops", "crop grid"}};

// Rows sit at their enum's index, so a value finds its row without a search.
constexpr bool rows_in_enum_order() {
    for (std::size_t i = 0; i < std::size(kViews); ++i)
        if (static_cast<std::size_t>(kViews[i].view) != i) return false;
    for (std::size_t i = 0; i < std::size(kSweepAxes); ++i)
        if (static_cast<std::size_t>(kSweepAxes[i].axis) != i) return false;
    return true;
}
static_assert(rows_in_enum_order(), "kViews and kSweepAxes list their enum's values in order");

constexpr const ViewSpec& view_spec(View v) { return kViews[static_cast<std::size_t>(v)]; }
constexpr std::string_view view_name(View v) { return view_spec(v).name; }
constexpr const SweepAxisSpec& sweep_axis_spec(SweepAxis a) { return kSweepAxes[static_cast<std::size_t>(a)]; }

constexpr std::optional<View> find_view(std::string_view name) {
    for (const auto& v : kViews)
        if (v.name == name) return v.view;
    return std::nullopt;
}

constexpr std::optional<SweepAxis> find_sweep_axis(std::string_view name) {
    for (const auto& a : kSweepAxes)
        if (a.name == name) return a.axis;
    return std::nullopt;
}

}  // namespace mm::app
