#pragma once
// The screening service: the routes of docs/openapi.json and the page under web/ on an HTTP
// server (src/serve/http_server.hpp, Boost.Beast), with bearer tokens, a request log without
// household data, an access log for audit, metrics, reload and graceful stop.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "serve/access_log.hpp"
#include "serve/auth.hpp"
#include "serve/http_server.hpp"
#include "serve/metrics.hpp"
#include "serve/routes.hpp"
#include "serve/rule_set_registry.hpp"

namespace ssis::serve {

struct ServiceOptions {
  std::vector<RuleSetSource> rule_sets;
  std::string bind = "127.0.0.1";
  int port = 8080;                        ///< 0: any free port
  unsigned threads = 0;                   ///< threads answering requests (0: one per core)
  std::size_t max_body_bytes = 1u << 20;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  std::string token_file;                 ///< empty: no tokens (loopback only)
  std::string access_log;                 ///< empty: none
  std::string audit_salt_file;            ///< the salt of the household ids in the access log
  ApiLimits limits;
};

/// Whether `address` is a loopback address (127.0.0.0/8, ::1) or "localhost".
bool is_loopback(const std::string& address);

class Service {
 public:
  /// Checks the options and reads the token file and the salt. Throws std::invalid_argument
  /// or std::runtime_error saying what is wrong (a non-loopback bind without a token file, an
  /// access log without a salt, a file that cannot be read).
  explicit Service(ServiceOptions options);
  ~Service();

  /// Loads the rule sets anew (the first time too); a rule set with errors is refused and
  /// what served before keeps serving. Logged and counted.
  ReloadResult reload();
  /// Binds the address; returns the port (the one chosen when the port was 0). Throws
  /// std::runtime_error when the address cannot be bound.
  int bind();
  /// Serves until stop(); requests already read are answered first.
  void run();
  void stop();

 private:
  using Handler = Reply (Service::*)(const LoadedRuleSet*, const Request&);
  void add_routes();
  void answer(const char* route, bool public_route, bool on_rule_set, Handler handler, const Request& request,
              Response& response);
  void finish(const std::string& request_id, const std::string& route, const std::string& rule_set, const std::string& who,
              Reply& reply, std::chrono::steady_clock::time_point start);
  std::string next_request_id();

  Reply evaluate_route(const LoadedRuleSet* loaded, const Request& request);
  Reply questions_route(const LoadedRuleSet* loaded, const Request& request);
  Reply programmes_route(const LoadedRuleSet* loaded, const Request& request);
  Reply programme_route(const LoadedRuleSet* loaded, const Request& request);
  Reply schema_route(const LoadedRuleSet* loaded, const Request& request);
  Reply whatif_route(const LoadedRuleSet* loaded, const Request& request);
  Reply health_route(const LoadedRuleSet* loaded, const Request& request);
  Reply metrics_route(const LoadedRuleSet* loaded, const Request& request);
  Reply reload_route(const LoadedRuleSet* loaded, const Request& request);

  ServiceOptions options_;
  RuleSetRegistry registry_;
  Metrics metrics_;
  std::optional<TokenList> tokens_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<std::uint64_t> requests_{0};
  std::string id_prefix_;
  std::mutex log_mutex_;
};

}  // namespace ssis::serve
