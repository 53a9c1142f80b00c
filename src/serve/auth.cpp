#include "serve/auth.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ssis::serve {

namespace {
constexpr std::size_t min_token_length = 16;
}

TokenList TokenList::read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot be read", path));
  TokenList list;
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::string name, token, extra;
    words >> name;
    if (name.empty() || name[0] == '#') continue;
    words >> token >> extra;
    auto fail = [&](const std::string& why) { return std::runtime_error(fmt::format("{}:{}: {}", path, number, why)); };
    if (token.empty() || !extra.empty()) throw fail("expected NAME TOKEN");
    if (token.size() < min_token_length) throw fail(fmt::format("the token of '{}' is shorter than {} characters", name, min_token_length));
    const detail::Sha256Digest digest = detail::sha256(token);
    for (const Holder& holder : list.holders_) {
      if (holder.name == name) throw fail(fmt::format("'{}' is named twice", name));
      if (holder.digest == digest) throw fail(fmt::format("the token of '{}' is also {}'s", name, holder.name));
    }
    list.holders_.push_back({name, digest});
  }
  if (list.holders_.empty()) throw std::runtime_error(fmt::format("{}: holds no token", path));
  return list;
}

std::optional<std::string> TokenList::who(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.substr(0, scheme.size()) != scheme) return std::nullopt;
  const detail::Sha256Digest digest = detail::sha256(authorization.substr(scheme.size()));
  std::optional<std::string> found;
  for (const Holder& holder : holders_)  // every holder, so the time taken does not tell which matched
    if (CRYPTO_memcmp(holder.digest.data(), digest.data(), digest.size()) == 0) found = holder.name;
  return found;
}

}  // namespace ssis::serve
