// What was paid and due on each received benefit, month by month since it started.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "columns/household_columns_data.hpp"
#include "eval/decision_dates.hpp"
#include "eval/programme_error_texts.hpp"
#include "model/rule_model.hpp"
#include "ssis/error.hpp"
#include "ssis/over_time.hpp"
#include "ssis/reverify.hpp"

namespace ssis {
namespace {

// One month's decision about a benefit.
struct MonthDecision {
  Status status = Status::ineligible;
  std::optional<Decimal> amount;  // eligible with a known amount
  std::string error;
  bool evaluated = true;  // false: the household could not be evaluated (`error` says why)
};

template <typename Decision>  // BatchDecision, BatchUnitDecision
MonthDecision decided(const BatchHousehold& household, const Decision& decision) {
  return {decision.status,
          decision.amount_knowledge == Knowledge::known ? std::optional(Decimal::from_raw(decision.amount)) : std::nullopt,
          household.detail(decision).error};
}

// The decision on the date of programme `p` for the household (member < 0) or for one
// member; a member it does not assess is not eligible.
MonthDecision decision_on_date(const BatchHousehold& household, std::size_t p, std::int64_t member) {
  const BatchDecision& programme = household.programmes[p];
  if (member < 0) return decided(household, programme);
  const BatchDecisionDetail& detail = household.detail(programme);
  const auto unit = std::find_if(detail.units.begin(), detail.units.end(),
                                 [&](const BatchUnitDecision& u) { return static_cast<std::int64_t>(u.member) == member; });
  return unit == detail.units.end() ? MonthDecision{} : decided(household, *unit);
}

std::string month_of(Date date) { return fmt::format("{:04}-{:02}", date.year(), date.month()); }

Date next_month_start(Date date) {
  return *Date::from_ymd(date.month() == 12 ? date.year() + 1 : date.year(), date.month() % 12 + 1, 1);
}

// Whether `date`, a date of some benefit's monthly_dates, is one of those of a benefit since `since`.
bool in_months_since(Date date, Date since) { return date == since || (date > since && date.day() == 1); }

// The sum due on one benefit so far, or why it is unknown.
struct RunningDue {
  std::size_t months = 0;
  std::int64_t due = 0;  // raw millionths
  std::string unknown;

  void add(const MonthDecision& decision, Date date) {
    if (!unknown.empty()) return;
    if (!decision.evaluated) {
      unknown = fmt::format("not evaluated in {}: {}", month_of(date), decision.error);
      return;
    }
    switch (decision.status) {
      case Status::ineligible:
        return;
      case Status::undetermined:
        unknown = "undetermined in " + month_of(date);
        return;
      case Status::error:
        unknown = decision.error.empty() ? "error in " + month_of(date) : fmt::format("error in {}: {}", month_of(date), decision.error);
        return;
      case Status::eligible:
        if (!decision.amount) unknown = "amount unknown in " + month_of(date);
        else if (!decimal_ops::add(due, decision.amount->raw(), due)) unknown = "the sum overflows";
        return;
    }
  }
};

// A block's households evaluated together on one date, as columns; a household that does not
// fit them leaves its totals unknown.
struct Table {
  HouseholdColumns columns;
  std::vector<std::size_t> households;  // per row: its index in the block
};

Table make_table(const RuleSet& rules, std::span<const MonthlyTotals::Received> block, const std::vector<std::size_t>& households,
                 Date month_start, std::vector<std::vector<RunningDue>>& due) {
  Table table{HouseholdColumns(rules), {}};
  for (const std::size_t h : households) {
    try {
      table.columns.append(*block[h].household);
      table.households.push_back(h);
    } catch (const InputError& e) {
      for (std::size_t k = 0; k < due[h].size(); ++k)
        if (block[h].benefits[k].since < month_start && due[h][k].unknown.empty())
          due[h][k].unknown = fmt::format("not evaluated: {}", e.what());
    }
  }
  return table;
}

// Where `out` holds each programme's decisions: its column among the programmes decided and
// among those assessed per member (-1: not decided, or not assessed per member).
struct DecidedColumns {
  std::vector<int> household;
  std::vector<int> unit;

  void find(const ColumnOutcomes& out, std::size_t programmes) {
    household.assign(programmes, -1);
    unit.assign(programmes, -1);
    for (std::size_t c = 0; c < out.programme_indices.size(); ++c) household[out.programme_indices[c]] = static_cast<int>(c);
    for (std::size_t k = 0; k < out.member_programmes.size(); ++k) unit[out.member_programmes[k]] = static_cast<int>(k);
  }
};

// Some programmes decided on tables of a block's households, each table on some dates.
struct DecidedGroup {
  ColumnOptions options;  // with the programmes selected
  std::optional<detail::DecisionDates> dates;
  DecidedColumns columns;
  std::vector<char> sums;  // per programme of the rule set: whether the group adds its benefits' months
  // The fields its programmes read and those input problems are found in: what a table of
  // some of the months table's households needs.
  detail::CopiedFields copied;
  std::optional<HouseholdColumns> some_households;  // such a table, its buffers reused

  void select(const RuleSet& rules, const std::vector<std::string>& ids) {
    options.programmes = ProgrammeSelection(rules, ids);
    sums.assign(rules.programmes().size(), 0);
    for (const std::string& id : ids) sums[static_cast<std::size_t>(rules.programme_index(id))] = 1;
    const detail::ProgrammeCode& code = detail::RuleSetAccess::code(*options.programmes);
    dates.emplace(detail::model_of(rules), code);
    const auto checked = [](const FieldInfo& field) { return field.required || field.not_after_evaluation_date; };
    const Schema& schema = rules.schema();
    copied.household.assign(schema.household_fields().size(), 0);
    copied.member.assign(schema.member_fields().size(), 0);
    for (std::size_t f = 0; f < copied.household.size(); ++f) copied.household[f] = checked(schema.household_fields()[f]);
    for (std::size_t f = 0; f < copied.member.size(); ++f) copied.member[f] = checked(schema.member_fields()[f]);
    for (const std::size_t f : code.household_fields) copied.household[f] = 1;
    for (const std::size_t f : code.member_fields) copied.member[f] = 1;
  }

  void evaluate(const RuleSet& rules, const HouseholdColumns& table, Date date, unsigned threads, ColumnOutcomes& out) {
    options.date = date;
    options.threads = threads;
    evaluate_columns(rules, table, options, out);
    columns.find(out, rules.programmes().size());
  }
};

// A group's decisions about the benefits of each household of the months table, kept from
// the first day of a month they were worked out on for as long as the household is decided
// alike (DecisionDates).
struct KeptDecisions {
  std::vector<std::optional<Date>> decided_on;      // per row; none: to be decided (an input problem, or not yet)
  std::vector<std::vector<MonthDecision>> benefits;  // per row, per benefit of its household
  std::vector<std::size_t> rows;                     // the rows decided on the month at hand
};

// The decision in `out` (row r) about `benefit`, whose programme it decided.
MonthDecision column_decision(const ColumnOutcomes& out, std::size_t r, const Benefit& benefit, const DecidedColumns& columns) {
  if (!out.input_errors[r].empty()) return {Status::error, std::nullopt, out.input_errors[r], false};
  const auto known = [](Knowledge knowledge, std::int64_t amount) {
    return knowledge == Knowledge::known ? std::optional(Decimal::from_raw(amount)) : std::nullopt;
  };
  const auto p = static_cast<std::size_t>(benefit.programme);
  if (benefit.member < 0) {
    const std::size_t entry = r * out.programmes + static_cast<std::size_t>(columns.household[p]);
    return {out.status[entry], known(out.amount_knowledge[entry], out.amount[entry]), {}};
  }
  const std::size_t entry = (out.member_offsets[r] + static_cast<std::size_t>(benefit.member)) * out.member_programmes.size() +
                            static_cast<std::size_t>(columns.unit[p]);
  if (out.unit_assessed[entry] == 0) return {};
  return {out.unit_status[entry], known(out.unit_amount_knowledge[entry], out.unit_amount[entry]), {}};
}

}  // namespace

MonthlyTotals::MonthlyTotals(const RuleSet& rules, Date date, unsigned threads)
    : rules_(rules), date_(date), month_start_(*Date::from_ymd(date.year(), date.month(), 1)), threads_(threads),
      reads_date_directly_(rules.programmes().size(), -1),
      error_texts_(std::make_unique<detail::ProgrammeErrorTexts>(rules)) {}

MonthlyTotals::MonthlyTotals(MonthlyTotals&&) noexcept = default;
MonthlyTotals::~MonthlyTotals() = default;

std::string MonthlyTotals::error_text(const Household& household, Date date, const Benefit& benefit, const ProgrammeSelection& selection,
                                      bool& traced) {
  if (!traced) {
    try {
      error_texts_->run(household, date, detail::RuleSetAccess::code(selection));
    } catch (const InputError& e) {
      return e.what();
    }
    traced = true;
  }
  return error_texts_->text(static_cast<std::size_t>(benefit.programme), benefit.member);
}

bool MonthlyTotals::reads_date_directly(std::size_t programme) {
  if (reads_date_directly_[programme] < 0) {
    const std::string ids[] = {rules_.programmes()[programme].id};
    const ProgrammeSelection selection(rules_, ids);
    reads_date_directly_[programme] =
        detail::DecisionDates(detail::model_of(rules_), detail::RuleSetAccess::code(selection)).reads_date_directly() ? 1 : 0;
  }
  return reads_date_directly_[programme] != 0;
}

void MonthlyTotals::add(std::span<const Received> block) {
  const std::vector<ProgrammeInfo>& programmes = rules_.programmes();
  std::vector<std::vector<RunningDue>> running(block.size());
  std::vector<std::size_t> monthly;                  // households evaluated on first days of months
  std::optional<Date> first_month;                   // the earliest of those days
  std::map<Date, std::vector<std::size_t>> own_dates;  // a since that is not a first day: the households that need it
  // The programmes of the benefits evaluated again: [1] those whose decisions read the date
  // directly, [0] the others.
  std::array<std::vector<std::string>, 2> summed;
  for (std::size_t h = 0; h < block.size(); ++h) {
    running[h].resize(block[h].benefits.size());
    bool needs_months = false;
    for (std::size_t k = 0; k < block[h].benefits.size(); ++k) {
      const Benefit& benefit = block[h].benefits[k];
      const ProgrammeInfo& programme = programmes[static_cast<std::size_t>(benefit.programme)];
      RunningDue& d = running[h][k];
      d.months = static_cast<std::size_t>((date_.year() - benefit.since.year()) * 12 + date_.month() - benefit.since.month() + 1);
      if (programme.amount_formula.empty()) {
        d.unknown = "the programme states no amount";
      } else if (programme.amount_period != AmountPeriod::month) {
        d.unknown = fmt::format("period {}", programme.amount_period ? to_string(*programme.amount_period) : "none");
      } else if (d.months > max_months) {
        d.unknown = fmt::format("{} months since {}; at most {} are summed", d.months, benefit.since.to_string(), max_months);
      } else if (benefit.since < month_start_) {
        std::vector<std::string>& ids = summed[reads_date_directly(static_cast<std::size_t>(benefit.programme))];
        if (std::find(ids.begin(), ids.end(), programme.id) == ids.end()) ids.push_back(programme.id);
        const Date first = benefit.since.day() == 1 ? benefit.since : next_month_start(benefit.since);
        if (first < month_start_) {
          needs_months = true;
          if (!first_month || first < *first_month) first_month = first;
        }
        if (benefit.since.day() != 1) {
          std::vector<std::size_t>& households = own_dates[benefit.since];
          if (households.empty() || households.back() != h) households.push_back(h);
        }
      }
    }
    if (needs_months) monthly.push_back(h);
  }

  // Each benefit's months before the date's month: each household of a table on a date. Only
  // those programmes (and the programmes their relations tie them to) are decided. On the
  // first days of months, a household is decided again only when one of its benefits is due
  // and its decisions may have changed since they were last worked out (DecisionDates): a
  // parameter's table, a programme coming into force, a birthday. The programmes that read
  // the date directly are decided apart, every household every month.
  std::array<DecidedGroup, 2> month_groups;
  for (std::size_t g = 0; g < summed.size(); ++g)
    if (!summed[g].empty()) month_groups[g].select(rules_, summed[g]);
  DecidedGroup own_group;
  if (!own_dates.empty()) {
    std::vector<std::string> every = summed[0];
    every.insert(every.end(), summed[1].begin(), summed[1].end());
    own_group.select(rules_, every);
  }
  // Whether benefit k of household h is summed by `group`, its total not unknown yet.
  const auto summed_by = [&](std::size_t h, std::size_t k, const DecidedGroup& group) {
    const Benefit& benefit = block[h].benefits[k];
    return benefit.since < month_start_ && running[h][k].unknown.empty() && group.sums[static_cast<std::size_t>(benefit.programme)] != 0;
  };
  // The same and due on the first day of a month (a month of monthly_dates(since, date)).
  const auto due_on_month = [&](std::size_t h, std::size_t k, Date month, const DecidedGroup& group) {
    return block[h].benefits[k].since <= month && summed_by(h, k, group);
  };
  const auto add = [&](std::size_t h, std::size_t k, MonthDecision decision, Date date, const DecidedGroup& group, bool& traced) {
    if (decision.status == Status::error && decision.error.empty())
      decision.error = error_text(*block[h].household, date, block[h].benefits[k], *group.options.programmes, traced);
    running[h][k].add(decision, date);
  };
  // In date order, so that the month a total is unknown from is the first such month.
  const std::optional<Table> months = first_month ? std::optional(make_table(rules_, block, monthly, month_start_, running)) : std::nullopt;
  std::array<KeptDecisions, 2> kept;
  if (months)
    for (KeptDecisions& k : kept) {
      k.decided_on.assign(months->households.size(), std::nullopt);
      k.benefits.resize(months->households.size());
      for (std::size_t r = 0; r < months->households.size(); ++r) k.benefits[r].resize(block[months->households[r]].benefits.size());
    }
  // The months table on `month`, for one group.
  const auto decide_month = [&](Date month, DecidedGroup& group, KeptDecisions& kept_decisions, ColumnOutcomes& out) {
    const detail::Block& households = detail::ColumnsAccess::data(months->columns).block;
    kept_decisions.rows.clear();
    for (std::size_t r = 0; r < months->households.size(); ++r) {
      const std::size_t h = months->households[r];
      bool any_due = false;
      for (std::size_t k = 0; k < block[h].benefits.size() && !any_due; ++k) any_due = due_on_month(h, k, month, group);
      const std::optional<Date>& decided_on = kept_decisions.decided_on[r];
      if (any_due && !(decided_on && group.dates->same_decisions(households, r, *decided_on, month))) kept_decisions.rows.push_back(r);
    }
    if (!kept_decisions.rows.empty()) {
      const bool every_row = kept_decisions.rows.size() == months->households.size();
      if (!every_row) {
        if (!group.some_households) group.some_households.emplace(rules_);
        detail::copy_households(detail::ColumnsAccess::data(months->columns), kept_decisions.rows, &group.copied,
                                detail::ColumnsAccess::data(*group.some_households));
      }
      group.evaluate(rules_, every_row ? months->columns : *group.some_households, month, threads_, out);
      for (std::size_t i = 0; i < kept_decisions.rows.size(); ++i) {
        const std::size_t r = kept_decisions.rows[i];
        const std::size_t h = months->households[r];
        kept_decisions.decided_on[r] = out.input_errors[i].empty() ? std::optional(month) : std::nullopt;
        for (std::size_t k = 0; k < block[h].benefits.size(); ++k)
          if (group.sums[static_cast<std::size_t>(block[h].benefits[k].programme)] != 0 && block[h].benefits[k].since < month_start_)
            kept_decisions.benefits[r][k] = column_decision(out, i, block[h].benefits[k], group.columns);
      }
    }
    for (std::size_t r = 0; r < months->households.size(); ++r) {
      const std::size_t h = months->households[r];
      bool traced = false;  // on `month`, once one of its benefits needs an error's text
      for (std::size_t k = 0; k < block[h].benefits.size(); ++k)
        if (due_on_month(h, k, month, group)) add(h, k, kept_decisions.benefits[r][k], month, group, traced);
    }
  };
  // A household alone on a date of its own is made into a table once, for all its dates.
  std::vector<std::optional<Table>> alone(block.size());
  std::optional<Table> together;
  const auto table_of = [&](const std::vector<std::size_t>& households) -> const Table& {
    if (households.size() > 1) return together.emplace(make_table(rules_, block, households, month_start_, running));
    std::optional<Table>& table = alone[households.front()];
    if (!table) table.emplace(make_table(rules_, block, households, month_start_, running));
    return *table;
  };
  Date month = first_month.value_or(month_start_);
  for (auto own = own_dates.begin(); month < month_start_ || own != own_dates.end();) {
    if (own != own_dates.end() && (month >= month_start_ || own->first < month)) {
      const Table& table = table_of(own->second);
      own_group.evaluate(rules_, table.columns, own->first, 1, own_outcomes_);
      for (std::size_t r = 0; r < table.households.size(); ++r) {
        const std::size_t h = table.households[r];
        bool traced = false;
        for (std::size_t k = 0; k < block[h].benefits.size(); ++k)
          if (in_months_since(own->first, block[h].benefits[k].since) && summed_by(h, k, own_group)) add(h, k, column_decision(own_outcomes_, r, block[h].benefits[k], own_group.columns), own->first, own_group, traced);
      }
      ++own;
    } else {
      for (std::size_t g = 0; g < month_groups.size(); ++g)
        if (month_groups[g].options.programmes) decide_month(month, month_groups[g], kept[g], month_outcomes_[g]);
      month = next_month_start(month);
    }
  }

  for (std::size_t h = 0; h < block.size(); ++h) {
    for (std::size_t k = 0; k < block[h].benefits.size(); ++k) {
      const Benefit& benefit = block[h].benefits[k];
      RunningDue& d = running[h][k];
      d.add(decision_on_date(*block[h].decisions, static_cast<std::size_t>(benefit.programme), benefit.member), date_);
      FindingRow& row = block[h].rows[k];
      row.months = d.months;
      std::int64_t paid = 0;
      if (!__builtin_mul_overflow(benefit.monthly_amount.raw(), static_cast<std::int64_t>(d.months), &paid))
        row.paid_total = Decimal::from_raw(paid);
      else if (d.unknown.empty())
        d.unknown = "the sum overflows";
      std::int64_t owed = 0;
      if (d.unknown.empty() && !decimal_ops::subtract(paid, d.due, owed)) d.unknown = "the difference overflows";
      if (!d.unknown.empty()) {
        row.reasons += (row.reasons.empty() ? "" : " | ") + ("totals_unknown: " + d.unknown);
        continue;
      }
      row.due_total = Decimal::from_raw(d.due);
      row.owed = Decimal::from_raw(owed);
    }
  }
}

}  // namespace ssis
