#include "load/scalar_guess.hpp"

#include <charconv>

namespace ssis::detail {

InputValue guess_scalar(std::string_view text) {
  if (text.empty() || text == "~" || text == "null") return std::monostate{};
  if (text == "true") return true;
  if (text == "false") return false;
  std::int64_t integer = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (ec == std::errc() && end == text.data() + text.size()) return integer;
  if (auto decimal = Decimal::parse(text)) return *decimal;
  if (auto date = Date::parse(text)) return *date;
  return std::string(text);
}

}  // namespace ssis::detail
