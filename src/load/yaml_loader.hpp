#pragma once
// Reads a rule-set directory into declarations. Only src/load includes yaml-cpp.
#include <filesystem>
#include <vector>

#include "load/declarations.hpp"
#include "load/declarations_cache.hpp"
#include "support/diagnostic_sink.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

struct LoadLimits {
  std::uintmax_t max_file_bytes = 16u << 20;
  std::size_t max_files = 20'000;
  /// Nodes per file, counting every expansion of an alias, so that an alias bomb is
  /// rejected instead of expanded.
  std::size_t max_nodes_per_file = 1'000'000;
};

struct LoadedDirectory {
  /// False when a file could not be read or parsed at all, so that checking the rest would
  /// only report the consequences of the missing file.
  bool complete = false;
  std::size_t files_parsed = 0;  ///< the others' declarations came from the cache
};

/// Reads the listed files into `files` (their ids into `readable`, in path order); a file
/// beyond the size limit or unreadable is reported. Returns false when one was.
bool read_rule_files(const std::vector<std::filesystem::path>& paths, const LoadLimits& limits, SourceFiles& files,
                     DiagnosticSink& sink, std::vector<int>& readable);

/// Reads every *.yaml file under `root` (sorted by path) into `files`, and their declarations
/// into `out`: from the cache in `settings` for files whose very bytes it holds, else by
/// parsing them (and then storing them there). Problems go to `sink`.
LoadedDirectory load_rule_directory(const std::filesystem::path& root, const LoadLimits& limits,
                                    const CacheSettings& settings, SourceFiles& files, DiagnosticSink& sink,
                                    Declarations& out);

}  // namespace ssis::detail
