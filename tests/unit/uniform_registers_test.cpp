// The plan's uniform registers (constants, the date, parameters and what is computed from
// them alone) hold, as worked out once per date, exactly the value the plan computes in every
// row of every household; a date on which one of them is not known (a parameter not in
// force) is evaluated without taking them as single values, with the same outcomes.
#include <doctest/doctest.h>

#include "eval/executor.hpp"
#include "model/rule_model.hpp"
#include "population/kr_population.hpp"
#include "rule_fixture.hpp"
#include "ssis/household.hpp"
#include "ssis/columns.hpp"
#include "ssis/evaluator.hpp"

namespace {

const ssis::Date date = *ssis::Date::parse("2025-09-24");

ssis::detail::ResolvedParameters with_uniform_registers(const ssis::detail::RuleModel& model, ssis::Date on) {
  ssis::detail::ResolvedParameters parameters = ssis::detail::resolve_parameters(model, on);
  ssis::detail::resolve_uniform_registers(model, parameters);
  return parameters;
}

}  // namespace

TEST_CASE("each uniform register of rules/kr holds its value in every row of every household") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const ssis::detail::RuleModel& model = ssis::detail::model_of(rules);
  const ssis::detail::UniformRegisters& uniform = model.plan.uniform;
  const ssis::detail::ResolvedParameters parameters = with_uniform_registers(model, date);
  REQUIRE(parameters.uniform_known);
  std::size_t parameters_uniform = 0;
  for (const std::int32_t i : uniform.order) {
    const ssis::detail::Instruction& ins = model.plan.code[static_cast<std::size_t>(i)];
    CHECK(ins.op != ssis::detail::OpCode::household_field);
    CHECK(ins.op != ssis::detail::OpCode::member_field);
    CHECK(ins.op != ssis::detail::OpCode::any_members);
    parameters_uniform += ins.op == ssis::detail::OpCode::parameter;
  }
  CHECK(uniform.order.size() > 300);
  CHECK(parameters_uniform > 50);

  ssis::detail::Block block;
  block.reset(model.schema);
  for (const ssis::Household& household : ssis::population::KrPopulation(5, date).take(200))
    ssis::detail::bind_household(model.schema, household, {.evaluation_date = date}, block);
  ssis::detail::Registers registers;
  ssis::detail::execute(model, parameters, block, registers, ssis::detail::Scope::everything);
  std::size_t rows_checked = 0;
  for (std::size_t u = 0; u < uniform.order.size(); ++u) {
    const std::int32_t i = uniform.order[u];
    CHECK(uniform.index[static_cast<std::size_t>(i)] == static_cast<std::int32_t>(u));
    const ssis::detail::ColumnView column = registers.column(i);
    const std::size_t rows = model.plan.code[static_cast<std::size_t>(i)].level == ssis::Level::member ? block.members : block.households;
    for (std::size_t r = 0; r < rows; ++r) {
      if (column.values[r] != parameters.uniform_values[u] || column.knowledge[r] != ssis::Knowledge::known) {
        FAIL_CHECK("register " << i << " row " << r << ": " << column.values[r] << " against "
                               << parameters.uniform_values[u]);
        break;
      }
      ++rows_checked;
    }
  }
  CHECK(rows_checked > 50'000);
  // Every decision register that is uniform is filled in every block.
  for (const ssis::detail::ProgrammePlan& programme : model.plan.programmes)
    ssis::detail::for_each_decision_register(programme, [&](std::int32_t reg) {
      if (uniform.uniform[static_cast<std::size_t>(reg)]) CHECK(uniform.read_as_rows[static_cast<std::size_t>(reg)]);
    });
}

TEST_CASE("a parameter not in force leaves the uniform registers unknown, and the outcomes are the same on every path") {
  auto result = test_support::load_with({
      {"parameters.yaml", "parameters:\n  floor:\n    type: money\n    values:\n      2025-01-01: 100\n"},
      {"programmes/p.yaml",
       "programme:\n  id: p\n  name: {en: p}\n  criteria:\n    - id: c\n      condition: \"sum(members, income) >= floor * 2\"\n"},
  });
  REQUIRE(result.rules);
  const ssis::detail::RuleModel& model = ssis::detail::model_of(*result.rules);
  CHECK(with_uniform_registers(model, *ssis::Date::parse("2025-03-01")).uniform_known);
  CHECK_FALSE(with_uniform_registers(model, *ssis::Date::parse("2024-03-01")).uniform_known);
  CHECK_FALSE(ssis::detail::resolve_parameters(model, *ssis::Date::parse("2025-03-01")).uniform_known);  // not worked out
  for (const char* on : {"2025-03-01", "2024-03-01"}) {
    CAPTURE(on);
    const ssis::Date when = *ssis::Date::parse(on);
    ssis::HouseholdColumns table(*result.rules);
    ssis::Evaluator evaluator(*result.rules);
    std::vector<ssis::Status> one_by_one;
    for (int income : {0, 150, 250}) {
      ssis::Household household;
      household.set("region", std::string("capital"));
      household.add_member().set("birth_date", *ssis::Date::parse("1990-01-01")).set("income", std::int64_t{income});
      table.append(household);
      one_by_one.push_back(evaluator.evaluate(household, when).programmes.at(0).status);
    }
    const ssis::Status e = ssis::Status::error;
    const ssis::Status no = ssis::Status::ineligible;
    const ssis::Status yes = ssis::Status::eligible;
    CHECK(one_by_one == (std::string(on) == "2025-03-01" ? std::vector{no, no, yes} : std::vector{e, e, e}));
    ssis::ColumnOutcomes outcomes;
    ssis::evaluate_columns(*result.rules, table, {.date = when, .block_size = 1}, outcomes);  // blocks enough for uniform registers
    REQUIRE(outcomes.status.size() == 3);
    CHECK(std::vector<ssis::Status>(outcomes.status.begin(), outcomes.status.end()) == one_by_one);
  }
}
