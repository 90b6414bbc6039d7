#pragma once
// WebGL 2 entry points (OpenGL ES 3.0), provided by Emscripten.
#include <GLES3/gl3.h>
