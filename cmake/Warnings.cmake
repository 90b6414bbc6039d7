# Warnings are errors in the project's own code, in every preset (gcc natively and under asan, clang 14
# for fuzz, Emscripten's clang 14 for wasm). This is the one place they are set: every project target
# calls mm_project_warnings(<target>). Third-party code never gets them: ImGui's sources build in
# mm_imgui (compiled with -w), and the headers of ImGui, nlohmann/json, CLI11 and Catch2 come in as
# SYSTEM includes (/usr/include natively, staged SYSTEM folders under Emscripten), so their warnings
# are not reported in our translation units either.
#
# -DMM_WERROR=OFF keeps the warnings but not the error, e.g. to list them all with a newer compiler.
option(MM_WERROR "Treat warnings in the project's own code as errors" ON)

function(mm_project_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${MM_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow $<$<BOOL:${MM_WERROR}>:-Werror>)
    # gcc 12's -Wrestrict fires inside libstdc++ on `"text" + std::string(...)` at -O2/-O3 (gcc bug
    # 105329: a memcpy "overlap" of 2^63 bytes that cannot happen); it names libstdc++'s lines, not ours.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    # Under the sanitizers gcc's flow analysis sees the instrumented code and reports
    # -Wmaybe-uninitialized inside libstdc++ (std::function moved within std::regex, inlined into
    # Catch2's main in tests/test_main.cpp). The uninstrumented presets keep the warning as an error,
    # so it still guards the project's code.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
  endif()
endfunction()
