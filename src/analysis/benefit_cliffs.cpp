#include "analysis/benefit_cliffs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <regex>

#include "analysis/plan_translation.hpp"
#include "analysis/symbolic_household.hpp"
#include "model/rule_model.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace ssis::analysis {
namespace {

constexpr std::size_t max_cliffs_per_programme = 1000;
constexpr std::size_t sweep_block = 1024;
constexpr std::int64_t max_sweep = 10'000'000;  // a few minutes of the engine on rules/kr

Status status_of(const z3::expr& value) {
  std::int64_t raw = 0;
  if (!value.is_numeral_i64(raw) || raw < 0 || raw > 3) throw std::logic_error("a status is not 0 to 3");
  return static_cast<Status>(raw);
}

}  // namespace

namespace {

Status status_of_criteria(const std::vector<CriterionOutcome>& criteria) {
  Knowledge flags = Knowledge::known;
  for (const CriterionOutcome& c : criteria) {
    if (c.value.known() && c.value.raw == 0) return Status::ineligible;
    flags = static_cast<Knowledge>(static_cast<int>(flags) | static_cast<int>(c.value.knowledge));
  }
  return flags == Knowledge::error ? Status::error : flags == Knowledge::unknown ? Status::undetermined : Status::eligible;
}

}  // namespace

Status own_status(const ProgrammeOutcome& outcome) {
  if (!outcome.in_force) return Status::ineligible;
  if (outcome.programme->unit == ProgrammeUnit::household) return status_of_criteria(outcome.criteria);
  // Per member: each member's own status (what its criteria say, unless its decision is less
  // settled: whether it is assessed, or its amount, is not known), then the household's.
  bool error = false;
  bool undetermined = false;
  for (const UnitOutcome& unit : outcome.units) {
    Status s = status_of_criteria(unit.criteria);
    if (s == Status::eligible && (unit.status == Status::undetermined || unit.status == Status::error)) s = unit.status;
    if (s == Status::eligible) return Status::eligible;
    error = error || s == Status::error;
    undetermined = undetermined || s == Status::undetermined;
  }
  return error ? Status::error : undetermined ? Status::undetermined : Status::ineligible;
}

CliffReport find_cliffs(const RuleSet& rules, const Household& household, const CliffOptions& options) {
  const Schema& schema = rules.schema();
  CliffReport report;
  int member = -1;
  std::string name = options.vary;
  std::smatch match;
  if (std::regex_match(options.vary, match, std::regex(R"(members\[([0-9]{1,3})\]\.([a-z_][a-z0-9_]*))"))) {
    member = std::stoi(match[1].str());
    name = match[2].str();
    report.level = Level::member;
    if (static_cast<std::size_t>(member) >= household.members.size())
      throw InputError(options.vary, fmt::format("the household has {} member(s)", household.members.size()));
  }
  report.field = schema.field_index(report.level, name);
  if (report.field < 0) throw InputError(options.vary, "no such field in the schema");
  const std::vector<FieldInfo>& fields = report.level == Level::household ? schema.household_fields() : schema.member_fields();
  const FieldInfo& field = fields[static_cast<std::size_t>(report.field)];
  if (field.type.kind != ValueKind::money && field.type.kind != ValueKind::integer)
    throw InputError(options.vary, fmt::format("a field of type {}; only money and whole-number fields are varied", field.type_name));
  report.unit = field.type.kind == ValueKind::money ? Decimal::scale : 1;
  const InputRecord& record = report.level == Level::household ? static_cast<const InputRecord&>(household) : household.members[static_cast<std::size_t>(member)];
  const InputValue* given = record.find(field.name);
  const std::optional<std::int64_t> from = given ? raw_value(schema, field, *given) : field.default_raw;
  if (!from) throw InputError(options.vary, "the household does not give it");
  std::string reason;
  std::optional<std::int64_t> to;
  if (field.type.kind == ValueKind::money) {
    if (const auto d = Decimal::parse(options.up_to)) to = d->raw();
  } else {
    std::int64_t i = 0;
    const auto [end, ec] = std::from_chars(options.up_to.data(), options.up_to.data() + options.up_to.size(), i);
    if (ec == std::errc() && end == options.up_to.data() + options.up_to.size()) to = i;
  }
  if (!to) throw InputError("--up-to", fmt::format("'{}' is not a value of {} ({})", options.up_to, options.vary, field.type_name));
  if (*to < *from) throw InputError("--up-to", fmt::format("{} is below the household's {}", options.up_to, options.vary));
  if (*from % report.unit != 0 || *to % report.unit != 0) throw InputError(options.vary, "money is varied between whole amounts");
  if ((*to - *from) / report.unit >= max_sweep)
    throw InputError("--up-to", fmt::format("the engine's sweep is limited to {} values of {}", max_sweep, options.vary));
  report.from = *from;
  report.to = *to;

  Evaluator evaluator(rules);
  evaluator.evaluate(household, options.date);  // an input error is the household's, before any solving

  z3::context context;
  HouseholdBounds bounds;
  bounds.max_members = static_cast<int>(household.members.size());
  SymbolicHousehold symbolic(context, schema, options.date, bounds);
  symbolic.fix(household, report.level, report.field, member);
  PlanTranslation plan(detail::model_of(rules), options.date, symbolic);
  const z3::expr x = symbolic.variable(report.level, static_cast<std::size_t>(report.field), std::max(member, 0));
  const z3::expr range = x >= context.int_val(report.from) && x <= context.int_val(report.to);
  std::vector<char> reads(rules.programmes().size(), 0);
  for (std::size_t p = 0; p < rules.programmes().size(); ++p) {
    const FieldSet read = fields_read(detail::model_of(rules), programme_registers(detail::model_of(rules), p));
    reads[p] = (report.level == Level::household ? read.household : read.member)[static_cast<std::size_t>(report.field)];
    if (!reads[p]) continue;
    ++report.programmes_reading;
    // Each next change: the least value above the last one where the status differs.
    const z3::expr status = plan.status(p);
    std::int64_t at = report.from;
    const SolverAnswer start = solve(symbolic.domain(), x == context.int_val(at), options.timeout_ms);
    if (!start.model) {
      report.unknown.push_back(p);
      continue;
    }
    Status current = status_of(start.model->eval(status, true));
    for (std::size_t n = 0; n < max_cliffs_per_programme; ++n) {
      z3::optimize search(context);
      search.add(symbolic.domain());
      search.add(range && x > context.int_val(at) && status != context.int_val(static_cast<int>(current)));
      search.minimize(x);
      z3::check_result result = z3::unknown;
      {
        const Deadline deadline(context, options.timeout_ms);
        result = search.check();
      }
      if (result == z3::unsat) break;
      if (result == z3::unknown) {
        report.unknown.push_back(p);
        break;
      }
      const z3::model model = search.get_model();
      if (!model.eval(x, true).is_numeral_i64(at)) throw std::logic_error("the varied value is not a 64-bit number");
      const Status after = status_of(model.eval(status, true));
      report.solver.push_back({p, at, current, after});
      current = after;
    }
  }

  // The engine at every unit of the range.
  std::vector<Status> last(rules.programmes().size(), Status::eligible);
  std::vector<Household> block;
  const auto evaluate_block = [&](std::int64_t first_value) {
    const std::vector<HouseholdOutcome> outcomes = evaluator.evaluate(block, options.date);
    for (std::size_t h = 0; h < outcomes.size(); ++h)
      for (std::size_t p = 0; p < outcomes[h].programmes.size(); ++p) {
        const Status s = own_status(outcomes[h].programmes[p]);
        const std::int64_t value = first_value + static_cast<std::int64_t>(h) * report.unit;
        if (value != report.from && s != last[p]) report.sweep.push_back({p, value, last[p], s});
        last[p] = s;
      }
    report.households_swept += block.size();
    block.clear();
  };
  std::int64_t first_value = report.from;
  for (std::int64_t value = report.from; value <= report.to; value += report.unit) {
    Household h = household;
    InputRecord& target = report.level == Level::household ? static_cast<InputRecord&>(h) : h.members[static_cast<std::size_t>(member)];
    target.set(field.name, field.type.kind == ValueKind::money ? InputValue{Decimal::from_raw(value)} : InputValue{value});
    if (block.empty()) first_value = value;
    block.push_back(std::move(h));
    if (block.size() == sweep_block) evaluate_block(first_value);
    if (value > report.to - report.unit) break;
  }
  if (!block.empty()) evaluate_block(first_value);
  const auto order = [](const Cliff& a, const Cliff& b) { return std::tie(a.programme, a.at) < std::tie(b.programme, b.at); };
  std::sort(report.solver.begin(), report.solver.end(), order);
  std::sort(report.sweep.begin(), report.sweep.end(), order);
  return report;
}

}  // namespace ssis::analysis
