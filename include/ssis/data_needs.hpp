#pragma once
/// Data minimisation: the input fields a programme's decision can read, whatever the
/// household, so that an application requests only those.
#include <vector>

#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

/// The fields programme `programme` (an index into rules.programmes()) can read: through its
/// criteria, its amount, who is assessed (per member), the variables and parameters these
/// use, and the programmes its relations tie it to (their decisions can change its own).
/// Household fields first, then member fields, each in schema order.
std::vector<const FieldInfo*> fields_read(const RuleSet& rules, std::size_t programme);

/// The fields one decision rests on: those the criteria that decided it can read (when
/// ineligible, the criteria found false; else those whose value is known) and, when
/// eligible, the amount; for a programme assessed per member, each member's decision the
/// same way, and who is assessed. `outcome` must come from `rules`.
std::vector<const FieldInfo*> fields_relied_on(const RuleSet& rules, const ProgrammeOutcome& outcome);

}  // namespace ssis
