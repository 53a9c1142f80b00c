#pragma once
/// Data minimisation: the input fields a programme's decision can read, whatever the
/// household, so that an application requests only those.
#include <vector>

#include "ssis/rule_set.hpp"

namespace ssis {

/// The fields programme `programme` (an index into rules.programmes()) can read: through its
/// criteria, its amount, who is assessed (per member), the variables and parameters these
/// use, and the programmes its relations tie it to (their decisions can change its own).
/// Household fields first, then member fields, each in schema order.
std::vector<const FieldInfo*> fields_read(const RuleSet& rules, std::size_t programme);

}  // namespace ssis
