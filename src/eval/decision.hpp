#pragma once
// The decision for each programme of a household: status and amount after the relations
// between programmes. Cheap: no strings, no explanation.
#include <vector>

#include "eval/executor.hpp"
#include "ssis/outcome.hpp"

namespace ssis::detail {

struct ProgrammeDecision {
  Status status = Status::undetermined;
  bool in_force = true;
  Knowledge amount_knowledge = Knowledge::unknown;
  std::int64_t amount = 0;  // raw millionths
  int excluded_by = -1;     // relation index
  int kept_instead = -1;    // programme index
  int required_missing = -1;  // programme index
  std::vector<int> waiting_on;  // undetermined requirements whose facts also settle this one
};

/// A programme's decision for one member, for programmes assessed per member: not assessed
/// when the member does not meet its `unit.where` for certain.
struct UnitDecision {
  bool assessed = true;
  Status status = Status::undetermined;
  Knowledge amount_knowledge = Knowledge::unknown;
  std::int64_t amount = 0;  // raw millionths
  int excluded_by = -1;       // relation index (relations per member)
  int kept_instead = -1;      // programme index
  int required_missing = -1;  // programme index
};

/// Whether the programme is in force on `date` (its `active` dates).
bool in_force(const ProgrammeInfo& info, Date date);

/// Fills one decision per programme for household `row` of the executed block, with the
/// reasons behind each (exclusions, missing requirements, what it waits on). With `units`,
/// also each member's decision for each programme assessed per member (entry
/// m * member_programmes + k for the household's m-th member), relations per member applied
/// (relations per household are not: see limited_to_household).
void decide_household(const RuleModel& model, const Registers& registers, std::size_t row, Date date,
                      std::vector<ProgrammeDecision>& decisions, std::vector<UnitDecision>* units = nullptr);


/// The decision of a programme assessed per member for member row `row` of the executed
/// block, from the rows of its registers alone: whether the member is assessed (no values:
/// every member is), whether every criterion holds, and the amount (no values: none).
UnitDecision decide_unit(ColumnView assessed, ColumnView eligible, ColumnView amount, std::size_t row);

/// A member's decision given the programme's final decision for the household: a programme
/// ineligible for the household (not in force, excluded, lacking a requirement) is so for
/// each member, and one undetermined (waiting on a requirement) is at best undetermined.
inline Status limited_to_household(Status unit, Status household) {
  const bool open = unit == Status::eligible || unit == Status::undetermined;
  if (household == Status::ineligible && open) return Status::ineligible;
  if (household == Status::undetermined && unit == Status::eligible) return Status::undetermined;
  return unit;
}

/// Where the decisions of a block go: arrays of households x programmes entries,
/// household-major (entry h * programmes + p).
struct BlockDecisions {
  Status* status = nullptr;
  Knowledge* amount_knowledge = nullptr;
  std::int64_t* amount = nullptr;         // raw millionths; 0 when not known
  std::int32_t* excluded_by = nullptr;    // relation index, or -1; may be nullptr: not recorded
};

/// Status and amount of each programme of `code` for every household of a block executed
/// with it, worked out programme by programme over whole columns. With `units` (entry m *
/// member_programmes + k for member row m of the block), also each member's decision for each
/// programme assessed per member (not assessed for those `code` does not decide), relations
/// per member applied. The entries of the programmes `code` does not decide are left as they
/// were, or set by a relation among those programmes only.
void decide_block(const RuleModel& model, const Registers& registers, std::size_t households, Date date,
                  const BlockDecisions& decisions, UnitDecision* units, const ProgrammeCode& code);

/// Applies the relations per member to the members' decisions `units` of households
/// [first, first + count) (entry (m - member_offsets[first]) * member_programmes + k for
/// member row m), and works the household decisions of the programmes they change out again
/// from the members'.
void apply_member_relations(const RuleModel& model, const std::uint32_t* member_offsets, std::size_t first, std::size_t count,
                            Date date, UnitDecision* units, const BlockDecisions& decisions);

/// Applies the relations between programmes (requirements, exclusions) to the decisions of
/// households [first, first + count), which are decided from criteria and amounts alone.
void apply_block_relations(const RuleModel& model, std::size_t first, std::size_t count, const BlockDecisions& decisions);

}  // namespace ssis::detail
