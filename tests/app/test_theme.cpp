// Issue 16, item 7: text contrast >= 4.5:1 (WCAG 2.x, level AA for body text) in both themes, for
// every colour text is drawn in against every background it is drawn on (src/app/theme.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "app/theme.hpp"

using mm::app::contrast_ratio;
using mm::app::Rgb;

namespace {
Rgb grey(int v) { return Rgb{v / 255.0f, v / 255.0f, v / 255.0f}; }
}  // namespace

// The formula against published figures: black on white is 21:1; #767676 on white is 4.54:1 and
// #777777 4.48:1, the usual examples of the lightest grey that passes and the first that fails
// (WebAIM's contrast checker gives both).
TEST_CASE("contrast ratios match WCAG's published examples", "[theme]") {
    CHECK(contrast_ratio(grey(0), grey(255)) == Approx(21.0));
    CHECK(contrast_ratio(grey(255), grey(255)) == Approx(1.0));
    CHECK(contrast_ratio(grey(0x76), grey(255)) == Approx(4.54).margin(0.005));
    CHECK(contrast_ratio(grey(0x77), grey(255)) == Approx(4.48).margin(0.005));
    CHECK(contrast_ratio(grey(255), grey(0x76)) == contrast_ratio(grey(0x76), grey(255)));
}

TEST_CASE("every text colour reads at 4.5:1 on every background it is drawn on, in both themes", "[theme]") {
    const char* tones[] = {"text", "muted", "compute", "memory", "overhead", "error", "warning", "good"};
    const char* surfaces[] = {"window", "popup", "row_alt", "frame", "table_header", "control", "control_hover", "control_active"};
    int pairs = 0;
    for (const bool dark : {true, false}) {
        const mm::app::Theme& t = mm::app::theme(dark);
        CHECK(t.dark == dark);
        for (std::size_t i = 0; i < mm::app::kToneCount; ++i)
            for (std::size_t s = 0; s < mm::app::kSurfaceCount; ++s) {
                const auto tone = static_cast<mm::app::Tone>(i);
                const auto surface = static_cast<mm::app::Surface>(s);
                if (!mm::app::tone_drawn_on(tone, surface)) continue;
                const double ratio = contrast_ratio(t.tone(tone), t.surface(surface));
                INFO((dark ? "dark: " : "light: ") + std::string(tones[i]) + " on " + surfaces[s] + " = " + std::to_string(ratio));
                CHECK(ratio >= 4.5);
                ++pairs;
            }
    }
    CHECK(pairs == 2 * (2 * 8 + 6 * 3));  // text and muted on all 8 surfaces, the 6 others on 3
}
