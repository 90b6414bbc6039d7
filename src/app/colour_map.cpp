#include "app/colour_map.hpp"

#include <algorithm>
#include <string_view>

#include "embedded/embedded_files.hpp"
#include "mm_gl.hpp"  // src/app/gl/<platform>/, chosen by CMake

namespace mm::app {
namespace {

std::string_view shader_text(std::string_view path) {
    for (const auto& f : embedded_shaders())
        if (f.path == path) return f.text;
    return {};
}

GLuint compile(GLenum type, const std::string& source, std::string& error) {
    const GLuint s = glCreateShader(type);
    const char* text = source.c_str();
    glShaderSource(s, 1, &text, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        error = std::string("shader compile failed: ") + log;
        glDeleteShader(s);
        return 0;
    }
    return s;
}

}  // namespace

bool ColourMap::build(const char* glsl_version, std::string& error) {
    const auto vs_text = shader_text("fullscreen.vert.glsl");
    const auto fs_text = shader_text("colormap.frag.glsl");
    if (vs_text.empty() || fs_text.empty()) {
        error = "the colour-map shaders are not embedded";
        return false;
    }
    const std::string version = std::string(glsl_version) + "\n";
    const GLuint vs = compile(GL_VERTEX_SHADER, version + std::string(vs_text), error);
    const GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, version + std::string(fs_text), error) : 0;
    if (!vs || !fs) return false;
    const GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint linked = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &linked);
    if (!linked) {
        error = "shader link failed";
        glDeleteProgram(program);
        return false;
    }

    const float quad[] = {-1, -1, 1, -1, 1, 1, -1, 1};
    const unsigned short indices[] = {0, 1, 2, 0, 2, 3};
    GLuint vao = 0, vbo = 0, ibo = 0;
    glGenVertexArrays(1, &vao);
    glBindVertexArray(vao);
    glGenBuffers(1, &vbo);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
    glGenBuffers(1, &ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof indices, indices, GL_STATIC_DRAW);
    const GLint position = glGetAttribLocation(program, "a_position");
    glEnableVertexAttribArray(static_cast<GLuint>(position));
    glVertexAttribPointer(static_cast<GLuint>(position), 2, GL_FLOAT, GL_FALSE, 0, nullptr);

    glUseProgram(program);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, 256, 1);
    glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, nullptr);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, 256, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());

    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    // Clamped: with the default GL_REPEAT, a share of 1 blended the last texel with the first (the
    // largest tile drew olive instead of the map's yellow).
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());

    glBindVertexArray(0);
    glDeleteBuffers(1, &vbo);
    glDeleteBuffers(1, &ibo);
    glDeleteVertexArrays(1, &vao);
    glUseProgram(0);
    glDeleteProgram(program);
    return glGetError() == GL_NO_ERROR;
}

std::array<std::uint8_t, 3> ColourMap::at(float t) const {
    const int i = std::clamp(static_cast<int>(t * 255.0f + 0.5f), 0, 255);
    return {pixels_[i * 4], pixels_[i * 4 + 1], pixels_[i * 4 + 2]};
}

}  // namespace mm::app
