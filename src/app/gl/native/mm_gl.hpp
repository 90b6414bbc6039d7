#pragma once
// Desktop OpenGL entry points: the loader Dear ImGui's OpenGL 3 backend initialises.
#include <imgui_impl_opengl3_loader.h>
