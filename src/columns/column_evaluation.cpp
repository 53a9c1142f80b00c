#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "columns/household_columns_data.hpp"
#include "eval/decision.hpp"
#include "eval/executor.hpp"
#include "model/rule_model.hpp"
#include "ssis/compiled_rules.hpp"

namespace ssis {
namespace {

// Each household's first problem: a value that did not fit, a required field missing, or a
// date after the evaluation date where its field forbids that. `problems` keeps its buffers.
void find_input_problems(const Schema& schema, const HouseholdColumns::Data& data, Date date, std::vector<std::string>& problems) {
  problems.resize(data.problems.size());
  std::copy(data.problems.begin(), data.problems.end(), problems.begin());
  const detail::Block& block = data.block;
  auto check = [&](const std::vector<FieldInfo>& fields, const std::vector<detail::Column>& columns, bool member) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (!fields[f].required && !fields[f].not_after_evaluation_date) continue;
      const detail::Column& column = columns[f];
      for (std::size_t r = 0; r < column.knowledge.size(); ++r) {
        const std::size_t h = member ? block.member_household[r] : r;
        if (!problems[h].empty()) continue;
        const bool known = column.knowledge[r] == Knowledge::known;
        std::string problem = !known ? (fields[f].required ? "is required but missing" : "")
                                     : detail::date_bound_problem(fields[f], column.values[r], date);
        if (problem.empty()) continue;
        const int position = member ? static_cast<int>(r - block.member_offsets[h]) : -1;
        problems[h] = detail::field_path(position, fields[f].name) + ": " + problem;
      }
    }
  };
  check(schema.household_fields(), block.household_fields, false);
  check(schema.member_fields(), block.member_fields, true);
}

// Members' decisions of a block whose first member is row `first_member` of the table:
// `units` holds every programme assessed per member (`k_count`), `out` those at `unit_slots`.
void write_units(const std::vector<detail::UnitDecision>& units, std::size_t k_count, const std::vector<std::size_t>& unit_slots,
                 std::size_t first_member, ColumnOutcomes& out) {
  const std::size_t columns = unit_slots.size();
  if (columns == 0) return;
  const std::size_t members = units.size() / k_count;
  for (std::size_t m = 0; m < members; ++m)
    for (std::size_t j = 0; j < columns; ++j) {
      const detail::UnitDecision& d = units[m * k_count + unit_slots[j]];
      const std::size_t at = (first_member + m) * columns + j;
      out.unit_assessed[at] = d.assessed ? 1 : 0;
      out.unit_status[at] = d.status;
      out.unit_amount_knowledge[at] = d.amount_knowledge;
      out.unit_amount[at] = d.amount;
    }
}

// Each household programme's decision of a block, for every programme of the rule set.
struct BlockTable {
  std::vector<Status> status;
  std::vector<Knowledge> amount_knowledge;
  std::vector<std::int64_t> amount;
};

// What a thread evaluates blocks in, kept from one call to the next: a caller evaluating
// small tables again and again (a household month by month) allocates nothing each time.
struct BlockScratch {
  detail::Block block;
  detail::Registers registers;
  std::vector<detail::UnitDecision> units;
  BlockTable table;

  // This thread's, its registers to be laid out afresh (for another plan or selection).
  static BlockScratch& of_this_thread() {
    thread_local BlockScratch scratch;
    scratch.registers.laid_out = {};
    return scratch;
  }
};

// Evaluates blocks of households on one thread, writing each block's decisions in place.
class BlockWorker {
 public:
  BlockWorker(const detail::RuleModel& model, const detail::ResolvedParameters& parameters, const detail::Block& all,
              const std::vector<char>& unknown_fields, const detail::ProgrammeCode& code, const std::vector<std::size_t>& unit_slots,
              ColumnOutcomes& out)
      : model_(model), parameters_(parameters), all_(all), unknown_fields_(unknown_fields), code_(code), unit_slots_(unit_slots), out_(out),
        every_programme_(code.programmes.size() == model.programmes.size()), scratch_(BlockScratch::of_this_thread()) {}

  void evaluate(std::size_t first, std::size_t count) {
    detail::view_households(all_, first, count, scratch_.block, &unknown_fields_);
    detail::execute(model_, parameters_, scratch_.block, scratch_.registers, code_);
    const std::size_t k_count = model_.plan.member_programmes.size();
    scratch_.units.resize(scratch_.block.members * k_count);
    UnitDecision* units = k_count == 0 ? nullptr : scratch_.units.data();
    if (every_programme_) {
      const std::size_t at = first * out_.programmes;
      detail::decide_block(model_, scratch_.registers, count, parameters_.date,
                           {out_.status.data() + at, out_.amount_knowledge.data() + at, out_.amount.data() + at, nullptr}, units, code_);
    } else {
      decide_selected(first, count, units);
    }
    write_units(scratch_.units, k_count, unit_slots_, all_.member_offsets[first], out_);
  }

 private:
  using UnitDecision = detail::UnitDecision;

  // Decides into a table of every programme, then copies the selected programmes' columns.
  void decide_selected(std::size_t first, std::size_t count, UnitDecision* units) {
    const std::size_t all = model_.programmes.size();
    scratch_.table.status.resize(count * all);
    scratch_.table.amount_knowledge.resize(count * all);
    scratch_.table.amount.resize(count * all);
    detail::decide_block(model_, scratch_.registers, count, parameters_.date,
                         {scratch_.table.status.data(), scratch_.table.amount_knowledge.data(), scratch_.table.amount.data(), nullptr}, units, code_);
    const std::size_t columns = out_.programmes;
    for (std::size_t h = 0; h < count; ++h)
      for (std::size_t c = 0; c < columns; ++c) {
        const std::size_t from = h * all + out_.programme_indices[c];
        const std::size_t to = (first + h) * columns + c;
        out_.status[to] = scratch_.table.status[from];
        out_.amount_knowledge[to] = scratch_.table.amount_knowledge[from];
        out_.amount[to] = scratch_.table.amount[from];
      }
  }

  const detail::RuleModel& model_;
  const detail::ResolvedParameters& parameters_;
  const detail::Block& all_;
  const std::vector<char>& unknown_fields_;  // detail::fields_unknown_in_every_row of all_, for the fields code_ reads
  const detail::ProgrammeCode& code_;
  const std::vector<std::size_t>& unit_slots_;
  ColumnOutcomes& out_;
  const bool every_programme_;
  BlockScratch& scratch_;
};

// Decides ranges of households with the code generated for the rule set, reading the
// table's columns where they are.
class CompiledWorker {
 public:
  CompiledWorker(const CompiledRules& compiled, const detail::RuleModel& model, const detail::ResolvedParameters& parameters,
                 const detail::Block& all, const std::vector<std::size_t>& unit_slots, ColumnOutcomes& out)
      : compiled_(compiled), model_(model), unit_slots_(unit_slots), out_(out) {
    for (const detail::Column& column : all.household_fields) household_.push_back(view(column));
    for (const detail::Column& column : all.member_fields) member_.push_back(view(column));
    for (const detail::DatedTable* table : parameters.tables) tables_.push_back(detail::table_of(table));
    for (const ProgrammeInfo& info : model.programme_infos) in_force_.push_back(detail::in_force(info, parameters.date));
    input_ = {household_.data(), member_.data(), all.member_offsets.data(), tables_.data(), parameters.date.days(), in_force_.data()};
    date_ = parameters.date;
  }

  void evaluate(std::size_t first, std::size_t count) {
    const std::size_t units = out_.member_programmes.size();
    const std::size_t first_member = input_.member_offsets[first];
    const std::size_t members = input_.member_offsets[first + count] - first_member;
    unit_values_.resize(members * 3 * units);
    unit_flags_.resize(unit_values_.size());
    compiled_.evaluate(input_, first, count,
                       {out_.status.data(), out_.amount_knowledge.data(), out_.amount.data(), unit_values_.data(), unit_flags_.data()});
    units_.resize(members * units);
    for (std::size_t m = 0; m < members; ++m) {
      for (std::size_t k = 0; k < units; ++k) {
        const detail::ProgrammePlan& plan = model_.plan.programmes[out_.member_programmes[k]];
        const std::size_t at = (m * units + k) * 3;
        const auto column = [&](std::int32_t reg, std::size_t j) {
          if (reg < 0) return detail::ColumnView{};
          return detail::ColumnView{&unit_values_[at + j], reinterpret_cast<const Knowledge*>(&unit_flags_[at + j])};
        };
        units_[m * units + k] = detail::decide_unit(column(plan.unit_assessed, 0), column(plan.unit_eligible, 1), column(plan.unit_amount, 2), 0);
      }
    }
    const detail::BlockDecisions decisions{out_.status.data(), out_.amount_knowledge.data(), out_.amount.data(), nullptr};
    detail::apply_member_relations(model_, input_.member_offsets, first, count, date_, units_.data(), decisions);
    detail::apply_block_relations(model_, first, count, decisions);
    write_units(units_, units, unit_slots_, first_member, out_);
  }

 private:
  static compiled::Column view(const detail::Column& column) {
    return {column.values.data(), reinterpret_cast<const compiled::Flag*>(column.knowledge.data())};
  }

  const CompiledRules& compiled_;
  const detail::RuleModel& model_;
  const std::vector<std::size_t>& unit_slots_;
  ColumnOutcomes& out_;
  std::vector<compiled::Column> household_;
  std::vector<compiled::Column> member_;
  std::vector<compiled::Table> tables_;
  std::vector<std::uint8_t> in_force_;
  compiled::Input input_;
  std::vector<std::int64_t> unit_values_;
  std::vector<compiled::Flag> unit_flags_;
  std::vector<detail::UnitDecision> units_;
  Date date_;
};

// Compiled code decides one household after another, each value a local; the interpreter
// runs each instruction over a block of households in vector instructions. Measured on this
// project's benchmarks (benchmarks/README.md, 2026-12-07): 141 plan instructions (the shared
// subset) compiled 1.2x faster than interpreted; 500 (rules/vn, its tables searched entry by
// entry in compiled code) and 3,624 (rules/kr) interpreted 1.6x and 1.1-1.2x faster. The
// limit lies between.
constexpr std::size_t largest_plan_compiled_by_default = 300;

const CompiledRules* chosen_compiled_rules(const RuleSet& rules, const ColumnOptions& options) {
  const ColumnEngine engine = options.engine;
  if (options.programmes && engine == ColumnEngine::compiled)
    throw std::invalid_argument("compiled code decides every programme: a selection of programmes is interpreted");
  if (engine == ColumnEngine::interpreter || options.programmes) return nullptr;
  if (engine == ColumnEngine::automatic && detail::model_of(rules).plan.programme_code.order.size() > largest_plan_compiled_by_default) return nullptr;
  const CompiledRules* compiled = find_compiled_rules(rules);
  if (compiled == nullptr && engine == ColumnEngine::compiled)
    throw std::invalid_argument(fmt::format("no compiled code is registered for rule set '{}' as loaded (ssis compile, "
                                            "ssis_add_compiled_rules)",
                                            rules.id()));
  return compiled;
}

// Runs `worker.evaluate(first, count)` over the households in blocks of `block_size`, on
// `threads` threads, each with its own worker.
template <typename MakeWorker>
void run_blocks(std::size_t households, std::size_t block_size, unsigned threads, MakeWorker make_worker) {
  const std::size_t blocks = (households + block_size - 1) / block_size;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(blocks, 1)));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      auto worker = make_worker();
      for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
        const std::size_t first = b * block_size;
        worker.evaluate(first, std::min(block_size, households - first));
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = blocks;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

// Sizes the decisions for the programmes `code` decides; `unit_slots` gets the place of each
// of those assessed per member among every such programme of the rule set.
void lay_out_outcomes(const detail::RuleModel& model, const detail::Block& all, const detail::ProgrammeCode& code, ColumnOutcomes& out,
                      std::vector<std::size_t>& unit_slots) {
  out.households = all.households;
  out.programmes = code.programmes.size();
  out.programme_indices.assign(code.programmes.begin(), code.programmes.end());
  // Every entry is written: resizing keeps the arrays of an earlier call, so a caller
  // evaluating tables again pays no allocation and no fresh pages.
  const std::size_t entries = out.households * out.programmes;
  out.status.resize(entries);
  out.amount_knowledge.resize(entries);
  out.amount.resize(entries);
  out.member_programmes.clear();
  unit_slots.clear();
  for (std::size_t k = 0; k < model.plan.member_programmes.size(); ++k) {
    const auto p = static_cast<std::size_t>(model.plan.member_programmes[k]);
    if (!code.decides[p]) continue;
    out.member_programmes.push_back(p);
    unit_slots.push_back(k);
  }
  out.member_offsets.assign(all.member_offsets.begin(), all.member_offsets.end());
  const std::size_t unit_entries = all.members * out.member_programmes.size();
  out.unit_assessed.resize(unit_entries);
  out.unit_status.resize(unit_entries);
  out.unit_amount_knowledge.resize(unit_entries);
  out.unit_amount.resize(unit_entries);
}

// Each member's decision as the household's final decision leaves it (relations applied);
// the members of a household with an input error are not assessed.
void limit_units_to_households(ColumnOutcomes& out) {
  const std::size_t units = out.member_programmes.size();
  if (units == 0) return;
  std::vector<std::size_t> column(units);  // of each programme assessed per member, among the decided
  for (std::size_t k = 0; k < units; ++k)
    column[k] = static_cast<std::size_t>(std::find(out.programme_indices.begin(), out.programme_indices.end(), out.member_programmes[k]) -
                                         out.programme_indices.begin());
  for (std::size_t h = 0; h < out.households; ++h) {
    const bool rejected = !out.input_errors[h].empty();
    for (std::size_t m = out.member_offsets[h]; m < out.member_offsets[h + 1]; ++m) {
      for (std::size_t k = 0; k < units; ++k) {
        const std::size_t entry = m * units + k;
        if (rejected) {
          out.unit_assessed[entry] = 0;
          out.unit_status[entry] = Status::ineligible;
          out.unit_amount_knowledge[entry] = Knowledge::unknown;
          out.unit_amount[entry] = 0;
        } else if (out.unit_assessed[entry] == 0) {
          out.unit_status[entry] = Status::ineligible;
        } else {
          out.unit_status[entry] = detail::limited_to_household(out.unit_status[entry], out.status_of(h, column[k]));
        }
      }
    }
  }
}

// The rule set's parameters on `date` with its uniform registers, resolved once per thread
// for the dates of its recent calls, so that tables evaluated on the same dates again
// (re-verification's months, block after block) resolve each date once. An entry knows its
// rule set by a weak pointer, never by an address that a later rule set could take.
std::shared_ptr<const detail::ResolvedParameters> parameters_with_uniform_registers(const RuleSet& rules, Date date) {
  struct Entry {
    std::weak_ptr<const detail::RuleModel> model;
    Date date;
    std::shared_ptr<const detail::ResolvedParameters> parameters;
  };
  constexpr std::size_t most_entries = 256;
  thread_local std::vector<Entry> recent;
  const std::shared_ptr<const detail::RuleModel>& model = detail::RuleSetAccess::shared_model(rules);
  for (const Entry& entry : recent)
    if (entry.date == date && !entry.model.owner_before(model) && !model.owner_before(entry.model)) return entry.parameters;
  if (recent.size() == most_entries) recent.clear();
  auto parameters = std::make_shared<detail::ResolvedParameters>(detail::resolve_parameters(*model, date));
  detail::resolve_uniform_registers(*model, *parameters);
  recent.push_back({model, date, std::move(parameters)});
  return recent.back().parameters;
}

}  // namespace

ColumnOutcomes evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options) {
  ColumnOutcomes out;
  evaluate_columns(rules, households, options, out);
  return out;
}

void evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options, ColumnOutcomes& out) {
  const HouseholdColumns::Data& data = *households.data_;
  if (detail::model_of(data.rules).fingerprint != detail::model_of(rules).fingerprint && !(data.rules.schema() == rules.schema()))
    throw std::invalid_argument("the households' columns were made for a rule set of other input fields");
  const detail::RuleModel& model = detail::model_of(rules);
  if (options.programmes && options.programmes->fingerprint() != model.fingerprint)
    throw std::invalid_argument("the selection of programmes was made for another rule set");
  const detail::ProgrammeCode& code = options.programmes ? detail::RuleSetAccess::code(*options.programmes) : model.plan.programme_code;
  const detail::Block& all = data.block;
  std::vector<std::size_t> unit_slots;
  lay_out_outcomes(model, all, code, out, unit_slots);
  find_input_problems(model.schema, data, options.date, out.input_errors);

  const CompiledRules* compiled = chosen_compiled_rules(rules, options);
  const std::size_t block_size = options.block_size ? options.block_size : code.households_per_block;
  // Uniform registers save a little in every block and cost about a block to work out.
  const std::shared_ptr<const detail::ResolvedParameters> resolved =
      out.households > block_size ? parameters_with_uniform_registers(rules, options.date)
                                  : std::make_shared<const detail::ResolvedParameters>(detail::resolve_parameters(model, options.date));
  const detail::ResolvedParameters& parameters = *resolved;
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (compiled != nullptr) {
    run_blocks(out.households, block_size, threads, [&] { return CompiledWorker(*compiled, model, parameters, all, unit_slots, out); });
  } else {
    const std::vector<char> unknown_fields = detail::fields_unknown_in_every_row(all, code.household_fields, code.member_fields);
    run_blocks(out.households, block_size, threads, [&] { return BlockWorker(model, parameters, all, unknown_fields, code, unit_slots, out); });
  }

  for (std::size_t h = 0; h < out.households; ++h) {
    if (out.input_errors[h].empty()) continue;
    const std::size_t at = h * out.programmes;
    std::fill_n(out.status.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, Status::error);
    std::fill_n(out.amount_knowledge.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, Knowledge::unknown);
    std::fill_n(out.amount.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, 0);
  }
  limit_units_to_households(out);
}

}  // namespace ssis
