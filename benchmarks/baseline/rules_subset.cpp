#include "baseline/rules_subset.hpp"

#include <unistd.h>

#include <string>

#include "baseline/nbls_baseline.hpp"

namespace fs = std::filesystem;

namespace ssis::baseline {

fs::path nbls_subset(const fs::path& rules_kr) {
  const fs::path target = fs::temp_directory_path() / ("ssis-nbls-subset-" + std::to_string(getpid()));
  write_nbls_subset(rules_kr, target);
  return target;
}

void write_nbls_subset(const fs::path& rules_kr, const fs::path& target) {
  fs::remove_all(target);
  fs::create_directories(target / "programmes");
  fs::copy_file(rules_kr / "ruleset.yaml", target / "ruleset.yaml");
  for (const char* part : {"schema", "parameters", "variables"}) fs::copy(rules_kr / part, target / part, fs::copy_options::recursive);
  for (const auto& entry : fs::recursive_directory_iterator(rules_kr / "programmes")) {
    for (const char* id : programme_ids)
      if (entry.path().stem() == id) fs::copy_file(entry.path(), target / "programmes" / entry.path().filename());
  }
}

}  // namespace ssis::baseline
