# ctest consumer_add_subdirectory: the consumer project pulls trainjob in with
# add_subdirectory(<trainjob source> trainjob-build).
#   cmake -DTRAINJOB_SOURCE_DIR=... -DWORK_DIR=... -DCONSUMER_SOURCE_DIR=... -DEXPECTED_VERSION=...
#         -DCMAKE_GENERATOR=... -DCMAKE_CXX_COMPILER=... [-DCXX_STANDARD=..] -P run_add_subdirectory.cmake
include("${CMAKE_CURRENT_LIST_DIR}/consumer_common.cmake")

if(NOT TRAINJOB_SOURCE_DIR)
  message(FATAL_ERROR "consumer: pass -DTRAINJOB_SOURCE_DIR=...")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
consumer_build(add_subdirectory "${WORK_DIR}/build" "-DTRAINJOB_SOURCE_DIR=${TRAINJOB_SOURCE_DIR}")
