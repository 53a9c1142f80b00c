#include "baseline/nbls_baseline.hpp"

#include <algorithm>
#include <string>
#include <variant>

namespace ssis::baseline {
namespace {

constexpr std::int64_t M = 1'000'000;
// 2025 parameters, as a hand-written program would hold them (the same figures as rules/kr).
constexpr std::int64_t median_income[7] = {2392013, 3932658, 5025353, 6097773, 7108192, 8064805, 8988428};
constexpr std::int64_t basic_deduction[4] = {99'000'000, 80'000'000, 77'000'000, 53'000'000};
constexpr std::int64_t residential_cap[4] = {172'000'000, 151'000'000, 146'000'000, 112'000'000};
constexpr std::int64_t reference_rent[4][6] = {{352000, 395000, 470000, 545000, 584000, 667000},
                                               {281000, 314000, 375000, 433000, 448000, 531000},
                                               {228000, 254000, 302000, 351000, 363000, 428000},
                                               {191000, 215000, 239000, 256000, 297000, 363000}};
constexpr std::int64_t repair_cost[3] = {5'900'000, 10'950'000, 16'010'000};
constexpr std::int64_t activity_support[3] = {487000, 679000, 768000};

std::int64_t divide_half_even(std::int64_t n, std::int64_t d) {
  std::int64_t q = n / d;
  const std::int64_t r = n % d;
  const std::int64_t twice = 2 * (r < 0 ? -r : r);
  if (twice > d || (twice == d && (q & 1))) q += n < 0 ? -1 : 1;
  return q;
}

std::int64_t threshold(std::int64_t median, std::int64_t ratio_millionths) {
  return (median * ratio_millionths + M / 2) / M;  // whole won, half up
}

const std::string& text(const Household& h, const char* name) { return std::get<std::string>(*h.find(name)); }
bool flag(const InputRecord& r, const char* name) { return std::get<bool>(*r.find(name)); }
std::int64_t whole(const InputRecord& r, const char* name) {
  const InputValue* v = r.find(name);
  return v == nullptr ? 0 : std::get<std::int64_t>(*v);
}
int index_of(const std::string& value, std::initializer_list<const char*> names) {
  int i = 0;
  for (const char* n : names) {
    if (value == n) return i;
    ++i;
  }
  return -1;
}

}  // namespace

NativeHousehold to_native(const Household& h) {
  NativeHousehold n;
  n.region = index_of(text(h, "property_region"), {"seoul", "gyeonggi", "metro", "other"});
  n.rent_tier = index_of(text(h, "housing_rent_tier"), {"tier1", "tier2", "tier3", "tier4"});
  n.tenure = index_of(text(h, "housing_tenure"), {"owner", "tenant", "other"});
  if (h.find("house_repair_grade") != nullptr)
    n.repair_grade = index_of(text(h, "house_repair_grade"), {"light", "medium", "major"});
  n.livelihood_secured_by_other_law = flag(h, "livelihood_secured_by_other_law");
  n.housing_provided_by_other_law = flag(h, "housing_provided_by_other_law");
  n.has_support_obligor = flag(h, "has_support_obligor");
  n.support_obligor_criterion_met = flag(h, "support_obligor_criterion_met");
  n.obligor_income = whole(h, "support_obligor_annual_income");
  n.obligor_property = whole(h, "support_obligor_general_property");
  n.monthly_rent = whole(h, "monthly_rent");
  n.rent_deposit = whole(h, "rent_deposit");
  n.size = static_cast<std::int64_t>(h.members.size());
  for (const auto& m : h.members) {
    n.earned_and_business += whole(m, "earned_income") + whole(m, "business_income");
    n.other_income += whole(m, "property_income") + whole(m, "public_transfer_income") + whole(m, "private_transfer_income");
    n.residential += whole(m, "residential_property");
    n.general += whole(m, "general_property");
    n.financial += whole(m, "financial_property");
    n.vehicle += whole(m, "vehicle_value");
    n.debt += whole(m, "debt");
    const int school = index_of(std::get<std::string>(*m.find("school_level")), {"elementary", "middle", "high"});
    if (school >= 0) ++n.students[static_cast<std::size_t>(school)];
  }
  return n;
}

NblsResult evaluate_2025(const NativeHousehold& h) {
  NblsResult r;
  const std::int64_t median = h.size <= 7 ? median_income[h.size - 1]
                                          : median_income[6] + (median_income[6] - median_income[5]) * (h.size - 7);
  const std::int64_t livelihood_line = threshold(median, 320000) * M;
  const std::int64_t medical_line = threshold(median, 400000) * M;
  const std::int64_t housing_line = threshold(median, 480000) * M;
  const std::int64_t education_line = threshold(median, 500000) * M;

  // 소득인정액 in millionths of a won.
  const std::int64_t income = std::max<std::int64_t>(0, h.earned_and_business * 700000 + h.other_income * M);
  const std::int64_t within_cap = std::min(h.residential, residential_cap[h.region]);
  const std::int64_t general = h.general + h.residential - within_cap;
  const std::int64_t deduction = basic_deduction[h.region] + h.debt;
  const std::int64_t residential_net = std::max<std::int64_t>(0, within_cap - deduction);
  const std::int64_t general_net = std::max<std::int64_t>(0, general - std::max<std::int64_t>(0, deduction - within_cap));
  const std::int64_t financial_net =
      std::max<std::int64_t>(0, h.financial - std::max<std::int64_t>(0, deduction - within_cap - general));
  const std::int64_t recognized =
      income + residential_net * 10400 + general_net * 41700 + financial_net * 62600 + h.vehicle * M;

  auto decide = [&](Programme p, bool eligible) { r.status[p] = eligible ? Status::eligible : Status::ineligible; };

  const bool obligor_ok =
      !h.has_support_obligor || (h.obligor_income <= 130'000'000 && h.obligor_property <= 1'200'000'000);
  decide(livelihood, recognized <= livelihood_line && obligor_ok && !h.livelihood_secured_by_other_law);
  if (r.status[livelihood] == Status::eligible) r.amount[livelihood] = livelihood_line - recognized;

  decide(medical, recognized <= medical_line && h.support_obligor_criterion_met);

  decide(housing_rent, recognized <= housing_line && h.tenure == 1 && !h.housing_provided_by_other_law);
  // For 7 or more persons the reference rent is an input the official supplies, which these
  // households do not carry: eligible, amount unknown (left at 0 and not compared).
  if (r.status[housing_rent] == Status::eligible && h.size <= 6) {
    const std::int64_t rent = h.monthly_rent * M + divide_half_even(h.rent_deposit * 40000, 12);
    const std::int64_t capped = std::min(rent, reference_rent[h.rent_tier][h.size - 1] * M);
    const std::int64_t burden = divide_half_even(std::max<std::int64_t>(0, recognized - livelihood_line) * 3, 10);
    r.amount[housing_rent] = std::max<std::int64_t>(0, capped - burden);
  }

  decide(housing_repair, recognized <= housing_line && h.tenure == 0);
  if (r.status[housing_repair] == Status::eligible) {
    const std::int64_t rate = recognized <= livelihood_line ? 100 : recognized <= medical_line ? 90 : 80;
    r.amount[housing_repair] = repair_cost[h.repair_grade] * rate / 100 * M;
  }

  const bool student = h.students[0] + h.students[1] + h.students[2] > 0;
  decide(education, recognized <= education_line && student);
  if (r.status[education] == Status::eligible)
    for (std::size_t s = 0; s < 3; ++s) r.amount[education] += h.students[s] * activity_support[s] * M;
  return r;
}

}  // namespace ssis::baseline
