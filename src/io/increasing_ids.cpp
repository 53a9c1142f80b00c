#include "io/increasing_ids.hpp"

#include <algorithm>

namespace ssis::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The run of digits (or of other bytes) of `text` that starts at `at`.
std::string_view run_at(std::string_view text, std::size_t at) {
  const bool digits = is_digit(text[at]);
  std::size_t end = at;
  while (end < text.size() && is_digit(text[end]) == digits) ++end;
  return text.substr(at, end - at);
}

// Two runs of digits as the numbers they write: the one with more significant digits is
// larger, then the digits in order.
int compare_numbers(std::string_view a, std::string_view b) {
  a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
  b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

}  // namespace

int natural_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const std::string_view x = run_at(a, i), y = run_at(b, j);
    const bool numbers = is_digit(x[0]) && is_digit(y[0]);
    if (const int c = numbers ? compare_numbers(x, y) : x.compare(y); c != 0) {
      // Runs of different kinds, or of other bytes where one is a prefix of the other: the
      // bytes where they part decide, as they do for the rest of the ids.
      if (numbers || (is_digit(x[0]) == is_digit(y[0]) && x.size() == y.size())) return c < 0 ? -1 : 1;
      return a.substr(i).compare(b.substr(j)) < 0 ? -1 : 1;
    }
    i += x.size();
    j += y.size();
  }
  if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool IncreasingIds::accept(std::string_view id) {
  if (any_) {
    const bool by_bytes = by_bytes_ && last_ < id;
    const bool natural = natural_ && natural_compare(last_, id) < 0;
    if (!by_bytes && !natural) return false;
    by_bytes_ = by_bytes;
    natural_ = natural;
  }
  last_.assign(id);
  any_ = true;
  return true;
}

}  // namespace ssis::detail
