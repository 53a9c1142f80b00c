// libFuzzer target: household JSON input is either read or rejected with an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ssis::parse_households_json(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const ssis::InputError&) {
  }
  return 0;
}
