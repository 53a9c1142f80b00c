#pragma once
// Bearer tokens for the service: a token file names who holds each token, so that the access
// log can say who looked a household up. Tokens are kept as SHA-256 digests and compared in
// constant time.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/sha256.hpp"

namespace ssis::serve {

class TokenList {
 public:
  /// Reads "NAME TOKEN" lines ('#' starts a comment line; blank lines are skipped). Throws
  /// std::runtime_error naming the file and line of a malformed line, a token shorter than
  /// 16 characters, a name or token given twice, or a file without any token.
  static TokenList read(const std::string& path);

  /// The name holding the token of an "Authorization: Bearer TOKEN" header value; nullopt
  /// when it is missing, malformed or unknown.
  std::optional<std::string> who(std::string_view authorization) const;

 private:
  struct Holder {
    std::string name;
    detail::Sha256Digest digest;
  };
  std::vector<Holder> holders_;
};

}  // namespace ssis::serve
