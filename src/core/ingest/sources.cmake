# TorchInfo ingestion (issue 4): included from src/core/CMakeLists.txt after mm_core is defined.
target_sources(mm_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/class_map.cpp
  ${CMAKE_CURRENT_LIST_DIR}/generic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ingest_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_out.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_json_kinds.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_torchinfo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reconcile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recover.cpp
  ${CMAKE_CURRENT_LIST_DIR}/study.cpp
)
