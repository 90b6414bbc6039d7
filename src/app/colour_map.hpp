#pragma once
// The colour map of shaders/colormap.frag.glsl as a 256x1 RGBA texture for ImGui draws.
#include <array>
#include <cstdint>
#include <string>

namespace mm::app {

class ColourMap {
public:
    // Compiles the shaders with `glsl_version` prepended, renders the strip into the corner of the
    // back buffer, reads it back into a texture. Call before the frame's clear. False and a message
    // on failure (the app then tints with flat colours).
    bool build(const char* glsl_version, std::string& error);
    bool ready() const { return texture_ != 0; }
    void* texture_id() const { return reinterpret_cast<void*>(static_cast<std::intptr_t>(texture_)); }
    // The rendered colour at t in [0, 1] (from the read-back pixels), for logs and flat fills.
    std::array<std::uint8_t, 3> at(float t) const;

private:
    unsigned texture_ = 0;
    std::array<std::uint8_t, 256 * 4> pixels_{};
};

}  // namespace mm::app
