#include "load/yaml_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "load/text_encoding.hpp"
#include "load/yaml_documents.hpp"
#include "load/yaml_tree_check.hpp"

namespace ssis::detail {
namespace {

constexpr std::size_t yaml_depth_limit = 500;  // yaml-cpp's own: it stops parsing at this depth

struct FlowNesting {
  std::uint32_t offset = 0;  // the first bracket at the greatest depth
  std::size_t depth = 0;
};

// The deepest flow bracket of a file ([ and {, outside quotes and comments). yaml-cpp reports
// its nesting limit at an unhelpful place (the start or the end of the flow) when flow
// collections exceed it.
FlowNesting deepest_flow_bracket(std::string_view text) {
  FlowNesting deepest;
  std::size_t depth = 0;
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (c == '"' && text[i] == '\\') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest.depth) deepest = {i, depth};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Where a file nests too deeply: in its flow brackets when they make up most of the depth,
// else where yaml-cpp stopped (it reports block nesting at the right line).
SourcePos too_deep_at(const SourceFiles& files, int file, const YAML::Mark& mark) {
  const FlowNesting flow = deepest_flow_bracket(files.text(file));
  if (flow.depth > yaml_depth_limit / 2) return {file, flow.offset};
  return files.at(file, mark.line, mark.column);
}

}  // namespace

std::optional<YAML::Node> parse_yaml_file(int file, std::size_t max_nodes, const SourceFiles& files, DiagnosticSink& sink) {
  if (const auto encoding = find_encoding_problem(files.text(file))) {
    sink.error(DiagnosticCode::yaml_syntax, {file, encoding->offset}, encoding->message);
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(files.text(file));
    if (const auto after = content_after_first_document(files.text(file), root)) {
      const SourcePos at = files.at(file, after->line, after->column);
      const std::string_view text = files.text(file);
      const bool marker = at.offset < text.size() && text.substr(at.offset).starts_with("---");
      sink.error(DiagnosticCode::yaml_syntax, at,
                 marker ? "a second YAML document starts here; a rule file holds one document (split it into two files)"
                        : "the YAML document ended before this; what follows cannot be read");
      return std::nullopt;
    }
  } catch (const YAML::DeepRecursion& e) {
    sink.error(DiagnosticCode::yaml_syntax, too_deep_at(files, file, e.mark),
               fmt::format("the YAML nests {} levels deep or more (the limit is {}); the file is not read",
                           yaml_depth_limit, yaml_depth_limit - 1));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    sink.error(DiagnosticCode::yaml_syntax, files.at(file, e.mark.line, e.mark.column), e.msg);
    return std::nullopt;
  }
  if (!check_yaml_tree(root, {max_nodes, yaml_depth_limit - 1}, file, files, sink)) return std::nullopt;
  return root;
}

}  // namespace ssis::detail
