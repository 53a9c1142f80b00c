// libFuzzer target: the expression parser must terminate and never crash on any text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expr/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<ssis::detail::SyntaxError> errors;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tree = ssis::detail::parse_expression(text, {}, errors);
  if (tree == nullptr && errors.empty()) __builtin_trap();  // a failure must say why
  return 0;
}
