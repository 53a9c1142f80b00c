# Builds tests/consumer as an application would and runs it on the mini rule set and on the
# bundled ones. MODE=find_package: installs the built ssis into a scratch prefix and finds it
# there; MODE=add_subdirectory: the consumer's build adds the source tree itself. Either way
# the mini rule set is compiled to C++ by ssis_add_compiled_rules and SSIS_RULES_DIR names the
# bundled rule sets.
#   cmake -DBUILD=... -DSOURCE=... -DMODE=... -DGENERATOR=... -DLAUNCHER=... -P run_consumer.cmake
set(work ${BUILD}/consumer/${MODE})
set(consumer_build ${work}/build)
file(REMOVE_RECURSE ${work})

# run(COMMAND...): runs the command, fails with its output unless it succeeds; its standard
# output is left in `out`.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE error)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "step failed: ${ARGN}\n${output}\n${error}")
  endif()
  set(out "${output}" PARENT_SCOPE)
endfunction()

set(configure ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${consumer_build} -G ${GENERATOR}
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
if(MODE STREQUAL "find_package")
  set(prefix ${work}/prefix)
  run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
  if(NOT EXISTS ${prefix}/share/ssis/rules/kr/ruleset.yaml OR NOT EXISTS ${prefix}/share/ssis/rules/vn/ruleset.yaml)
    message(FATAL_ERROR "the install has no share/ssis/rules/kr and vn")
  endif()
  run(${configure} -DCMAKE_PREFIX_PATH=${prefix})
elseif(MODE STREQUAL "add_subdirectory")
  run(${configure} -DSSIS_SOURCE_DIR=${SOURCE})
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory, not '${MODE}'")
endif()
run(${CMAKE_COMMAND} --build ${consumer_build})
run(${consumer_build}/compiled_rules_check ${SOURCE}/tests/data/mini ${SOURCE}/tests/data/mini_household.json)
run(${consumer_build}/bundled_rules_check)
if(NOT out MATCHES "^kr: [0-9][0-9][0-9] programmes\nvn: [0-9]+ programmes\n$")
  message(FATAL_ERROR "the bundled rule sets did not load:\n${out}")
endif()
run(${consumer_build}/screen_household ${SOURCE}/tests/data/mini ${SOURCE}/tests/data/mini_household.json 2025-03-01)
if(NOT out MATCHES "1 eligible programme")
  message(FATAL_ERROR "unexpected output:\n${out}")
endif()
