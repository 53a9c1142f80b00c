// libFuzzer target: a whole rule set from one input. The input is cut into files at each
// 0x1E byte (the ASCII record separator), written into an empty directory and loaded; a rule
// set that loads runs its own tests. Loading ends with the rules or with diagnostics; never
// a crash or a hang.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include <fmt/format.h>

#include "ssis/rule_set.hpp"
#include "ssis/rule_tests.hpp"

namespace {

constexpr char file_separator = '\x1e';
constexpr std::size_t max_files = 64;

const std::filesystem::path& scratch() {
  static const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("ssis_fuzz_rule_set_" + std::to_string(::getpid()));
  return directory;
}

void write_files(std::string_view input) {
  std::filesystem::remove_all(scratch());
  std::filesystem::create_directories(scratch());
  for (std::size_t file = 0; file < max_files && !input.empty(); ++file) {
    const std::size_t end = std::min(input.find(file_separator), input.size());
    std::ofstream(scratch() / fmt::format("f{:02}.yaml", file), std::ios::binary)
        .write(input.data(), static_cast<std::streamsize>(end));
    input.remove_prefix(std::min(end + 1, input.size()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write_files(std::string_view(reinterpret_cast<const char*>(data), size));
  ssis::LoadResult result = ssis::RuleSet::load(scratch());
  if (!result.rules && result.diagnostics.empty()) __builtin_trap();  // a rejection must say why
  if (result.rules) ssis::run_rule_tests(*result.rules);
  return 0;
}
