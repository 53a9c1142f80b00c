#include "load/declarations_cache.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>

#include "load/declarations_codec.hpp"

namespace ssis::detail {
namespace {

// Changed whenever the encoding of declarations changes.
constexpr std::string_view entry_magic = "ssis parsed rule files, format 1\n";
constexpr std::size_t digest_size = std::tuple_size_v<Sha256Digest>;
// Entries beyond this size are not ours (rules/kr's is about a megabyte).
constexpr std::uintmax_t max_entry_bytes = 1u << 30;

// The file that holds this code (the program, or the shared library it is linked into), its
// size and modification time: any rebuild of the loader gives a new identity.
std::optional<std::string> build_identity() {
  Dl_info info{};
  std::filesystem::path binary;
  if (dladdr(reinterpret_cast<void*>(&build_identity), &info) != 0 && info.dli_fname != nullptr &&
      std::filesystem::path(info.dli_fname).is_absolute())
    binary = info.dli_fname;
  std::error_code ec;
  if (binary.empty()) binary = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || binary.empty()) return std::nullopt;
  const auto size = std::filesystem::file_size(binary, ec);
  if (ec) return std::nullopt;
  const auto modified = std::filesystem::last_write_time(binary, ec);
  if (ec) return std::nullopt;
  std::ostringstream out;
  out << binary.string() << '\n' << size << '\n' << modified.time_since_epoch().count();
  return out.str();
}

const std::optional<std::string>& this_build() {
  static const std::optional<std::string> identity = build_identity();
  return identity;
}

std::string_view as_text(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > max_entry_bytes) return std::nullopt;
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!stream.read(bytes.data(), static_cast<std::streamsize>(bytes.size())) || stream.peek() != EOF) return std::nullopt;
  return bytes;
}

}  // namespace

std::optional<Sha256Digest> declarations_key(const std::filesystem::path& root, const SourceFiles& files,
                                             const std::vector<int>& ids, std::string_view limits) {
  const auto& build = this_build();
  if (!build) return std::nullopt;
  Sha256 key;
  key.add_piece(entry_magic).add_piece(SSIS_VERSION).add_piece(*build).add_piece(limits);
  key.add_piece(std::to_string(ids.size()));
  for (const int file : ids) {
    key.add_piece(std::filesystem::path(files.path(file)).lexically_relative(root).generic_string());
    key.add_piece(files.text(file));
  }
  return key.finish();
}

std::filesystem::path cache_entry_path(const CacheSettings& settings, const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::path directory = std::filesystem::weakly_canonical(std::filesystem::absolute(root, ec), ec);
  if (ec) directory = root;
  Sha256 name;
  name.add_piece(directory.string()).add_piece(this_build().value_or(""));
  return settings.directory / ("rules-" + to_hex(name.finish()).substr(0, 32) + ".bin");
}

// An entry: the magic line, the key, the length of the encoded declarations, the encoded
// declarations, then a SHA-256 of everything before it.
std::optional<Declarations> read_cached_declarations(const std::filesystem::path& entry, const Sha256Digest& key,
                                                     const SourceFiles& files) {
  const auto bytes = read_whole_file(entry);
  constexpr std::size_t header = entry_magic.size() + digest_size + 8;
  if (!bytes || bytes->size() < header + digest_size) return std::nullopt;
  const std::string_view all(*bytes);
  if (!all.starts_with(entry_magic) || all.substr(entry_magic.size(), digest_size) != as_text(key)) return std::nullopt;
  std::uint64_t length = 0;
  for (std::size_t i = 0; i < 8; ++i)
    length |= std::uint64_t{static_cast<unsigned char>(all[entry_magic.size() + digest_size + i])} << (8 * i);
  if (length != all.size() - header - digest_size) return std::nullopt;
  const std::string_view body = all.substr(0, all.size() - digest_size);
  if (as_text(sha256(body)) != all.substr(body.size())) return std::nullopt;
  return decode_declarations(body.substr(header), files);
}

void write_cached_declarations(const std::filesystem::path& entry, const Sha256Digest& key,
                               const Declarations& declarations, const SourceFiles& files) {
  const auto encoded = encode_declarations(declarations, files);
  if (!encoded) return;
  std::string bytes(entry_magic);
  bytes.append(as_text(key));
  for (std::size_t i = 0; i < 8; ++i) bytes += static_cast<char>(static_cast<std::uint64_t>(encoded->size()) >> (8 * i));
  bytes.append(*encoded);
  const Sha256Digest checksum = sha256(bytes);
  bytes.append(as_text(checksum));

  static std::atomic<unsigned> writes{0};
  std::filesystem::path temporary = entry;
  temporary += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
  std::error_code ec;
  std::filesystem::create_directories(entry.parent_path(), ec);
  if (ec) return;
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (out) std::filesystem::rename(temporary, entry, ec);
  if (!out || ec) std::filesystem::remove(temporary, ec);
}

}  // namespace ssis::detail
