// Household ids checked in order from the last id alone: the natural order is a total
// order, and an id that does not come after the last one accepted is refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "io/increasing_ids.hpp"

using ssis::detail::IncreasingIds;
using ssis::detail::natural_compare;

TEST_CASE("the natural order: runs of digits as numbers, other bytes as they are") {
  CHECK(natural_compare("h9", "h10") < 0);
  CHECK(natural_compare("9", "10") < 0);
  CHECK(natural_compare("h10", "h9") > 0);
  CHECK(natural_compare("h1", "h1") == 0);
  CHECK(natural_compare("h01", "h1") < 0);  // equal as numbers: byte order
  CHECK(natural_compare("h1", "h01") > 0);
  CHECK(natural_compare("a2b", "a10") < 0);
  CHECK(natural_compare("ab", "abc") < 0);
  CHECK(natural_compare("ab1", "abc") < 0);  // '1' before 'c', as in byte order
  CHECK(natural_compare("h", "h0") < 0);
  CHECK(natural_compare("", "0") < 0);
  CHECK(natural_compare("12345678901234567890123", "9") > 0);  // longer than any integer type
}

TEST_CASE("the natural order is a total order on generated ids") {
  // Short ids over digits, letters and one byte on each side of the digits, all pairs and
  // triples of a sample: antisymmetric, transitive, and equal only when the bytes are.
  std::mt19937 random(7);
  const std::string alphabet = "0019a/:";
  std::vector<std::string> ids;
  for (int i = 0; i < 120; ++i) {
    std::string id;
    for (std::size_t n = random() % 5; n > 0; --n) id += alphabet[random() % alphabet.size()];
    ids.push_back(id);
  }
  for (const std::string& a : ids) {
    for (const std::string& b : ids) {
      const int ab = natural_compare(a, b);
      CHECK(ab == -natural_compare(b, a));
      CHECK((ab == 0) == (a == b));
      if (ab >= 0) continue;
      for (const std::string& c : ids)
        if (natural_compare(b, c) < 0) CHECK(natural_compare(a, c) < 0);
    }
  }
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) { return natural_compare(a, b) < 0; });
  CHECK(std::is_sorted(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) { return natural_compare(a, b) < 0; }));
}

TEST_CASE("ids in byte order or in the natural order are accepted; a repeat or a step back is not") {
  IncreasingIds natural;
  for (int i = 1; i <= 1000; ++i) CHECK(natural.accept("h" + std::to_string(i)));  // h9, h10: natural only
  CHECK_FALSE(natural.accept("h1000"));
  CHECK_FALSE(natural.accept("h77"));
  CHECK(natural.last() == "h1000");
  CHECK(natural.accept("h1001"));
  // h10 after h1 is in both orders; h2 after h10 in byte order only: from there on, only
  // byte order, in which h3 comes after h2 but h20 does not come after h3.
  IncreasingIds bytes;
  for (const char* id : {"h1", "h10", "h2", "h3"}) CHECK(bytes.accept(id));
  CHECK_FALSE(bytes.accept("h20"));
  CHECK(bytes.accept("h30"));
  CHECK_FALSE(bytes.accept("h30"));
  // An order once left is not taken up again: after a1, a10, a2 only byte order holds, in
  // which a10 (a repeat) and a1 do not come after a2.
  IncreasingIds kept;
  for (const char* id : {"a1", "a10", "a2"}) CHECK(kept.accept(id));
  CHECK_FALSE(kept.accept("a10"));  // would repeat a10
  CHECK_FALSE(kept.accept("a1"));
}
