# Runs `ssis check rules` inside a golden case directory and compares everything it
# prints with expected.txt. Set SSIS_UPDATE_GOLDEN=1 in the environment to rewrite it.
execute_process(COMMAND ${SSIS} check rules WORKING_DIRECTORY ${CASE}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
set(actual "${out}${err}exit ${status}\n")
if(DEFINED ENV{SSIS_UPDATE_GOLDEN})
  file(WRITE ${CASE}/expected.txt "${actual}")
endif()
file(READ ${CASE}/expected.txt expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "output differs from ${CASE}/expected.txt:\n${actual}")
endif()
