#pragma once
// Collects diagnostics from every stage, resolving positions against the source files.
#include <string>
#include <vector>

#include "ssis/diagnostic.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

class DiagnosticSink {
 public:
  explicit DiagnosticSink(const SourceFiles& files) : files_(files) {}
  void error(DiagnosticCode code, SourcePos pos, std::string message, int length = 1);
  void warning(DiagnosticCode code, SourcePos pos, std::string message, int length = 1);
  bool has_errors() const { return error_count_ > 0; }
  std::size_t size() const { return diagnostics_.size(); }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }
  /// Moves the diagnostics of `other` (collected on another thread) after these.
  void take_from(DiagnosticSink& other);

 private:
  void add(Severity severity, DiagnosticCode code, SourcePos pos, std::string message, int length);
  const SourceFiles& files_;
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

}  // namespace ssis::detail
