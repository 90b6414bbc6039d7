// ModelMeter's sequential colour map for shares in [0, 1] (time, FLOPs): deep blue for small shares,
// through teal, to warm yellow for the largest. Rendered once across a 256x1 strip; the app samples
// the strip as a texture to tint bars and tiles by their share.
#ifdef GL_ES
precision mediump float;
#endif
in vec2 v_uv;
out vec4 o_colour;

const vec3 c_low = vec3(0.10, 0.15, 0.40);
const vec3 c_mid = vec3(0.10, 0.60, 0.60);
const vec3 c_high = vec3(0.98, 0.85, 0.25);

vec3 ramp(float t) {
    vec3 low = mix(c_low, c_mid, smoothstep(0.0, 0.5, t));
    vec3 high = mix(c_mid, c_high, smoothstep(0.5, 1.0, t));
    return t < 0.5 ? low : high;
}

void main() {
    o_colour = vec4(ramp(clamp(v_uv.x, 0.0, 1.0)), 1.0);
}
