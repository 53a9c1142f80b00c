#pragma once
// A cache of parsed rule files. Parsing YAML is most of the time of loading a rule set; when
// not one byte of its files has changed, the declarations read from them are taken from the
// cache instead. Checking and compiling run on them as on freshly parsed ones.
//
// An entry is keyed by a SHA-256 of every file's path (relative to the rule set) and bytes,
// the library's version and build, the loading limits and the cache format; an entry whose
// key, length or checksum does not match is ignored (and replaced by the next load). Entries
// are written to a temporary file and renamed into place, so a reader never sees half a file.
#include <filesystem>
#include <optional>
#include <vector>

#include "load/declarations.hpp"
#include "support/sha256.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

struct CacheSettings {
  std::filesystem::path directory;  ///< empty: no cache
  std::uintmax_t min_bytes = 0;     ///< smaller rule sets are parsed every time
};

/// The key of the rule files `ids` of `files`, read from `root` with limits described by
/// `limits` (any text that changes what the loader reports). nullopt when the library's own
/// build cannot be identified, so that no entry could outlive a change of the loader.
std::optional<Sha256Digest> declarations_key(const std::filesystem::path& root, const SourceFiles& files,
                                             const std::vector<int>& ids, std::string_view limits);

/// The entry file for the rule set at `root` (one per rule-set directory and program).
std::filesystem::path cache_entry_path(const CacheSettings& settings, const std::filesystem::path& root);

/// The cached declarations under `key`, or nullopt when the entry is missing, unreadable,
/// truncated, corrupt or for another key.
std::optional<Declarations> read_cached_declarations(const std::filesystem::path& entry, const Sha256Digest& key,
                                                     const SourceFiles& files);

/// Stores `declarations` under `key`, atomically; failures leave the cache as it was.
void write_cached_declarations(const std::filesystem::path& entry, const Sha256Digest& key,
                               const Declarations& declarations, const SourceFiles& files);

}  // namespace ssis::detail
