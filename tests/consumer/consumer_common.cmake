# Shared by run_find_package.cmake and run_add_subdirectory.cmake (cmake -P scripts).
cmake_minimum_required(VERSION 3.21)

foreach(var WORK_DIR CONSUMER_SOURCE_DIR EXPECTED_VERSION CMAKE_GENERATOR CMAKE_CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "consumer: pass -D${var}=...")
  endif()
endforeach()

# consumer_run(<what> <command>...): run it, fail the test if it fails.
function(consumer_run what)
  message(STATUS "consumer: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc COMMAND_ECHO STDOUT)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer: ${what} failed (${rc})")
  endif()
endfunction()

# consumer_run_exe(<what> <exe> [args...]): run the built consumer, check it prints the version.
function(consumer_run_exe what exe)
  message(STATUS "consumer: ${what}")
  execute_process(COMMAND "${exe}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer: ${what} failed (${rc})")
  endif()
  if(NOT out MATCHES "trainjob ${EXPECTED_VERSION}")
    message(FATAL_ERROR "consumer: ${what} did not print 'trainjob ${EXPECTED_VERSION}'")
  endif()
endfunction()

# consumer_build(<mode> <build-dir> [extra -D options...]): configure, build and run the
# consumer project with the parent build's generator and compiler.
function(consumer_build mode build_dir)
  set(args -S "${CONSUMER_SOURCE_DIR}" -B "${build_dir}" -G "${CMAKE_GENERATOR}"
           "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}" "-DTRAINJOB_CONSUMER_MODE=${mode}"
           "-DEXPECTED_VERSION=${EXPECTED_VERSION}" ${ARGN})
  if(CMAKE_MAKE_PROGRAM)
    list(APPEND args "-DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}")
  endif()
  if(CXX_STANDARD)
    list(APPEND args "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}")
  endif()
  if(CMAKE_C_COMPILER)
    list(APPEND args "-DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}")
  endif()
  consumer_run("configure (${mode})" "${CMAKE_COMMAND}" ${args})
  consumer_run("build (${mode})" "${CMAKE_COMMAND}" --build "${build_dir}")
  consumer_run_exe("run (${mode})" "${build_dir}/bin/consumer${CMAKE_EXECUTABLE_SUFFIX}")
  if("-DEXPECT_C_API=ON" IN_LIST ARGN)
    consumer_run_exe("run the C consumer (${mode})" "${build_dir}/bin/consumer_c${CMAKE_EXECUTABLE_SUFFIX}")
  endif()
endfunction()
