#pragma once
// Kept for the engine's includes: the assets are declared with the other embedded files.
#include "embedded/embedded_files.hpp"
