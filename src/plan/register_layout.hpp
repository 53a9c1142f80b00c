#pragma once
// Where the registers of a sequence of instructions keep their rows.
#include <vector>

#include "plan/plan.hpp"

namespace ssis::detail {

/// A slot of its level for every instruction of `order` that computes a value, each kept
/// for the whole run.
RegisterLayout lay_out_every_register(const Plan& plan, const std::vector<std::int32_t>& order);

/// The same in fewer slots: a slot is free again after its last reader in `order` has run.
/// The criteria and amounts of `programmes` keep theirs, and so do the keys of parameter
/// lookups (an error message shows them).
RegisterLayout lay_out_reused_registers(const Plan& plan, const std::vector<std::int32_t>& order, const std::vector<int>& programmes);

/// Households evaluated together by default with `layout`: as many as keep its rows (three
/// members a household) within 4 MiB, a multiple of 32 from 32 to 1,024. Fewer slots than
/// instructions (reused registers) make larger blocks, over which each instruction's fixed
/// cost is shared by more rows.
std::size_t households_per_block(const RegisterLayout& layout);

}  // namespace ssis::detail
