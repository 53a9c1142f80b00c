#pragma once
// One flat program for every variable, criterion and amount of a rule set. Each
// instruction produces one register (its own index): a column over the households or
// over the members of a block. Shared sub-expressions appear once.
#include <cstdint>
#include <vector>

#include "ssis/decimal.hpp"
#include "ssis/schema.hpp"

namespace ssis::detail {

enum class OpCode : std::uint8_t {
  constant,         // imm
  evaluation_date,  // the evaluation date, in days
  member_index,     // each member's position in its household, from 0
  household_field,  // a = field index
  member_field,     // a = field index
  parameter,        // param, keys: pool[list_begin .. +list_count] are key registers
  broadcast,        // a household register spread over its members
  to_scaled,        // int -> decimal/money
  add, subtract,
  multiply_int,     // int * int
  multiply_scaled,  // scaled * scaled, rounded half-even to 6 digits
  divide_scaled,
  negate, absolute,
  equal, not_equal, less, less_equal, greater, greater_equal,
  logical_and, logical_or, logical_not,
  select,           // a ? b : c
  minimum, maximum,
  round,            // a rounded to a multiple of imm with mode aux
  age, months_since, days_since, year_of, month_of,
  known,            // is a known?
  coalesce,         // a if known else b
  in_list,          // a in pool[list_begin .. +list_count]
  count_members,    // a = filter register or -1
  sum_members,      // a = value, b = filter or -1
  min_members, max_members,
  any_members,      // a = condition
  all_members,
  // The same over the members of the current member's unit: a member-level value for each
  // member, over the members whose key (register c) has the same known value as its own.
  count_unit, sum_unit, min_unit, max_unit, any_unit, all_unit,
};

struct Instruction {
  OpCode op = OpCode::constant;
  Level level = Level::household;
  std::uint8_t aux = 0;
  std::int32_t a = -1;
  std::int32_t b = -1;
  std::int32_t c = -1;
  std::int32_t param = -1;
  std::uint32_t list_begin = 0;
  std::uint32_t list_count = 0;
  std::int64_t imm = 0;
};

// A programme assessed for each member is decided per member row (its unit) by the
// registers `unit_*`, and for the household by one criterion, whether some member's unit is
// eligible, and by the sum of the eligible units' amounts.
struct ProgrammePlan {
  std::vector<std::int32_t> criteria;  // one bool register per criterion (per member: the one above)
  std::int32_t amount = -1;            // money register (rounded), or -1
  std::int32_t unit_assessed = -1;     // member bool: meets `unit.where`; -1: every member is
  std::vector<std::int32_t> unit_criteria;  // member bool register per criterion
  std::int32_t unit_eligible = -1;     // member bool: assessed and every criterion holds
  std::int32_t unit_amount = -1;       // member money (rounded), or -1
};

// Calls `f` with every register a programme's decisions and units are read from.
template <typename F>
void for_each_decision_register(const ProgrammePlan& programme, F f) {
  for (const std::int32_t reg : programme.criteria) f(reg);
  if (programme.amount >= 0) f(programme.amount);
  if (programme.unit_assessed >= 0) f(programme.unit_assessed);
  for (const std::int32_t reg : programme.unit_criteria) f(reg);
  if (programme.unit_eligible >= 0) f(programme.unit_eligible);
  if (programme.unit_amount >= 0) f(programme.unit_amount);
}

// Where registers' rows go in the register arrays: the household registers' slots first,
// then the members'. A register that loads an input field has no slot: it reads the block.
struct RegisterLayout {
  std::vector<std::uint32_t> slot;  // per instruction: its slot among the registers of its level
  std::uint32_t household_slots = 0;
  std::uint32_t member_slots = 0;
};

// The instructions some programmes' criteria, amounts and member units depend on, in order
// (operands first), and how to run them when only their decisions are read.
struct ProgrammeCode {
  std::vector<int> programmes;  // in increasing order
  std::vector<char> decides;    // per programme of the plan: whether it is one of `programmes`
  std::vector<std::int32_t> order;
  std::vector<std::size_t> household_fields;  // the input fields `order` reads
  std::vector<std::size_t> member_fields;
  // A register's rows are reused once every instruction of `order` that reads it has run.
  RegisterLayout reused_registers;
  // Households evaluated together by default: households_per_block(reused_registers).
  std::size_t households_per_block = 64;
};

// Registers that hold the same value in every row of every block on one evaluation date:
// constants, the date, parameters looked up with such keys, and what is computed from them
// alone. They are worked out once per date (resolve_uniform_registers), and while all are
// known a decision run takes them as one value each.
struct UniformRegisters {
  std::vector<char> uniform;        // per instruction
  std::vector<std::int32_t> order;  // the uniform instructions, operands first
  std::vector<std::int32_t> index;  // per instruction: its place in `order`, or -1
  // Per instruction: a uniform register that an instruction taking no single value for it,
  // or a programme's decision, reads as rows (it is filled in every block).
  std::vector<char> read_as_rows;
};

struct Plan {
  std::vector<Instruction> code;
  std::vector<std::int64_t> pool;
  std::vector<std::int32_t> variables;  // register per variable
  std::vector<ProgrammePlan> programmes;
  std::vector<int> member_programmes;  // the programmes assessed per member, in order
  std::vector<int> unit_slot;          // per programme: its place among member_programmes, or -1
  std::vector<std::int32_t> all_code;        // every instruction, in order
  ProgrammeCode programme_code;              // every programme's
  std::vector<std::int32_t> field_loads;     // the instructions that load an input field
  RegisterLayout every_register;             // each register keeps its rows
  UniformRegisters uniform;
  std::size_t instructions_before_sharing = 0;
  std::uint64_t signature = 0;  // plan_signature of the rule set, for its compiled code
};

}  // namespace ssis::detail
