#pragma once
// The audit trail of the service: one JSON line per request, appended to a file opened for
// appending only, saying when, who (the token's holder), through which route, with which
// status, and which households (their ids as given, as HMAC-SHA256 under a secret salt, so
// the log names no household, yet a privacy officer holding the salt can find every request
// that looked one up).
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace ssis::serve {

struct AccessRecord {
  std::chrono::system_clock::time_point time;
  std::string request_id;
  std::string who;
  std::string route;
  std::string rule_set;
  int status = 0;
  std::vector<std::string> household_ids;  ///< as given; hashed before they are written
};

class AccessLog {
 public:
  /// Opens `path` for appending (created with mode 0600) and reads the salt: the bytes of
  /// `salt_path` without a final line feed, at least 16. Throws std::runtime_error naming the
  /// file that cannot be opened or read, or a salt too short.
  AccessLog(const std::string& path, const std::string& salt_path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  /// Writes the record as one line in one write; throws std::runtime_error when it cannot.
  void append(const AccessRecord& record);
  /// HMAC-SHA256 of `household_id` under the salt, lower-case hexadecimal.
  std::string household_hash(const std::string& household_id) const;

 private:
  std::string path_;
  std::string salt_;
  int descriptor_ = -1;
  std::mutex mutex_;
};

}  // namespace ssis::serve
