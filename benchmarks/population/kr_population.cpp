#include "population/kr_population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <variant>

namespace ssis::population {
namespace {

// Illustrative shares, not calibrated to official statistics (see benchmarks/README.md).
constexpr double household_size_cumulative[] = {0.35, 0.64, 0.83, 0.96, 0.99, 0.997, 1.0};
constexpr const char* regions[] = {"seoul", "gyeonggi", "metro", "other"};
constexpr const char* rent_tiers[] = {"tier1", "tier2", "tier3", "tier4"};
constexpr double region_cumulative[] = {0.18, 0.45, 0.67, 1.0};
constexpr const char* repair_grades[] = {"light", "medium", "major"};

const char* school_level(std::int64_t age, RandomSource& random) {
  if (age >= 7 && age <= 12) return "elementary";
  if (age >= 13 && age <= 15) return "middle";
  if (age >= 16 && age <= 18) return "high";
  if (age >= 19 && age <= 23 && random.chance(0.6)) return "university";
  return "none";
}

std::size_t pick(const double* cumulative, std::size_t n, double u) {
  for (std::size_t i = 0; i < n; ++i)
    if (u < cumulative[i]) return i;
  return n - 1;
}

std::string csv_cell(const InputValue* value) {
  if (value == nullptr) return "";
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return "";
        else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
        else if constexpr (std::is_same_v<T, std::string>) return v;
        else return v.to_string();
      },
      *value);
}

std::string json_value(const InputValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return "null";
        else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
        else if constexpr (std::is_same_v<T, std::string>) return fmt::format("\"{}\"", v);
        else if constexpr (std::is_same_v<T, Decimal>) return v.to_string();
        else return fmt::format("\"{}\"", v.to_string());
      },
      value);
}

void write_json_fields(std::ostream& out, const InputRecord& record) {
  for (const auto& [name, value] : record.fields) out << fmt::format("\"{}\": {}, ", name, json_value(value));
}

}  // namespace

KrPopulation::KrPopulation(std::uint64_t seed, Date reference_date) : random_(seed), reference_date_(reference_date) {}

void KrPopulation::add_member(Household& household, const char* relation, std::int64_t age) {
  InputRecord& m = household.add_member();
  const std::int32_t days = reference_date_.days() - static_cast<std::int32_t>(age * 365 + random_.between(0, 364));
  m.set("birth_date", Date::from_days(days));
  m.set("relation_to_head", std::string(relation));
  m.set("sex", std::string(random_.chance(0.5) ? "female" : "male"));
  m.set("school_level", std::string(school_level(age, random_)));
  m.set("disability_registered", random_.chance(0.05));
  if (age >= 19 && age <= 64) {
    if (random_.chance(0.68)) m.set("earned_income", random_.lognormal(2'800'000, 0.6, 1));
    if (random_.chance(0.12)) m.set("business_income", random_.lognormal(2'000'000, 0.8, 1));
  } else if (age >= 65) {
    if (random_.chance(0.25)) m.set("earned_income", random_.lognormal(900'000, 0.6, 1));
    if (random_.chance(0.7)) m.set("public_transfer_income", random_.lognormal(600'000, 0.5, 1));
  }
  if (age >= 19 && random_.chance(0.1)) m.set("private_transfer_income", random_.lognormal(300'000, 0.7, 1));
}

void KrPopulation::add_property(Household& household) {
  InputRecord& head = household.members.front();
  const auto* tenure = household.find("housing_tenure");
  const bool owner = std::get<std::string>(*tenure) == "owner";
  const bool tenant = std::get<std::string>(*tenure) == "tenant";
  if (owner) {
    head.set("residential_property", random_.lognormal(230'000'000, 0.8, 1000));
    household.set("house_repair_grade", std::string(repair_grades[random_.between(0, 2)]));
  }
  if (tenant) {
    const std::int64_t deposit = random_.chance(0.2) ? 0 : random_.lognormal(30'000'000, 1.0, 100'000);
    household.set("rent_deposit", deposit);
    household.set("monthly_rent", random_.chance(0.3) ? 0 : random_.lognormal(450'000, 0.5, 1000));
    head.set("residential_property", deposit);
  } else {
    household.set("rent_deposit", std::int64_t{0});
    household.set("monthly_rent", std::int64_t{0});
  }
  head.set("financial_property", random_.lognormal(12'000'000, 1.3, 1));
  if (random_.chance(0.2)) head.set("general_property", random_.lognormal(60'000'000, 1.0, 1000));
  if (random_.chance(0.1)) head.set("vehicle_value", random_.lognormal(9'000'000, 0.6, 1000));
  if (random_.chance(0.4)) head.set("debt", random_.lognormal(40'000'000, 1.0, 1000));
}

Household KrPopulation::next() {
  Household h;
  h.id = fmt::format("h{}", ++counter_);
  const std::size_t region = pick(region_cumulative, 4, random_.uniform());
  h.set("property_region", std::string(regions[region]));
  h.set("housing_rent_tier", std::string(rent_tiers[region]));
  const double tenure = random_.uniform();
  h.set("housing_tenure", std::string(tenure < 0.57 ? "owner" : tenure < 0.95 ? "tenant" : "other"));
  h.set("livelihood_secured_by_other_law", random_.chance(0.01));
  h.set("housing_provided_by_other_law", random_.chance(0.01));
  const bool obligor = random_.chance(0.6);
  h.set("has_support_obligor", obligor);
  if (obligor) {
    h.set("support_obligor_annual_income", random_.lognormal(45'000'000, 0.9, 1000));
    h.set("support_obligor_general_property", random_.lognormal(150'000'000, 1.2, 1000));
  }
  h.set("support_obligor_criterion_met", random_.chance(0.5));

  const std::size_t size = pick(household_size_cumulative, 7, random_.uniform()) + 1;
  const std::int64_t head_age = size == 1 ? random_.between(20, 90) : random_.between(25, 80);
  add_member(h, "head", head_age);
  std::size_t members = 1;
  if (size >= 2 && (size > 2 || random_.chance(0.7))) {
    add_member(h, "spouse", std::max<std::int64_t>(19, head_age + random_.between(-4, 4)));
    ++members;
  }
  while (members < size) {
    const std::int64_t child_age = head_age - random_.between(22, 38);
    if (child_age >= 0) add_member(h, "child", child_age);
    else add_member(h, "parent", std::min<std::int64_t>(100, head_age + random_.between(22, 32)));
    ++members;
  }
  add_property(h);
  return h;
}

std::vector<Household> KrPopulation::take(std::size_t count) {
  std::vector<Household> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(next());
  return out;
}

const std::vector<std::string>& household_columns() {
  static const std::vector<std::string> columns = {
      "property_region", "housing_rent_tier", "housing_tenure", "livelihood_secured_by_other_law",
      "housing_provided_by_other_law", "has_support_obligor", "support_obligor_annual_income",
      "support_obligor_general_property", "support_obligor_criterion_met", "house_repair_grade", "rent_deposit",
      "monthly_rent"};
  return columns;
}

// The amounts a generated person without any of it leaves out (the schema's default, 0).
const std::vector<std::string>& member_amount_columns() {
  static const std::vector<std::string> columns = {
      "earned_income", "business_income", "public_transfer_income", "private_transfer_income", "residential_property",
      "financial_property", "general_property", "vehicle_value", "debt"};
  return columns;
}

const std::vector<std::string>& member_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> all = {"birth_date", "relation_to_head", "sex", "school_level", "disability_registered"};
    all.insert(all.end(), member_amount_columns().begin(), member_amount_columns().end());
    return all;
  }();
  return columns;
}

void write_csv_header(std::ostream& out) {
  out << "household_id";
  for (const auto& c : household_columns()) out << ',' << c;
  for (const auto& c : member_columns()) out << ',' << c;
  out << '\n';
}

void write_csv(std::ostream& out, const Household& household) {
  for (const auto& member : household.members) {
    out << household.id;
    for (const auto& c : household_columns()) out << ',' << csv_cell(household.find(c));
    for (const auto& c : member_columns()) {
      // An empty cell is a fact not known; an amount the person has none of is a zero.
      const InputValue* value = member.find(c);
      const bool none = value == nullptr && std::ranges::find(member_amount_columns(), c) != member_amount_columns().end();
      out << ',' << (none ? std::string("0") : csv_cell(value));
    }
    out << '\n';
  }
}

void write_json_line(std::ostream& out, const Household& household) {
  out << fmt::format("{{\"id\": \"{}\", ", household.id);
  write_json_fields(out, household);
  out << "\"members\": [";
  for (std::size_t i = 0; i < household.members.size(); ++i) {
    out << (i ? ", {" : "{");
    std::string fields;
    for (const auto& [name, value] : household.members[i].fields)
      fields += fmt::format("{}\"{}\": {}", fields.empty() ? "" : ", ", name, json_value(value));
    out << fields << '}';
  }
  out << "]}\n";
}

}  // namespace ssis::population
