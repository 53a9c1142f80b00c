#include "check/date_literal.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ssis::detail {

std::string date_literal_problem(std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  return shaped ? fmt::format("'{}' is not a calendar date", text) : fmt::format("'{}' is not a date (YYYY-MM-DD)", text);
}

}  // namespace ssis::detail
