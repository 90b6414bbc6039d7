#pragma once
// A fixture for the layering test: base must not include the engine.
#include "core/engine/analysis.hpp"
