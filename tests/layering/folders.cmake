# cmake -DDIR=<src/core> -P folders.cmake: the core's folders follow its data flow, and a folder includes
# only folders before it (or itself). Rank per folder; api.hpp (the public face) counts as part of
# the engine, whose entry points it declares. A file directly under DIR other than api.hpp, or
# a folder missing from the ranks, fails the check too.
set(rank_base 0)
set(rank_ops 1)        # the typed ops and one cost formula per op family
set(rank_model 2)      # a model's config and module tree (whose leaves are ops), its builders
set(rank_presets 3)    # GPUs, time profiles, the catalog (which builds each model's tree)
set(rank_engine 4)     # workload -> evaluated tree -> time, memory, categories, explain, sweeps
set(rank_options 5)    # the option table: flags, links, widgets
set(rank_link 6)       # the share-link codec
set(rank_report 7)     # every writer and the metric table
set(rank_ingest 8)     # TorchInfo artifacts in
file(GLOB_RECURSE sources RELATIVE "${DIR}" "${DIR}/*.hpp" "${DIR}/*.cpp")
set(bad "")
foreach(f IN LISTS sources)
  string(REGEX MATCH "^[^/]+" top "${f}")
  if(top STREQUAL "api.hpp")
    set(top engine)
  endif()
  if(NOT DEFINED rank_${top})
    list(APPEND bad "${f}: ${top} is not one of the core's folders (or api.hpp)")
    continue()
  endif()
  file(STRINGS "${DIR}/${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"core/")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE ".*\"core/([^/\"]+).*" "\\1" dep "${line}")
    if(dep STREQUAL "api.hpp")
      set(dep engine)
    endif()
    if(dep STREQUAL top)
      continue()
    endif()
    if(NOT DEFINED rank_${dep})
      list(APPEND bad "${f}: includes core/${dep}, which is not one of the core's folders")
    elseif(NOT rank_${dep} LESS rank_${top})
      list(APPEND bad "${f} (${top}, rank ${rank_${top}}) includes core/${dep} (rank ${rank_${dep}}): against the data flow")
    endif()
  endforeach()
endforeach()
list(LENGTH sources n)
if(n EQUAL 0)
  message(FATAL_ERROR "no sources under ${DIR}: nothing was checked")
endif()
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "the core's folders break the data flow:\n  ${text}")
endif()
message(STATUS "${n} files under ${DIR} include only folders before their own")
