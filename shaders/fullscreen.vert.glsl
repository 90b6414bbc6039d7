// A quad over the whole viewport; v_uv runs 0..1 across it. Shared by desktop (GLSL 1.30) and web
// (GLSL ES 3.00): the platform prepends the #version line.
in vec2 a_position;
out vec2 v_uv;

void main() {
    v_uv = a_position * 0.5 + 0.5;
    gl_Position = vec4(a_position, 0.0, 1.0);
}
