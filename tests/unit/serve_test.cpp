// The parts of `ssis serve` that need no network: loopback addresses, rule-set names, the
// token file, the metrics text, the reload of a rule-set registry.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "serve/auth.hpp"
#include "serve/metrics.hpp"
#include "serve/rule_set_registry.hpp"
#include "serve/service.hpp"

namespace {

std::filesystem::path write_file(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("serve: loopback addresses") {
  for (const char* address : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) CHECK(ssis::serve::is_loopback(address));
  for (const char* address : {"0.0.0.0", "10.0.0.1", "::", "128.0.0.1", "example.org", ""}) CHECK_FALSE(ssis::serve::is_loopback(address));
}

TEST_CASE("serve: rule sets named by their directory or NAME=DIR") {
  CHECK(ssis::serve::parse_rule_set_source("rules/kr").name == "kr");
  CHECK(ssis::serve::parse_rule_set_source("rules/kr/").name == "kr");
  const auto named = ssis::serve::parse_rule_set_source("korea=rules/kr");
  CHECK(named.name == "korea");
  CHECK(named.directory == "rules/kr");
  CHECK_THROWS_AS(ssis::serve::parse_rule_set_source("=rules/kr"), std::invalid_argument);
  CHECK_THROWS_AS(ssis::serve::parse_rule_set_source("kr="), std::invalid_argument);
  CHECK_THROWS_AS(ssis::serve::RuleSetRegistry({{"kr", "a"}, {"kr", "b"}}), std::invalid_argument);
}

TEST_CASE("serve: the token file names who holds each token") {
  const auto path = write_file("ssis_serve_tokens", "# comment\n\nkim 0123456789abcdef\r\nlee fedcba9876543210xx\n");
  const auto tokens = ssis::serve::TokenList::read(path.string());
  CHECK(tokens.who("Bearer 0123456789abcdef") == std::optional<std::string>("kim"));
  CHECK(tokens.who("Bearer fedcba9876543210xx") == std::optional<std::string>("lee"));
  CHECK_FALSE(tokens.who("Bearer 0123456789abcdeF"));
  CHECK_FALSE(tokens.who("0123456789abcdef"));
  CHECK_FALSE(tokens.who(""));
  auto refused = [](const std::string& text) {
    try {
      ssis::serve::TokenList::read(write_file("ssis_serve_bad_tokens", text).string());
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refused("kim short\n").find(":1: the token of 'kim' is shorter than 16") != std::string::npos);
  CHECK(refused("kim 0123456789abcdef\nkim 0123456789abcdeg\n").find(":2: 'kim' is named twice") != std::string::npos);
  CHECK(refused("kim 0123456789abcdef\nlee 0123456789abcdef\n").find(":2: the token of 'lee' is also kim's") != std::string::npos);
  CHECK(refused("kim 0123456789abcdef extra\n").find(":1: expected NAME TOKEN") != std::string::npos);
  CHECK(refused("# nothing\n").find("holds no token") != std::string::npos);
}

TEST_CASE("serve: metrics count requests, latency buckets and errors") {
  ssis::serve::Metrics metrics;
  metrics.record_request("GET /x", 200, std::chrono::microseconds(300));
  metrics.record_request("GET /x", 200, std::chrono::milliseconds(3));
  metrics.record_request("GET /x", 400, std::chrono::seconds(10));
  metrics.record_error("invalid_json");
  metrics.record_reload(false);
  const std::string text = metrics.text();
  CHECK(text.find("ssis_requests_total{route=\"GET /x\",status=\"200\"} 2\n") != std::string::npos);
  CHECK(text.find("ssis_request_duration_seconds_bucket{route=\"GET /x\",le=\"0.0005\"} 1\n") != std::string::npos);
  CHECK(text.find("ssis_request_duration_seconds_bucket{route=\"GET /x\",le=\"0.005\"} 2\n") != std::string::npos);
  CHECK(text.find("ssis_request_duration_seconds_bucket{route=\"GET /x\",le=\"5\"} 2\n") != std::string::npos);
  CHECK(text.find("ssis_request_duration_seconds_bucket{route=\"GET /x\",le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("ssis_errors_total{kind=\"invalid_json\"} 1\n") != std::string::npos);
  CHECK(text.find("ssis_reloads_total{result=\"refused\"} 1\n") != std::string::npos);
}

TEST_CASE("serve: a reload that fails keeps the rule sets serving") {
  const std::filesystem::path copy = std::filesystem::temp_directory_path() / "ssis_serve_registry_mini";
  std::filesystem::remove_all(copy);
  std::filesystem::copy(SSIS_TEST_DATA "/mini", copy, std::filesystem::copy_options::recursive);
  ssis::serve::RuleSetRegistry registry({{"m", copy.string()}});
  CHECK(registry.find("m") == nullptr);
  REQUIRE(registry.reload().ok);
  const auto first = registry.find("m");
  REQUIRE(first != nullptr);
  std::ofstream(copy / "programmes/broken.yaml") << "programme: [\n";
  const ssis::serve::ReloadResult refused = registry.reload();
  CHECK_FALSE(refused.ok);
  CHECK(refused.problems.find("broken.yaml") != std::string::npos);
  CHECK(registry.find("m") == first);
  std::filesystem::remove(copy / "programmes/broken.yaml");
  REQUIRE(registry.reload().ok);
  CHECK(registry.find("m") != first);
  CHECK(registry.find("m")->generation == first->generation + 1);
  CHECK(first->rules.id() == "mini");  // a request holding the old rule set can still use it
  CHECK(registry.find("other") == nullptr);
}
