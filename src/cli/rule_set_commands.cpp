#include "cli/rule_set_commands.hpp"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ssis/ssis.hpp"

namespace ssis::cli {

LoadOptions load_options(const std::string& reform_path) {
  LoadOptions options;
  options.reform = reform_path;
  return options;
}

std::optional<RuleSet> load_rules(const std::string& rules_path, const std::string& reform_path) {
  LoadResult result = RuleSet::load(rules_path, load_options(reform_path));
  if (!result.diagnostics.empty()) std::cerr << format(result.diagnostics);
  if (!result.rules) {
    std::size_t errors = 0;
    for (const auto& d : result.diagnostics) errors += d.severity == Severity::error;
    std::cerr << fmt::format("{}: {} error(s); the rule set was not loaded\n", rules_path, errors);
  }
  return std::move(result.rules);
}

int check(const std::string& rules_path, const std::string& reform_path) {
  auto rules = load_rules(rules_path, reform_path);
  if (!rules) return 1;
  const std::string checked = reform_path.empty() ? rules_path : fmt::format("{} with reform {}", rules_path, reform_path);
  std::cout << fmt::format("{}: ok — {} programmes, {} variables, {} parameters, {} tests ({})\n", checked,
                           rules->programmes().size(), rules->variables().size(), rules->parameters().size(),
                           rules->test_count(), rules->fingerprint());
  return 0;
}

int test(const std::string& rules_path, const std::string& filter) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  const RuleTestReport report = run_rule_tests(*rules, filter);
  for (const auto& failure : report.failures) {
    std::cout << fmt::format("FAIL {} ({}:{})\n", failure.test, failure.file, failure.line);
    for (const auto& problem : failure.problems) std::cout << "     " << problem << "\n";
  }
  std::cout << fmt::format("{} passed, {} failed\n", report.passed, report.failed);
  return report.failed == 0 ? 0 : 1;
}

int schema(const std::string& rules_path, const std::string& format) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  std::cout << (format == "json-schema" ? to_json_schema(rules->schema(), {.title = rules->id()}) : rules->schema().describe());
  return 0;
}

namespace {

// Writes `text` to `path`: a regular file (or a new one) through a file beside it renamed
// over it, so a build never compiles half a file; anything else (a device, a pipe) directly.
bool write_whole(const std::filesystem::path& path, const std::string& text) {
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  const bool replace = !std::filesystem::exists(status) || std::filesystem::is_regular_file(status);
  const std::filesystem::path written = replace ? std::filesystem::path(path.string() + ".partial") : path;
  {
    std::ofstream file(written, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      std::error_code ignored;
      if (replace) std::filesystem::remove(written, ignored);
      return false;
    }
  }
  if (!replace) return true;
  std::error_code renamed;
  std::filesystem::rename(written, path, renamed);
  return !renamed;
}

}  // namespace

int compile(const std::string& rules_path, const std::string& output, std::string symbol) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  if (symbol.empty()) {
    symbol = "ssis_compiled_" + rules->id();
    for (char& c : symbol)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  std::string source;
  try {
    source = generate_compiled_rules(*rules, symbol);
  } catch (const std::invalid_argument& e) {
    std::cerr << fmt::format("ssis compile: --name: {}\n", e.what());
    return 2;
  }
  if (output == "-") {
    std::cout << source;
    return 0;
  }
  if (!write_whole(output, source)) {
    std::cerr << fmt::format("ssis compile: {} could not be written\n", output);
    return 2;
  }
  std::cout << fmt::format("{}: {} programmes compiled to {} ({})\n", rules_path, rules->programmes().size(), output, symbol);
  return 0;
}

}  // namespace ssis::cli
