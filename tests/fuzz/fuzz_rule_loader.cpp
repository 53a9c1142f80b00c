// libFuzzer target: any text as a programme file beside the mini rule set loads or yields
// diagnostics; never a crash or a hang.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "ssis/rule_set.hpp"

namespace {

std::filesystem::path scratch() {
  static const std::filesystem::path directory = [] {
    auto path = std::filesystem::temp_directory_path() / ("ssis_fuzz_rules_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::copy(SSIS_TEST_DATA "/mini", path, std::filesystem::copy_options::recursive);
    return path;
  }();
  return directory;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = scratch() / "programmes" / "fuzzed.yaml";
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  ssis::LoadResult result = ssis::RuleSet::load(scratch());
  if (!result.rules && result.diagnostics.empty()) __builtin_trap();  // a rejection must say why
  return 0;
}
