#pragma once
// The audit log of a batch run (`--audit-log FILE`): who ran which command on which rule set
// and inputs, with which options, and what came of it, appended to FILE as JSON lines.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis::cli {

class AuditLog {
 public:
  using Pairs = std::vector<std::pair<std::string, std::string>>;

  /// No log when `path` is empty. Otherwise appends the run's start (time, user, host,
  /// command, options) at once, so that a run killed half-way still leaves its trace.
  AuditLog(std::string path, std::string command, Pairs options);

  /// Whether the start could not be written (said on standard error): the run should not go on.
  bool failed() const { return failed_; }

  void rule_set(const RuleSet& rules);
  /// Records the file's path and the SHA-256 of its bytes.
  void input(const std::string& path);
  void count(std::string name, std::size_t value);

  /// Appends the run's end: everything recorded and the exit code. Returns `exit_code`,
  /// or 2 after saying on standard error that the log could not be written.
  int finish(int exit_code);

 private:
  /// A line's run, event, time, user, command and options, without its closing brace.
  std::string line_head(std::string_view event, const std::string& time) const;
  bool append(const std::string& line);

  std::string path_;
  std::string run_;  // ties the end of a run to its start
  std::string command_;
  Pairs options_;
  std::string rules_json_ = "null";
  std::string inputs_json_;
  std::string counts_json_;
  bool failed_ = false;
};

}  // namespace ssis::cli
