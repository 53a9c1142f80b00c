// The screening service under load on loopback: `ssis serve`'s Service on rules/kr in this
// process, 50 connections (keep-alive, all served by one client thread with Boost.Beast) posting the same one-household
// evaluation (examples/households/gyeonggi_family_of_four.json) for 10 seconds, the rule set
// left alone or reloaded every second. Two kinds of load: closed (each connection sends its
// next request as soon as the last is answered: the most the service can answer, every
// request queued behind the others) and open (requests sent at a fixed total rate, spread
// evenly over the connections, whether or not earlier ones have been answered; latency counts
// from when a request was due, so a slow answer delays the next request's measure, not its
// schedule). Three kinds of answer: the whole outcome with every next question and relied_on
// (as `ssis eval --format json`), the outcome alone (`questions=0&relied_on=false`), and the
// decisions alone (`view=decisions&questions=0&relied_on=false`: status, amount and missing
// facts per programme, without the rule set's texts), and the decisions without their missing
// facts (`view=decisions&missing=false&relied_on=false`, evaluated without working them out).
// Counters: requests per second, p50, p99 and largest latency of the requests sent after the
// first second (while the 50 connections open and each server thread makes its evaluator),
// p99 of all requests, errors (any answer but 200, any connection failure), reloads, and the
// resident memory after the first second, half-way and at the end. The baselines in the same process: the same evaluation without HTTP, alone and
// with its JSON as each kind of answer has it. SSIS_SERVE_SECONDS and SSIS_SERVE_CONNECTIONS
// change the run. Run: scripts/bench.sh.
#include <benchmark/benchmark.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <ssis/ssis.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "serve/service.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;
const std::filesystem::path source = SSIS_SOURCE_DIR;
constexpr const char* date = "2025-09-24";

std::string household_text() {
  std::ifstream file(source / "examples/households/gyeonggi_family_of_four.json");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::size_t from_environment(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value ? std::strtoul(value, nullptr, 10) : fallback;
}

double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

// One keep-alive connection of the load: sends its request when it is due (open load) or as
// soon as the last is answered (closed load), reads the answer, and records the latency from
// when the request was due, until `stop`.
class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(asio::io_context& io, int port, const std::string& path, const std::string& body, std::optional<Clock::time_point> due,
                 Clock::duration interval, Clock::time_point warmed_up, const std::atomic<bool>& stop, std::atomic<std::size_t>& errors,
                 std::vector<double>& latencies, std::vector<double>& with_warm_up)
      : stream_(io), timer_(io), port_(port), due_(due), interval_(interval), warmed_up_(warmed_up), stop_(stop), errors_(errors),
        latencies_(latencies), with_warm_up_(with_warm_up) {
    connect();
    request_ = http::request<http::string_body>(body.empty() ? http::verb::get : http::verb::post, path, 11);
    request_.set(http::field::host, "127.0.0.1");
    if (!body.empty()) request_.set(http::field::content_type, "application/json");
    request_.body() = body;
    request_.keep_alive(true);
    request_.prepare_payload();
    buffer_.reserve(1 << 20);  // read the answer 64 KB at a time, not from 512 bytes up
  }

  void start() {
    if (stop_) return;
    if (!due_) return send(Clock::now());
    timer_.expires_at(*due_);
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->send(*self->due_); });
  }

 private:
  void send(Clock::time_point start) {
    response_.emplace();
    response_->body_limit(64u << 20);
    http::async_write(stream_, request_, [self = shared_from_this(), start](beast::error_code ec, std::size_t) {
      if (ec) return self->fail();
      http::async_read(self->stream_, self->buffer_, *self->response_, [self, start](beast::error_code ec, std::size_t) {
        if (ec || self->response_->get().result_int() != 200) return self->fail();
        const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        self->with_warm_up_.push_back(elapsed);
        if (start >= self->warmed_up_) self->latencies_.push_back(elapsed);
        if (!self->response_->get().keep_alive()) self->connect();  // the service closes a connection after 1,000 requests
        if (self->due_) *self->due_ += self->interval_;
        self->start();
      });
    });
  }

  // An answer other than 200 or a broken connection: counted, and the connection ends.
  void fail() { ++errors_; }

  void connect() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
    stream_.socket().set_option(asio::ip::tcp::no_delay(true));
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  int port_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::optional<http::response_parser<http::string_body>> response_;
  std::optional<Clock::time_point> due_;
  Clock::duration interval_;
  Clock::time_point warmed_up_;
  const std::atomic<bool>& stop_;
  std::atomic<std::size_t>& errors_;
  std::vector<double>& latencies_;
  std::vector<double>& with_warm_up_;
};

// The query of each kind of answer.
const char* const answer_query[] = {"", "&questions=0&relied_on=false", "&view=decisions&questions=0&relied_on=false",
                                     "&view=decisions&missing=false&relied_on=false"};

void BM_ServeEvaluateUnderReloads(benchmark::State& state) {
  const std::size_t connections = from_environment("SSIS_SERVE_CONNECTIONS", 50);
  const auto duration = std::chrono::seconds(from_environment("SSIS_SERVE_SECONDS", 10));
  ssis::serve::ServiceOptions options;
  options.rule_sets = {{"kr", (source / "rules/kr").string()}};
  options.port = 0;
  options.threads = static_cast<unsigned>(from_environment("SSIS_SERVE_THREADS", 0));
  ssis::serve::Service service(options);
  if (!service.reload().ok) {
    state.SkipWithError("rules/kr did not load");
    return;
  }
  const int port = service.bind();
  std::thread server([&] { service.run(); });
  const std::string body = household_text();
  // The floor: the same load on GET /healthz, which evaluates nothing.
  const bool floor = state.range(2) == 4;
  const std::string path = floor ? "/healthz" : std::string("/v1/kr/evaluate?date=") + date + answer_query[state.range(2)];
  // Open load: connection c sends its k-th request at (k * connections + c) / rate seconds.
  const double rate = static_cast<double>(state.range(1));
  const auto interval = std::chrono::duration<double>(rate > 0 ? static_cast<double>(connections) / rate : 0.0);

  for (auto _ : state) {
    std::atomic<bool> stop = false;
    std::atomic<std::size_t> errors = 0;
    // Latencies of the requests sent from the second second on (steady state), and of all.
    std::vector<std::vector<double>> latencies(connections), with_warm_up(connections);
    const auto started = Clock::now();
    const auto warmed_up = started + std::chrono::seconds(1);
    asio::io_context io;
    std::vector<std::shared_ptr<LoadConnection>> clients;
    for (std::size_t c = 0; c < connections; ++c) {
      const auto first_due = started + std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(c) / static_cast<double>(connections)));
      clients.push_back(std::make_shared<LoadConnection>(io, port, path, floor ? std::string() : body, rate > 0 ? std::optional(first_due) : std::nullopt,
                                                         std::chrono::duration_cast<Clock::duration>(interval), warmed_up, stop, errors,
                                                         latencies[c], with_warm_up[c]));
      clients.back()->start();
    }
    std::thread client_thread([&] { io.run(); });
    std::size_t reloads = 0, refused = 0;
    std::this_thread::sleep_until(warmed_up);
    const double memory_after_warm_up = resident_mib();
    double memory_half_way = memory_after_warm_up;
    while (Clock::now() - started < duration) {
      if (state.range(0) == 1) (service.reload().ok ? reloads : refused) += 1;
      std::this_thread::sleep_for(std::chrono::seconds(1));
      if (Clock::now() - started < duration / 2) memory_half_way = resident_mib();
    }
    stop = true;
    client_thread.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const auto sorted = [](const std::vector<std::vector<double>>& lists) {
      std::vector<double> all;
      for (const auto& list : lists) all.insert(all.end(), list.begin(), list.end());
      std::sort(all.begin(), all.end());
      return all;
    };
    const std::vector<double> steady = sorted(latencies), all = sorted(with_warm_up);
    auto percentile = [](const std::vector<double>& sample, double p) {
      return sample.empty() ? 0.0 : sample[static_cast<std::size_t>(p * static_cast<double>(sample.size() - 1))];
    };
    state.counters["requests_per_s"] = static_cast<double>(all.size()) / seconds;
    state.counters["p50_ms"] = percentile(steady, 0.50);
    state.counters["p99_ms"] = percentile(steady, 0.99);
    state.counters["max_ms"] = percentile(steady, 1.0);
    state.counters["p99_with_warm_up_ms"] = percentile(all, 0.99);
    state.counters["errors"] = static_cast<double>(errors);
    state.counters["reloads"] = static_cast<double>(reloads);
    state.counters["reloads_refused"] = static_cast<double>(refused);
    state.counters["rss_mib_after_1s"] = memory_after_warm_up;
    state.counters["rss_mib_half_way"] = memory_half_way;
    state.counters["rss_mib_end"] = resident_mib();
  }
  service.stop();
  server.join();
}
// Arguments: reload (0: none; 1: every second), rate (0: closed load; else requests per
// second in all) and answer (0: the whole outcome with its questions; 1: the outcome alone;
// 2: the decisions alone; 3: the decisions without missing facts; 4: GET /healthz, the floor
// of the machine, the HTTP library and the clients).
BENCHMARK(BM_ServeEvaluateUnderReloads)
    ->ArgNames({"reload", "rate", "answer"})
    ->Args({0, 0, 0})
    ->Args({1, 0, 0})
    ->Args({0, 0, 1})
    ->Args({0, 0, 2})
    ->Args({0, 100, 0})
    ->Args({0, 200, 1})
    ->Args({0, 200, 2})
    ->Args({0, 500, 2})
    ->Args({1, 500, 2})
    ->Args({0, 0, 3})
    ->Args({0, 500, 3})
    ->Args({1, 500, 3})
    ->Args({0, 1000, 3})
    ->Args({0, 500, 4})
    ->Args({0, 1000, 4})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

// The baselines: the same evaluation without HTTP, alone (0), and with its JSON as the
// service writes each kind of answer above (1: with its questions; 2: the outcome alone; 3:
// the decisions alone; 4: the decisions without missing facts).
void BM_EvaluateInProcess(benchmark::State& state) {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(source / "rules/kr");
  const ssis::Household household = ssis::parse_households_json(household_text()).at(0);
  ssis::EvaluationOptions options;
  options.missing_facts = state.range(0) != 4;
  ssis::Evaluator evaluator(rules, options);
  const ssis::Date day = *ssis::Date::parse(date);
  for (auto _ : state) {
    const ssis::HouseholdOutcome outcome = evaluator.evaluate(household, day, false);
    if (state.range(0) == 1) benchmark::DoNotOptimize(ssis::to_json(rules, outcome, evaluator.questions(outcome), "en"));
    else if (state.range(0) == 2) benchmark::DoNotOptimize(ssis::to_json(rules, outcome, {}, "en", {.relied_on = false}));
    else if (state.range(0) >= 3)
      benchmark::DoNotOptimize(ssis::to_json(rules, outcome, {}, "en", {.relied_on = false, .detail = ssis::OutcomeDetail::decisions}));
    else benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK(BM_EvaluateInProcess)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
