#pragma once
// SHA-256 (OpenSSL's, which uses the processor's SHA instructions where there are some): a
// digest that no accidental or crafted change of the input keeps, for keys that must change
// whenever any byte they cover does.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ssis::detail {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& add(std::string_view bytes);
  /// Adds the length, then the bytes, so that pieces cannot run into one another.
  Sha256& add_piece(std::string_view bytes);
  /// The digest of everything added; the object is not used afterwards.
  Sha256Digest finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

Sha256Digest sha256(std::string_view bytes);

/// Lower-case hexadecimal.
std::string to_hex(const Sha256Digest& digest);

}  // namespace ssis::detail
