#pragma once
// Household ids that arrive in increasing order, checked without remembering them: an input
// sorted by household id cannot hold a household whose rows are apart, so the check needs
// the last id alone, however long the input. Two orders are accepted, whichever the input
// keeps from its start: bytes (`LC_ALL=C sort`, a text key sorted by a database) and the
// natural order, in which runs of digits compare as numbers ("h9" before "h10"; "9" before
// "10"; a key sorted as a number).
#include <string>
#include <string_view>

namespace ssis::detail {

/// Compares ids in the natural order: runs of digits as whole numbers, other bytes as they
/// are; ids equal so far (such as "h01" and "h1") in byte order. A total order.
int natural_compare(std::string_view a, std::string_view b);

class IncreasingIds {
 public:
  /// Accepts `id` when it comes after the last id accepted in an order every id accepted so
  /// far has kept (bytes or natural), and returns true; else leaves everything as it was.
  bool accept(std::string_view id);
  /// The last id accepted (empty before the first).
  const std::string& last() const { return last_; }

 private:
  std::string last_;
  bool any_ = false;
  bool by_bytes_ = true;
  bool natural_ = true;
};

}  // namespace ssis::detail
