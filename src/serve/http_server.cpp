#include "serve/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ssis::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Route {
  std::string method;
  std::vector<std::string> segments;  // "{}" matches any one non-empty segment
  HttpServer::Handler handler;
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

bool matches(const Route& route, const std::vector<std::string_view>& segments, std::vector<std::string>& captured) {
  if (route.segments.size() != segments.size()) return false;
  captured.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.segments[i] == "{}") {
      if (segments[i].empty()) return false;
      captured.push_back(percent_decoded(segments[i], false));
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

class HttpSession;

struct HttpServer::Impl {
  explicit Impl(HttpServerOptions o) : options(o), io(static_cast<int>(std::max(1u, o.threads))), acceptor(asio::make_strand(io)) {}

  void accept();
  void answer(Request& request, Response& response) const;

  HttpServerOptions options;
  std::vector<Route> routes;
  ErrorHandler error_handler;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::list<std::weak_ptr<HttpSession>> sessions;
  // Destroyed before the sessions' list: the connections still open end with the context.
  asio::io_context io;
  tcp::acceptor acceptor;
};

// One connection: reads a request, answers it, writes the answer, and again while the
// connection is kept alive, all on the connection's strand.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, HttpServer::Impl* server) : stream_(std::move(socket)), server_(server) {
    buffer_.reserve(16 << 10);  // a request read 16 KB at a time, not from 512 bytes up
  }

  ~HttpSession() {
    std::lock_guard lock(server_->sessions_mutex);
    server_->sessions.erase(registered_);
  }

  void start() {
    {
      std::lock_guard lock(server_->sessions_mutex);
      registered_ = server_->sessions.insert(server_->sessions.end(), weak_from_this());
    }
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // Closes the connection when it waits for a request of which nothing has come.
  void close_if_idle() {
    if (waiting_ && buffer_.size() == 0 && !parser_->got_some()) close();
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void read_request() {
    if (server_->stopping) return close();
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    waiting_ = true;
    stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->waiting_ = false;
      self->on_header(ec);
    });
  }

  void on_header(beast::error_code ec) {
    if (ec) return refuse_or_close(ec);
    if (parser_->chunked()) return refuse(411);
    if (parser_->content_length() && *parser_->content_length() > server_->options.max_body_bytes) return refuse(413);
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      continue_ = http::response<http::empty_body>(http::status::continue_, 11);
      stream_.expires_after(std::chrono::seconds(server_->options.write_timeout_seconds));
      return http::async_write(stream_, continue_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return answer();
    stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->refuse_or_close(ec);
      self->answer();
    });
  }

  // A connection closed or timed out is closed; a request that is not HTTP, or whose body is
  // over the limit, is answered with its status, then the connection is closed.
  void refuse_or_close(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    refuse(ec == http::error::body_limit ? 413 : 400);
  }

  void refuse(int status) {
    Response response;
    server_->error_handler(status, response);
    write(response, false, 11, true);
  }

  void answer() {
    http::request<http::string_body> message = parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    read_target(std::string_view(message.target().data(), message.target().size()), request);
    for (const auto& field : message) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    Response response;
    server_->answer(request, response);
    ++answered_;
    write(response, message.keep_alive() && !server_->stopping && answered_ < server_->options.max_requests_per_connection,
          message.version());
  }

  // With `refused`, the rest of the request was not read: the connection lingers (below).
  void write(Response& response, bool keep_alive, unsigned version, bool refused = false) {
    response_ = http::response<http::string_body>(static_cast<http::status>(response.status), version);
    response_.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) response_.set(name, value);
    response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(server_->options.write_timeout_seconds));
    http::async_write(stream_, response_, [self = shared_from_this(), keep_alive, refused](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (refused) return self->linger();
      if (!keep_alive) return self->close();
      self->read_request();
    });
  }

  // Closing a socket with unread input resets the connection, and the client may lose the
  // answer it has not read yet: after a refusal the service stops sending and reads what the
  // client still sends, for a second at most, before it closes.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    drain();
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(16 << 10), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  std::list<std::weak_ptr<HttpSession>>::iterator registered_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::empty_body> continue_;
  http::response<http::string_body> response_;
  std::size_t answered_ = 0;
  bool waiting_ = false;
};

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (!ec) {
      std::make_shared<HttpSession>(std::move(socket), this)->start();
      return accept();
    }
    // Out of descriptors or memory: try again a little later rather than spin.
    auto timer = std::make_shared<asio::steady_timer>(acceptor.get_executor(), std::chrono::milliseconds(50));
    timer->async_wait([this, timer](beast::error_code) {
      if (!stopping) accept();
    });
  });
}

void HttpServer::Impl::answer(Request& request, Response& response) const {
  const std::vector<std::string_view> segments = split_path(request.path);
  for (const Route& route : routes) {
    if (route.method != request.method || !matches(route, segments, request.matches)) continue;
    try {
      route.handler(request, response);
    } catch (const std::exception&) {
      response = Response();
      response.status = 500;
    }
    return;
  }
  error_handler(404, response);
}

HttpServer::HttpServer(HttpServerOptions options) : impl_(std::make_unique<Impl>(options)) {
  impl_->error_handler = [](int status, Response& response) { response.status = status; };
}

HttpServer::~HttpServer() {
  stop();
  impl_->io.stop();
}

void HttpServer::route(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (const std::string_view segment : split_path(pattern)) segments.emplace_back(segment);
  impl_->routes.push_back({std::move(method), std::move(segments), std::move(handler)});
}

void HttpServer::on_error(ErrorHandler handler) { impl_->error_handler = std::move(handler); }

int HttpServer::bind(const std::string& address, int port) {
  beast::error_code ec;
  const auto ip = asio::ip::make_address(address == "localhost" ? "127.0.0.1" : address, ec);
  tcp::acceptor& acceptor = impl_->acceptor;
  if (!ec) acceptor.open(ip.is_v6() ? tcp::v6() : tcp::v4(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(tcp::endpoint(ip, static_cast<unsigned short>(port)), ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error(fmt::format("{}:{} cannot be bound ({})", address, port, ec.message()));
  }
  impl_->accept();
  return acceptor.local_endpoint().port();
}

void HttpServer::run() {
  std::vector<std::thread> others;
  for (unsigned i = 1; i < impl_->options.threads; ++i) others.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (std::thread& thread : others) thread.join();
}

void HttpServer::stop() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    impl->stopping = true;
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    // Taken out of the list first: a session may end on another thread while this one goes
    // through them, and its destructor takes the list's lock.
    std::vector<std::shared_ptr<HttpSession>> open;
    {
      std::lock_guard lock(impl->sessions_mutex);
      for (const std::weak_ptr<HttpSession>& weak : impl->sessions)
        if (std::shared_ptr<HttpSession> session = weak.lock()) open.push_back(std::move(session));
    }
    for (const std::shared_ptr<HttpSession>& session : open)
      asio::post(session->executor(), [session] { session->close_if_idle(); });
  });
}

}  // namespace ssis::serve
