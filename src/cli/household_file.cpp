#include "cli/household_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

namespace ssis::cli {

std::optional<std::string> read_file_text(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    std::cerr << fmt::format("{}: cannot be read\n", path);
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  return std::move(buffer).str();
}

std::optional<std::vector<Household>> read_households_file(const std::string& path) {
  const std::optional<std::string> text = read_file_text(path);
  if (!text) return std::nullopt;
  try {
    return parse_households_json(*text);
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", path, e.what());
    return std::nullopt;
  }
}

}  // namespace ssis::cli
