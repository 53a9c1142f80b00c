#pragma once
// Checks a parsed YAML file before it is read: walks every node as the reader will see it
// (aliases expanded) with an explicit stack, so neither depth nor aliases can exhaust the
// call stack.
#include <yaml-cpp/yaml.h>

#include <cstddef>

#include "support/diagnostic_sink.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

struct YamlTreeLimits {
  std::size_t max_nodes = 0;  ///< nodes, counting every expansion of an alias
  std::size_t max_depth = 0;  ///< mappings and lists nested in one another, through aliases too
};

/// Reports every key given twice in one mapping (at the second, naming the first's line).
/// Returns false, after reporting it, when the file must not be read: beyond a limit, or an
/// alias inside the node it names.
bool check_yaml_tree(const YAML::Node& root, const YamlTreeLimits& limits, int file, const SourceFiles& files,
                     DiagnosticSink& sink);

}  // namespace ssis::detail
