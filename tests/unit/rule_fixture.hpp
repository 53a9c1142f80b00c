#pragma once
// Writes small rule sets to a temporary directory and loads them.
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>
#include <string>

#include "ssis/rule_set.hpp"

namespace test_support {

inline const char* header = "ruleset:\n  id: t\n  currency: KRW\n";

inline const char* base_schema = R"(enums:
  region:
    values: [capital, city, rural]
schema:
  household:
    region: {type: region, required: true}
    rent: {type: money, min: 0}
  member:
    birth_date: {type: date, required: true}
    income: {type: money, min: 0, default: 0}
    disabled: {type: bool}
)";

class RuleDirectory {
 public:
  explicit RuleDirectory(const std::map<std::string, std::string>& files) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() / ("ssis_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    for (const auto& [name, text] : files) {
      const auto file = path_ / name;
      std::filesystem::create_directories(file.parent_path());
      std::ofstream(file) << text;
    }
  }
  ~RuleDirectory() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  ssis::LoadResult load() const { return ssis::RuleSet::load(path_); }

 private:
  std::filesystem::path path_;
};

/// A rule set with the base schema plus `extra` files.
inline ssis::LoadResult load_with(std::map<std::string, std::string> extra) {
  extra.emplace("ruleset.yaml", header);
  extra.emplace("schema.yaml", base_schema);
  RuleDirectory directory(extra);
  return directory.load();
}

}  // namespace test_support
