#include "support/diagnostic_sink.hpp"

#include "load/text_encoding.hpp"

namespace ssis::detail {

void DiagnosticSink::error(DiagnosticCode code, SourcePos pos, std::string message, int length) {
  add(Severity::error, code, pos, std::move(message), length);
}

void DiagnosticSink::warning(DiagnosticCode code, SourcePos pos, std::string message, int length) {
  add(Severity::warning, code, pos, std::move(message), length);
}

void DiagnosticSink::take_from(DiagnosticSink& other) {
  for (auto& d : other.diagnostics_) diagnostics_.push_back(std::move(d));
  error_count_ += other.error_count_;
  other.diagnostics_.clear();
  other.error_count_ = 0;
}

void DiagnosticSink::add(Severity severity, DiagnosticCode code, SourcePos pos, std::string message, int length) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.message = std::move(message);
  d.length = length;
  if (pos.file >= 0) {
    d.file = files_.path(pos.file);
    const LineColumn lc = files_.locate(pos);
    d.line = lc.line;
    d.column = lc.column;
    d.source_line = printable_utf8(files_.line_text(pos.file, lc.line));
  }
  if (severity == Severity::error) ++error_count_;
  diagnostics_.push_back(std::move(d));
}

}  // namespace ssis::detail
