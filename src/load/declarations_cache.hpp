#pragma once
// A cache of parsed rule files. Parsing YAML is most of the time of loading a rule set; the
// declarations read from a file whose bytes are unchanged are taken from the cache instead,
// so that only new and edited files are parsed. Checking and compiling run on them as on
// freshly parsed ones.
//
// A rule-set directory has one entry (per program using the library): the declarations of
// each of its files that was read without a problem, keyed by a SHA-256 of the file's bytes,
// under a key of the library's version and build, the loading limits and the cache format.
// An entry whose key, structure or checksum does not match is ignored (and replaced by the
// next load). Entries are written to a temporary file and renamed into place, so a reader
// never sees half a file; the cache keeps the 32 entries written last.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load/declarations.hpp"
#include "support/sha256.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

struct CacheSettings {
  std::filesystem::path directory;  ///< empty: no cache
  std::uintmax_t min_bytes = 0;     ///< smaller rule sets are parsed every time
};

class DeclarationsCache {
 public:
  /// Reads the entry of the rule set at `root` read with `limits` (a text of every limit
  /// that changes what the loader reports). Disabled when the library's own build cannot be
  /// identified, so that no entry could outlive a change of the loader.
  DeclarationsCache(const CacheSettings& settings, const std::filesystem::path& root, std::string_view limits);

  bool enabled() const { return !entry_.empty(); }
  const std::filesystem::path& entry() const { return entry_; }

  /// For each of the files `ids`, its declarations when the entry holds them for its bytes.
  std::vector<std::optional<Declarations>> find(const SourceFiles& files, const std::vector<int>& ids);
  /// Keeps the declarations of `file`, parsed without a problem, for the next write.
  void keep(const SourceFiles& files, int file, const Declarations& declarations);
  /// Writes the entry when it changed: the files found or kept in this load, no others (no
  /// entry when there are none). Then removes the entries beyond the 32 written last.
  void write() const;

 private:
  std::filesystem::path entry_;
  Sha256Digest key_{};
  std::string stored_bytes_;                         // the entry as read
  std::map<Sha256Digest, std::string_view> stored_;  // file digest -> encoded declarations, in stored_bytes_
  std::map<Sha256Digest, std::string> kept_;         // encoded declarations of the files parsed in this load
  std::map<Sha256Digest, std::string_view> next_;    // this load's files, in stored_bytes_ or kept_
  bool changed_ = false;
};

}  // namespace ssis::detail
