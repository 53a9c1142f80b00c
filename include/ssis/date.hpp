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

namespace detail {

struct CivilDate {
  int year;
  int month;
  int day;
};

// Howard Hinnant's civil_from_days.
constexpr CivilDate civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

}  // namespace detail

/// Completed years from `birth` to `on` (a birthday on 29 February is reached on 1 March
/// in common years); negative when `on` is before `birth`.
constexpr int whole_years_between(Date birth, Date on) {
  const detail::CivilDate b = detail::civil_from_days(birth.days());
  const detail::CivilDate o = detail::civil_from_days(on.days());
  int years = o.year - b.year;
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --years;
  return years;
}

/// Completed months from `from` to `on`.
constexpr int whole_months_between(Date from, Date on) {
  const detail::CivilDate f = detail::civil_from_days(from.days());
  const detail::CivilDate o = detail::civil_from_days(on.days());
  int months = (o.year - f.year) * 12 + (o.month - f.month);
  if (on >= from) {
    if (o.day < f.day) --months;
  } else if (o.day > f.day) {
    ++months;
  }
  return months;
}

}  // namespace ssis
