#pragma once
// Reads a reform file (docs/what-if.md) into its declarations, with the diagnostics of rule files.
#include <filesystem>
#include <optional>

#include "load/yaml_loader.hpp"
#include "reform/reform_declarations.hpp"
#include "support/diagnostic_sink.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

/// Adds the file to `files` and reads it; nullopt when it cannot be read or parsed at all
/// (reported to `sink`). Problems inside a readable file are reported and reading goes on.
std::optional<ReformDecl> read_reform_file(const std::filesystem::path& path, const LoadLimits& limits, SourceFiles& files,
                                           DiagnosticSink& sink);

}  // namespace ssis::detail
