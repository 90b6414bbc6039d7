#include "app/theme.hpp"

#include <algorithm>
#include <cmath>

namespace mm::app {
namespace {

// Dark: ImGui's dark theme made opaque and slightly lifted so that muted text and the bound colours
// read on every row. Light: darker tones than ImGui's light theme (its grey captions measured 2.5:1).
constexpr Theme kDark{
    true,
    {{{0.06f, 0.06f, 0.07f}, {0.09f, 0.09f, 0.10f}, {0.11f, 0.11f, 0.12f}, {0.14f, 0.19f, 0.27f},
      {0.19f, 0.19f, 0.21f}, {0.13f, 0.22f, 0.36f}, {0.16f, 0.27f, 0.44f}, {0.16f, 0.29f, 0.48f}}},
    {{{0.93f, 0.93f, 0.93f}, {0.73f, 0.73f, 0.74f}, {0.95f, 0.62f, 0.25f}, {0.40f, 0.72f, 0.96f},
      {0.85f, 0.55f, 0.90f}, {1.00f, 0.47f, 0.42f}, {1.00f, 0.80f, 0.40f}, {0.50f, 0.85f, 0.50f}}},
};
constexpr Theme kLight{
    false,
    {{{0.95f, 0.95f, 0.95f}, {1.00f, 1.00f, 1.00f}, {0.89f, 0.89f, 0.90f}, {1.00f, 1.00f, 1.00f},
      {0.80f, 0.87f, 0.96f}, {0.74f, 0.84f, 0.97f}, {0.66f, 0.79f, 0.97f}, {0.60f, 0.74f, 0.96f}}},
    {{{0.05f, 0.05f, 0.05f}, {0.28f, 0.28f, 0.30f}, {0.62f, 0.27f, 0.00f}, {0.00f, 0.38f, 0.68f},
      {0.53f, 0.18f, 0.58f}, {0.72f, 0.08f, 0.08f}, {0.52f, 0.30f, 0.00f}, {0.08f, 0.42f, 0.14f}}},
};

double channel(float c) {  // sRGB to linear, WCAG 2.x
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

const Theme& theme(bool dark) { return dark ? kDark : kLight; }

double relative_luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool tone_drawn_on(Tone t, Surface s) {
    if (t == Tone::text || t == Tone::muted) return true;
    return s == Surface::window || s == Surface::popup || s == Surface::row_alt;
}

}  // namespace mm::app
