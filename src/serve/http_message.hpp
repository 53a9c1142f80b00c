#pragma once
// A request as the service's routes read it, and the response they fill in: the HTTP
// messages of src/serve/http_server.cpp without the HTTP library's types.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssis::serve {

struct Request {
  std::string method;                              ///< "GET", "POST"
  std::string path;                                ///< the target before '?', as sent
  std::multimap<std::string, std::string> params;  ///< the query's parameters, decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> matches;  ///< the path's segments matched by the route's "{}", in order, decoded

  bool has_param(std::string_view name) const;
  std::size_t param_count(std::string_view name) const;
  /// The `index`-th value of a parameter; empty when it has fewer.
  std::string param(std::string_view name, std::size_t index = 0) const;
  /// A header's value by its name in any case; empty when it is absent.
  std::string header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void set_header(std::string name, std::string value);
  bool has_header(std::string_view name) const;
};

/// `text` with each %XX escape decoded, and '+' as a space when `plus_is_space` (in a query);
/// a '%' not followed by two hexadecimal digits stays as it is.
std::string percent_decoded(std::string_view text, bool plus_is_space);

/// Splits a request target ("/v1/kr/evaluate?date=2025-09-24&vary=a%3D1") into its path and
/// its query parameters, each name and value decoded (application/x-www-form-urlencoded).
void read_target(std::string_view target, Request& request);

}  // namespace ssis::serve
