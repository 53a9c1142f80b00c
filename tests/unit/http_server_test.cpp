// The service's HTTP layer on loopback: request targets decoded, routes matched by their
// segments, what no route answers sent to the error handler, many connections served by two
// threads, and stop() answering the request already begun and ending with many connections open.
#include <doctest/doctest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include "serve/http_server.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

// One request on a connection of its own: (status, body).
std::pair<int, std::string> exchange(int port, http::verb method, const std::string& target, const std::string& body = {}) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, "127.0.0.1");
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return {static_cast<int>(response.result_int()), response.body()};
}

struct Running {
  explicit Running(ssis::serve::HttpServer& s) : server(s), port(s.bind("127.0.0.1", 0)), thread([this] { server.run(); }) {}
  ~Running() {
    server.stop();
    thread.join();
  }
  ssis::serve::HttpServer& server;
  int port;
  std::thread thread;
};

}  // namespace

TEST_CASE("serve: a request target's path and decoded query parameters") {
  ssis::serve::Request request;
  ssis::serve::read_target("/v1/kr/whatif?vary=members%5B0%5D.earned_income%3D0%3A10%3A1&lang=ko&vary=a+b&flag&bad=%zz%4", request);
  CHECK(request.path == "/v1/kr/whatif");
  CHECK(request.param_count("vary") == 2);
  CHECK(request.param("vary") == "members[0].earned_income=0:10:1");
  CHECK(request.param("vary", 1) == "a b");
  CHECK(request.param("vary", 2).empty());
  CHECK(request.has_param("flag"));
  CHECK(request.param("flag").empty());
  CHECK(request.param("bad") == "%zz%4");
  CHECK_FALSE(request.has_param("date"));
  CHECK(ssis::serve::percent_decoded("a+b%2Fc", false) == "a+b/c");
  request.headers = {{"Content-Type", "application/json"}};
  CHECK(request.header("content-type") == "application/json");
  CHECK(request.header("Authorization").empty());
}

TEST_CASE("serve: routes by method and segments; the rest to the error handler") {
  ssis::serve::HttpServer server({.threads = 2});
  server.route("GET", "/v1/{}/programmes/{}", [](const ssis::serve::Request& request, ssis::serve::Response& response) {
    response.body = request.matches.at(0) + "|" + request.matches.at(1) + "|" + request.param("date");
  });
  server.route("POST", "/echo", [](const ssis::serve::Request& request, ssis::serve::Response& response) { response.body = request.body; });
  server.route("GET", "/throws", [](const ssis::serve::Request&, ssis::serve::Response&) { throw std::runtime_error("no"); });
  server.on_error([](int status, ssis::serve::Response& response) {
    response.status = status;
    response.body = "error " + std::to_string(status);
  });
  Running running(server);
  CHECK(exchange(running.port, http::verb::get, "/v1/kr/programmes/basic%20pension?date=2025-09-24") ==
        std::pair<int, std::string>{200, "kr|basic pension|2025-09-24"});
  CHECK(exchange(running.port, http::verb::post, "/echo", "{\"a\":1}") == std::pair<int, std::string>{200, "{\"a\":1}"});
  CHECK(exchange(running.port, http::verb::get, "/v1/kr/programmes") == std::pair<int, std::string>{404, "error 404"});
  CHECK(exchange(running.port, http::verb::get, "/v1//programmes/x") == std::pair<int, std::string>{404, "error 404"});
  CHECK(exchange(running.port, http::verb::post, "/v1/kr/programmes/x") == std::pair<int, std::string>{404, "error 404"});
  CHECK(exchange(running.port, http::verb::get, "/throws").first == 500);
  // Twenty clients at once on two threads, each answered in full.
  std::vector<std::thread> clients;
  std::vector<std::string> answers(20);
  for (std::size_t i = 0; i < answers.size(); ++i)
    clients.emplace_back([&, i] { answers[i] = exchange(running.port, http::verb::post, "/echo", std::string(100'000 + i, 'x')).second; });
  for (std::thread& client : clients) client.join();
  for (std::size_t i = 0; i < answers.size(); ++i) CHECK(answers[i].size() == 100'000 + i);
}

TEST_CASE("serve: a body over the limit is refused before it is read, the answer not lost; an address in use is refused") {
  ssis::serve::HttpServer server({.threads = 1, .max_body_bytes = 1000});
  server.route("POST", "/echo", [](const ssis::serve::Request& request, ssis::serve::Response& response) { response.body = request.body; });
  Running running(server);
  CHECK(exchange(running.port, http::verb::post, "/echo", std::string(1000, 'x')).first == 200);
  CHECK(exchange(running.port, http::verb::post, "/echo", std::string(1001, 'x')).first == 413);
  // A client that sends the whole of a large body before it reads still gets the answer:
  // the service reads and discards the rest instead of resetting the connection.
  CHECK(exchange(running.port, http::verb::post, "/echo", std::string(8 << 20, 'x')).first == 413);
  ssis::serve::HttpServer second({});
  CHECK_THROWS_AS(second.bind("127.0.0.1", running.port), std::runtime_error);
}

TEST_CASE("serve: stop() answers the request already begun and closes the idle connections") {
  ssis::serve::HttpServer server({.threads = 2});
  server.route("POST", "/slow", [](const ssis::serve::Request& request, ssis::serve::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    response.body = request.body;
  });
  const int port = server.bind("127.0.0.1", 0);
  std::thread serving([&] { server.run(); });
  asio::io_context io;
  beast::tcp_stream idle(io);
  idle.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  std::pair<int, std::string> answer;
  std::thread client([&] { answer = exchange(port, http::verb::post, "/slow", "begun"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto stopped = std::chrono::steady_clock::now();
  server.stop();
  client.join();
  serving.join();  // run() returns: the idle connection did not hold it
  CHECK(answer == std::pair<int, std::string>{200, "begun"});
  CHECK(std::chrono::steady_clock::now() - stopped < std::chrono::seconds(3));
  char byte = 0;
  beast::error_code ec;
  idle.socket().read_some(asio::buffer(&byte, 1), ec);
  CHECK(ec == asio::error::eof);
}

TEST_CASE("serve: stop() before run() makes run() return") {
  ssis::serve::HttpServer server({});
  server.bind("127.0.0.1", 0);
  server.stop();
  const auto started = std::chrono::steady_clock::now();
  server.run();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("serve: stop() with many idle connections, again and again, makes run() return") {
  // The connections close on the server's threads while stop() goes through them.
  for (int round = 0; round < 20; ++round) {
    ssis::serve::HttpServer server({.threads = 2});
    const int port = server.bind("127.0.0.1", 0);
    std::promise<void> returned;
    std::thread serving([&] {
      server.run();
      returned.set_value();
    });
    asio::io_context io;
    std::vector<beast::tcp_stream> idle;
    for (int i = 0; i < 100; ++i) {
      idle.emplace_back(io);
      idle.back().connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    server.stop();
    const bool ended = returned.get_future().wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    if (!ended) {
      // A server whose threads are stuck can be neither joined nor destroyed.
      FAIL_CHECK("run() did not return after stop(), round ", round);
      std::abort();
    }
    serving.join();
  }
}
