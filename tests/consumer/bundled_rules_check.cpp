// Loads each bundled rule set from SSIS_RULES_DIR, the directory find_package(ssis) (or
// add_subdirectory) names, and prints how many programmes each has.
#include <ssis/ssis.hpp>

#include <iostream>
#include <string>

int main() {
  int status = 0;
  for (const std::string name : {"kr", "vn"}) {
    const ssis::LoadResult loaded = ssis::RuleSet::load(std::string(SSIS_RULES_DIR) + "/" + name);
    if (!loaded.rules) {
      std::cerr << ssis::format(loaded.diagnostics);
      status = 1;
      continue;
    }
    std::cout << name << ": " << loaded.rules->programmes().size() << " programmes\n";
  }
  return status;
}
