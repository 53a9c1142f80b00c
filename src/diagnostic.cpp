#include "ssis/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis {

std::string code_text(DiagnosticCode code) { return fmt::format("E{:03}", static_cast<int>(code)); }

std::string_view code_name(DiagnosticCode code) {
  switch (code) {
    case DiagnosticCode::file_unreadable: return "file-unreadable";
    case DiagnosticCode::yaml_syntax: return "yaml-syntax";
    case DiagnosticCode::unknown_key: return "unknown-key";
    case DiagnosticCode::missing_key: return "missing-key";
    case DiagnosticCode::wrong_node_kind: return "wrong-node-kind";
    case DiagnosticCode::invalid_value: return "invalid-value";
    case DiagnosticCode::duplicate_name: return "duplicate-name";
    case DiagnosticCode::unknown_name: return "unknown-name";
    case DiagnosticCode::expression_syntax: return "expression-syntax";
    case DiagnosticCode::expression_limit: return "expression-limit";
    case DiagnosticCode::type_mismatch: return "type-mismatch";
    case DiagnosticCode::wrong_level: return "wrong-level";
    case DiagnosticCode::wrong_arguments: return "wrong-arguments";
    case DiagnosticCode::dependency_cycle: return "dependency-cycle";
    case DiagnosticCode::no_value_in_force: return "no-value-in-force";
    case DiagnosticCode::invalid_table: return "invalid-table";
    case DiagnosticCode::invalid_test: return "invalid-test";
    case DiagnosticCode::missing_ruleset: return "missing-ruleset";
    case DiagnosticCode::members_apart: return "members-apart";
  }
  return "unknown";
}

std::string format(const Diagnostic& d) {
  std::string text;
  if (!d.file.empty()) {
    text += d.file;
    if (d.line > 0) text += fmt::format(":{}:{}", d.line, d.column);
    text += ": ";
  }
  text += fmt::format("{} {} {}: {}\n", d.severity == Severity::error ? "error" : "warning",
                      code_text(d.code), code_name(d.code), d.message);
  if (d.line > 0 && !d.source_line.empty()) {
    const std::string gutter = fmt::format("{:>5} | ", d.line);
    text += gutter + d.source_line + "\n";
    // Columns count characters; keep tabs so the caret lines up under them.
    std::string pad;
    int column = 1;
    for (std::size_t i = 0; i < d.source_line.size() && column < d.column; ++i) {
      const auto byte = static_cast<unsigned char>(d.source_line[i]);
      if ((byte & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
      pad += d.source_line[i] == '\t' ? '\t' : ' ';
      // Hangul and other wide characters take two cells in a terminal.
      if (byte >= 0xE1 && byte <= 0xED) pad += ' ';
      ++column;
    }
    text += std::string(gutter.size() - 2, ' ') + "| " + pad + "^" +
            std::string(static_cast<std::size_t>(std::max(d.length, 1) - 1), '~') + "\n";
  }
  return text;
}

std::string format(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += format(d);
  return text;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace ssis
