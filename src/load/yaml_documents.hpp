#pragma once
// A rule file holds one YAML document. YAML::Load reads the first document and ignores
// whatever follows it (a second document after `---`, or text after a flow collection that
// it cannot read on from), and YAML::LoadAll never returns on some malformed input (a file
// starting with ','). This finds what follows the first document without either problem.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace ssis::detail {

/// Where content follows the first document of `text`, which YAML::Load read as `root`;
/// nullopt when the first document is all there is. Throws YAML::Exception when the content
/// after the first document is malformed.
std::optional<YAML::Mark> content_after_first_document(const std::string& text, const YAML::Node& root);

}  // namespace ssis::detail
