#include "analysis/witness_tests.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "model/value_codec.hpp"

namespace ssis::analysis {
namespace {

std::string record(const InputRecord& r) {
  std::string out;
  for (const auto& [name, value] : r.fields) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", name, detail::input_value_literal(value, yaml_quoted));
  return out;
}

}  // namespace

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string household_yaml(const Household& household, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string out;
  for (const auto& [name, value] : household.fields) out += fmt::format("{}{}: {}\n", pad, name, detail::input_value_literal(value, yaml_quoted));
  out += fmt::format("{}members:\n", pad);
  for (const InputRecord& member : household.members) out += fmt::format("{}  - {{{}}}\n", pad, record(member));
  return out;
}

std::size_t write_witness_tests(const RuleSet& rules, const AnalysisReport& report, Date date, const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw std::runtime_error(fmt::format("{}: cannot be created: {}", directory.string(), error.message()));
  std::size_t written = 0;
  for (const ProgrammeFindings& p : report.programmes) {
    const ProgrammeInfo& info = rules.programmes()[p.programme];
    std::string tests;
    const auto add = [&](const Finding& f, const std::string& name) {
      if (!f.witness || !f.disagreement.empty()) return;
      std::string expect(to_string(f.status));
      if (f.amount) expect = fmt::format("{{status: {}, amount: {}}}", expect, f.amount->to_string());
      tests += fmt::format("  - name: {}\n    date: {}\n    household:\n{}    expect:\n      {}: {}\n", yaml_quoted(name), date.to_string(),
                           household_yaml(*f.witness, 6), info.id, expect);
      ++written;
    };
    add(p.eligible, fmt::format("analyse: {} eligible", info.id));
    for (const CriterionFindings& c : p.criteria) add(c.fails_alone, fmt::format("analyse: {} without {}", info.id, c.id));
    if (tests.empty()) continue;
    const std::filesystem::path file = directory / (info.id + ".yaml");
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << fmt::format("# Witnesses of `ssis analyse` on {}: each household meets every criterion of {}, or all\n"
                       "# but one; the engine's decision on it is expected. Regenerate with --emit-tests.\ntests:\n{}",
                       date.to_string(), info.id, tests);
    out.close();
    if (!out) throw std::runtime_error(fmt::format("{}: cannot be written", file.string()));
  }
  return written;
}

}  // namespace ssis::analysis
