#pragma once
// `ssis serve`: the screening service and the page over HTTP, until SIGTERM or SIGINT;
// SIGHUP reloads the rule sets.
#include <string>
#include <vector>

#include "serve/service.hpp"

namespace ssis::cli {

struct ServeArguments {
  std::vector<std::string> rule_sets;  // DIR or NAME=DIR
  serve::ServiceOptions options;
};

int serve(ServeArguments arguments);

}  // namespace ssis::cli
