# Everything Emscripten-specific lives here: the version check and the link flags of each kind of target.

# The toolchain version must match emsdk-version.txt (Debian bookworm's emscripten package is 3.1.6).
file(STRINGS "${PROJECT_SOURCE_DIR}/emsdk-version.txt" MM_EMSDK_PINNED LIMIT_COUNT 1)
string(STRIP "${MM_EMSDK_PINNED}" MM_EMSDK_PINNED)
set(_ver "${EMSCRIPTEN_VERSION}")
if(NOT _ver AND EXISTS "${EMSCRIPTEN_ROOT_PATH}/emscripten-version.txt")
  file(STRINGS "${EMSCRIPTEN_ROOT_PATH}/emscripten-version.txt" _ver LIMIT_COUNT 1)
  string(REPLACE "\"" "" _ver "${_ver}")
endif()
string(STRIP "${_ver}" _ver)
if(_ver STREQUAL MM_EMSDK_PINNED)
  message(STATUS "Emscripten ${_ver} (pinned in emsdk-version.txt)")
else()
  message(WARNING "Emscripten '${_ver}' found, but emsdk-version.txt pins ${MM_EMSDK_PINNED}: "
                  "the build may differ. With emsdk: emsdk install ${MM_EMSDK_PINNED} && emsdk activate ${MM_EMSDK_PINNED}")
endif()

# The web page: ImGui over GLFW 3 and WebGL 2, with embind for the JavaScript glue.
# DYNAMIC_EXECUTION=0: the glue never calls eval or new Function (embind builds its invokers from
# closures instead), so the page's Content-Security-Policy can forbid both (web/index.html).
function(mm_wasm_app target)
  target_compile_definitions(${target} PRIVATE IMGUI_IMPL_OPENGL_ES3)
  target_link_options(${target} PRIVATE
    -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -lembind -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=1GB -sDYNAMIC_EXECUTION=0
    "-sEXPORTED_RUNTIME_METHODS=['FS']" -sENVIRONMENT=web)
endfunction()

# A module for node: embind only, no GL. Used by tests to call the core as the page does.
function(mm_wasm_node_module target export_name)
  target_link_options(${target} PRIVATE
    -lembind -sMODULARIZE=1 -sEXPORT_NAME=${export_name} -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node)
endfunction()

# Catch2 test executables under node: Catch2 throws, so exceptions are on for them only.
function(mm_wasm_test target)
  target_compile_options(${target} PRIVATE -fexceptions)
  target_link_options(${target} PRIVATE -fexceptions -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
endfunction()
