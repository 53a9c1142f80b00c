#include "ssis/impact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/error.hpp"
#include "whatif/amount_periods.hpp"
#include "support/parallel_for.hpp"
#include "whatif/block_reader.hpp"
#include "whatif/household_income.hpp"

namespace ssis {
namespace {

constexpr __int128 weight_to_exact = 1'000'000'000'000;  // a weight in millionths, as a count in 10^-18
constexpr std::size_t max_block_size = 65'536;
constexpr std::size_t blocks_read_ahead = 2;

// The rule set's schema plus the weight as a household field, so that CSV reads its column.
Schema schema_with_weight(const Schema& schema, const std::string& weight) {
  SchemaBuilder builder;
  for (const EnumInfo& info : schema.enums()) builder.add_enum(info);
  for (const FieldInfo& field : schema.household_fields()) builder.add_field(field);
  for (const FieldInfo& field : schema.member_fields()) builder.add_field(field);
  FieldInfo field;
  field.name = weight;
  field.type.kind = ValueKind::decimal;
  field.type_name = "decimal";
  field.min_raw = 0;
  builder.add_field(std::move(field));
  return builder.build();
}

// Takes the weight out of the household record: its value in millionths, 1 when absent.
std::int64_t take_weight(Household& household, const std::string& name) {
  auto found = std::find_if(household.fields.begin(), household.fields.end(), [&](const auto& f) { return f.first == name; });
  if (found == household.fields.end()) return Decimal::scale;
  const InputValue value = found->second;
  household.fields.erase(found);
  std::int64_t raw = 0;
  if (const auto* decimal = std::get_if<Decimal>(&value)) raw = decimal->raw();
  else if (const auto* whole = std::get_if<std::int64_t>(&value); whole && *whole <= Decimal::max_whole && *whole >= 0)
    raw = *whole * Decimal::scale;
  else if (std::holds_alternative<std::monostate>(value)) throw InputError(name, "the weight is empty");
  else throw InputError(name, "the weight must be a number from 0");
  if (raw < 0) throw InputError(name, "the weight must not be negative");
  return raw;
}

// A programme of either rule set, by id.
struct UnionProgramme {
  int baseline = -1;
  int reform = -1;
  std::int64_t take_up_raw = Decimal::scale;
  std::size_t ministry = 0;
};

class ImpactRun {
 public:
  ImpactRun(const RuleSet& baseline, const RuleSet& reform, const ImpactOptions& options, const ImpactSinks& sinks)
      : baseline_(baseline), reform_(reform), options_(options), sinks_(sinks),
        income_(baseline.schema(), options.income_fields) {
    if (options.income_fields.empty())
      throw InputError("--income", "name the money fields that make up a household's income, to rank households into deciles");
    if (!(baseline.schema() == reform.schema()))
      throw std::invalid_argument("the baseline and the reform declare different input fields");
    if (baseline.schema().find_field(Level::household, options.weight_field) ||
        baseline.schema().find_field(Level::member, options.weight_field))
      throw InputError("--weight", fmt::format("'{}' is a field of the rule set; name the weight column otherwise", options.weight_field));
    if (options.block_size == 0 || options.block_size > max_block_size)
      throw std::invalid_argument(fmt::format("block_size must be from 1 to {}", max_block_size));
    index_programmes();
  }

  void add(std::vector<SourceItem> block) {
    block_ = std::move(block);
    flush();
  }

  ImpactResult finish() {
    rank_deciles();
    return std::move(result_);
  }

 private:
  struct Evaluated {
    std::size_t item = 0;
    std::int64_t weight = 0;
    std::optional<std::int64_t> income;
  };

  struct DecileEntry {
    std::int64_t income = 0;
    std::int64_t weight = 0;
    std::int64_t change = 0;
  };

  // What one worker adds up from its share of a block, merged into the result in input order.
  struct Tally {
    std::size_t evaluated = 0;
    ExactSum weighted, gaining, losing;
    std::vector<ProgrammeImpact> programmes;  // the sums only
    std::vector<ExactSum> ministry_gaining, ministry_losing;
    std::vector<DecileEntry> deciles;
    DecileImpact unknown_income;
    std::vector<std::pair<std::size_t, HouseholdChange>> changes;  // by item
    std::vector<std::pair<std::size_t, std::string>> errors;       // by item
    std::vector<bool> gained_in_ministry, lost_in_ministry;
    ColumnOutcomes baseline_out, reform_out;  // reused from block to block
  };

  void index_programmes() {
    std::map<std::string, std::size_t> ministries;
    auto add_programme = [&](const ProgrammeInfo& info, bool reform, int index) {
      auto found = std::find_if(result_.programmes.begin(), result_.programmes.end(), [&](const auto& p) { return p.id == info.id; });
      if (found == result_.programmes.end()) {
        ProgrammeImpact& added = result_.programmes.emplace_back();
        added.id = info.id;
        added.ministry = info.display_ministry();
        programmes_.emplace_back();
        found = result_.programmes.end() - 1;
      }
      UnionProgramme& u = programmes_[static_cast<std::size_t>(found - result_.programmes.begin())];
      (reform ? u.reform : u.baseline) = index;
      (reform ? found->in_reform : found->in_baseline) = true;
      if (reform || !found->period) found->period = info.amount_period;
    };
    for (std::size_t p = 0; p < baseline_.programmes().size(); ++p) add_programme(baseline_.programmes()[p], false, static_cast<int>(p));
    for (std::size_t p = 0; p < reform_.programmes().size(); ++p) add_programme(reform_.programmes()[p], true, static_cast<int>(p));
    for (const auto& entry : options_.take_up) {
      const auto& [id, rate] = entry;
      auto found = std::find_if(result_.programmes.begin(), result_.programmes.end(),
                                [&](const auto& p) { return p.id == entry.first; });
      if (found == result_.programmes.end()) throw InputError("--take-up", fmt::format("'{}' is not a programme of the rule set or the reform", id));
      if (rate.raw() < 0 || rate.raw() > Decimal::scale)
        throw InputError("--take-up", fmt::format("{}: the rate {} is not from 0 to 1", id, rate.to_string()));
      found->take_up = rate;
      programmes_[static_cast<std::size_t>(found - result_.programmes.begin())].take_up_raw = rate.raw();
    }
    for (const auto& p : result_.programmes) ministries.emplace(p.ministry, 0);
    for (auto& [name, index] : ministries) {
      index = result_.ministries.size();
      result_.ministries.emplace_back().ministry = name;
    }
    for (std::size_t u = 0; u < programmes_.size(); ++u) programmes_[u].ministry = ministries.at(result_.programmes[u].ministry);
  }

  void input_error(const SourceItem& item, std::string reason) {
    ++result_.input_error_count;
    ImpactInputError error{item.household.id, item.line, std::move(reason)};
    if (sinks_.error) sinks_.error(error);
    if (result_.input_errors.size() < max_listed_input_errors) result_.input_errors.push_back(std::move(error));
  }

  // The block in as many shares as there are workers, each read into one table, evaluated
  // under both rule sets and added up on its own thread; then merged, and its changes and
  // errors passed on, in input order.
  void flush() {
    if (block_.empty()) return;
    const std::size_t workers = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t shares = std::min(workers, block_.size());
    tallies_.resize(shares);
    detail::parallel_for(shares, 1, [&](std::size_t s) {
      tally_share(s * block_.size() / shares, (s + 1) * block_.size() / shares, tallies_[s]);
    });
    for (Tally& t : tallies_) merge(t);
    result_.households_read += block_.size();
    block_.clear();
  }

  void tally_share(std::size_t first, std::size_t last, Tally& t) {
    t.programmes.assign(programmes_.size(), ProgrammeImpact{});
    t.ministry_gaining.assign(result_.ministries.size(), ExactSum{});
    t.ministry_losing.assign(result_.ministries.size(), ExactSum{});
    HouseholdColumns table(baseline_);  // the reform's schema is the baseline's
    std::vector<Evaluated> evaluated;
    for (std::size_t i = first; i < last; ++i) {
      SourceItem& item = block_[i];
      if (!item.error.empty()) {
        t.errors.emplace_back(i, item.error);
      } else if (item.first_seen_line != 0) {
        t.errors.emplace_back(i, fmt::format("rows of this household came earlier, first at line {}, with other households between",
                                             item.first_seen_line));
      } else {
        try {
          Evaluated e{i, take_weight(item.household, options_.weight_field), income_.of(item.household).raw};
          table.append(item.household);
          evaluated.push_back(e);
        } catch (const InputError& e) {
          t.errors.emplace_back(i, fmt::format("{}: {}", e.path(), e.reason()));
        }
      }
    }
    if (evaluated.empty()) return;
    const ColumnOptions column_options{.date = options_.date, .threads = 1};
    evaluate_columns(baseline_, table, column_options, t.baseline_out);
    evaluate_columns(reform_, table, column_options, t.reform_out);
    for (std::size_t h = 0; h < evaluated.size(); ++h) {
      if (t.baseline_out.input_errors[h].empty()) tally(block_[evaluated[h].item], evaluated[h], h, t);
      else t.errors.emplace_back(evaluated[h].item, t.baseline_out.input_errors[h]);
    }
    std::sort(t.errors.begin(), t.errors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  void tally(const SourceItem& item, const Evaluated& e, std::size_t h, Tally& t) {
    ++t.evaluated;
    const __int128 weight = static_cast<__int128>(e.weight) * weight_to_exact;
    t.weighted.raw += weight;
    t.gained_in_ministry.assign(result_.ministries.size(), false);
    t.lost_in_ministry.assign(result_.ministries.size(), false);
    HouseholdChange change;
    std::int64_t baseline_monthly = 0, reform_monthly = 0;
    for (std::size_t u = 0; u < programmes_.size(); ++u) {
      const UnionProgramme& up = programmes_[u];
      ProgrammeImpact& sums = t.programmes[u];
      const bool was = up.baseline >= 0 && decide(baseline_, t.baseline_out, h, up.baseline, e.weight, up.take_up_raw,
                                                    sums.baseline_eligible, sums.baseline_cost, baseline_monthly);
      const bool is = up.reform >= 0 && decide(reform_, t.reform_out, h, up.reform, e.weight, up.take_up_raw,
                                                sums.reform_eligible, sums.reform_cost, reform_monthly);
      if (was == is) continue;
      (is ? sums.gaining : sums.losing).raw += weight;
      (is ? t.gained_in_ministry : t.lost_in_ministry)[up.ministry] = true;
      (is ? change.gained : change.lost).push_back(result_.programmes[u].id);
    }
    if (!change.gained.empty()) t.gaining.raw += weight;
    if (!change.lost.empty()) t.losing.raw += weight;
    for (std::size_t m = 0; m < result_.ministries.size(); ++m) {
      if (t.gained_in_ministry[m]) t.ministry_gaining[m].raw += weight;
      if (t.lost_in_ministry[m]) t.ministry_losing[m].raw += weight;
    }
    const std::int64_t difference = reform_monthly - baseline_monthly;
    if (e.income) t.deciles.push_back({*e.income, e.weight, difference});
    else add_to_decile(t.unknown_income, e.weight, difference, std::nullopt);
    if (!sinks_.change || (difference == 0 && change.gained.empty() && change.lost.empty())) return;
    change.id = item.household.id;
    change.line = item.line;
    change.weight = Decimal::from_raw(e.weight);
    if (e.income) change.income = Decimal::from_raw(*e.income);
    change.baseline_monthly = Decimal::from_raw(baseline_monthly);
    change.reform_monthly = Decimal::from_raw(reform_monthly);
    t.changes.emplace_back(e.item, std::move(change));
  }

  void merge(Tally& t) {
    result_.evaluated += t.evaluated;
    result_.weighted_households.raw += t.weighted.raw;
    result_.households_gaining.raw += t.gaining.raw;
    result_.households_losing.raw += t.losing.raw;
    for (std::size_t u = 0; u < t.programmes.size(); ++u) {
      ProgrammeImpact& to = result_.programmes[u];
      const ProgrammeImpact& from = t.programmes[u];
      for (auto [sum, part] : {std::pair{&to.baseline_eligible, &from.baseline_eligible}, {&to.reform_eligible, &from.reform_eligible},
                               {&to.gaining, &from.gaining}, {&to.losing, &from.losing},
                               {&to.baseline_cost, &from.baseline_cost}, {&to.reform_cost, &from.reform_cost}})
        sum->raw += part->raw;
    }
    for (std::size_t m = 0; m < t.ministry_gaining.size(); ++m) {
      result_.ministries[m].gaining.raw += t.ministry_gaining[m].raw;
      result_.ministries[m].losing.raw += t.ministry_losing[m].raw;
    }
    deciles_.insert(deciles_.end(), t.deciles.begin(), t.deciles.end());
    for (auto [sum, part] : {std::pair{&unknown_income_.households, &t.unknown_income.households},
                             {&unknown_income_.winners, &t.unknown_income.winners}, {&unknown_income_.losers, &t.unknown_income.losers},
                             {&unknown_income_.monthly_change, &t.unknown_income.monthly_change}})
      sum->raw += part->raw;
    auto change = t.changes.begin();
    for (auto& [item, reason] : t.errors) {
      for (; change != t.changes.end() && change->first < item; ++change) sinks_.change(change->second);
      input_error(block_[item], std::move(reason));
    }
    for (; change != t.changes.end(); ++change) sinks_.change(change->second);
    t.deciles.clear();
    t.changes.clear();
    t.errors.clear();
    t.unknown_income = {};
    t.evaluated = 0;
    t.weighted = t.gaining = t.losing = {};
  }

  // Adds one programme's decision to the sums; true when it is eligible.
  static bool decide(const RuleSet& rules, const ColumnOutcomes& out, std::size_t h, int programme, std::int64_t weight,
                     std::int64_t take_up, ExactSum& eligible, ExactSum& cost, std::int64_t& monthly) {
    const std::size_t at = h * out.programmes + static_cast<std::size_t>(programme);
    if (out.status[at] != Status::eligible) return false;
    eligible.raw += static_cast<__int128>(weight) * weight_to_exact;
    if (out.amount_knowledge[at] != Knowledge::known) return true;
    cost.raw += static_cast<__int128>(weight) * take_up * out.amount[at];
    monthly += detail::monthly_value(rules.programmes()[static_cast<std::size_t>(programme)], Knowledge::known, out.amount[at]).raw;
    return true;
  }

  static void add_to_decile(DecileImpact& decile, std::int64_t weight, std::int64_t change, std::optional<std::int64_t> income) {
    const __int128 w = static_cast<__int128>(weight) * weight_to_exact;
    decile.households.raw += w;
    if (change > 0) decile.winners.raw += w;
    if (change < 0) decile.losers.raw += w;
    decile.monthly_change.raw += static_cast<__int128>(weight) * change * Decimal::scale;
    if (!income) return;
    const Decimal value = Decimal::from_raw(*income);
    if (!decile.lowest_income || value < *decile.lowest_income) decile.lowest_income = value;
    if (!decile.highest_income || value > *decile.highest_income) decile.highest_income = value;
  }

  // Households ranked by income, each in the decile where the weight before it falls.
  void rank_deciles() {
    std::sort(deciles_.begin(), deciles_.end(), [](const DecileEntry& a, const DecileEntry& b) { return a.income < b.income; });
    __int128 total = 0;
    for (const DecileEntry& entry : deciles_) total += entry.weight;
    for (int d = 1; d <= 10; ++d) result_.deciles.emplace_back().decile = d;
    __int128 before = 0;
    for (const DecileEntry& entry : deciles_) {
      const int d = total == 0 ? 0 : std::min<int>(9, static_cast<int>(before * 10 / total));
      add_to_decile(result_.deciles[static_cast<std::size_t>(d)], entry.weight, entry.change, entry.income);
      before += entry.weight;
    }
    if (unknown_income_.households.raw != 0) result_.deciles.push_back(unknown_income_);
    std::vector<DecileEntry>().swap(deciles_);
  }

  const RuleSet& baseline_;
  const RuleSet& reform_;
  const ImpactOptions& options_;
  const ImpactSinks& sinks_;
  detail::HouseholdIncome income_;
  std::vector<UnionProgramme> programmes_;
  std::vector<SourceItem> block_;
  std::vector<Tally> tallies_;
  std::vector<DecileEntry> deciles_;
  DecileImpact unknown_income_;
  ImpactResult result_;
};

}  // namespace

ImpactResult impact(const RuleSet& baseline, const RuleSet& reform, std::istream& input, bool csv, const ImpactOptions& options,
                    const ImpactSinks& sinks) {
  ImpactRun run(baseline, reform, options, sinks);
  const Schema schema = schema_with_weight(baseline.schema(), options.weight_field);
  const std::unique_ptr<HouseholdSource> source = csv ? csv_source(input, schema) : json_lines_source(input);
  {
    detail::BlockReader reader(*source, options.block_size, blocks_read_ahead);
    while (auto block = reader.next()) run.add(std::move(*block));
  }
  ImpactResult result = run.finish();
  for (std::size_t u = 0; u < result.programmes.size(); ++u) {
    const ProgrammeImpact& p = result.programmes[u];
    if (!p.period) continue;
    MinistryImpact& m = *std::find_if(result.ministries.begin(), result.ministries.end(),
                                      [&](const MinistryImpact& x) { return x.ministry == p.ministry; });
    if (const auto per_year = detail::payments_per_year(*p.period)) {
      m.baseline_yearly.raw += p.baseline_cost.raw * *per_year;
      m.reform_yearly.raw += p.reform_cost.raw * *per_year;
    }
    if (const auto months = detail::months_in(*p.period)) {
      m.baseline_monthly_times_12.raw += p.baseline_cost.raw * (12 / *months);
      m.reform_monthly_times_12.raw += p.reform_cost.raw * (12 / *months);
    }
  }
  return result;
}

}  // namespace ssis
