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
