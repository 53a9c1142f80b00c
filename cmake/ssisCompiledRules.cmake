# ssis_add_compiled_rules(TARGET RULES_DIR [NAME symbol])
#
# Builds the rule set in RULES_DIR into TARGET as C++ (`ssis compile`, see
# ssis/compiled_rules.hpp): the file is generated at build time, again whenever a file of the
# rule set changes, and registers itself when the program starts; evaluate_columns then runs
# it for that rule set. NAME is the CompiledRules object it defines (default:
# ssis_compiled_<directory name>).
function(ssis_add_compiled_rules target rules_dir)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "NAME" "")
  get_filename_component(rules_dir "${rules_dir}" ABSOLUTE)
  get_filename_component(rules_name "${rules_dir}" NAME)
  if(NOT ARG_NAME)
    string(MAKE_C_IDENTIFIER "ssis_compiled_${rules_name}" ARG_NAME)
  endif()
  if(TARGET ssis::ssis_cli)
    set(ssis_command ssis::ssis_cli)
  elseif(TARGET ssis_cli)
    set(ssis_command ssis_cli)
  else()
    message(FATAL_ERROR "ssis_add_compiled_rules needs the ssis command (build ssis with SSIS_BUILD_CLI=ON)")
  endif()
  file(GLOB_RECURSE rule_files CONFIGURE_DEPENDS "${rules_dir}/*.yaml")
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${ssis_command} compile "${rules_dir}" --out "${output}" --name "${ARG_NAME}"
    DEPENDS ${rule_files} ${ssis_command}
    COMMENT "Compiling rule set ${rules_dir} to C++"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
