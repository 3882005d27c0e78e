# ctest consumer_find_package: install this build to a fresh prefix, then build the consumer
# project against it with find_package(trainjob CONFIG REQUIRED), and with pkg-config.
#   cmake -DTRAINJOB_BINARY_DIR=... -DWORK_DIR=... -DCONSUMER_SOURCE_DIR=... -DEXPECTED_VERSION=...
#         -DCMAKE_GENERATOR=... -DCMAKE_CXX_COMPILER=... [-DCXX_STANDARD=..] [-DCONFIG=..]
#         -P run_find_package.cmake
include("${CMAKE_CURRENT_LIST_DIR}/consumer_common.cmake")

if(NOT TRAINJOB_BINARY_DIR)
  message(FATAL_ERROR "consumer: pass -DTRAINJOB_BINARY_DIR=...")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. Install.
set(install_cmd "${CMAKE_COMMAND}" --install "${TRAINJOB_BINARY_DIR}" --prefix "${prefix}")
if(CONFIG)
  list(APPEND install_cmd --config "${CONFIG}")
endif()
consumer_run("install to ${prefix}" ${install_cmd})

foreach(f include/trainjob/trainjob.hpp include/trainjob/version.hpp share/cmake/trainjob/trainjobConfig.cmake
          share/cmake/trainjob/trainjobConfigVersion.cmake share/pkgconfig/trainjob.pc)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "consumer: ${f} was not installed")
  endif()
endforeach()

# libtrainjob_c (EXPECT_C_API): the library with its SONAME link, the C header, trainjob-c.pc.
set(c_api_args "")
if(EXPECT_C_API)
  file(GLOB c_libs "${prefix}/lib*/libtrainjob_c.so.*" "${prefix}/lib*/*/libtrainjob_c.so.*"
       "${prefix}/lib*/libtrainjob_c.*.dylib" "${prefix}/bin/trainjob_c.dll")
  file(GLOB c_pcs "${prefix}/lib*/pkgconfig/trainjob-c.pc" "${prefix}/lib*/*/pkgconfig/trainjob-c.pc")
  if(NOT c_libs OR NOT c_pcs OR NOT EXISTS "${prefix}/include/trainjob/trainjob_c.h")
    message(FATAL_ERROR "consumer: libtrainjob_c, trainjob_c.h or trainjob-c.pc was not installed")
  endif()
  set(c_api_args "-DEXPECT_C_API=ON")
endif()

# 2. find_package(trainjob CONFIG REQUIRED).
consumer_build(find_package "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_PREFIX=${prefix}"
               ${c_api_args})

# 3. pkg-config: the flags it gives build the consumer too.
find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf)
if(NOT PKG_CONFIG_EXECUTABLE OR WIN32)
  message(STATUS "consumer: pkg-config not installed, pkg-config check skipped")
  return()
endif()
set(ENV{PKG_CONFIG_PATH} "${prefix}/share/pkgconfig")
execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --modversion trainjob RESULT_VARIABLE rc
                OUTPUT_VARIABLE pc_version OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT pc_version STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "consumer: pkg-config --modversion trainjob gave '${pc_version}' (${rc})")
endif()
execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --cflags trainjob RESULT_VARIABLE rc
                OUTPUT_VARIABLE pc_cflags OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "consumer: pkg-config --cflags trainjob: ${pc_cflags}")
string(FIND "${pc_cflags}" "-I${prefix}/include" at)
if(NOT rc EQUAL 0 OR at EQUAL -1)
  message(FATAL_ERROR "consumer: pkg-config --cflags trainjob gave '${pc_cflags}' (${rc})")
endif()
separate_arguments(pc_cflags UNIX_COMMAND "${pc_cflags}")
if(CXX_STANDARD)
  set(std "-std=c++${CXX_STANDARD}")
else()
  set(std "-std=c++17")
endif()
consumer_run("compile with pkg-config flags" "${CMAKE_CXX_COMPILER}" ${std} ${pc_cflags}
             "-DTRAINJOB_EXPECTED_VERSION=\"${EXPECTED_VERSION}\"" "${CONSUMER_SOURCE_DIR}/main.cpp"
             -o "${WORK_DIR}/consumer-pkg-config")
consumer_run_exe("run (pkg-config)" "${WORK_DIR}/consumer-pkg-config" "${EXPECTED_VERSION}")

# 4. pkg-config trainjob-c: a C program built with its flags, run against the installed library.
if(NOT EXPECT_C_API OR NOT UNIX OR APPLE)
  return()
endif()
list(GET c_pcs 0 c_pc)
get_filename_component(c_pc_dir "${c_pc}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${c_pc_dir}")
execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --cflags --libs trainjob-c RESULT_VARIABLE rc
                OUTPUT_VARIABLE pc_flags OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "consumer: pkg-config --cflags --libs trainjob-c: ${pc_flags}")
if(NOT rc EQUAL 0 OR NOT pc_flags MATCHES "-ltrainjob_c")
  message(FATAL_ERROR "consumer: pkg-config --cflags --libs trainjob-c gave '${pc_flags}' (${rc})")
endif()
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
if(CMAKE_C_COMPILER)
  set(cc "${CMAKE_C_COMPILER}")
else()
  set(cc cc)
endif()
consumer_run("compile C with pkg-config flags" "${cc}" -std=c99 "-DTRAINJOB_EXPECTED_VERSION=\"${EXPECTED_VERSION}\""
             "${CONSUMER_SOURCE_DIR}/main.c" ${pc_flags} -o "${WORK_DIR}/consumer-c-pkg-config")
list(GET c_libs 0 c_lib)
get_filename_component(c_lib_dir "${c_lib}" DIRECTORY)
set(ENV{LD_LIBRARY_PATH} "${c_lib_dir}")
consumer_run_exe("run C (pkg-config)" "${WORK_DIR}/consumer-c-pkg-config" "${EXPECTED_VERSION}")
