# trainjob_set_sanitizers(<target>)
#
# When TRAINJOB_SANITIZE is ON, builds <target> with AddressSanitizer and
# UndefinedBehaviorSanitizer (compile and link, PRIVATE). Only for our own executables and
# libraries: nothing leaks to consumers of trainjob::trainjob.
include_guard(GLOBAL)

function(trainjob_set_sanitizers target)
  if(TRAINJOB_SANITIZE_THREAD)
    # ThreadSanitizer cannot be combined with ASan; the `tsan` preset builds
    # only the tests that run threads (the C ABI, batch --threads, test_threads).
    set(flags -fsanitize=thread -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${flags})
    target_link_options(${target} PRIVATE ${flags})
    return()
  endif()
  if(NOT TRAINJOB_SANITIZE)
    return()
  endif()
  if(MSVC)
    target_compile_options(${target} PRIVATE /fsanitize=address)
    return()
  endif()
  set(flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(${target} PRIVATE ${flags})
  target_link_options(${target} PRIVATE ${flags})
endfunction()
