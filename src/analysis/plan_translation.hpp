#pragma once
// The compiled plan of a rule set on one date as solver terms over a symbolic household:
// each register a value with the engine's knowledge flags, integers exactly as the engine
// computes them (millionths, days, the engine's rounding). Only the registers a question
// reaches are translated, each once.
#include <z3++.h>

#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "analysis/symbolic_household.hpp"
#include "eval/executor.hpp"
#include "model/rule_model.hpp"

namespace ssis::analysis {

/// What the translation knows of the divisibility of its terms, so that a division it knows
/// to be exact (money in whole units times a rate, divided by the scale) is no division for
/// the solver.
class Divisibility {
 public:
  std::int64_t multiple(const z3::expr& e);
  z3::expr divide(const z3::expr& e, std::int64_t d);

 private:
  // By the term's id; the term is held so that its id is not given to another.
  std::unordered_map<unsigned, std::pair<z3::expr, std::int64_t>> multiples_;
};

class PlanTranslation {
 public:
  PlanTranslation(const detail::RuleModel& model, Date date, SymbolicHousehold& household);

  /// A household register (criterion, amount, household variable).
  const Term& household(std::int32_t reg);
  /// Criterion j of programme p is known and true / known and false.
  z3::expr met(std::size_t programme, std::size_t criterion);
  z3::expr fails(std::size_t programme, std::size_t criterion);
  /// The programme is in force and every criterion is met (relations aside).
  z3::expr eligible(std::size_t programme);
  /// The engine's status as 0 eligible, 1 ineligible, 2 undetermined, 3 error (relations aside).
  z3::expr status(std::size_t programme);
  /// The programme's amount register, when it states one.
  std::optional<Term> amount(std::size_t programme);
  bool in_force(std::size_t programme) const;

 private:
  using Terms = std::vector<Term>;  // one for a household register, one per slot for a member one
  void translate_cone(std::int32_t reg);
  Terms translate(const detail::Instruction& ins);
  Term parameter(const detail::Instruction& ins, const std::vector<const Term*>& keys);
  Term aggregate(const detail::Instruction& ins);
  const Term& at(std::int32_t reg, std::size_t slot) const;
  z3::expr date_function(detail::OpCode op, const z3::expr& days);

  const detail::RuleModel& model_;
  const detail::Plan& plan_;
  Date date_;
  SymbolicHousehold& household_;
  z3::context& c_;
  detail::ResolvedParameters parameters_;
  std::vector<std::optional<Terms>> registers_;
  Divisibility divisibility_;
  std::map<detail::OpCode, std::vector<std::pair<std::int32_t, std::int64_t>>> date_pieces_;
};

/// The input fields the registers read, directly or through other registers.
FieldSet fields_read(const detail::RuleModel& model, const std::vector<std::int32_t>& registers);
/// The registers of a programme's criteria and amount.
std::vector<std::int32_t> programme_registers(const detail::RuleModel& model, std::size_t programme);

}  // namespace ssis::analysis
