#pragma once
// What the service counts, in the Prometheus text format (version 0.0.4): requests by route
// and status, a latency histogram by route, errors by kind, and reloads by result.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace ssis::serve {

class Metrics {
 public:
  /// Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> buckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,  0.5,   1,    5};

  void record_request(const std::string& route, int status, std::chrono::nanoseconds duration);
  /// `kind`: invalid_json, invalid_input, not_found, unauthorized, body_too_large, ...
  void record_error(const std::string& kind);
  void record_reload(bool ok);
  std::string text() const;

 private:
  struct Latency {
    std::array<std::uint64_t, buckets.size()> counts{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
  std::map<std::string, std::uint64_t> errors_;
  std::uint64_t reloads_ok_ = 0;
  std::uint64_t reloads_refused_ = 0;
};

}  // namespace ssis::serve
