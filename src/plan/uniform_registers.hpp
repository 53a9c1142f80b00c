#pragma once
// The registers of a plan that hold one value for every row on an evaluation date.
#include "plan/plan.hpp"

namespace ssis::detail {

/// Whether an instruction of this operation takes each operand that is a uniform register as
/// one value instead of its rows.
bool takes_uniform_operands(OpCode op);

/// The plan's uniform registers, the order they are computed in, and which are read as rows.
UniformRegisters uniform_registers(const Plan& plan);

}  // namespace ssis::detail
