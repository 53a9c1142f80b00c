#include "load/declarations_cache.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>

#include "load/declarations_codec.hpp"
#include "support/parallel_for.hpp"

namespace ssis::detail {
namespace {

// Changed whenever the layout of an entry or the encoding of declarations changes.
constexpr std::string_view entry_magic = "ssis parsed rule files, format 6\n";
constexpr std::size_t digest_size = std::tuple_size_v<Sha256Digest>;
// Entries beyond this size are not ours (rules/kr's is about a megabyte).
constexpr std::uintmax_t max_entry_bytes = 1u << 30;
// The cache keeps the entries of this many rule-set directories (and programs), the ones
// written last; a temporary file older than an hour was left by a writer that stopped.
constexpr std::size_t max_entries = 32;
constexpr auto abandoned_after = std::chrono::hours(1);

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

void put_length(std::string& out, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) out += static_cast<char>(value >> (8 * i));
}

// Reads an entry piece by piece; any read past the end fails the whole entry.
class EntryReader {
 public:
  explicit EntryReader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == bytes_.size(); }
  std::string_view take(std::uint64_t size) {
    if (size > bytes_.size() - at_) {
      ok_ = false;
      at_ = bytes_.size();
      return {};
    }
    const std::string_view out = bytes_.substr(at_, static_cast<std::size_t>(size));
    at_ += static_cast<std::size_t>(size);
    return out;
  }
  std::uint64_t length() {
    const std::string_view bytes = take(8);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) value |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
    return value;
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

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

// An entry: the magic line, the key, the number of files, for each file the digest of its
// bytes and its encoded declarations (length first), then a SHA-256 of everything before it.
// The files of the entry `bytes`, as views into it; none unless the whole entry is sound.
std::map<Sha256Digest, std::string_view> entry_files(std::string_view bytes, const Sha256Digest& key) {
  if (bytes.size() < digest_size) return {};
  const std::string_view body = bytes.substr(0, bytes.size() - digest_size);
  EntryReader reader(body);
  if (reader.take(entry_magic.size()) != entry_magic || reader.take(digest_size) != as_text(key)) return {};
  std::map<Sha256Digest, std::string_view> out;
  for (std::uint64_t n = reader.length(); n > 0 && reader.ok(); --n) {
    Sha256Digest digest;
    const std::string_view digest_bytes = reader.take(digest_size);
    if (!reader.ok()) break;
    std::copy(digest_bytes.begin(), digest_bytes.end(), digest.begin());
    out[digest] = reader.take(reader.length());
  }
  if (!reader.ok() || !reader.at_end() || as_text(sha256(body)) != bytes.substr(body.size())) return {};
  return out;
}

// Removes the entries beyond the newest `max_entries`, and abandoned temporary files.
void prune(const std::filesystem::path& directory) {
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> entries;
  std::error_code ec;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& item : std::filesystem::directory_iterator(directory, ec)) {
    const std::string name = item.path().filename().string();
    if (!name.starts_with("rules-")) continue;
    const auto modified = item.last_write_time(ec);
    if (ec) continue;
    if (name.find(".tmp-") != std::string::npos) {
      if (now - modified > abandoned_after) std::filesystem::remove(item.path(), ec);
    } else if (name.ends_with(".bin")) {
      entries.emplace_back(modified, item.path());
    }
  }
  if (entries.size() <= max_entries) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = max_entries; i < entries.size(); ++i) std::filesystem::remove(entries[i].second, ec);
}

}  // namespace

DeclarationsCache::DeclarationsCache(const CacheSettings& settings, const std::filesystem::path& root,
                                     std::string_view limits) {
  const auto& build = this_build();
  if (settings.directory.empty() || !build) return;
  std::error_code ec;
  std::filesystem::path directory = std::filesystem::weakly_canonical(std::filesystem::absolute(root, ec), ec);
  if (ec) directory = root;
  entry_ = settings.directory /
           ("rules-" + to_hex(Sha256().add_piece(directory.string()).add_piece(*build).finish()).substr(0, 32) + ".bin");
  key_ = Sha256().add_piece(entry_magic).add_piece(SSIS_VERSION).add_piece(*build).add_piece(limits).finish();
  stored_bytes_ = read_whole_file(entry_).value_or(std::string());
  stored_ = entry_files(stored_bytes_, key_);
}

std::vector<std::optional<Declarations>> DeclarationsCache::find(const SourceFiles& files, const std::vector<int>& ids) {
  std::vector<std::optional<Declarations>> found(ids.size());
  std::vector<Sha256Digest> digests(ids.size());
  parallel_for(ids.size(), 8, [&](std::size_t i) {
    digests[i] = sha256(files.text(ids[i]));
    if (const auto it = stored_.find(digests[i]); it != stored_.end())
      found[i] = decode_file_declarations(it->second, files, ids[i]);
  });
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (found[i]) next_.emplace(digests[i], stored_.at(digests[i]));
    else if (stored_.contains(digests[i])) changed_ = true;  // not ours after all: written again without it
  }
  return found;
}

void DeclarationsCache::keep(const SourceFiles& files, int file, const Declarations& declarations) {
  if (auto encoded = encode_file_declarations(declarations, files, file)) {
    const Sha256Digest digest = sha256(files.text(file));
    const auto kept = kept_.insert_or_assign(digest, std::move(*encoded)).first;
    next_.insert_or_assign(digest, kept->second);
    changed_ = true;
  }
}

void DeclarationsCache::write() const {
  if (!changed_ && next_.size() == stored_.size()) return;
  std::error_code ec;
  if (next_.empty()) {  // no file to keep
    std::filesystem::remove(entry_, ec);
    return;
  }
  std::string bytes(entry_magic);
  bytes.append(as_text(key_));
  put_length(bytes, next_.size());
  for (const auto& [digest, encoded] : next_) {
    bytes.append(as_text(digest));
    put_length(bytes, encoded.size());
    bytes.append(encoded);
  }
  const Sha256Digest checksum = sha256(bytes);
  bytes.append(as_text(checksum));

  static std::atomic<unsigned> writes{0};
  std::filesystem::path temporary = entry_;
  temporary += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
  std::filesystem::create_directories(entry_.parent_path(), ec);
  if (ec) return;
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (out) std::filesystem::rename(temporary, entry_, ec);
  if (!out || ec) std::filesystem::remove(temporary, ec);
  prune(entry_.parent_path());
}

}  // namespace ssis::detail
