#include "eval/outcome_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "check/symbols.hpp"

namespace ssis::detail {
namespace {

class MissingFacts {
 public:
  MissingFacts(const RuleModel& model, const Block& block, const Registers& registers)
      : model_(model), plan_(model.plan), block_(block), registers_(registers) {}

  void collect(std::int32_t reg, std::size_t row) {
    if (reg < 0) return;
    const Column& column = registers_.columns[static_cast<std::size_t>(reg)];
    if (column.knowledge[row] != Knowledge::unknown) return;
    if (!visited_.insert({reg, row}).second) return;
    const Instruction& ins = plan_.code[static_cast<std::size_t>(reg)];
    switch (ins.op) {
      case OpCode::household_field:
        facts_.insert(model_.schema.household_fields()[static_cast<std::size_t>(ins.a)].name);
        return;
      case OpCode::member_field: {
        const std::uint32_t h = block_.member_household[row];
        facts_.insert(fmt::format("members[{}].{}", row - block_.member_offsets[h],
                                  model_.schema.member_fields()[static_cast<std::size_t>(ins.a)].name));
        return;
      }
      case OpCode::broadcast: collect(ins.a, block_.member_household[row]); return;
      case OpCode::parameter:
        for (std::uint32_t j = 0; j < ins.list_count; ++j)
          collect(static_cast<std::int32_t>(plan_.pool[ins.list_begin + j]), row);
        return;
      case OpCode::count_members:
      case OpCode::sum_members:
      case OpCode::min_members:
      case OpCode::max_members:
      case OpCode::any_members:
      case OpCode::all_members:
        for (std::uint32_t m = block_.member_offsets[row]; m < block_.member_offsets[row + 1]; ++m) {
          collect(ins.a, m);
          collect(ins.b, m);
        }
        return;
      default:
        collect(ins.a, row);
        collect(ins.b, row);
        collect(ins.c, row);
        return;
    }
  }

  std::vector<std::string> take() { return {facts_.begin(), facts_.end()}; }

 private:
  const RuleModel& model_;
  const Plan& plan_;
  const Block& block_;
  const Registers& registers_;
  std::set<std::pair<std::int32_t, std::size_t>> visited_;
  std::set<std::string> facts_;
};

bool is_comparison(Operator op) {
  return op == Operator::equal || op == Operator::not_equal || op == Operator::less || op == Operator::less_equal ||
         op == Operator::greater || op == Operator::greater_equal;
}

class Explainer {
 public:
  Explainer(const RuleModel& model, const Registers& registers, std::size_t row)
      : model_(model), registers_(registers), row_(row) {}

  CriterionExplanation criterion(const Expr& condition, const ExpressionText& text) {
    CriterionExplanation out;
    walk(condition, text, out);
    return out;
  }

  std::vector<ExplainedValue> values(const Expr& root, const ExpressionText& text) {
    CriterionExplanation out;
    walk(root, text, out);
    return std::move(out.values);
  }

 private:
  Value value_of(const Expr& e) const { return register_value(model_, registers_, e.reg, e.type, row_); }

  static std::string source(const Expr& e, const ExpressionText& text) { return text.text.substr(e.begin, e.end - e.begin); }

  void walk(const Expr& e, const ExpressionText& text, CriterionExplanation& out) {
    if (e.level != Level::household || e.reg < 0) return;  // per-member values are not listed
    if (e.kind == NodeKind::binary && is_comparison(e.op)) {
      const Expr& left = *e.args[0];
      const Expr& right = *e.args[1];
      ExplainedComparison c;
      c.expression = source(e, text);
      c.op = operator_text(e.op);
      c.left = value_of(left);
      c.right = value_of(right);
      c.result = value_of(e);
      c.margin = margin(e.op, left, right, c.left, c.right);
      out.comparisons.push_back(std::move(c));
    }
    if (e.kind == NodeKind::name || e.kind == NodeKind::index ||
        (e.kind == NodeKind::call && e.args.size() >= 1 && e.args[0]->reference == Reference::members)) {
      const std::string expression = source(e, text);
      if (seen_.insert(expression).second) out.values.push_back({expression, value_of(e)});
      if (e.kind != NodeKind::index) return;
    }
    for (const auto& child : e.args) walk(*child, text, out);
  }

  static std::optional<Value> margin(Operator op, const Expr& left, const Expr& right, const Value& l, const Value& r) {
    if (!l.known() || !r.known() || !is_numeric(left.type.kind) || !is_numeric(right.type.kind)) return std::nullopt;
    if (op == Operator::equal || op == Operator::not_equal) return std::nullopt;
    // Bring both sides to one scale: an int beside a decimal or money is scaled.
    const bool scaled = left.type.kind != ValueKind::integer || right.type.kind != ValueKind::integer;
    auto raw = [&](const Expr& e, const Value& v) {
      return scaled && e.type.kind == ValueKind::integer ? static_cast<__int128>(v.raw) * Decimal::scale : static_cast<__int128>(v.raw);
    };
    const __int128 difference = (op == Operator::less || op == Operator::less_equal) ? raw(right, r) - raw(left, l)
                                                                                      : raw(left, l) - raw(right, r);
    if (difference > INT64_MAX || difference < INT64_MIN) return std::nullopt;
    Value m;
    m.kind = !scaled ? ValueKind::integer
                     : (left.type.kind == ValueKind::money || right.type.kind == ValueKind::money ? ValueKind::money : ValueKind::decimal);
    m.knowledge = Knowledge::known;
    m.raw = static_cast<std::int64_t>(difference);
    return m;
  }

  const RuleModel& model_;
  const Registers& registers_;
  std::size_t row_;
  std::set<std::string> seen_;
};

void apply_relations(const RuleModel& model, HouseholdOutcome& outcome) {
  auto& programmes = outcome.programmes;
  for (int r : model.requires_order) {
    const RelationModel& relation = model.relations[static_cast<std::size_t>(r)];
    ProgrammeOutcome& dependent = programmes[static_cast<std::size_t>(relation.dependent)];
    for (int q : relation.required) {
      const ProgrammeOutcome& required = programmes[static_cast<std::size_t>(q)];
      if (dependent.status != Status::eligible && dependent.status != Status::undetermined) break;
      if (required.status == Status::ineligible || required.status == Status::error) {
        dependent.status = Status::ineligible;
        dependent.required_missing = required.programme->id;
      } else if (required.status == Status::undetermined) {
        dependent.status = Status::undetermined;
        dependent.missing.insert(dependent.missing.end(), required.missing.begin(), required.missing.end());
        std::sort(dependent.missing.begin(), dependent.missing.end());
        dependent.missing.erase(std::unique(dependent.missing.begin(), dependent.missing.end()), dependent.missing.end());
      }
    }
  }
  for (std::size_t r = 0; r < model.relations.size(); ++r) {
    const RelationModel& relation = model.relations[r];
    const RelationInfo& info = model.relation_infos[r];
    if (info.kind != RelationKind::exclusive) continue;
    int kept = -1;
    for (int p : relation.programmes) {
      const ProgrammeOutcome& candidate = programmes[static_cast<std::size_t>(p)];
      if (candidate.status != Status::eligible) continue;
      if (kept < 0) {
        kept = p;
        continue;
      }
      if (!info.keep_highest_amount) continue;
      const ProgrammeOutcome& best = programmes[static_cast<std::size_t>(kept)];
      if (candidate.amount.known() && (!best.amount.known() || candidate.amount.raw > best.amount.raw)) kept = p;
    }
    if (kept < 0) continue;
    for (int p : relation.programmes) {
      ProgrammeOutcome& other = programmes[static_cast<std::size_t>(p)];
      if (p == kept || other.status != Status::eligible) continue;
      other.status = Status::ineligible;
      other.excluded_by = info.id;
      other.kept_instead = programmes[static_cast<std::size_t>(kept)].programme->id;
    }
  }
}

}  // namespace

Value register_value(const RuleModel& model, const Registers& registers, std::int32_t reg, ValueType type, std::size_t row) {
  Value v;
  v.kind = type.kind;
  if (reg < 0) return v;
  const Column& column = registers.columns[static_cast<std::size_t>(reg)];
  v.knowledge = column.knowledge[row];
  v.raw = column.values[row];
  if (type.kind == ValueKind::enumeration && type.enum_index >= 0)
    v.enum_values = &model.schema.enums()[static_cast<std::size_t>(type.enum_index)].values;
  return v;
}

HouseholdOutcome build_outcome(const RuleModel& model, const Block& block, const Registers& registers, std::size_t row,
                               Date date, bool explain) {
  HouseholdOutcome outcome;
  outcome.household_id = block.ids[row];
  outcome.receipt = {model.id, model.fingerprint, date};
  outcome.explained = explain;
  outcome.programmes.reserve(model.programmes.size());
  constexpr ValueType boolean{ValueKind::boolean, -1};
  constexpr ValueType money{ValueKind::money, -1};
  for (std::size_t p = 0; p < model.programmes.size(); ++p) {
    const ProgrammeInfo& info = model.programme_infos[p];
    const ProgrammePlan& plan = model.plan.programmes[p];
    const ProgrammeModel& programme = model.programmes[p];
    ProgrammeOutcome out;
    out.programme = &info;
    out.in_force = (!info.active_from || *info.active_from <= date) && (!info.active_to || date <= *info.active_to);
    bool any_false = false;
    bool any_error = false;
    bool any_unknown = false;
    for (std::size_t c = 0; c < plan.criteria.size(); ++c) {
      CriterionOutcome criterion;
      criterion.criterion = &info.criteria[c];
      criterion.value = register_value(model, registers, plan.criteria[c], boolean, row);
      if (criterion.value.knowledge == Knowledge::known && criterion.value.raw == 0) any_false = true;
      if (criterion.value.knowledge == Knowledge::error) any_error = true;
      if (criterion.value.knowledge == Knowledge::unknown) any_unknown = true;
      if (explain) {
        Explainer explainer(model, registers, row);
        criterion.explanation = explainer.criterion(*programme.criteria[c].condition, programme.criteria[c].text);
      }
      out.criteria.push_back(std::move(criterion));
    }
    if (!out.in_force || any_false) out.status = Status::ineligible;
    else if (any_error) out.status = Status::error;
    else if (any_unknown) out.status = Status::undetermined;
    else out.status = Status::eligible;

    out.amount.kind = ValueKind::money;
    if (plan.amount >= 0 && (out.status == Status::eligible || out.status == Status::undetermined)) {
      out.amount = register_value(model, registers, plan.amount, money, row);
      if (out.amount.knowledge == Knowledge::error) out.status = Status::error;
      if (explain) {
        Explainer explainer(model, registers, row);
        out.amount_explanation = explainer.values(*programme.amount, programme.amount_text);
      }
    }
    if (out.status == Status::error) out.error = registers.household_errors[row];
    if (out.status == Status::undetermined || (out.status == Status::eligible && out.amount.knowledge == Knowledge::unknown && plan.amount >= 0)) {
      MissingFacts missing(model, block, registers);
      for (std::size_t c = 0; c < plan.criteria.size(); ++c) missing.collect(plan.criteria[c], row);
      missing.collect(plan.amount, row);
      out.missing = missing.take();
    }
    outcome.programmes.push_back(std::move(out));
  }
  apply_relations(model, outcome);
  return outcome;
}

}  // namespace ssis::detail
