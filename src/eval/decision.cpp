#include "eval/decision.hpp"

#include <algorithm>
#include <array>

#include "ssis/compiled_rules.hpp"
#include "support/wide_versions.hpp"

namespace ssis::detail {
namespace {

// A programme's status from its criteria: ineligible when one is false for certain (or the
// programme is not in force), else an error, else undetermined while one is unknown.
Status status_from(bool in_force, bool any_false, Knowledge criteria) {
  return compiled::status_from(in_force, any_false, static_cast<compiled::Flag>(criteria));
}

// The amount of a programme its criteria left eligible or undetermined: no stale value
// behind an unknown, and an error in the amount makes the programme an error; unknown and 0
// for any other status. Without a branch on the values: decisions are as good as random.
void take_amount(ColumnView amount, std::size_t row, Status& status, Knowledge& knowledge, std::int64_t& value) {
  if (amount.values == nullptr) return;
  // Masks of all ones or none, from whether the amount is taken and whether it is known.
  const auto taken = static_cast<std::uint8_t>(-static_cast<int>((status == Status::eligible) | (status == Status::undetermined)));
  const auto k = static_cast<std::uint8_t>(amount.knowledge[row]);
  const std::int64_t known_value = -static_cast<std::int64_t>((taken != 0) & (k == 0));
  const auto failed = static_cast<std::uint8_t>(-static_cast<int>((taken != 0) & (amount.knowledge[row] == Knowledge::error)));
  knowledge = static_cast<Knowledge>((k & taken) | (static_cast<std::uint8_t>(Knowledge::unknown) & ~taken));
  value = amount.values[row] & known_value;
  status = static_cast<Status>(static_cast<std::uint8_t>(status) | (failed & static_cast<std::uint8_t>(Status::error)));
}

// status_from for every case, by status_index: a criterion known to be false (or the
// programme out of force) times the or of the criteria's knowledge flags.
std::array<Status, 8> block_statuses(bool in_force) {
  std::array<Status, 8> out{};
  for (std::uint8_t any_false = 0; any_false < 2; ++any_false)
    for (std::uint8_t criteria = 0; criteria < 4; ++criteria)
      out[any_false * 4U + criteria] = status_from(in_force, any_false != 0, static_cast<Knowledge>(criteria));
  return out;
}

std::size_t status_index(std::uint8_t any_false, std::uint8_t criteria) { return (any_false != 0 ? 4U : 0U) + (criteria & 3U); }

Knowledge combined(Knowledge a, Knowledge b) {
  return static_cast<Knowledge>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}

// The relations between programmes, applied to the decisions of one household. `D` gives
// access to them: status, amount, and what to record when a relation changes a status.
template <typename D>
void apply_requires_any(const RelationModel& relation, D& d) {
  const int dependent = relation.dependent;
  if (d.status(dependent) != Status::eligible && d.status(dependent) != Status::undetermined) return;
  bool open = false;
  for (int q : relation.required) {
    if (d.status(q) == Status::eligible) return;
    open = open || d.status(q) == Status::undetermined;
  }
  if (!open) {
    d.lacks(dependent, relation.required.front());
    return;
  }
  d.set_status(dependent, Status::undetermined);
  for (int q : relation.required)
    if (d.status(q) == Status::undetermined) d.waits_on(dependent, q);
}

template <typename D>
void apply_requires(const RuleModel& model, D& d, ProgrammeUnit per) {
  for (int r : model.requires_order) {
    if (model.relation_infos[static_cast<std::size_t>(r)].per != per) continue;
    const RelationModel& relation = model.relations[static_cast<std::size_t>(r)];
    if (relation.any) {
      apply_requires_any(relation, d);
      continue;
    }
    const int dependent = relation.dependent;
    for (int q : relation.required) {
      if (d.status(dependent) != Status::eligible && d.status(dependent) != Status::undetermined) break;
      const Status required = d.status(q);
      if (required == Status::ineligible || required == Status::error) {
        d.lacks(dependent, q);
      } else if (required == Status::undetermined) {
        d.set_status(dependent, Status::undetermined);
        d.waits_on(dependent, q);
      }
    }
  }
}

// Of an exclusive group's eligible programmes, the first listed is kept, or the one with
// the highest known amount when the group says so; the others become ineligible.
template <typename D>
void apply_exclusive(const RuleModel& model, D& d, ProgrammeUnit per) {
  for (std::size_t r = 0; r < model.relations.size(); ++r) {
    const RelationInfo& info = model.relation_infos[r];
    if (info.kind != RelationKind::exclusive || info.per != per) continue;
    const RelationModel& relation = model.relations[r];
    int kept = -1;
    for (int p : relation.programmes) {
      if (d.status(p) != Status::eligible) continue;
      if (kept < 0) {
        kept = p;
        continue;
      }
      if (!info.keep_highest_amount) continue;
      if (d.amount_known(p) && (!d.amount_known(kept) || d.amount(p) > d.amount(kept))) kept = p;
    }
    if (kept < 0) continue;
    for (int p : relation.programmes)
      if (p != kept && d.status(p) == Status::eligible) d.excluded(p, static_cast<int>(r), kept);
  }
}

// The relations that hold `per` household or per member.
template <typename D>
void apply_relations(const RuleModel& model, D& d, ProgrammeUnit per = ProgrammeUnit::household) {
  apply_requires(model, d, per);
  apply_exclusive(model, d, per);
}

// One member's decisions for the programmes assessed per member; a member not assessed is
// not eligible, and a relation leaves it so.
struct MemberUnits {
  const RuleModel& model;
  UnitDecision* units;  // the member's entry for each of model.plan.member_programmes
  UnitDecision& at(int p) { return units[model.plan.unit_slot[static_cast<std::size_t>(p)]]; }
  Status status(int p) { return at(p).assessed ? at(p).status : Status::ineligible; }
  bool amount_known(int p) { return at(p).amount_knowledge == Knowledge::known; }
  std::int64_t amount(int p) { return at(p).amount; }
  void set_status(int p, Status s) { at(p).status = s; }
  void lacks(int p, int required) {
    at(p).status = Status::ineligible;
    at(p).required_missing = required;
  }
  void waits_on(int, int) {}
  void excluded(int p, int relation, int kept) {
    at(p).status = Status::ineligible;
    at(p).excluded_by = relation;
    at(p).kept_instead = kept;
  }
};

bool has_member_relations(const RuleModel& model) {
  return std::any_of(model.relation_infos.begin(), model.relation_infos.end(),
                     [](const RelationInfo& r) { return r.per == ProgrammeUnit::member; });
}

// The household's decision on programme `p` from its members' (`units`, `members` of them,
// member_programmes apart), as the plan decides it: eligible when a member is, the amount
// the sum of the eligible members' amounts.
void decide_from_units(const UnitDecision* units, std::size_t members, std::size_t stride, bool in_force, Status& status,
                       Knowledge& amount_knowledge, std::int64_t& amount) {
  constexpr auto known = static_cast<std::uint8_t>(Knowledge::known);
  bool eligible = false;
  std::uint8_t seen = known;         // the members' criteria
  std::uint8_t amount_seen = known;  // the amounts that count
  bool overflow = false;
  std::int64_t sum = 0;
  for (std::size_t m = 0; m < members; ++m) {
    const UnitDecision& u = units[m * stride];
    if (!u.assessed || u.status == Status::ineligible) continue;
    const std::uint8_t flag = static_cast<std::uint8_t>(u.status == Status::eligible ? Knowledge::known
                                                       : u.status == Status::error  ? Knowledge::error
                                                                                    : Knowledge::unknown);
    if (u.status == Status::eligible) {
      eligible = true;
      if (u.amount_knowledge != Knowledge::known) amount_seen |= static_cast<std::uint8_t>(u.amount_knowledge);
      else overflow |= __builtin_add_overflow(sum, u.amount, &sum);
    } else {
      seen |= flag;
      amount_seen |= flag;
    }
  }
  const Knowledge criteria = eligible ? Knowledge::known : static_cast<Knowledge>(seen);
  status = status_from(in_force, !eligible && seen == known, criteria);
  if (status != Status::eligible && status != Status::undetermined) return;
  amount_knowledge = overflow ? Knowledge::error : static_cast<Knowledge>(amount_seen);
  amount = amount_knowledge == Knowledge::known ? sum : 0;
  if (amount_knowledge == Knowledge::error) status = Status::error;
}

const std::array<Status, 8> unit_statuses = block_statuses(true);

// decide_unit, written where the decision lies (a decision returned from a call that is not
// inlined is read back from the stack, each of its parts stalling on the store of the whole).
void decide_unit_into(ColumnView assessed, ColumnView eligible, ColumnView amount, std::size_t row, UnitDecision& d) {
  d = UnitDecision{};
  if (assessed.values != nullptr) d.assessed = !((assessed.knowledge[row] == Knowledge::known) & (assessed.values[row] == 0));
  const auto k = static_cast<std::uint8_t>(eligible.knowledge[row]);
  d.status = unit_statuses[status_index((k == 0) & (eligible.values[row] == 0), k)];
  take_amount(amount, row, d.status, d.amount_knowledge, d.amount);
}

// Each member's decisions of the household whose members are rows [begin, end), into
// `units` (K per member), for the programmes `code` decides; a member is not assessed for the others.
void decide_units(const RuleModel& model, const Registers& registers, std::uint32_t begin, std::uint32_t end, UnitDecision* units,
                  const ProgrammeCode& code) {
  static constexpr UnitDecision not_decided{false, Status::ineligible};
  const std::size_t k_count = model.plan.member_programmes.size();
  for (std::size_t k = 0; k < k_count; ++k) {  // programme by programme: the same registers for every member
    UnitDecision* unit = units + k;
    const auto p = static_cast<std::size_t>(model.plan.member_programmes[k]);
    if (!code.decides[p]) {
      for (std::uint32_t m = begin; m < end; ++m, unit += k_count) *unit = not_decided;
      continue;
    }
    const ProgrammePlan& plan = model.plan.programmes[p];
    const auto column = [&](std::int32_t reg) { return reg < 0 ? ColumnView{} : registers.column(reg); };
    const ColumnView assessed = column(plan.unit_assessed), eligible = column(plan.unit_eligible), amount = column(plan.unit_amount);
    for (std::uint32_t m = begin; m < end; ++m, unit += k_count) decide_unit_into(assessed, eligible, amount, m, *unit);
  }
}

// The decisions of one household with every reason recorded.
struct DetailedDecisions {
  std::vector<ProgrammeDecision>& all;
  ProgrammeDecision& at(int p) { return all[static_cast<std::size_t>(p)]; }
  Status status(int p) { return at(p).status; }
  bool amount_known(int p) { return at(p).amount_knowledge == Knowledge::known; }
  std::int64_t amount(int p) { return at(p).amount; }
  void set_status(int p, Status s) { at(p).status = s; }
  void lacks(int p, int required) {
    at(p).status = Status::ineligible;
    at(p).required_missing = required;
  }
  void waits_on(int p, int required) { at(p).waiting_on.push_back(required); }
  void excluded(int p, int relation, int kept) {
    at(p).status = Status::ineligible;
    at(p).excluded_by = relation;
    at(p).kept_instead = kept;
  }
};

// One household's row of a block's decisions, recording exclusions only.
struct BlockRow {
  const BlockDecisions& block;
  std::size_t base;
  std::size_t at(int p) const { return base + static_cast<std::size_t>(p); }
  Status status(int p) { return block.status[at(p)]; }
  bool amount_known(int p) { return block.amount_knowledge[at(p)] == Knowledge::known; }
  std::int64_t amount(int p) { return block.amount[at(p)]; }
  void set_status(int p, Status s) { block.status[at(p)] = s; }
  void lacks(int p, int) { block.status[at(p)] = Status::ineligible; }
  void waits_on(int, int) {}
  void excluded(int p, int relation, int) {
    block.status[at(p)] = Status::ineligible;
    if (block.excluded_by != nullptr) block.excluded_by[at(p)] = relation;
  }
};

}  // namespace

bool in_force(const ProgrammeInfo& info, Date date) {
  return (!info.active_from || *info.active_from <= date) && (!info.active_to || date <= *info.active_to);
}

UnitDecision decide_unit(ColumnView assessed, ColumnView eligible, ColumnView amount, std::size_t row) {
  UnitDecision d;
  decide_unit_into(assessed, eligible, amount, row, d);
  return d;
}

void decide_household(const RuleModel& model, const Registers& registers, std::size_t row, Date date,
                      std::vector<ProgrammeDecision>& decisions, std::vector<UnitDecision>* units) {
  decisions.assign(model.programmes.size(), ProgrammeDecision{});
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammePlan& plan = model.plan.programmes[p];
    ProgrammeDecision& d = decisions[p];
    d.in_force = in_force(model.programme_infos[p], date);
    bool any_false = false;
    Knowledge criteria = Knowledge::known;
    for (const std::int32_t reg : plan.criteria) {
      const ColumnView column = registers.column(reg);
      const Knowledge k = column.knowledge[row];
      any_false = any_false || (k == Knowledge::known && column.values[row] == 0);
      criteria = combined(criteria, k);
    }
    d.status = status_from(d.in_force, any_false, criteria);
    if (plan.amount >= 0) take_amount(registers.column(plan.amount), row, d.status, d.amount_knowledge, d.amount);
  }
  if (units != nullptr || has_member_relations(model)) {
    thread_local std::vector<UnitDecision> scratch;
    std::vector<UnitDecision>& u = units != nullptr ? *units : scratch;
    const std::uint32_t* offsets = registers.block->member_offsets.data();
    u.resize((offsets[row + 1] - offsets[row]) * model.plan.member_programmes.size());
    decide_units(model, registers, offsets[row], offsets[row + 1], u.data(), model.plan.programme_code);
    thread_local std::vector<Status> status;
    thread_local std::vector<Knowledge> knowledge;
    thread_local std::vector<std::int64_t> amount;
    status.resize(decisions.size());
    knowledge.resize(decisions.size());
    amount.resize(decisions.size());
    for (std::size_t p = 0; p < decisions.size(); ++p) {
      status[p] = decisions[p].status;
      knowledge[p] = decisions[p].amount_knowledge;
      amount[p] = decisions[p].amount;
    }
    // The household is entry 0 of these arrays, its members from offsets[row].
    const std::uint32_t local[] = {0, offsets[row + 1] - offsets[row]};
    apply_member_relations(model, local, 0, 1, date, u.data(), {status.data(), knowledge.data(), amount.data(), nullptr});
    for (std::size_t p = 0; p < decisions.size(); ++p) {
      decisions[p].status = status[p];
      decisions[p].amount_knowledge = knowledge[p];
      decisions[p].amount = amount[p];
    }
  }
  DetailedDecisions access{decisions};
  apply_relations(model, access);
}

void apply_member_relations(const RuleModel& model, const std::uint32_t* member_offsets, std::size_t first, std::size_t count,
                            Date date, UnitDecision* units, const BlockDecisions& decisions) {
  if (!has_member_relations(model)) return;
  const std::size_t k_count = model.plan.member_programmes.size();
  const std::size_t programmes = model.programmes.size();
  // The programmes a relation per member names: their household decisions are worked out again.
  std::vector<char> involved(programmes, 0);
  for (std::size_t r = 0; r < model.relations.size(); ++r) {
    if (model.relation_infos[r].per != ProgrammeUnit::member) continue;
    const RelationModel& relation = model.relations[r];
    for (const int p : relation.programmes) involved[static_cast<std::size_t>(p)] = 1;
    if (relation.dependent >= 0) involved[static_cast<std::size_t>(relation.dependent)] = 1;
  }
  for (std::size_t h = first; h < first + count; ++h) {
    UnitDecision* household = units + (member_offsets[h] - member_offsets[first]) * k_count;
    const std::size_t members = member_offsets[h + 1] - member_offsets[h];
    for (std::size_t m = 0; m < members; ++m) {
      MemberUnits access{model, household + m * k_count};
      apply_relations(model, access, ProgrammeUnit::member);
    }
    for (std::size_t k = 0; k < k_count; ++k) {
      const auto p = static_cast<std::size_t>(model.plan.member_programmes[k]);
      if (!involved[p]) continue;
      const std::size_t at = h * programmes + p;
      decide_from_units(household + k, members, k_count, in_force(model.programme_infos[p], date), decisions.status[at],
                        decisions.amount_knowledge[at], decisions.amount[at]);
    }
  }
}

SSIS_WIDE_VERSIONS
void decide_block(const RuleModel& model, const Registers& registers, std::size_t households, Date date,
                  const BlockDecisions& decisions, UnitDecision* units, const ProgrammeCode& code) {
  const std::size_t programmes = model.programmes.size();
  const std::size_t entries = households * programmes;
  if (code.programmes.size() == programmes) {  // every entry: in one sweep of each array
    std::fill_n(decisions.amount_knowledge, entries, Knowledge::unknown);
    std::fill_n(decisions.amount, entries, 0);
    if (decisions.excluded_by != nullptr) std::fill_n(decisions.excluded_by, entries, -1);
  } else {
    for (std::size_t h = 0; h < households; ++h)
      for (const int p : code.programmes) {
        const std::size_t at = h * programmes + static_cast<std::size_t>(p);
        decisions.amount_knowledge[at] = Knowledge::unknown;
        decisions.amount[at] = 0;
        if (decisions.excluded_by != nullptr) decisions.excluded_by[at] = -1;
      }
  }
  std::vector<std::uint8_t> any_false(households);
  std::vector<std::uint8_t> criteria(households);  // or of the criteria's knowledge flags
  constexpr auto known = static_cast<std::uint8_t>(Knowledge::known);
  for (const int decided : code.programmes) {
    const auto p = static_cast<std::size_t>(decided);
    const ProgrammePlan& plan = model.plan.programmes[p];
    const bool active = in_force(model.programme_infos[p], date);
    std::fill(any_false.begin(), any_false.end(), 0);
    std::fill(criteria.begin(), criteria.end(), 0);
    for (const std::int32_t reg : plan.criteria) {
      const ColumnView column = registers.column(reg);
      const auto* k = reinterpret_cast<const std::uint8_t*>(column.knowledge);
      const std::int64_t* v = column.values;
      for (std::size_t h = 0; h < households; ++h) {
        any_false[h] |= static_cast<std::uint8_t>((k[h] == known) & (v[h] == 0));
        criteria[h] |= k[h];
      }
    }
    // The statuses by table, not by branches: households' decisions are as good as random.
    const std::array<Status, 8> statuses = block_statuses(active);
    const ColumnView amount = plan.amount >= 0 ? registers.column(plan.amount) : ColumnView{};
    for (std::size_t h = 0; h < households; ++h) {
      const std::size_t at = h * programmes + p;
      Status status = statuses[status_index(any_false[h], criteria[h])];
      take_amount(amount, h, status, decisions.amount_knowledge[at], decisions.amount[at]);
      decisions.status[at] = status;
    }
  }
  if (units != nullptr || has_member_relations(model)) {
    const Block& block = *registers.block;
    thread_local std::vector<UnitDecision> scratch;
    if (units == nullptr) {
      scratch.resize(block.members * model.plan.member_programmes.size());
      units = scratch.data();
    }
    decide_units(model, registers, 0, static_cast<std::uint32_t>(block.members), units, code);
    apply_member_relations(model, block.member_offsets.data(), 0, households, date, units, decisions);
  }
  apply_block_relations(model, 0, households, decisions);
}

void apply_block_relations(const RuleModel& model, std::size_t first, std::size_t count, const BlockDecisions& decisions) {
  const std::size_t programmes = model.programmes.size();
  if (model.relations.empty()) return;
  for (std::size_t h = first; h < first + count; ++h) {
    BlockRow row{decisions, h * programmes};
    apply_relations(model, row);
  }
}

}  // namespace ssis::detail
