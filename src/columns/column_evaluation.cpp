#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "columns/household_columns_data.hpp"
#include "eval/decision.hpp"
#include "eval/executor.hpp"
#include "model/rule_model.hpp"

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

// Evaluates blocks of households on one thread, writing each block's decisions in place.
class BlockWorker {
 public:
  BlockWorker(const detail::RuleModel& model, const detail::ResolvedParameters& parameters, const detail::Block& all,
              ColumnOutcomes& out)
      : model_(model), parameters_(parameters), all_(all), out_(out) {}

  void evaluate(std::size_t first, std::size_t count) {
    detail::slice_households(all_, first, count, model_.plan.programme_household_fields, model_.plan.programme_member_fields, block_);
    detail::execute(model_, parameters_, block_, registers_, detail::Scope::decisions, detail::ErrorTracing::none);
    const std::size_t at = first * out_.programmes;
    detail::decide_block(model_, registers_, count, parameters_.date,
                         {out_.status.data() + at, out_.amount_knowledge.data() + at, out_.amount.data() + at, nullptr});
  }

 private:
  const detail::RuleModel& model_;
  const detail::ResolvedParameters& parameters_;
  const detail::Block& all_;
  ColumnOutcomes& out_;
  detail::Block block_;
  detail::Registers registers_;
};

}  // namespace

ColumnOutcomes evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options) {
  ColumnOutcomes out;
  evaluate_columns(rules, households, options, out);
  return out;
}

void evaluate_columns(const RuleSet& rules, const HouseholdColumns& households, const ColumnOptions& options, ColumnOutcomes& out) {
  const HouseholdColumns::Data& data = *households.data_;
  if (data.rules.model().fingerprint != rules.model().fingerprint)
    throw std::invalid_argument("the households' columns were made for another rule set");
  const detail::RuleModel& model = rules.model();
  const detail::Block& all = data.block;
  out.households = all.households;
  out.programmes = model.programmes.size();
  // Every entry is written below: resizing keeps the arrays of an earlier call, so a caller
  // evaluating tables again pays no allocation and no fresh pages.
  const std::size_t entries = out.households * out.programmes;
  out.status.resize(entries);
  out.amount_knowledge.resize(entries);
  out.amount.resize(entries);
  find_input_problems(model.schema, data, options.date, out.input_errors);

  const detail::ResolvedParameters parameters = detail::resolve_parameters(model, options.date);
  const std::size_t block_size = options.block_size ? options.block_size : model.plan.households_per_block;
  const std::size_t blocks = (out.households + block_size - 1) / block_size;
  const unsigned cores = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const auto threads = static_cast<unsigned>(std::min<std::size_t>(cores, std::max<std::size_t>(blocks, 1)));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      BlockWorker worker(model, parameters, all, out);
      for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
        const std::size_t first = b * block_size;
        worker.evaluate(first, std::min(block_size, out.households - first));
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

  for (std::size_t h = 0; h < out.households; ++h) {
    if (out.input_errors[h].empty()) continue;
    const std::size_t at = h * out.programmes;
    std::fill_n(out.status.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, Status::error);
    std::fill_n(out.amount_knowledge.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, Knowledge::unknown);
    std::fill_n(out.amount.begin() + static_cast<std::ptrdiff_t>(at), out.programmes, 0);
  }
}

}  // namespace ssis
