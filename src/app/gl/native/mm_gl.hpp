#pragma once
// Desktop OpenGL entry points: the loader Dear ImGui's OpenGL 3 backend initialises. Its header
// omits a few enums ModelMeter uses; their values are fixed by the OpenGL specification.
#include <imgui_impl_opengl3_loader.h>

#ifndef GL_NO_ERROR
#define GL_NO_ERROR 0
#endif
#ifndef GL_UNPACK_ALIGNMENT
#define GL_UNPACK_ALIGNMENT 0x0CF5
#endif
#ifndef GL_STATIC_DRAW
#define GL_STATIC_DRAW 0x88E4
#endif
#ifndef GL_TEXTURE_WRAP_S
#define GL_TEXTURE_WRAP_S 0x2802
#endif
#ifndef GL_TEXTURE_WRAP_T
#define GL_TEXTURE_WRAP_T 0x2803
#endif
#ifndef GL_CLAMP_TO_EDGE
#define GL_CLAMP_TO_EDGE 0x812F
#endif
