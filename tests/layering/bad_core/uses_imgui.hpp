#pragma once
// Fixture for tests/layering/check.cmake: a core file that breaks the rule, so the check must fail here.
#include <imgui.h>
