#include "serve/embedded_files.hpp"

namespace ssis::serve {

std::string_view content_type(std::string_view url_path) {
  struct Type {
    std::string_view extension;
    std::string_view content_type;
  };
  static constexpr Type types[] = {{".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
                                   {".json", "application/json"},             {".svg", "image/svg+xml"},
                                   {".txt", "text/plain; charset=utf-8"}};
  for (const Type& type : types)
    if (url_path.size() >= type.extension.size() && url_path.substr(url_path.size() - type.extension.size()) == type.extension)
      return type.content_type;
  return "text/html; charset=utf-8";
}

}  // namespace ssis::serve
