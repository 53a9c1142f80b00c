#include "population/kr_beneficiaries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace ssis::population {
namespace {

const Date first_since = *Date::parse("2015-01-01");

bool comparable(const ProgrammeOutcome& outcome) {
  return outcome.status == Status::eligible && outcome.programme->amount_period == AmountPeriod::month &&
         !outcome.programme->amount_formula.empty() && outcome.amount.known();
}

Decimal whole(std::int64_t units) { return *Decimal::from_int(units); }

}  // namespace

KrBeneficiaries::KrBeneficiaries(const RuleSet& rules, std::uint64_t seed, Date date, Shares shares)
    : rules_(rules), evaluator_(rules), random_(seed), date_(date), shares_(shares),
      in_exclusive_group_(rules.programmes().size(), false) {
  for (const RelationInfo& relation : rules.relations()) {
    if (relation.kind != RelationKind::exclusive) continue;
    std::vector<int>& group = exclusive_groups_.emplace_back();
    for (const std::string& id : relation.programmes) {
      group.push_back(rules.programme_index(id));
      in_exclusive_group_[static_cast<std::size_t>(group.back())] = true;
    }
  }
}

KrBeneficiaries::Plant KrBeneficiaries::draw() {
  double r = random_.uniform();
  for (auto [share, plant] : {std::pair{shares_.overpaid, Plant::overpaid}, std::pair{shares_.underpaid, Plant::underpaid},
                              std::pair{shares_.ineligible, Plant::ineligible}, std::pair{shares_.undetermined, Plant::undetermined},
                              std::pair{shares_.overlap, Plant::overlap}}) {
    if (r < share) return plant;
    r -= share;
  }
  return Plant::none;
}

int KrBeneficiaries::pick(const std::vector<int>& candidates) {
  return candidates[static_cast<std::size_t>(random_.between(0, static_cast<std::int64_t>(candidates.size()) - 1))];
}

std::vector<AssignedBenefit> KrBeneficiaries::assign(const Household& household) {
  const HouseholdOutcome outcome = evaluator_.evaluate(household, date_);
  const std::vector<ProgrammeOutcome>& programmes = outcome.programmes;
  std::vector<AssignedBenefit> benefits;
  std::vector<bool> received(programmes.size(), false);
  const auto count = [&](Finding finding) -> std::size_t& { return expected_.count[static_cast<std::size_t>(finding)]; };
  const auto receive = [&](int p, Decimal paid) {
    received[static_cast<std::size_t>(p)] = true;
    const Date since = Date::from_days(static_cast<std::int32_t>(random_.between(first_since.days(), date_.days())));
    benefits.push_back({p, paid, since});
  };
  // The right amount for an eligible programme (any amount when it cannot be compared).
  const auto right_amount = [&](int p) {
    const ProgrammeOutcome& o = programmes[static_cast<std::size_t>(p)];
    return comparable(o) ? Decimal::from_raw(o.amount.raw) : whole(50'000);
  };
  // What receiving programme p must yield, from its status alone.
  const auto receive_as_decided = [&](int p) {
    const ProgrammeOutcome& o = programmes[static_cast<std::size_t>(p)];
    if (o.status == Status::eligible) {
      receive(p, right_amount(p));
      ++count(Finding::confirmed);
    } else if (o.status == Status::ineligible) {
      receive(p, whole(120'000));
      ++count(Finding::no_longer_eligible);
      expected_.paid_to_no_longer_eligible.add(whole(120'000));
    } else {
      receive(p, whole(80'000));
      ++count(Finding::undetermined);
    }
  };
  const auto candidates = [&](auto accept) {
    std::vector<int> out;
    for (std::size_t p = 0; p < programmes.size(); ++p)
      if (accept(programmes[p], p)) out.push_back(static_cast<int>(p));
    return out;
  };
  const auto outside_groups_with = [&](Status status) {
    return candidates([&](const ProgrammeOutcome& o, std::size_t p) { return o.status == status && !in_exclusive_group_[p]; });
  };

  const Plant plant = draw();
  switch (plant) {
    case Plant::overpaid: {
      const auto eligible = candidates([](const ProgrammeOutcome& o, std::size_t) { return comparable(o); });
      if (eligible.empty()) break;
      const int p = pick(eligible);
      const Decimal excess = whole(10'000 * random_.between(1, 5));
      receive(p, Decimal::from_raw(programmes[static_cast<std::size_t>(p)].amount.raw + excess.raw()));
      ++count(Finding::overpaid);
      expected_.overpaid.add(excess);
      break;
    }
    case Plant::underpaid: {
      const auto eligible = candidates([](const ProgrammeOutcome& o, std::size_t) { return comparable(o) && o.amount.raw > 0; });
      if (eligible.empty()) break;
      const int p = pick(eligible);
      const std::int64_t computed = programmes[static_cast<std::size_t>(p)].amount.raw;
      const Decimal shortfall = Decimal::from_raw(std::min(computed, whole(10'000 * random_.between(1, 5)).raw()));
      receive(p, Decimal::from_raw(computed - shortfall.raw()));
      ++count(Finding::underpaid);
      expected_.underpaid.add(shortfall);
      break;
    }
    case Plant::ineligible:
    case Plant::undetermined: {
      // Outside exclusive groups, so that the plant makes no overlap.
      const auto chosen = outside_groups_with(plant == Plant::ineligible ? Status::ineligible : Status::undetermined);
      if (!chosen.empty()) receive_as_decided(pick(chosen));
      break;
    }
    case Plant::overlap: {
      const std::vector<int>& group = exclusive_groups_[static_cast<std::size_t>(random_.between(0, static_cast<std::int64_t>(exclusive_groups_.size()) - 1))];
      std::vector<int> members = group;
      const auto kept = std::find_if(members.begin(), members.end(),
                                     [&](int p) { return programmes[static_cast<std::size_t>(p)].status == Status::eligible; });
      const int first = kept != members.end() ? *kept : pick(members);
      std::erase(members, first);
      receive_as_decided(first);
      receive_as_decided(pick(members));
      break;
    }
    case Plant::none:
      break;
  }

  for (std::size_t p = 0; p < programmes.size(); ++p) {
    if (received[p] || programmes[p].status != Status::eligible) continue;
    if (random_.chance(shares_.take_up)) {
      receive_as_decided(static_cast<int>(p));
      continue;
    }
    ++count(Finding::blind_spot);
    if (comparable(programmes[p])) expected_.blind_spot_computed.add(Decimal::from_raw(programmes[p].amount.raw));
  }
  for (const std::vector<int>& group : exclusive_groups_) {
    const auto both = std::count_if(group.begin(), group.end(), [&](int p) { return received[static_cast<std::size_t>(p)]; });
    if (both >= 2) ++count(Finding::overlap);
  }
  std::sort(benefits.begin(), benefits.end(), [](const AssignedBenefit& a, const AssignedBenefit& b) { return a.programme < b.programme; });
  return benefits;
}

std::vector<std::string> KrBeneficiaries::bad_rows(std::size_t count, const std::string& present_household_id) {
  const std::string& programme = rules_.programmes().front().id;
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < count; ++i) {
    switch (i % 3) {
      case 0: rows.push_back(fmt::format("{},no_such_programme_{},10000,2020-01-01", present_household_id, i)); break;
      case 1: rows.push_back(fmt::format("{},{},12x{},2020-01-01", present_household_id, programme, i)); break;
      default: rows.push_back(fmt::format("absent_{},{},10000,2020-01-01", i, programme)); break;
    }
  }
  expected_.count[static_cast<std::size_t>(Finding::input_error)] += count;
  return rows;
}

void write_benefits_header(std::ostream& out) { out << "household_id,programme,monthly_amount,since\n"; }

void write_benefits(std::ostream& out, const RuleSet& rules, const std::string& household_id,
                    const std::vector<AssignedBenefit>& benefits) {
  for (const AssignedBenefit& b : benefits)
    out << fmt::format("{},{},{},{}\n", household_id, rules.programmes()[static_cast<std::size_t>(b.programme)].id,
                       b.monthly_amount.to_string(), b.since.to_string());
}

}  // namespace ssis::population
