#pragma once
// The versioned API on one rule set (docs/openapi.json): each route checks its query
// parameters, reads the body and answers with a status and a JSON body. Evaluations answer
// exactly what `ssis eval --format json` writes for the same households.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/http_message.hpp"
#include "serve/rule_set_registry.hpp"
#include "ssis/date.hpp"

namespace ssis::serve {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string error_kind;                  ///< set for an error: counted by kind in the metrics
  std::vector<std::string> household_ids;  ///< the households looked up, for the access log
  std::optional<Date> date;                ///< the evaluation date, sent in the receipt headers
};

/// {"error":{"kind","message","path","line","column"}}; path, line and column when known.
Reply error_reply(int status, std::string kind, std::string_view message, std::string_view path = {}, int line = 0, int column = 0);

struct ApiLimits {
  std::size_t max_households = 1'000;     ///< per request
  std::size_t max_members = 100;          ///< per household
  std::size_t max_sweep_points = 10'000;  ///< per what-if
};

Reply evaluate(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits);
Reply next_questions(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits);
Reply programmes(const LoadedRuleSet& loaded, const Request& request);
Reply programme(const LoadedRuleSet& loaded, const Request& request, std::string_view id);
Reply input_schema(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits);
Reply whatif(const LoadedRuleSet& loaded, const Request& request, const ApiLimits& limits);

}  // namespace ssis::serve
