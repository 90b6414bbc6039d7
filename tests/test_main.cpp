// Catch2 v2's main, compiled in both builds (Debian's libCatch2WithMain.a is host-only).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
