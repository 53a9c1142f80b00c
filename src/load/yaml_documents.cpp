#include "load/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string_view>

namespace ssis::detail {
namespace {

// Notes where each document starts; the parser's other events are not needed.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark start;
};

bool has_document_marker(std::string_view text) {
  for (std::size_t line = 0; line < text.size();) {
    const std::string_view rest = text.substr(line);
    if (rest.starts_with("---") || rest.starts_with("...")) return true;
    const std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return false;
}

}  // namespace

std::optional<YAML::Mark> content_after_first_document(const std::string& text, const YAML::Node& root) {
  // A mapping in block style at the top ends only at a document marker or the end of the
  // text (anything else is a syntax error), so most rule files need no second look.
  if (root.IsMap() && root.Style() == YAML::EmitterStyle::Block && !has_document_marker(text)) return std::nullopt;
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts documents;
  if (!parser.HandleNextDocument(documents)) return std::nullopt;
  // Asking for one document more, and no further, stops where yaml-cpp would loop forever.
  if (!parser.HandleNextDocument(documents)) return std::nullopt;
  return documents.start;
}

}  // namespace ssis::detail
