# mm_embed_files(<target> <dir> <glob> <function>): a static library holding every file under <dir>
# matching <glob> as text, sorted by path, returned by `std::span<const mm::TextFile> mm::<function>()`.
# Assets (presets) and shaders reach the programs this way: the core parses texts and never opens
# files, so the web page and the native programs see the same data.
function(mm_embed_files target dir glob function)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE "${dir}" "${dir}/${glob}")
  list(SORT files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/generated/${target}.cpp")
  set(deps "")
  foreach(f IN LISTS files)
    list(APPEND deps "${dir}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DDIR=${dir}" "-DFILES=${files}" "-DOUT=${out}" "-DFUNCTION=${function}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    DEPENDS ${deps} "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    COMMENT "Embedding ${dir}"
    VERBATIM)
  add_library(${target} STATIC "${out}")
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_features(${target} PUBLIC cxx_std_20)
  mm_project_warnings(${target})
endfunction()
