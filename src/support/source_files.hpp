#pragma once
// The text of every rule file, kept so diagnostics can show the offending line and so
// positions inside expression strings map back to lines and columns of the YAML file.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ssis::detail {

/// A byte offset in one source file; file < 0 means "no position".
struct SourcePos {
  int file = -1;
  std::uint32_t offset = 0;
};

struct LineColumn {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters
};

class SourceFiles {
 public:
  int add(std::string path, std::string text);
  const std::string& path(int file) const { return files_[static_cast<std::size_t>(file)].path; }
  const std::string& text(int file) const { return files_[static_cast<std::size_t>(file)].text; }
  std::size_t size() const { return files_.size(); }
  LineColumn locate(SourcePos pos) const;
  std::string_view line_text(int file, int line) const;
  /// Byte offset of a 0-based line and byte column, as yaml-cpp reports them.
  SourcePos at(int file, int line0, int column0) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> line_starts;
  };
  std::vector<File> files_;
};

}  // namespace ssis::detail
