#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "eval/block.hpp"
#include "eval/canonical_input.hpp"
#include "eval/decision.hpp"
#include "eval/executor.hpp"
#include "eval/missing_facts.hpp"
#include "io/csv_columns.hpp"
#include "io/json_line_columns.hpp"
#include "io/json_lines_source.hpp"
#include "plan/register_layout.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"

namespace ssis {
namespace {

// Per programme, how many of a chunk's households are eligible and undetermined, and the sum
// of the eligible ones' known amounts (millionths).
struct ProgrammeCounts {
  std::vector<std::size_t> eligible;
  std::vector<std::size_t> undetermined;
  std::vector<__int128> eligible_amounts;

  void reset(std::size_t programmes) {
    eligible.assign(programmes, 0);
    undetermined.assign(programmes, 0);
    eligible_amounts.assign(programmes, 0);
  }
};

// Households read and waiting for evaluation: records, the cells of their rows (from CSV),
// or their lines (from JSON lines).
struct Chunk {
  enum class Form : std::uint8_t { records, csv_rows, json_lines };
  Form form = Form::records;
  std::size_t sequence = 0;
  std::vector<SourceItem> items;
  detail::CsvHouseholdRows rows;
  std::vector<detail::JsonLine> lines;  // the first line_count are in use: the others keep their storage
  std::size_t line_count = 0;
  std::vector<BatchHousehold> results;
  ProgrammeCounts counts;  // of the results written: with BatchOptions::strict, those before its first input error

  std::size_t size() const {
    switch (form) {
      case Form::csv_rows: return rows.size();
      case Form::json_lines: return line_count;
      case Form::records: break;
    }
    return items.size();
  }
};

// Per-thread evaluation state: a block, its registers, and scratch decisions.
class Worker {
 public:
  /// `csv`: the header of a CSV source whose households come as rows, else null.
  Worker(const RuleSet& rules, const BatchOptions& options, const detail::ResolvedParameters& parameters, const detail::CsvHeader* csv,
         bool json_lines)
      : model_(detail::model_of(rules)),
        options_(options),
        parameters_(parameters),
        bind_options_{.evaluation_date = parameters.date, .known_on = options.known_on,
                      .stale_facts_unknown = model_.stale_facts_are_unknown} {
    if (csv) binder_.emplace(model_.schema, *csv, parameters.date);
    if (json_lines) json_binder_.emplace(model_.schema, bind_options_);
  }

  void evaluate(Chunk& chunk) {
    chunk.results.resize(chunk.size());
    for (BatchHousehold& result : chunk.results) result.input_error.clear();
    block_.reset(model_.schema);
    std::vector<std::size_t> rows;  // result index of each block row
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      BatchHousehold& result = chunk.results[i];
      const std::string* error = nullptr;
      if (chunk.form == Chunk::Form::csv_rows) {
        const detail::CsvHouseholdRows::Household& household = chunk.rows.household(i);
        result.id = household.id;
        result.line = household.line;
        result.first_seen_line = household.first_seen_line;
        result.out_of_order = household.out_of_order;
        error = &household.error;
      } else if (chunk.form == Chunk::Form::json_lines) {
        const detail::JsonLine& line = chunk.lines[i];
        result.id.clear();  // known once the line is read
        result.line = line.number;
        result.first_seen_line = 0;
        result.out_of_order = false;
        error = &line.error;
      } else {
        const SourceItem& item = chunk.items[i];
        result.id = item.household.id;
        result.line = item.line;
        result.first_seen_line = item.first_seen_line;
        result.out_of_order = item.out_of_order;
        error = &item.error;
      }
      if (!error->empty()) {
        result.input_error = *error;
        result.programmes.clear();
        continue;
      }
      try {
        switch (chunk.form) {
          case Chunk::Form::csv_rows: binder_->bind(chunk.rows, i, block_); break;
          case Chunk::Form::json_lines: json_binder_->bind(chunk.lines[i].text, chunk.lines[i].number, block_, result.id); break;
          case Chunk::Form::records: detail::bind_household(model_.schema, chunk.items[i].household, bind_options_, block_); break;
        }
        rows.push_back(i);
      } catch (const InputError& e) {
        result.input_error = fmt::format("line {}: {}", result.line, e.what());
        result.programmes.clear();
      }
    }
    if (binder_) binder_->complete(block_);
    // Missing facts walk back through every register; decisions alone need fewer.
    detail::execute(model_, parameters_, block_, registers_,
                    options_.missing_facts ? detail::Scope::programmes : detail::Scope::decisions);
    decisions_of_block_.resize(block_.households * model_.programmes.size());
    units_of_block_.resize(block_.members * model_.plan.member_programmes.size());
    detail::decide_block(model_, registers_, block_.households, parameters_.date, decisions_of_block_.arrays(),
                         units_of_block_.empty() ? nullptr : units_of_block_.data(), model_.plan.programme_code);
    if (options_.input_hashes) known_fields_ = detail::known_somewhere(model_.canonical_order, block_);
    for (std::size_t row = 0; row < rows.size(); ++row) fill(row, chunk.results[rows[row]]);
    count(written_rows(chunk, rows), chunk.counts);
  }

 private:
  // How many of the block's rows (the first) are written: with BatchOptions::strict, a
  // chunk is written up to its first input error.
  std::size_t written_rows(const Chunk& chunk, const std::vector<std::size_t>& rows) const {
    if (!options_.strict) return rows.size();
    const auto error = std::find_if(chunk.results.begin(), chunk.results.end(),
                                    [](const BatchHousehold& result) { return !result.input_error.empty(); });
    const auto before = static_cast<std::size_t>(error - chunk.results.begin());
    return static_cast<std::size_t>(std::lower_bound(rows.begin(), rows.end(), before) - rows.begin());
  }

  // The decisions of the block's first `households` rows, counted from the block's arrays
  // while they are in the cache.
  void count(std::size_t households, ProgrammeCounts& counts) const {
    const std::size_t programmes = model_.programmes.size();
    counts.reset(programmes);
    // Through locals, without a branch on each decision (as good as random): a store into
    // the counts could otherwise alias their pointers, read again after each.
    std::size_t* const eligible = counts.eligible.data();
    std::size_t* const undetermined = counts.undetermined.data();
    __int128* const amounts = counts.eligible_amounts.data();
    for (std::size_t row = 0; row < households; ++row) {
      const Status* const status = decisions_of_block_.status.data() + row * programmes;
      const Knowledge* const amount_knowledge = decisions_of_block_.amount_knowledge.data() + row * programmes;
      const std::int64_t* const amount = decisions_of_block_.amount.data() + row * programmes;
      for (std::size_t p = 0; p < programmes; ++p) {
        const bool is_eligible = status[p] == Status::eligible;
        undetermined[p] += status[p] == Status::undetermined;
        eligible[p] += is_eligible;
        amounts[p] += is_eligible & (amount_knowledge[p] == Knowledge::known) ? amount[p] : 0;
      }
    }
  }

  // Overwrites every field of the household's decisions. Their texts and members' decisions
  // go to the household's details, whose storage is reused: the decisions themselves stay
  // small, as the results of a block are held until written.
  void fill(std::size_t row, BatchHousehold& result) {
    const std::size_t programmes = model_.programmes.size();
    result.programmes.resize(programmes);
    const std::size_t base = row * programmes;
    if (options_.input_hashes) result.input_hash = detail::input_hash(model_, block_, row, known_fields_);
    else result.input_hash.clear();
    std::uint32_t details = 0;
    const auto detail_of = [&](std::size_t p) -> BatchDecisionDetail& {
      BatchDecision& out = result.programmes[p];
      if (out.detail == BatchDecision::no_detail) out.detail = next_detail(result, details);
      return result.details[out.detail];
    };
    bool explained = false;  // the household's detailed decisions, worked out for missing facts
    std::optional<detail::MissingFacts> missing;  // built on the first undetermined programme
    const auto facts = [&]() -> detail::MissingFacts& {
      if (!explained) {
        detail::decide_household(model_, registers_, row, parameters_.date, decisions_);
        missing.emplace(model_, block_, registers_, row, missing_scratch_);
        explained = true;
      }
      return *missing;
    };
    // Through locals: a store into the decisions could otherwise alias these pointers, read
    // again after each.
    const Status* const status = decisions_of_block_.status.data() + base;
    const Knowledge* const amount_knowledge = decisions_of_block_.amount_knowledge.data() + base;
    const std::int64_t* const amount = decisions_of_block_.amount.data() + base;
    const std::int32_t* const excluded_by = decisions_of_block_.excluded_by.data() + base;
    const std::int32_t* const unit_slot = model_.plan.unit_slot.data();
    BatchDecision* const decisions = result.programmes.data();
    const bool missing_facts = options_.missing_facts;
    for (std::size_t p = 0; p < programmes; ++p) {
      BatchDecision& out = decisions[p];
      out.status = status[p];
      out.amount_knowledge = amount_knowledge[p];
      out.amount = amount[p];
      out.detail = BatchDecision::no_detail;
      const bool plain = (excluded_by[p] < 0) & (status[p] != Status::error) & !(missing_facts & (status[p] == Status::undetermined)) &
                         (unit_slot[p] < 0);
      if (plain) continue;  // most decisions: no texts, no members
      if (const std::int32_t relation = excluded_by[p]; relation >= 0)
        detail_of(p).excluded_by = model_.relation_infos[static_cast<std::size_t>(relation)].id;
      if (out.status == Status::error) detail_of(p).error = detail::error_message(model_, registers_, row, p);
      if (missing_facts && out.status == Status::undetermined) detail_of(p).missing = facts().joined(p, decisions_);
      if (unit_slot[p] >= 0) {
        detail_of(p);
        fill_units(row, p, result, details, facts);
      }
    }
  }

  // The next of the household's details (`used` of them in use), emptied; the storage of an
  // earlier household's is reused.
  static std::uint32_t next_detail(BatchHousehold& result, std::uint32_t& used) {
    if (result.details.size() <= used) result.details.emplace_back();
    BatchDecisionDetail& detail = result.details[used];
    detail.missing.clear();
    detail.excluded_by.clear();
    detail.error.clear();
    detail.units.clear();
    return used++;
  }

  // The decisions of programme `p` (assessed per member) for each member of household `row`
  // it assesses, relations per member applied, as the household's decision leaves them, into
  // the programme's detail; the texts of a member's decision go to a detail of their own.
  template <typename Facts>
  void fill_units(std::size_t row, std::size_t p, BatchHousehold& result, std::uint32_t& details, const Facts& facts) {
    const std::size_t first = block_.member_offsets[row];
    const std::size_t member_programmes = model_.plan.member_programmes.size();
    const auto slot = static_cast<std::size_t>(model_.plan.unit_slot[p]);
    const BatchDecision& decision = result.programmes[p];
    for (std::size_t m = first; m < block_.member_offsets[row + 1]; ++m) {
      const detail::UnitDecision& unit = units_of_block_[m * member_programmes + slot];
      if (!unit.assessed) continue;
      BatchUnitDecision out;
      out.member = m - first;
      out.status = detail::limited_to_household(unit.status, decision.status);
      out.amount_knowledge = unit.amount_knowledge;
      out.amount = unit.amount;
      const bool missing = options_.missing_facts && out.status == Status::undetermined;
      if (unit.excluded_by >= 0 || out.status == Status::error || missing) {
        out.detail = next_detail(result, details);  // may move the details: each is reached by its index
        BatchDecisionDetail& texts = result.details[out.detail];
        if (unit.excluded_by >= 0) texts.excluded_by = model_.relation_infos[static_cast<std::size_t>(unit.excluded_by)].id;
        if (out.status == Status::error) texts.error = detail::unit_error_message(model_, registers_, row, m, p);
        if (missing) texts.missing = fmt::format("{}", fmt::join(facts().of_unit(p, m), ";"));
      }
      result.details[decision.detail].units.push_back(out);
    }
  }

  const detail::RuleModel& model_;
  const BatchOptions& options_;
  const detail::ResolvedParameters& parameters_;
  const detail::BindOptions bind_options_;
  std::optional<detail::CsvColumnBinder> binder_;
  std::optional<detail::JsonLineBinder> json_binder_;
  detail::Block block_;
  detail::CanonicalOrder known_fields_;  // of the block: the fields some household knows, for input hashes
  detail::Registers registers_;
  detail::MissingFactsScratch missing_scratch_;
  // The decisions of the block being evaluated.
  struct DecisionStorage {
    std::vector<Status> status;
    std::vector<Knowledge> amount_knowledge;
    std::vector<std::int64_t> amount;
    std::vector<std::int32_t> excluded_by;
    void resize(std::size_t entries) {
      status.resize(entries);
      amount_knowledge.resize(entries);
      amount.resize(entries);
      excluded_by.resize(entries);
    }
    detail::BlockDecisions arrays() { return {status.data(), amount_knowledge.data(), amount.data(), excluded_by.data()}; }
  } decisions_of_block_;
  std::vector<detail::ProgrammeDecision> decisions_;
  std::vector<detail::UnitDecision> units_of_block_;  // member row m, member programme k: m * member programmes + k
};

// As many households as the plan evaluates well together with the registers it keeps (every
// one when missing facts are named), and at most about 24,576 programme decisions: a block's
// results (16 bytes a decision) are held until written, and the two blocks a thread may have in
// flight then stay within a core's second-level cache (1 MiB) between filling and writing.
std::size_t default_block_size(const detail::RuleModel& model, bool missing_facts) {
  const std::size_t by_registers = missing_facts ? detail::households_per_block(model.plan.every_register)
                                                 : model.plan.programme_code.households_per_block;
  const std::size_t by_results = std::max<std::size_t>(32, 24'576 / std::max<std::size_t>(model.programmes.size(), 1));
  return std::min(by_registers, by_results);
}

// Options within the limits, or std::invalid_argument naming the one that is not.
void check_limits(const detail::RuleModel& model, const BatchOptions& options) {
  if (options.threads > max_threads)
    throw std::invalid_argument(fmt::format("BatchOptions::threads is {}: at most {}", options.threads, max_threads));
  const std::size_t by_decisions = std::max<std::size_t>(1, max_block_decisions / std::max<std::size_t>(model.programmes.size(), 1));
  const std::size_t most = std::min(max_block_households, by_decisions);
  if (options.block_size > most)
    throw std::invalid_argument(fmt::format("BatchOptions::block_size is {}: at most {} households per block for {} programmes "
                                            "(at most {} households and {} programme decisions per block)",
                                            options.block_size, most, model.programmes.size(), max_block_households,
                                            max_block_decisions));
}

// Reads chunks on the calling thread, evaluates them on a pool, and writes them in input
// order. At most 2 chunks per thread are in memory at once.
class Pipeline {
 public:
  Pipeline(const RuleSet& rules, HouseholdSource& source, OutcomeSink& sink, const BatchOptions& options)
      : rules_(rules), source_(source), csv_(dynamic_cast<detail::CsvHouseholdSource*>(&source)),
        json_lines_(dynamic_cast<detail::JsonLinesSource*>(&source)), sink_(sink), options_(options),
        parameters_(detail::resolve_parameters(detail::model_of(rules), options.date)),
        block_size_(options.block_size ? options.block_size : default_block_size(detail::model_of(rules), options.missing_facts)) {
    summary_.eligible.assign(rules.programmes().size(), 0);
    summary_.undetermined.assign(rules.programmes().size(), 0);
    summary_.eligible_amounts.assign(rules.programmes().size(), ExactSum());
    detail::resolve_uniform_registers(detail::model_of(rules), parameters_);  // one date for the whole stream
  }

  BatchSummary run() {
    const unsigned threads = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t max_in_flight = 2 * threads;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([this] { work(); });
    std::size_t sequence = 0;
    bool more = true;
    std::exception_ptr failure;
    try {
      while (more && !stop_requested()) {
        Chunk chunk = reuse_chunk();
        chunk.sequence = sequence++;
        more = csv_ ? read_rows(chunk) : json_lines_ ? read_lines(chunk) : read_items(chunk);
        if (chunk.size() == 0) break;
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return in_flight_ < max_in_flight || failure_; });
        if (failure_) break;
        ++in_flight_;
        pending_.push_back(std::move(chunk));
        work_ready_.notify_one();
      }
    } catch (...) {
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      reading_done_ = true;
    }
    work_ready_.notify_all();
    for (auto& thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
    if (failure_) std::rethrow_exception(failure_);
    summary_.resumed = resumed_;
    summary_.households_read += resumed_;
    return summary_;
  }

 private:
  // A written chunk, emptied but keeping its buffers: a block of results for hundreds of
  // programmes is large, and allocating it afresh for every block costs more than filling it.
  Chunk reuse_chunk() {
    Chunk chunk;
    {
      std::lock_guard lock(mutex_);
      if (!spare_.empty()) {
        chunk = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    chunk.items.clear();
    chunk.form = csv_ ? Chunk::Form::csv_rows : json_lines_ ? Chunk::Form::json_lines : Chunk::Form::records;
    chunk.rows.clear();
    chunk.line_count = 0;
    return chunk;
  }

  // Fills the chunk with households as records; false at the end of the input.
  bool read_items(Chunk& chunk) {
    SourceItem item;
    while (chunk.items.size() < block_size_) {
      if (!source_.next(item)) return false;
      if (item.line <= options_.resume_after_line) {
        ++resumed_;
        continue;
      }
      chunk.items.push_back(std::move(item));
    }
    return true;
  }

  // Fills the chunk with households as the cells of their rows; false at the end of the input.
  bool read_rows(Chunk& chunk) {
    while (chunk.rows.size() < block_size_) {
      if (!csv_->next_rows(chunk.rows)) return false;
      if (chunk.rows.household(chunk.rows.size() - 1).line <= options_.resume_after_line) {
        ++resumed_;
        chunk.rows.remove_last();
      }
    }
    return true;
  }

  // Fills the chunk with households as the text of their lines; false at the end of the input.
  bool read_lines(Chunk& chunk) {
    while (chunk.line_count < block_size_) {
      if (chunk.lines.size() == chunk.line_count) chunk.lines.emplace_back();
      if (!json_lines_->next_line(chunk.lines[chunk.line_count])) return false;
      if (chunk.lines[chunk.line_count].number <= options_.resume_after_line) ++resumed_;
      else ++chunk.line_count;
    }
    return true;
  }

  bool stop_requested() {
    std::lock_guard lock(mutex_);
    return summary_.stopped;
  }

  void work() {
    Worker worker(rules_, options_, parameters_, csv_ ? &csv_->header() : nullptr, json_lines_ != nullptr);
    for (;;) {
      Chunk chunk;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return !pending_.empty() || reading_done_ || failure_; });
        if (pending_.empty() || failure_) return;
        chunk = std::move(pending_.front());
        pending_.pop_front();
      }
      try {
        worker.evaluate(chunk);
        deliver(std::move(chunk));
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        space_.notify_all();
        work_ready_.notify_all();
        return;
      }
    }
  }

  // Writes chunks in sequence; whichever worker completes the next one writes it.
  void deliver(Chunk chunk) {
    std::unique_lock lock(mutex_);
    done_.emplace(chunk.sequence, std::move(chunk));
    if (writing_) return;
    writing_ = true;
    while (!done_.empty() && done_.begin()->first == next_to_write_) {
      Chunk ready = std::move(done_.begin()->second);
      done_.erase(done_.begin());
      lock.unlock();
      bool stop = false;
      if (!summary_.stopped) {
        if (options_.strict) stop = truncate_at_error(ready);
        sink_.write(ready.results);
        count(ready);
      }
      if (options_.progress) options_.progress({summary_.households_read, summary_.input_errors});
      lock.lock();
      if (stop) summary_.stopped = true;
      spare_.push_back(std::move(ready));
      ++next_to_write_;
      --in_flight_;
      space_.notify_all();
    }
    writing_ = false;
  }

  static bool truncate_at_error(Chunk& chunk) {
    for (std::size_t i = 0; i < chunk.results.size(); ++i) {
      if (!chunk.results[i].input_error.empty()) {
        chunk.results.resize(i + 1);
        return true;
      }
    }
    return false;
  }

  void count(const Chunk& chunk) {
    for (const auto& h : chunk.results) {
      ++summary_.households_read;
      if (!h.input_error.empty()) {
        ++summary_.input_errors;
        if (h.first_seen_line != 0 || h.out_of_order) ++summary_.split_households;
        continue;
      }
      ++summary_.evaluated;
    }
    constexpr __int128 to_exact = 1'000'000'000'000;  // millionths to ExactSum's 10^-18
    for (std::size_t p = 0; p < summary_.eligible.size(); ++p) {
      summary_.eligible[p] += chunk.counts.eligible[p];
      summary_.undetermined[p] += chunk.counts.undetermined[p];
      __int128 term = 0;
      if (__builtin_mul_overflow(chunk.counts.eligible_amounts[p], to_exact, &term) ||
          __builtin_add_overflow(summary_.eligible_amounts[p].raw, term, &summary_.eligible_amounts[p].raw))
        throw std::overflow_error(fmt::format("the sum of programme {}'s eligible amounts exceeds about 1.7 x 10^20", rules_.programmes()[p].id));
    }
  }

  const RuleSet& rules_;
  HouseholdSource& source_;
  detail::CsvHouseholdSource* csv_;  // the source when its households can be read as rows of cells
  detail::JsonLinesSource* json_lines_;  // the source when its households can be read as lines
  OutcomeSink& sink_;
  const BatchOptions& options_;
  detail::ResolvedParameters parameters_;
  std::size_t block_size_;
  BatchSummary summary_;
  std::size_t resumed_ = 0;  // read by the reading thread only

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable space_;
  std::deque<Chunk> pending_;
  std::vector<Chunk> spare_;  // written chunks whose buffers the reader reuses
  std::map<std::size_t, Chunk> done_;
  std::size_t in_flight_ = 0;
  std::size_t next_to_write_ = 0;
  bool reading_done_ = false;
  bool writing_ = false;
  std::exception_ptr failure_;
};

}  // namespace

BatchSummary run_batch(const RuleSet& rules, HouseholdSource& source, OutcomeSink& sink, const BatchOptions& options) {
  check_limits(detail::model_of(rules), options);
  Pipeline pipeline(rules, source, sink, options);
  return pipeline.run();
}

}  // namespace ssis
