// The next questions on rules/kr: how long ranking them takes, and how many questions
// simulated interviews need, ranked against schema order.
//
// BM_EvaluatePartial evaluates one partial household (the baseline); BM_NextQuestions
// evaluates it and ranks its next questions, as an interview does after each answer.
//
// BM_SimulatedInterview/order:O runs one interview per household: each starts from a
// household of the synthetic population (population/kr_population.cpp: ages, incomes,
// property, tenure, region) whose every other schema field has a true answer drawn here;
// each question reveals one true answer, then the household is evaluated again. The
// interview ends once 90% of the programmes that were undetermined and that the true
// answers settle are settled. order:0 asks the best-ranked question (next_questions);
// order:1 asks, among the same facts still missing, the first in schema order (household
// fields, then each member's in turn); order:2 asks every field the household does not
// give in schema order, as a form would, whether a programme still needs it or not (the
// household is evaluated again only after an answer that a programme still misses: no
// other answer can settle one). Counters: mean and median questions per household.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "population/kr_population.hpp"
#include "ssis/evaluator.hpp"

namespace {

const ssis::Date day = *ssis::Date::parse("2025-09-24");
constexpr std::size_t interview_households = 1'000;

const ssis::RuleSet& kr_rules() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_SOURCE_DIR "/rules/kr");
  return rules;
}

// A true answer for a field the population leaves out: modest values within the field's
// bounds (a bool true one time in five, any enumeration value, counts up to 3, amounts up
// to 3,000,000 or none, rates up to 1, dates up to 80 years before the evaluation date).
ssis::InputValue true_answer(const ssis::RuleSet& rules, const ssis::FieldInfo& field, std::mt19937_64& random) {
  const std::uint64_t draw = random();
  const auto clamp = [&](std::int64_t raw) {
    return std::clamp(raw, field.min_raw.value_or(INT64_MIN), field.max_raw.value_or(INT64_MAX));
  };
  switch (field.type.kind) {
    case ssis::ValueKind::boolean: return draw % 5 == 0;
    case ssis::ValueKind::enumeration: {
      const auto& values = rules.schema().enums()[static_cast<std::size_t>(field.type.enum_index)].values;
      return values[draw % values.size()];
    }
    case ssis::ValueKind::date: {
      const std::int64_t days = day.days() - static_cast<std::int64_t>(draw % 29'000);
      return ssis::Date::from_days(static_cast<std::int32_t>(clamp(days)));
    }
    case ssis::ValueKind::integer: return clamp(draw % 2 ? 0 : static_cast<std::int64_t>(draw / 2 % 4));
    case ssis::ValueKind::money:
      return ssis::Decimal::from_raw(clamp(draw % 2 ? 0 : static_cast<std::int64_t>(draw / 2 % 3'000'001) * ssis::Decimal::scale));
    case ssis::ValueKind::decimal: return ssis::Decimal::from_raw(clamp(static_cast<std::int64_t>(draw % (ssis::Decimal::scale + 1))));
  }
  return std::monostate{};
}

void complete(const ssis::RuleSet& rules, const std::vector<ssis::FieldInfo>& fields, ssis::InputRecord& record,
              std::mt19937_64& random) {
  for (const auto& field : fields) {
    const ssis::InputValue* given = record.find(field.name);
    if (!given || std::holds_alternative<std::monostate>(*given)) record.set(field.name, true_answer(rules, field, random));
  }
}

struct Case {
  ssis::Household partial;
  ssis::Household truth;
};

std::vector<Case> interview_cases(std::size_t count) {
  const ssis::RuleSet& rules = kr_rules();
  ssis::population::KrPopulation population(7, day);
  std::mt19937_64 random(11);
  std::vector<Case> cases;
  for (std::size_t i = 0; i < count; ++i) {
    Case c{population.next(), {}};
    c.truth = c.partial;
    complete(rules, rules.schema().household_fields(), c.truth, random);
    for (auto& member : c.truth.members) complete(rules, rules.schema().member_fields(), member, random);
    cases.push_back(std::move(c));
  }
  return cases;
}

void reveal(const ssis::Question& question, const ssis::Household& truth, ssis::Household& household) {
  const std::string& name = question.field->name;
  if (question.member) household.members[*question.member].set(name, *truth.members[*question.member].find(name));
  else household.set(name, *truth.find(name));
}

std::pair<std::size_t, std::size_t> schema_position(const ssis::RuleSet& rules, const ssis::Question& q) {
  const auto level = q.member ? ssis::Level::member : ssis::Level::household;
  return {q.member ? *q.member + 1 : 0, static_cast<std::size_t>(rules.schema().field_index(level, q.field->name))};
}

enum class Order { ranked, missing_in_schema_order, schema_order };

// Every field `household` does not give, in schema order.
std::vector<std::pair<std::optional<std::size_t>, const ssis::FieldInfo*>> form(const ssis::RuleSet& rules, const ssis::Household& household) {
  std::vector<std::pair<std::optional<std::size_t>, const ssis::FieldInfo*>> out;
  const auto unanswered = [](const ssis::InputRecord& record, const ssis::FieldInfo& field) {
    const ssis::InputValue* given = record.find(field.name);
    return !given || std::holds_alternative<std::monostate>(*given);
  };
  for (const auto& field : rules.schema().household_fields())
    if (unanswered(household, field)) out.emplace_back(std::nullopt, &field);
  for (std::size_t m = 0; m < household.members.size(); ++m)
    for (const auto& field : rules.schema().member_fields())
      if (unanswered(household.members[m], field)) out.emplace_back(m, &field);
  return out;
}

// The questions one interview takes to settle 90% of what the true answers settle.
std::size_t interview(ssis::Evaluator& evaluator, const Case& c, Order order) {
  const ssis::RuleSet& rules = evaluator.rules();
  const auto first = evaluator.evaluate(c.partial, day);
  const auto settled_by_truth = evaluator.evaluate(c.truth, day);
  std::vector<std::size_t> open;
  for (std::size_t p = 0; p < first.programmes.size(); ++p)
    if (first.programmes[p].status == ssis::Status::undetermined && settled_by_truth.programmes[p].status != ssis::Status::undetermined)
      open.push_back(p);
  const auto target = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(open.size())));
  ssis::Household household = c.partial;
  auto outcome = first;
  const auto fields = form(rules, household);
  for (std::size_t asked = 0;; ++asked) {
    const auto settled = static_cast<std::size_t>(std::count_if(
        open.begin(), open.end(), [&](std::size_t p) { return outcome.programmes[p].status != ssis::Status::undetermined; }));
    if (settled >= target) return asked;
    const auto questions = evaluator.questions(outcome);
    if (questions.empty()) return asked;  // cannot happen: the true answers settle the open programmes
    if (order == Order::schema_order) {
      if (asked == fields.size()) return asked;  // cannot happen either
      const auto [member, field] = fields[asked];
      const ssis::Question answered{.member = member, .field = field};
      reveal(answered, c.truth, household);
      if (std::none_of(questions.begin(), questions.end(), [&](const ssis::Question& q) {
            return q.member == member && q.field == field;
          }))
        continue;
    } else {
      const auto chosen = order == Order::ranked ? questions.begin()
                                                 : std::min_element(questions.begin(), questions.end(), [&](const auto& a, const auto& b) {
                                                     return schema_position(rules, a) < schema_position(rules, b);
                                                   });
      reveal(*chosen, c.truth, household);
    }
    outcome = evaluator.evaluate(household, day);
  }
}

void BM_EvaluatePartial(benchmark::State& state) {
  ssis::Evaluator evaluator(kr_rules());
  const auto cases = interview_cases(1);
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.evaluate(cases[0].partial, day));
}
BENCHMARK(BM_EvaluatePartial)->Unit(benchmark::kMicrosecond);

void BM_NextQuestions(benchmark::State& state) {
  ssis::Evaluator evaluator(kr_rules());
  const auto cases = interview_cases(1);
  std::size_t count = 0;
  for (auto _ : state) {
    const auto questions = evaluator.questions(evaluator.evaluate(cases[0].partial, day));
    count = questions.size();
    benchmark::DoNotOptimize(questions.data());
  }
  state.counters["questions"] = static_cast<double>(count);
}
BENCHMARK(BM_NextQuestions)->Unit(benchmark::kMicrosecond);

void BM_SimulatedInterview(benchmark::State& state) {
  ssis::Evaluator evaluator(kr_rules());
  const auto cases = interview_cases(interview_households);
  std::vector<std::size_t> asked;
  for (auto _ : state) {
    asked.clear();
    for (const Case& c : cases) asked.push_back(interview(evaluator, c, static_cast<Order>(state.range(0))));
  }
  std::sort(asked.begin(), asked.end());
  double total = 0;
  for (const std::size_t n : asked) total += static_cast<double>(n);
  state.counters["households"] = static_cast<double>(asked.size());
  state.counters["mean_questions"] = total / static_cast<double>(asked.size());
  state.counters["median_questions"] = static_cast<double>(asked[asked.size() / 2]);
}
BENCHMARK(BM_SimulatedInterview)->ArgName("order")->Arg(0)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
