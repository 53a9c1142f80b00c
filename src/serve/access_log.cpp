#include "serve/access_log.hpp"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "serve/json_members.hpp"

namespace ssis::serve {

namespace {
constexpr std::size_t min_salt_length = 16;
}

AccessLog::AccessLog(const std::string& path, const std::string& salt_path) : path_(path) {
  std::ifstream salt_file(salt_path, std::ios::binary);
  if (!salt_file) throw std::runtime_error(fmt::format("{}: cannot be read", salt_path));
  std::ostringstream salt;
  salt << salt_file.rdbuf();
  salt_ = salt.str();
  if (!salt_.empty() && salt_.back() == '\n') salt_.pop_back();
  if (salt_.size() < min_salt_length)
    throw std::runtime_error(fmt::format("{}: the salt is shorter than {} bytes", salt_path, min_salt_length));
  descriptor_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (descriptor_ < 0) throw std::runtime_error(fmt::format("{}: cannot be opened for appending: {}", path, std::strerror(errno)));
}

AccessLog::~AccessLog() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

std::string AccessLog::household_hash(const std::string& household_id) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), salt_.data(), static_cast<int>(salt_.size()), reinterpret_cast<const unsigned char*>(household_id.data()),
       household_id.size(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

void AccessLog::append(const AccessRecord& record) {
  std::string line = "{";
  append_member(line, "time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(record.time)));
  append_member(line, "request", record.request_id);
  append_member(line, "who", record.who);
  append_member(line, "route", record.route);
  append_member(line, "rule_set", record.rule_set);
  line += fmt::format(",\"status\":{},\"households\":[", record.status);
  for (std::size_t i = 0; i < record.household_ids.size(); ++i) {
    if (i) line += ",";
    line += "\"" + household_hash(record.household_ids[i]) + "\"";
  }
  line += "]}\n";
  std::lock_guard lock(mutex_);
  // O_APPEND: each write lands at the end, whatever else appends to the file.
  for (std::size_t written = 0; written < line.size();) {
    const ssize_t n = ::write(descriptor_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(fmt::format("{}: cannot be written: {}", path_, std::strerror(errno)));
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace ssis::serve
