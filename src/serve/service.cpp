#include "serve/service.hpp"

#include <arpa/inet.h>
#include <malloc.h>
#include <sys/socket.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>
#include <thread>

#include "serve/json_members.hpp"
#include "serve/embedded_files.hpp"

namespace ssis::serve {
namespace {

constexpr const char* request_id_header = "X-Request-Id";

bool json_body(const Request& request) {
  const std::string type = request.header("Content-Type");
  return type.rfind("application/json", 0) == 0;
}

// The rule-set name of a /v1/{ruleset}/... path (the first segment matched by its pattern).
std::string rule_set_name(const Request& request) { return request.matches.empty() ? std::string() : request.matches[0]; }

unsigned threads_or_cores(unsigned threads) { return threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency()); }

// Answers of hundreds of KB are built, copied and freed for every request. By default glibc
// maps each such buffer afresh and unmaps it when it is freed, and returns the top of the heap
// to the system, so that every answer pays for its pages again (about 13 µs per 4 KB page on
// a virtual machine: 12 ms of the 15 ms a whole answer for a household of four took). Kept in
// the heap instead, they are reused from answer to answer; memory stays at the peak of the
// answers in flight.
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace

bool is_loopback(const std::string& address) {
  if (address == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Service::Service(ServiceOptions options)
    : options_(std::move(options)),
      registry_(options_.rule_sets),
      server_(std::make_unique<HttpServer>(HttpServerOptions{.threads = threads_or_cores(options_.threads),
                                                             .max_body_bytes = options_.max_body_bytes,
                                                             .read_timeout_seconds = options_.read_timeout_seconds,
                                                             .write_timeout_seconds = options_.write_timeout_seconds})) {
  if (options_.rule_sets.empty()) throw std::invalid_argument("no rule set to serve");
  keep_freed_memory();
  if (!options_.token_file.empty()) tokens_ = TokenList::read(options_.token_file);
  else if (!is_loopback(options_.bind))
    throw std::invalid_argument(fmt::format("--bind {} is not a loopback address: give --token-file so that callers are known",
                                            options_.bind));
  if (options_.access_log.empty() != options_.audit_salt_file.empty())
    throw std::invalid_argument("--access-log and --audit-salt-file go together");
  if (!options_.access_log.empty()) access_log_ = std::make_unique<AccessLog>(options_.access_log, options_.audit_salt_file);
  id_prefix_ = fmt::format("{:x}", std::chrono::system_clock::now().time_since_epoch().count() & 0xffffffffffff);

  add_routes();
  // What no route answered: no route for the path (404), a body over the limit (413), a body
  // in chunks (411: a body is bounded by its Content-Length), a request that is not HTTP (400).
  server_->on_error([this](int status, Response& response) {
    const auto start = std::chrono::steady_clock::now();
    Reply reply = status == 404   ? error_reply(404, "not_found", "no such route (see /openapi.json)")
                  : status == 413 ? error_reply(413, "body_too_large", fmt::format("the body is over {} bytes", options_.max_body_bytes))
                  : status == 411 ? error_reply(411, "length_required", "a body is sent with its Content-Length, not in chunks")
                                  : error_reply(status, "bad_request", "not a request this service answers");
    const std::string id = next_request_id();
    finish(id, "unrouted", "", "", reply, start);
    response.status = reply.status;
    response.set_header(request_id_header, id);
    response.content_type = reply.content_type;
    response.body = std::move(reply.body);
  });
}

Service::~Service() = default;

std::string Service::next_request_id() { return fmt::format("{}-{}", id_prefix_, ++requests_); }

void Service::add_routes() {
  struct Route {
    const char* method;
    const char* pattern;
    const char* name;
    bool public_route;
    bool on_rule_set;
    Handler handler;
  };
  const Route routes[] = {
      {"POST", "/v1/{}/evaluate", "POST /v1/{ruleset}/evaluate", false, true, &Service::evaluate_route},
      {"POST", "/v1/{}/questions", "POST /v1/{ruleset}/questions", false, true, &Service::questions_route},
      {"GET", "/v1/{}/programmes", "GET /v1/{ruleset}/programmes", false, true, &Service::programmes_route},
      {"GET", "/v1/{}/programmes/{}", "GET /v1/{ruleset}/programmes/{id}", false, true, &Service::programme_route},
      {"GET", "/v1/{}/schema", "GET /v1/{ruleset}/schema", false, true, &Service::schema_route},
      {"POST", "/v1/{}/whatif", "POST /v1/{ruleset}/whatif", false, true, &Service::whatif_route},
      {"GET", "/healthz", "GET /healthz", true, false, &Service::health_route},
      {"GET", "/metrics", "GET /metrics", false, false, &Service::metrics_route},
      {"POST", "/admin/reload", "POST /admin/reload", false, false, &Service::reload_route},
  };
  for (const Route& route : routes) {
    server_->route(route.method, route.pattern, [this, route](const Request& request, Response& response) {
      answer(route.name, route.public_route, route.on_rule_set, route.handler, request, response);
    });
  }
  // The page and the API description: public, built into the command.
  for (const EmbeddedFile& file : embedded_files()) {
    server_->route("GET", std::string(file.url_path), [this, &file](const Request&, Response& response) {
      const auto start = std::chrono::steady_clock::now();
      Reply reply;
      reply.body = file.content;
      reply.content_type = content_type(file.url_path);
      const std::string id = next_request_id();
      finish(id, "GET " + std::string(file.url_path), "", "", reply, start);
      response.set_header(request_id_header, id);
      response.content_type = reply.content_type;
      response.body = std::move(reply.body);
    });
  }
}

void Service::answer(const char* route, bool public_route, bool on_rule_set, Handler handler, const Request& request,
                     Response& response) {
  const auto start = std::chrono::steady_clock::now();
  const std::string id = next_request_id();
  std::string who = "anonymous";
  std::string rule_set;
  Reply reply;
  std::shared_ptr<const LoadedRuleSet> loaded;
  if (tokens_ && !public_route) {
    if (std::optional<std::string> holder = tokens_->who(request.header("Authorization"))) who = *holder;
    else who.clear();
  }
  if (who.empty()) {
    reply = error_reply(401, "unauthorized", "a bearer token of the token file is required (Authorization: Bearer TOKEN)");
    response.set_header("WWW-Authenticate", "Bearer");
  } else if (request.method == "POST" && !request.body.empty() && !json_body(request)) {
    reply = error_reply(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
  } else if (on_rule_set && !(loaded = registry_.find(rule_set = rule_set_name(request)))) {
    reply = error_reply(404, "unknown_rule_set", fmt::format("no rule set named '{}' is served", rule_set));
  } else {
    try {
      reply = (this->*handler)(loaded.get(), request);
    } catch (const std::exception& e) {
      reply = error_reply(500, "internal", "the request could not be answered");
    }
  }
  if (loaded) {
    response.set_header("SSIS-Rule-Set", loaded->rules.id());
    response.set_header("SSIS-Fingerprint", loaded->rules.fingerprint());
    if (reply.date) response.set_header("SSIS-Date", reply.date->to_string());
  }
  if (access_log_ && !public_route) {
    try {
      access_log_->append({std::chrono::system_clock::now(), id, who.empty() ? "-" : who, route, rule_set, reply.status,
                           reply.household_ids});
    } catch (const std::exception& e) {
      // No lookup goes unrecorded: an answer that cannot be logged is not given.
      reply = error_reply(500, "access_log", "the access log cannot be written");
      std::lock_guard lock(log_mutex_);
      std::fprintf(stderr, "ssis serve: %s\n", e.what());
    }
  }
  finish(id, route, rule_set, who, reply, start);
  response.status = reply.status;
  response.set_header(request_id_header, id);
  response.content_type = reply.content_type;
  response.body = std::move(reply.body);
}

void Service::finish(const std::string& request_id, const std::string& route, const std::string& rule_set, const std::string& who,
                     Reply& reply, std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  metrics_.record_request(route, reply.status, elapsed);
  if (!reply.error_kind.empty()) metrics_.record_error(reply.error_kind);
  // Never the body, the query or a household id: the route, the rule set, who, the status, the time.
  const std::string line =
      fmt::format("ssis serve: request={} route=\"{}\" rule_set={} who={} status={} ms={:.3f}\n", request_id, route,
                  rule_set.empty() ? "-" : rule_set, who.empty() ? "-" : who, reply.status,
                  std::chrono::duration<double, std::milli>(elapsed).count());
  std::lock_guard lock(log_mutex_);
  std::fputs(line.c_str(), stderr);
}

ReloadResult Service::reload() {
  ReloadResult result = registry_.reload();
  metrics_.record_reload(result.ok);
  std::string line;
  if (result.ok) {
    line = "ssis serve: rule sets loaded:";
    for (const auto& loaded : registry_.all())
      line += fmt::format(" {} ({} programmes, {})", loaded->name, loaded->rules.programmes().size(), loaded->rules.fingerprint());
    line += "\n";
  } else {
    line = result.problems + (registry_.all().empty() ? "ssis serve: the rule sets could not be loaded\n"
                                                      : "ssis serve: reload refused; the rule sets loaded before keep serving\n");
  }
  std::lock_guard lock(log_mutex_);
  std::fputs(line.c_str(), stderr);
  return result;
}

int Service::bind() { return server_->bind(options_.bind, options_.port); }

void Service::run() { server_->run(); }

void Service::stop() { server_->stop(); }

Reply Service::evaluate_route(const LoadedRuleSet* loaded, const Request& request) {
  return evaluate(*loaded, request, options_.limits);
}

Reply Service::questions_route(const LoadedRuleSet* loaded, const Request& request) {
  return next_questions(*loaded, request, options_.limits);
}

Reply Service::programmes_route(const LoadedRuleSet* loaded, const Request& request) {
  return programmes(*loaded, request);
}

Reply Service::programme_route(const LoadedRuleSet* loaded, const Request& request) {
  return programme(*loaded, request, std::string(request.matches[1]));
}

Reply Service::schema_route(const LoadedRuleSet* loaded, const Request& request) {
  return input_schema(*loaded, request, options_.limits);
}

Reply Service::whatif_route(const LoadedRuleSet* loaded, const Request& request) {
  return whatif(*loaded, request, options_.limits);
}

Reply Service::health_route(const LoadedRuleSet*, const Request&) {
  Reply reply;
  reply.body = "{\"status\":\"ok\",\"version\":\"" SSIS_VERSION "\",\"rule_sets\":[";
  for (const auto& loaded : registry_.all()) {
    if (reply.body.back() != '[') reply.body += ",";
    reply.body += "{";
    append_member(reply.body, "name", loaded->name);
    append_member(reply.body, "id", loaded->rules.id());
    append_member(reply.body, "fingerprint", loaded->rules.fingerprint());
    reply.body += fmt::format(",\"programmes\":{},\"loaded_at\":\"{:%Y-%m-%dT%H:%M:%S}Z\"}}", loaded->rules.programmes().size(),
                              std::chrono::floor<std::chrono::seconds>(loaded->loaded_at));
  }
  reply.body += "]}\n";
  return reply;
}

Reply Service::metrics_route(const LoadedRuleSet*, const Request&) {
  Reply reply;
  reply.body = metrics_.text();
  reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return reply;
}

Reply Service::reload_route(const LoadedRuleSet*, const Request&) {
  const ReloadResult result = reload();
  if (!result.ok) return error_reply(422, "rule_set_errors", result.problems);
  return health_route(nullptr, {});
}

}  // namespace ssis::serve
