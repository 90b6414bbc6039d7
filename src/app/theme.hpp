#pragma once
// The page's two themes as data: every background text is drawn on and every colour text is drawn in,
// so that a test (tests/app/test_theme.cpp) can hold each pair to WCAG 2's 4.5:1 contrast for text.
// No ImGui: frame.cpp copies these into ImGui's style, ui.cpp picks the tones.
#include <array>
#include <cstddef>

namespace mm::app {

struct Rgb {
    float r = 0, g = 0, b = 0;
};

// Colours text is written in. `text` and `muted` appear on every background; the others on the
// page's own backgrounds (window, tooltip, alternate table row), never on buttons or frames.
enum class Tone {
    text,      // body text
    muted,     // secondary text: captions, hints, units
    compute,   // compute-bound (tables, legends)
    memory,    // memory-bound
    overhead,  // overhead-bound (launches, gaps)
    error,     // a file or setting that failed
    warning,   // notices, an assumed value
    good,      // a recovered value, agreement
};
inline constexpr std::size_t kToneCount = 8;

// Backgrounds text is drawn on. All opaque: the style gets exactly these.
enum class Surface {
    window,          // the page, child windows
    popup,           // tooltips, menus
    row_alt,         // every other table row
    frame,           // text fields, combo boxes
    table_header,    // table headers
    control,         // buttons, inactive tabs
    control_hover,   // hovered buttons, tabs, rows, menu items
    control_active,  // pressed buttons, the selected tab, a selected row
};
inline constexpr std::size_t kSurfaceCount = 8;

struct Theme {
    bool dark;
    std::array<Rgb, kSurfaceCount> surfaces;
    std::array<Rgb, kToneCount> tones;
    Rgb surface(Surface s) const { return surfaces[static_cast<std::size_t>(s)]; }
    Rgb tone(Tone t) const { return tones[static_cast<std::size_t>(t)]; }
};

const Theme& theme(bool dark);

// WCAG 2.x: relative luminance of an sRGB colour and the contrast ratio of two colours (1 to 21).
double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);

// Which surfaces a tone may be drawn on (text and muted: all of them).
bool tone_drawn_on(Tone t, Surface s);

}  // namespace mm::app
