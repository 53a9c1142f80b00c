#include "cli/audit_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>

#include "io/json.hpp"
#include "support/sha256.hpp"

namespace ssis::cli {
namespace {

using detail::append_json_string;

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, millis);
}

// The account the process runs as: its name when the system knows it, else its number.
std::string user() {
  const uid_t uid = geteuid();
  if (const passwd* entry = getpwuid(uid); entry != nullptr && entry->pw_name != nullptr) return entry->pw_name;
  return std::to_string(uid);
}

std::string host() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

std::string file_sha256(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return {};
  detail::Sha256 hash;
  std::string buffer(1 << 20, '\0');
  while (stream) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.add(std::string_view(buffer.data(), static_cast<std::size_t>(stream.gcount())));
  }
  if (stream.bad()) return {};
  return "sha256:" + detail::to_hex(hash.finish());
}

void append_pairs(std::string& out, const AuditLog::Pairs& pairs) {
  out += '{';
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, pairs[i].first);
    out += ':';
    append_json_string(out, pairs[i].second);
  }
  out += '}';
}

}  // namespace

AuditLog::AuditLog(std::string path, std::string command, Pairs options)
    : path_(std::move(path)), command_(std::move(command)), options_(std::move(options)) {
  if (path_.empty()) return;
  const std::string started = utc_now();
  run_ = fmt::format("{}-{}-{}", host(), getpid(), started);
  failed_ = !append(line_head("start", started) + "}\n");
}

std::string AuditLog::line_head(std::string_view event, const std::string& time) const {
  std::string line = "{\"run\":";
  append_json_string(line, run_);
  line += fmt::format(",\"event\":\"{}\",\"time\":", event);
  append_json_string(line, time);
  line += ",\"user\":";
  append_json_string(line, user());
  line += ",\"command\":";
  append_json_string(line, command_);
  line += ",\"options\":";
  append_pairs(line, options_);
  return line;
}

void AuditLog::rule_set(const RuleSet& rules) {
  rules_json_ = "{\"id\":";
  append_json_string(rules_json_, rules.id());
  rules_json_ += ",\"version\":";
  append_json_string(rules_json_, rules.version());
  rules_json_ += ",\"fingerprint\":";
  append_json_string(rules_json_, rules.fingerprint());
  rules_json_ += '}';
}

void AuditLog::input(const std::string& path) {
  if (path_.empty()) return;
  if (!inputs_json_.empty()) inputs_json_ += ',';
  inputs_json_ += "{\"path\":";
  append_json_string(inputs_json_, path);
  inputs_json_ += ",\"sha256\":";
  const std::string hash = file_sha256(path);
  if (hash.empty()) inputs_json_ += "null";
  else append_json_string(inputs_json_, hash);
  inputs_json_ += '}';
}

void AuditLog::count(std::string name, std::size_t value) {
  if (!counts_json_.empty()) counts_json_ += ',';
  append_json_string(counts_json_, name);
  counts_json_ += fmt::format(":{}", value);
}

int AuditLog::finish(int exit_code) {
  if (path_.empty()) return exit_code;
  std::string line = line_head("end", utc_now());
  line += ",\"rule_set\":" + rules_json_;
  line += ",\"inputs\":[" + inputs_json_ + "]";
  line += ",\"counts\":{" + counts_json_ + "}";
  line += fmt::format(",\"exit\":{}}}\n", exit_code);
  if (failed_ || !append(line)) return 2;
  return exit_code;
}

// One write of the whole line to a file opened for appending, so that runs sharing a log do
// not interleave their lines.
bool AuditLog::append(const std::string& line) {
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const int reason = errno;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok) std::cerr << fmt::format("{}: the audit log cannot be written: {}\n", path_, std::strerror(reason));
  return ok;
}

}  // namespace ssis::cli
