#pragma once
// Files built into the command (the page under web/ and docs/openapi.json), so that the
// service needs nothing beside its binary and its rule sets. The table is generated at build
// time by cmake/embed_files.cmake.
#include <string_view>
#include <vector>

namespace ssis::serve {

struct EmbeddedFile {
  std::string_view url_path;  ///< "/", "/app.js", "/openapi.json"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

/// The content type of a file by its name's extension.
std::string_view content_type(std::string_view url_path);

}  // namespace ssis::serve
