#pragma once
// An HTTP/1.1 server on Boost.Beast and Asio: a few threads serve every connection
// asynchronously (keep-alive, no thread held by an idle connection), each request is routed
// by its method and path to a handler, and what no handler answers (no route, a request that
// is not HTTP, a body in chunks or over the limit) goes to the error handler. Reads and
// writes have timeouts; stop() closes idle connections at once and answers the requests
// already begun.
#include <functional>
#include <memory>
#include <string>

#include "serve/http_message.hpp"

namespace ssis::serve {

class HttpSession;

struct HttpServerOptions {
  unsigned threads = 2;  ///< threads that read, answer and write requests
  std::size_t max_body_bytes = 1u << 20;
  int read_timeout_seconds = 5;  ///< for a request, and for the next one on a kept-alive connection
  int write_timeout_seconds = 5;
  std::size_t max_requests_per_connection = 1'000;
};

class HttpServer {
 public:
  using Handler = std::function<void(const Request&, Response&)>;
  /// Fills in the response to what no route answered, given its status: 404 (no route for
  /// the method and path), 400 (not a request of HTTP/1.x), 411 (a body in chunks), 413 (a
  /// body over the limit).
  using ErrorHandler = std::function<void(int status, Response&)>;

  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Routes `method` requests on paths of `pattern`: '/'-separated segments, each either
  /// literal or "{}" for any one non-empty segment (then in Request::matches).
  void route(std::string method, std::string pattern, Handler handler);
  void on_error(ErrorHandler handler);
  /// Binds and listens (SO_REUSEADDR, not SO_REUSEPORT: an address in use fails); returns the
  /// port, the one chosen when `port` is 0. Throws std::runtime_error when it cannot bind.
  int bind(const std::string& address, int port);
  /// Serves on the calling thread and threads - 1 others until stop().
  void run();
  /// Stops accepting, closes the connections waiting for a request, and lets run() return
  /// once the requests already begun are answered. Safe from any thread, before run() too.
  void stop();

 private:
  friend class HttpSession;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ssis::serve
