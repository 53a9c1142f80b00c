#include "serve/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis::serve {
namespace {

// A label value with \, " and line feeds escaped, as the text format wants.
std::string label(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::record_request(const std::string& route, int status, std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  const auto bucket = static_cast<std::size_t>(std::lower_bound(buckets.begin(), buckets.end(), seconds) - buckets.begin());
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& latency = latency_[route];
  if (bucket < buckets.size()) ++latency.counts[bucket];
  ++latency.count;
  latency.seconds += seconds;
}

void Metrics::record_error(const std::string& kind) {
  std::lock_guard lock(mutex_);
  ++errors_[kind];
}

void Metrics::record_reload(bool ok) {
  std::lock_guard lock(mutex_);
  ++(ok ? reloads_ok_ : reloads_refused_);
}

std::string Metrics::text() const {
  std::lock_guard lock(mutex_);
  std::string out = "# HELP ssis_requests_total Requests answered, by route and status.\n# TYPE ssis_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out += fmt::format("ssis_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label(key.first), key.second, count);
  out += "# HELP ssis_request_duration_seconds Time from routing to the response, by route.\n"
         "# TYPE ssis_request_duration_seconds histogram\n";
  for (const auto& [route, latency] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      cumulative += latency.counts[b];
      out += fmt::format("ssis_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label(route), buckets[b], cumulative);
    }
    out += fmt::format("ssis_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label(route), latency.count);
    out += fmt::format("ssis_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label(route), latency.seconds);
    out += fmt::format("ssis_request_duration_seconds_count{{route=\"{}\"}} {}\n", label(route), latency.count);
  }
  out += "# HELP ssis_errors_total Requests refused or failed, by kind.\n# TYPE ssis_errors_total counter\n";
  for (const auto& [kind, count] : errors_) out += fmt::format("ssis_errors_total{{kind=\"{}\"}} {}\n", label(kind), count);
  out += "# HELP ssis_reloads_total Rule-set reloads, by result.\n# TYPE ssis_reloads_total counter\n";
  out += fmt::format("ssis_reloads_total{{result=\"ok\"}} {}\nssis_reloads_total{{result=\"refused\"}} {}\n", reloads_ok_,
                     reloads_refused_);
  return out;
}

}  // namespace ssis::serve
