#include "support/source_files.hpp"

#include <algorithm>
#include <cstring>

namespace ssis::detail {

int SourceFiles::add(std::string path, std::string text) {
  File file{std::move(path), std::move(text), {0}};
  const char* const begin = file.text.data();
  const char* const end = begin + file.text.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))); ++p)
    file.line_starts.push_back(static_cast<std::uint32_t>(p - begin + 1));
  files_.push_back(std::move(file));
  return static_cast<int>(files_.size() - 1);
}

LineColumn SourceFiles::locate(SourcePos pos) const {
  if (pos.file < 0) return {};
  const File& file = files_[static_cast<std::size_t>(pos.file)];
  const auto it = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), pos.offset);
  const auto line_index = static_cast<std::size_t>(it - file.line_starts.begin()) - 1;
  int column = 1;
  const std::uint32_t end = std::min<std::uint32_t>(pos.offset, static_cast<std::uint32_t>(file.text.size()));
  for (std::uint32_t i = file.line_starts[line_index]; i < end; ++i)
    if ((static_cast<unsigned char>(file.text[i]) & 0xC0) != 0x80) ++column;
  return {static_cast<int>(line_index) + 1, column};
}

std::string_view SourceFiles::line_text(int file_index, int line) const {
  const File& file = files_[static_cast<std::size_t>(file_index)];
  if (line < 1 || static_cast<std::size_t>(line) > file.line_starts.size()) return {};
  const std::uint32_t start = file.line_starts[static_cast<std::size_t>(line) - 1];
  std::uint32_t end = start;
  while (end < file.text.size() && file.text[end] != '\n' && file.text[end] != '\r') ++end;
  return std::string_view(file.text).substr(start, end - start);
}

SourcePos SourceFiles::at(int file_index, int line0, int column0) const {
  const File& file = files_[static_cast<std::size_t>(file_index)];
  if (line0 < 0 || static_cast<std::size_t>(line0) >= file.line_starts.size()) return {file_index, 0};
  return {file_index, file.line_starts[static_cast<std::size_t>(line0)] + static_cast<std::uint32_t>(std::max(column0, 0))};
}

}  // namespace ssis::detail
