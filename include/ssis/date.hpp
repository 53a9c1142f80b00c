#pragma once
/// Calendar dates (proleptic Gregorian), as days since 1970-01-01.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssis {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  /// nullopt unless year/month/day name a real day between years 1 and 9999.
  static std::optional<Date> from_ymd(int year, int month, int day);
  /// Parses exactly "YYYY-MM-DD".
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  std::string to_string() const;

  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

/// Completed years from `birth` to `on` (a birthday on 29 February is reached on 1 March
/// in common years); negative when `on` is before `birth`.
int whole_years_between(Date birth, Date on);
/// Completed months from `from` to `on`.
int whole_months_between(Date from, Date on);

}  // namespace ssis
