# Third-party code comes from Debian packages (headers under /usr/include) and Debian's ImGui source
# package (third_party/imgui, ignored by git). Nothing third-party is committed.
#
# Under Emscripten /usr/include must never reach the compiler (it holds glibc's headers), so only the
# header-only libraries' own folders are staged into the build tree and wrapped in INTERFACE targets
# that carry the same names the native build uses.
set(MM_HOST_INCLUDE "/usr/include" CACHE PATH "Host folder holding Debian's nlohmann/ and catch2/ headers")

if(EMSCRIPTEN)
  function(mm_stage_headers target subdir)
    if(NOT EXISTS "${MM_HOST_INCLUDE}/${subdir}")
      message(FATAL_ERROR "${MM_HOST_INCLUDE}/${subdir} is missing: run scripts/install-deps.sh")
    endif()
    set(stage "${CMAKE_BINARY_DIR}/staged/${target}")
    file(COPY "${MM_HOST_INCLUDE}/${subdir}" DESTINATION "${stage}")
    add_library(${target} INTERFACE)
    target_include_directories(${target} SYSTEM INTERFACE "${stage}")
  endfunction()
  mm_stage_headers(mm_nlohmann nlohmann)
  add_library(nlohmann_json::nlohmann_json ALIAS mm_nlohmann)
  if(MM_BUILD_TESTS)
    mm_stage_headers(mm_catch2 catch2)
  endif()
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(CLI11 CONFIG REQUIRED)
  if(MM_BUILD_TESTS)
    find_package(Catch2 2.13 REQUIRED)
    add_library(mm_catch2 INTERFACE)
    target_link_libraries(mm_catch2 INTERFACE Catch2::Catch2)
  endif()
endif()
# Debian's Catch.cmake (catch_discover_tests) serves both builds.
list(APPEND CMAKE_MODULE_PATH /usr/lib/cmake/Catch2)
