#include "population/kr_beneficiaries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>

#include <ssis/error.hpp>
#include <ssis/over_time.hpp>

namespace ssis::population {
namespace {


Decimal whole(std::int64_t units) { return *Decimal::from_int(units); }

bool has_member_programmes(const RuleSet& rules) {
  return std::any_of(rules.programmes().begin(), rules.programmes().end(),
                     [](const ProgrammeInfo& p) { return p.unit == ProgrammeUnit::member; });
}

}  // namespace

KrBeneficiaries::KrBeneficiaries(const RuleSet& rules, std::uint64_t seed, Date date, Shares shares)
    : rules_(rules), evaluator_(rules), random_(seed), date_(date), since_from_(*Date::parse("2015-01-01")), shares_(shares),
      in_exclusive_group_(rules.programmes().size(), false) {
  for (const RelationInfo& relation : rules.relations()) {
    if (relation.kind != RelationKind::exclusive) continue;
    ExclusiveGroup& group = exclusive_groups_.emplace_back();
    group.per_member = relation.per == ProgrammeUnit::member;
    for (const std::string& id : relation.programmes) {
      group.programmes.push_back(rules.programme_index(id));
      in_exclusive_group_[static_cast<std::size_t>(group.programmes.back())] = true;
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

std::vector<int> KrBeneficiaries::overlapping(const ExclusiveGroup& group, const std::vector<Slot>& slots) {
  // The slots of the group's programmes, and the owners among whom two must overlap: the
  // members for a relation per member, else the household as a whole (-1).
  std::vector<int> in_group;
  std::vector<std::int64_t> owners;
  for (std::size_t s = 0; s < slots.size(); ++s) {
    if (std::find(group.programmes.begin(), group.programmes.end(), slots[s].programme) == group.programmes.end()) continue;
    in_group.push_back(static_cast<int>(s));
    owners.push_back(group.per_member ? slots[s].member : -1);
  }
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  // An owner with slots of two programmes of the group, if there is one.
  std::vector<int> chosen;
  for (const std::int64_t owner : owners) {
    std::vector<int> programmes;  // one slot per programme, in the group's order
    for (int p : group.programmes) {
      for (int s : in_group) {
        const Slot& slot = slots[static_cast<std::size_t>(s)];
        if (slot.programme == p && (owner < 0 || slot.member == owner)) {
          programmes.push_back(s);
          break;
        }
      }
    }
    if (programmes.size() < 2) continue;
    const auto kept = std::find_if(programmes.begin(), programmes.end(),
                                   [&](int s) { return slots[static_cast<std::size_t>(s)].status == Status::eligible; });
    const int first = kept != programmes.end() ? *kept : pick(programmes);
    std::erase(programmes, first);
    chosen = {first, pick(programmes)};
    break;
  }
  return chosen;
}

std::vector<AssignedBenefit> KrBeneficiaries::assign(const Household& household) {
  const HouseholdOutcome outcome = evaluator_.evaluate(household, date_);
  std::vector<Slot> slots;
  for (std::size_t p = 0; p < outcome.programmes.size(); ++p) {
    const ProgrammeOutcome& o = outcome.programmes[p];
    if (o.programme->unit != ProgrammeUnit::member) {
      slots.push_back({static_cast<int>(p), -1, o.status, o.amount});
      continue;
    }
    for (const UnitOutcome& u : o.units) slots.push_back({static_cast<int>(p), static_cast<std::int64_t>(u.member), u.status, u.amount});
  }
  const auto info = [&](const Slot& slot) -> const ProgrammeInfo& { return rules_.programmes()[static_cast<std::size_t>(slot.programme)]; };
  const auto comparable = [&](const Slot& slot) {
    return slot.status == Status::eligible && info(slot).amount_period == AmountPeriod::month && !info(slot).amount_formula.empty() &&
           slot.amount.known();
  };
  std::vector<AssignedBenefit> benefits;
  std::vector<bool> received(slots.size(), false);
  const auto count = [&](Finding finding) -> std::size_t& { return expected_.count[static_cast<std::size_t>(finding)]; };
  const auto receive = [&](int s, Decimal paid) {
    received[static_cast<std::size_t>(s)] = true;
    const Date since = Date::from_days(static_cast<std::int32_t>(random_.between(since_from_.days(), date_.days())));
    const Slot& slot = slots[static_cast<std::size_t>(s)];
    benefits.push_back({slot.programme, paid, since, slot.member});
  };
  // The right amount for an eligible slot (any amount when it cannot be compared).
  const auto right_amount = [&](int s) {
    const Slot& slot = slots[static_cast<std::size_t>(s)];
    return comparable(slot) ? Decimal::from_raw(slot.amount.raw) : whole(50'000);
  };
  // What receiving slot s must yield, from its status alone.
  const auto receive_as_decided = [&](int s) {
    const Slot& slot = slots[static_cast<std::size_t>(s)];
    if (slot.status == Status::eligible) {
      receive(s, right_amount(s));
      ++count(Finding::confirmed);
    } else if (slot.status == Status::ineligible) {
      receive(s, whole(120'000));
      ++count(Finding::no_longer_eligible);
      expected_.paid_to_no_longer_eligible.add(whole(120'000));
    } else {
      receive(s, whole(80'000));
      ++count(Finding::undetermined);
    }
  };
  const auto candidates = [&](auto accept) {
    std::vector<int> out;
    for (std::size_t s = 0; s < slots.size(); ++s)
      if (accept(slots[s])) out.push_back(static_cast<int>(s));
    return out;
  };
  const auto outside_groups_with = [&](Status status) {
    return candidates([&](const Slot& slot) { return slot.status == status && !in_exclusive_group_[static_cast<std::size_t>(slot.programme)]; });
  };

  const Plant plant = draw();
  switch (plant) {
    case Plant::overpaid: {
      const auto eligible = candidates(comparable);
      if (eligible.empty()) break;
      const int s = pick(eligible);
      const Decimal excess = whole(10'000 * random_.between(1, 5));
      receive(s, Decimal::from_raw(slots[static_cast<std::size_t>(s)].amount.raw + excess.raw()));
      ++count(Finding::overpaid);
      expected_.overpaid.add(excess);
      break;
    }
    case Plant::underpaid: {
      const auto eligible = candidates([&](const Slot& slot) { return comparable(slot) && slot.amount.raw > 0; });
      if (eligible.empty()) break;
      const int s = pick(eligible);
      const std::int64_t computed = slots[static_cast<std::size_t>(s)].amount.raw;
      const Decimal shortfall = Decimal::from_raw(std::min(computed, whole(10'000 * random_.between(1, 5)).raw()));
      receive(s, Decimal::from_raw(computed - shortfall.raw()));
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
      const ExclusiveGroup& group =
          exclusive_groups_[static_cast<std::size_t>(random_.between(0, static_cast<std::int64_t>(exclusive_groups_.size()) - 1))];
      for (int s : overlapping(group, slots)) receive_as_decided(s);
      break;
    }
    case Plant::none:
      break;
  }

  for (std::size_t s = 0; s < slots.size(); ++s) {
    if (received[s] || slots[s].status != Status::eligible) continue;
    if (random_.chance(shares_.take_up)) {
      receive_as_decided(static_cast<int>(s));
      continue;
    }
    ++count(Finding::blind_spot);
    if (comparable(slots[s])) expected_.blind_spot_computed.add(Decimal::from_raw(slots[s].amount.raw));
  }
  // One overlap per group received twice or more: by one member for a relation per member,
  // else by the household.
  for (const ExclusiveGroup& group : exclusive_groups_) {
    std::vector<std::pair<std::int64_t, int>> owned;  // (owner, programme) of each received slot of the group
    for (std::size_t s = 0; s < slots.size(); ++s) {
      if (!received[s] || std::find(group.programmes.begin(), group.programmes.end(), slots[s].programme) == group.programmes.end())
        continue;
      owned.emplace_back(group.per_member ? slots[s].member : -1, slots[s].programme);
    }
    std::sort(owned.begin(), owned.end());
    owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
    for (std::size_t i = 0; i < owned.size();) {
      std::size_t j = i;
      while (j < owned.size() && owned[j].first == owned[i].first) ++j;
      if (j - i >= 2) ++count(Finding::overlap);
      i = j;
    }
  }
  std::sort(benefits.begin(), benefits.end(), [](const AssignedBenefit& a, const AssignedBenefit& b) {
    return a.programme != b.programme ? a.programme < b.programme : a.member < b.member;
  });
  if (plant_totals_) add_totals(household, outcome, benefits);
  return benefits;
}

void KrBeneficiaries::plant_totals(Date since_from) {
  since_from_ = since_from;
  plant_totals_ = true;
}

void KrBeneficiaries::add_totals(const Household& household, const HouseholdOutcome& on_date, const std::vector<AssignedBenefit>& benefits) {
  const Date month_start = *Date::from_ymd(date_.year(), date_.month(), 1);
  std::map<Date, std::optional<HouseholdOutcome>> outcomes;  // by date; nullopt: the household cannot be evaluated on it
  for (const AssignedBenefit& benefit : benefits) {
    const ProgrammeInfo& programme = rules_.programmes()[static_cast<std::size_t>(benefit.programme)];
    if (programme.amount_formula.empty() || programme.amount_period != AmountPeriod::month) {
      ++expected_.totals_unknown;
      continue;
    }
    // The months: each date of monthly_dates before the date's month, then the date itself.
    std::vector<Date> dates = monthly_dates(benefit.since, Date::from_days(month_start.days() - 1));
    dates.push_back(date_);
    std::int64_t due = 0;
    bool known = true;
    for (const Date date : dates) {
      if (!outcomes.contains(date)) {
        try {
          outcomes[date] = date == date_ ? on_date : evaluator_.evaluate(household, date);
        } catch (const InputError&) {
          outcomes[date] = std::nullopt;
        }
      }
      if (!outcomes[date]) {
        known = false;
        break;
      }
      const ProgrammeOutcome& decided = outcomes[date]->programmes[static_cast<std::size_t>(benefit.programme)];
      Status status = decided.status;
      Value amount = decided.amount;
      if (benefit.member >= 0) {
        const auto unit = std::find_if(decided.units.begin(), decided.units.end(),
                                       [&](const UnitOutcome& u) { return static_cast<std::int64_t>(u.member) == benefit.member; });
        status = unit == decided.units.end() ? Status::ineligible : unit->status;
        amount = unit == decided.units.end() ? Value{} : unit->amount;
      }
      if (status == Status::ineligible) continue;
      if (status != Status::eligible || !amount.known()) {
        known = false;
        break;
      }
      due += amount.raw;
    }
    if (!known) {
      ++expected_.totals_unknown;
      continue;
    }
    const std::int64_t paid = benefit.monthly_amount.raw() * static_cast<std::int64_t>(dates.size());
    expected_.paid_total.add(Decimal::from_raw(paid));
    expected_.due_total.add(Decimal::from_raw(due));
    expected_.owed.add(Decimal::from_raw(paid - due));
    if (paid > due) expected_.owed_back.add(Decimal::from_raw(paid - due));
    else expected_.owed_to_people.add(Decimal::from_raw(due - paid));
  }
}

std::vector<std::string> KrBeneficiaries::bad_rows(std::size_t count, const std::string& present_household_id) {
  const ProgrammeInfo& first = rules_.programmes().front();
  const std::string& programme = first.id;
  // The member cell, when the file has one: a member for a programme assessed per member.
  const std::string member = !has_member_programmes(rules_) ? "" : first.unit == ProgrammeUnit::member ? ",0" : ",";
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < count; ++i) {
    switch (i % 3) {
      case 0: rows.push_back(fmt::format("{},no_such_programme_{},10000,2020-01-01{}", present_household_id, i, member)); break;
      case 1: rows.push_back(fmt::format("{},{},12x{},2020-01-01{}", present_household_id, programme, i, member)); break;
      default: rows.push_back(fmt::format("absent_{},{},10000,2020-01-01{}", i, programme, member)); break;
    }
  }
  expected_.count[static_cast<std::size_t>(Finding::input_error)] += count;
  return rows;
}

void write_benefits_header(std::ostream& out, const RuleSet& rules) {
  out << (has_member_programmes(rules) ? "household_id,programme,monthly_amount,since,member\n"
                                       : "household_id,programme,monthly_amount,since\n");
}

void write_benefits(std::ostream& out, const RuleSet& rules, const std::string& household_id,
                    const std::vector<AssignedBenefit>& benefits) {
  const bool member_column = has_member_programmes(rules);
  for (const AssignedBenefit& b : benefits) {
    out << fmt::format("{},{},{},{}", household_id, rules.programmes()[static_cast<std::size_t>(b.programme)].id,
                       b.monthly_amount.to_string(), b.since.to_string());
    if (member_column) out << ',' << (b.member >= 0 ? std::to_string(b.member) : std::string());
    out << '\n';
  }
}

}  // namespace ssis::population
