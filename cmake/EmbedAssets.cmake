# mm_embed_assets(<target> <dir>): a static library holding every file under <dir> as text, sorted by
# path, reachable through embedded/embedded_assets.hpp. The core parses these texts; it never opens
# files, so the web page and the native programs see the same presets.
function(mm_embed_assets target dir)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE "${dir}" "${dir}/*.json")
  list(SORT files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/generated/${target}.cpp")
  set(deps "")
  foreach(f IN LISTS files)
    list(APPEND deps "${dir}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DDIR=${dir}" "-DFILES=${files}" "-DOUT=${out}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_assets_script.cmake"
    DEPENDS ${deps} "${PROJECT_SOURCE_DIR}/cmake/embed_assets_script.cmake"
    COMMENT "Embedding ${dir}"
    VERBATIM)
  add_library(${target} STATIC "${out}")
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
