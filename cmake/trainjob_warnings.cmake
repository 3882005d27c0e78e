# trainjob_set_warnings(<target>)
#
# Adds the project's warning flags to <target> as PRIVATE compile options, each one only
# if the compiler accepts it (checked once and cached). Adds -Werror (/WX) when
# TRAINJOB_WERROR is ON. Never call this on the INTERFACE library: consumers must not
# inherit our warnings.
include_guard(GLOBAL)
include(CheckCXXCompilerFlag)

set(TRAINJOB_WARNING_FLAGS
    -Wall
    -Wextra
    -Wpedantic
    -Wconversion
    -Wsign-conversion
    -Wshadow
    -Wnon-virtual-dtor
    -Wold-style-cast
    -Wcast-align
    -Wunused
    -Woverloaded-virtual
    -Wnull-dereference
    -Wdouble-promotion
    -Wformat=2
    -Wimplicit-fallthrough)

function(trainjob_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(TRAINJOB_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
    return()
  endif()

  foreach(flag IN LISTS TRAINJOB_WARNING_FLAGS)
    string(MAKE_C_IDENTIFIER "TRAINJOB_CXX_HAS${flag}" have_flag)
    check_cxx_compiler_flag("${flag}" ${have_flag})
    if(${have_flag})
      target_compile_options(${target} PRIVATE "${flag}")
    endif()
  endforeach()

  if(TRAINJOB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
