// What a batch run was, recorded next to its output for --resume.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ssis/batch.hpp"
#include "support/fnv1a.hpp"

namespace ssis {
namespace {

constexpr std::size_t hashed_prefix_bytes = std::size_t{1} << 20;

std::string absolute_path(const std::string& path) {
  std::error_code error;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, error), error);
  return error ? path : canonical.string();
}

// Size and prefix hash of a regular file.
std::pair<std::string, std::string> file_fingerprint(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return {"not a regular file", "not a regular file"};
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  std::ifstream file(path, std::ios::binary);
  std::string prefix(hashed_prefix_bytes, '\0');
  file.read(prefix.data(), static_cast<std::streamsize>(prefix.size()));
  prefix.resize(static_cast<std::size_t>(file.gcount()));
  detail::Fnv1a64 hash;
  hash.add(prefix);
  if (error || file.bad()) return {"unreadable", "unreadable"};
  return {std::to_string(size), fmt::format("fnv1a64:{:016x} (first {} bytes)", hash.value(), prefix.size())};
}

}  // namespace

RunIdentity run_identity(const RuleSet& rules, Date date, const std::string& input_path, const std::string& input_format,
                         BatchLayout layout, bool missing_facts, bool ids_in_order) {
  auto [size, prefix] = file_fingerprint(input_path);
  return {{{"rules", rules.fingerprint()},
           {"date", date.to_string()},
           {"input", absolute_path(input_path)},
           {"input size", std::move(size)},
           {"input prefix", std::move(prefix)},
           {"input format", input_format},
           {"layout", layout == BatchLayout::wide ? "wide" : "long"},
           {"missing facts", missing_facts ? "named" : "not named"},
           {"household ids", ids_in_order ? "checked in order" : "checked against every id read"}}};
}

std::string to_text(const RunIdentity& identity) {
  std::string text;
  for (const auto& [key, value] : identity.entries) text += fmt::format("{}: {}\n", key, value);
  return text;
}

RunIdentity parse_run_identity(std::string_view text) {
  RunIdentity identity;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    identity.entries.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return identity;
}

std::vector<std::string> run_differences(const RunIdentity& recorded, const RunIdentity& current) {
  const auto value_in = [](const RunIdentity& identity, const std::string& key) -> std::string {
    for (const auto& [k, v] : identity.entries)
      if (k == key) return v;
    return "none";
  };
  std::vector<std::string> keys;
  for (const RunIdentity* identity : {&recorded, &current})
    for (const auto& entry : identity->entries)
      if (std::find(keys.begin(), keys.end(), entry.first) == keys.end()) keys.push_back(entry.first);
  std::vector<std::string> differences;
  for (const std::string& key : keys) {
    const std::string then = value_in(recorded, key);
    const std::string now = value_in(current, key);
    if (then != now) differences.push_back(fmt::format("{}: {} then, {} now", key, then, now));
  }
  return differences;
}

}  // namespace ssis
