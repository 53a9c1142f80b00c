# Installs the built ssis into a scratch prefix, builds tests/consumer against it with
# find_package(ssis) (the mini rule set compiled to C++ by ssis_add_compiled_rules), and runs
# the results on the mini rule set.
set(prefix ${BUILD}/consumer/prefix)
set(consumer_build ${BUILD}/consumer/build)
file(REMOVE_RECURSE ${BUILD}/consumer)
foreach(step
    "${CMAKE_COMMAND};--install;${BUILD};--prefix;${prefix}"
    "${CMAKE_COMMAND};-S;${SOURCE}/tests/consumer;-B;${consumer_build};-DCMAKE_PREFIX_PATH=${prefix};-DCMAKE_BUILD_TYPE=Release"
    "${CMAKE_COMMAND};--build;${consumer_build}"
    "${consumer_build}/compiled_rules_check;${SOURCE}/tests/data/mini;${SOURCE}/tests/data/mini_household.json"
    "${consumer_build}/screen_household;${SOURCE}/tests/data/mini;${SOURCE}/tests/data/mini_household.json;2025-03-01")
  execute_process(COMMAND ${step} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "step failed: ${step}\n${out}\n${err}")
  endif()
endforeach()
if(NOT out MATCHES "1 eligible programme")
  message(FATAL_ERROR "unexpected output:\n${out}")
endif()
