# Builds tests/consumer as an application would and runs it on the mini rule set and on the
# bundled ones. MODE=find_package: installs the built ssis into a scratch prefix and finds it
# there; MODE=add_subdirectory: the consumer's build adds the source tree itself. Either way
# the mini rule set is compiled to C++ by ssis_add_compiled_rules and SSIS_RULES_DIR names the
# bundled rule sets.
#   cmake -DBUILD=... -DSOURCE=... -DMODE=... -DGENERATOR=... -DLAUNCHER=... -P run_consumer.cmake
set(work ${BUILD}/consumer/${MODE})
set(consumer_build ${work}/build)
file(REMOVE_RECURSE ${work})
set(configure "${CMAKE_COMMAND};-S;${SOURCE}/tests/consumer;-B;${consumer_build};-G;${GENERATOR};-DCMAKE_BUILD_TYPE=Release;-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
if(MODE STREQUAL "find_package")
  set(prefix ${work}/prefix)
  set(steps "${CMAKE_COMMAND};--install;${BUILD};--prefix;${prefix}" "${configure};-DCMAKE_PREFIX_PATH=${prefix}")
elseif(MODE STREQUAL "add_subdirectory")
  set(steps "${configure};-DSSIS_SOURCE_DIR=${SOURCE}")
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory, not '${MODE}'")
endif()
list(APPEND steps
    "${CMAKE_COMMAND};--build;${consumer_build}"
    "${consumer_build}/compiled_rules_check;${SOURCE}/tests/data/mini;${SOURCE}/tests/data/mini_household.json"
    "${consumer_build}/bundled_rules_check"
    "${consumer_build}/screen_household;${SOURCE}/tests/data/mini;${SOURCE}/tests/data/mini_household.json;2025-03-01")
foreach(step ${steps})
  execute_process(COMMAND ${step} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "step failed: ${step}\n${out}\n${err}")
  endif()
  if(step MATCHES "bundled_rules_check$" AND NOT out MATCHES "^kr: [0-9][0-9][0-9] programmes\nvn: [0-9]+ programmes\n$")
    message(FATAL_ERROR "the bundled rule sets did not load:\n${out}")
  endif()
endforeach()
if(NOT out MATCHES "1 eligible programme")
  message(FATAL_ERROR "unexpected output:\n${out}")
endif()
if(MODE STREQUAL "find_package" AND NOT EXISTS ${prefix}/share/ssis/rules/kr/ruleset.yaml)
  message(FATAL_ERROR "the install has no share/ssis/rules/kr")
endif()
