#include "support/sha256.hpp"

#include <openssl/evp.h>

#include <new>

namespace ssis::detail {

namespace {

// Fetched once: OpenSSL otherwise looks the algorithm up again for every digest.
const EVP_MD* algorithm() {
  static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return fetched != nullptr ? fetched : EVP_sha256();
}

}  // namespace

struct Sha256::Context {
  Context() : md(EVP_MD_CTX_new()) {
    if (md == nullptr || EVP_DigestInit_ex(md, algorithm(), nullptr) != 1) {
      EVP_MD_CTX_free(md);
      throw std::bad_alloc();
    }
  }
  ~Context() { EVP_MD_CTX_free(md); }
  EVP_MD_CTX* md;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {}
Sha256::~Sha256() = default;

Sha256& Sha256::add(std::string_view bytes) {
  EVP_DigestUpdate(context_->md, bytes.data(), bytes.size());
  return *this;
}

Sha256& Sha256::add_piece(std::string_view bytes) {
  std::array<unsigned char, 8> length;
  for (std::size_t i = 0; i < length.size(); ++i)
    length[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(bytes.size()) >> (8 * i));
  EVP_DigestUpdate(context_->md, length.data(), length.size());
  return add(bytes);
}

Sha256Digest Sha256::finish() {
  Sha256Digest digest;
  unsigned int size = 0;
  EVP_DigestFinal_ex(context_->md, digest.data(), &size);
  return digest;
}

Sha256Digest sha256(std::string_view bytes) { return Sha256().add(bytes).finish(); }

std::string to_hex(const Sha256Digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (const std::uint8_t byte : digest) {
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

}  // namespace ssis::detail
