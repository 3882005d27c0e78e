# Runs the controller example; cmake -DPROGRAM=... -DDIR=<this directory> -DWORK_DIR=... -DMODE=stream|input -P
#   stream: the recorded events.jsonl on standard input, with --profile latest, must print exactly
#           expected-patches.jsonl, nothing on standard error, and exit 0.
#   input:  a FILE with bare objects, a List, a BOOKMARK and bad lines: the good lines give their
#           patches, each bad line a message naming its number, and the exit status is 2.
#   timeline: timeline.jsonl through --timeline (the work queue on a virtual clock, timers up to
#           --until) must print exactly expected-timeline.txt, which README.md shows verbatim.
#   realtime: --real-time with a TrainJob created now with a 2 s activeDeadlineSeconds, and the
#           input held open 5 s: the deadline fires from a timer on the machine's clock.
cmake_minimum_required(VERSION 3.21)
foreach(var PROGRAM DIR WORK_DIR MODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_example.cmake: -D${var}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK_DIR}")

function(expect_equal what actual expected actual_file)
  if(NOT actual STREQUAL expected)
    file(WRITE "${actual_file}" "${actual}")
    message(FATAL_ERROR "${what} differs from what is expected; got (also in ${actual_file}):\n${actual}")
  endif()
endfunction()

if(MODE STREQUAL "stream")
  execute_process(COMMAND "${PROGRAM}" --profile latest INPUT_FILE "${DIR}/events.jsonl"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "exit status ${rc} (want 0), standard error:\n${err}")
  endif()
  file(READ "${DIR}/expected-patches.jsonl" expected)
  expect_equal("the output" "${out}" "${expected}" "${WORK_DIR}/actual-patches.jsonl")
  message(STATUS "controller example: output matches expected-patches.jsonl")

elseif(MODE STREQUAL "input")
  set(input "${WORK_DIR}/input.jsonl")
  # 1 bare TrainJob; 2 not JSON; 3 another kind; 4 blank; 5 MODIFIED resume; 6 BOOKMARK;
  # 7 an invalid condition; 8 a List with the JobSet; 9 an unknown event type; 10 a bad time.
  file(WRITE "${input}" [=[
{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"t1","namespace":"ns","creationTimestamp":"2025-01-01T00:00:00Z"},"spec":{"runtimeRef":{"name":"torch-distributed"},"suspend":true}}
this is not JSON
{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"t1","namespace":"ns"}}}

{"type":"MODIFIED","object":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"t1","namespace":"ns","creationTimestamp":"2025-01-01T00:00:00Z"},"spec":{"runtimeRef":{"name":"torch-distributed"},"suspend":false},"status":{"conditions":[{"type":"Suspended","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z","reason":"Suspended","message":"TrainJob is suspended"}]}}}
{"type":"BOOKMARK","object":{"kind":"TrainJob","apiVersion":"trainer.kubeflow.org/v1alpha1","metadata":{"resourceVersion":"12345"}}}
{"type":"ADDED","object":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"t2","namespace":"ns"},"spec":{"runtimeRef":{"name":"torch-distributed"}},"status":{"conditions":[{"type":"Complete","status":"Maybe","lastTransitionTime":"2025-01-01T00:00:00Z","reason":"X","message":""}]}}}
{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"jobset.x-k8s.io/v1alpha2","kind":"JobSet","metadata":{"name":"t1","namespace":"ns"},"spec":{},"status":{"replicatedJobsStatus":[{"name":"node","ready":1,"succeeded":0,"failed":0,"active":1,"suspended":0}]}}]}
{"type":"UPDATED","object":{}}
{"type":"MODIFIED","time":"yesterday","object":{}}
]=])
  execute_process(COMMAND "${PROGRAM}" --now 2025-01-01T00:10:00Z "${input}"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "exit status ${rc}, want 2; standard error:\n${err}")
  endif()
  set(expected [=[
{"namespace":"ns","name":"t1","patch":{"status":{"conditions":[{"lastTransitionTime":"2025-01-01T00:10:00Z","message":"TrainJob is suspended","reason":"Suspended","status":"True","type":"Suspended"}]}},"actions":{"applyObjects":true,"deleteJobSet":false,"requeueAfterSeconds":null},"errors":[],"events":[]}
{"namespace":"ns","name":"t1","patch":{"status":{"conditions":[{"lastTransitionTime":"2025-01-01T00:10:00Z","message":"TrainJob is resumed","reason":"Resumed","status":"False","type":"Suspended"}]}},"actions":{"applyObjects":true,"deleteJobSet":false,"requeueAfterSeconds":null},"errors":[],"events":[]}
{"namespace":"ns","name":"t1","patch":{"status":{"jobsStatus":[{"active":1,"failed":0,"name":"node","ready":1,"succeeded":0,"suspended":0}]}},"actions":{"applyObjects":true,"deleteJobSet":false,"requeueAfterSeconds":null},"errors":[],"events":[]}
]=])
  string(REGEX REPLACE "^\n" "" expected "${expected}")
  expect_equal("the output" "${out}" "${expected}" "${WORK_DIR}/input-actual.jsonl")
  # Each bad line is named; the exact texts of the parser's and the timestamp's messages are
  # theirs, so only the line numbers and our own parts are checked.
  foreach(needle "${input}:2: invalid JSON" "${input}:3: object.kind: expected \"TrainJob\" or \"JobSet\", got \"Pod\""
                 "${input}:7: object.status.conditions[0].status: expected \"True\", \"False\" or \"Unknown\", got \"Maybe\""
                 "${input}:9: type: expected \"ADDED\", \"MODIFIED\", \"DELETED\" or \"BOOKMARK\", got \"UPDATED\""
                 "${input}:10: time: ")
    string(FIND "${err}" "${needle}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "standard error does not contain\n  ${needle}\ngot:\n${err}")
    endif()
  endforeach()
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 5)
    message(FATAL_ERROR "want 5 lines on standard error (one per bad line), got ${n}:\n${err}")
  endif()
  message(STATUS "controller example: bad lines reported, good lines patched")
elseif(MODE STREQUAL "timeline")
  execute_process(COMMAND "${PROGRAM}" --timeline --until 2025-06-10T12:30:00Z "${DIR}/timeline.jsonl"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "exit status ${rc} (want 0), standard error:\n${err}")
  endif()
  file(READ "${DIR}/expected-timeline.txt" expected)
  expect_equal("the timeline" "${out}" "${expected}" "${WORK_DIR}/actual-timeline.txt")
  # The README's copy, in its ```text block, must be this output too.
  file(READ "${DIR}/../../README.md" readme)
  string(FIND "${readme}" "```text\n${expected}```" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not show expected-timeline.txt verbatim in a ```text block")
  endif()
  message(STATUS "controller example: timeline matches expected-timeline.txt and README.md")
elseif(MODE STREQUAL "realtime")
  string(TIMESTAMP now "%Y-%m-%dT%H:%M:%SZ" UTC)
  set(input "${WORK_DIR}/realtime.jsonl")
  file(WRITE "${input}" "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"trainer.kubeflow.org/v1alpha1\",\"kind\":\"TrainJob\",\"metadata\":{\"name\":\"rt\",\"namespace\":\"ns\",\"creationTimestamp\":\"${now}\"},\"spec\":{\"runtimeRef\":{\"name\":\"torch-distributed\"},\"activeDeadlineSeconds\":2}}}\n")
  # The input stays open 5 s; at 4 s the script looks for the delete in what the program has
  # printed so far: a timer that waited for the input to end would print it only at 5 s.
  set(printed "${WORK_DIR}/realtime-out.txt")
  file(REMOVE "${printed}")
  execute_process(COMMAND sh -c "cat \"$1\"; sleep 4; grep -q 'kubectl delete' \"$2\" && echo 'deleted before the input ended' >&2; sleep 1"
                          sh "${input}" "${printed}"
                  COMMAND "${PROGRAM}" --real-time OUTPUT_FILE "${printed}" ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "deleted before the input ended\n")
    message(FATAL_ERROR "exit status ${rc} (want 0), standard error (want the script's line only):\n${err}")
  endif()
  file(READ "${printed}" out)
  foreach(pattern "Z  kubectl apply --server-side --field-manager=trainer --force-conflicts -f 'jobset-ns-rt.yaml'"
                  "Z  # ns/rt: requeue after [12]s"
                  "Z  kubectl delete jobset rt -n ns --cascade=foreground\n[^\n]*Z  kubectl patch trainjob rt -n ns --subresource=status --type=merge -p '[^\n]*DeadlineExceeded")
    if(NOT out MATCHES "${pattern}")
      message(FATAL_ERROR "the output does not match\n  ${pattern}\ngot:\n${out}")
    endif()
  endforeach()
  message(STATUS "controller example: the real-time deadline fired from its timer")
else()
  message(FATAL_ERROR "run_example.cmake: MODE must be stream, input, timeline or realtime, got '${MODE}'")
endif()
