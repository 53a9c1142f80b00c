// `ssis analyse` in a build configured without z3.
#include <iostream>

#include "cli/analyse.hpp"

namespace ssis::cli {

int analyse(const AnalyseArguments&) {
  std::cerr << "ssis analyse: this build has no solver: z3 (Debian libz3-dev, installed by scripts/setup.sh) was not found when it "
               "was configured; install it and configure the build again\n";
  return 2;
}

}  // namespace ssis::cli
