#pragma once
// One YAML file parsed as a rule file is: valid UTF-8 text, one document, nested at most
// 499 levels, at most `max_nodes` nodes counting every alias expansion.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>

#include "support/diagnostic_sink.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

/// The document of `file`, or nullopt after reporting why it cannot be read to `sink`.
std::optional<YAML::Node> parse_yaml_file(int file, std::size_t max_nodes, const SourceFiles& files, DiagnosticSink& sink);

}  // namespace ssis::detail
