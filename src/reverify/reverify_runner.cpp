// The re-verification job: run_batch over the households, joined with the benefit index.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "io/utf8.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/reverify.hpp"

namespace ssis {
namespace {

// Passes households through to run_batch and keeps a copy of each until its results are
// compared, so that a household receiving a programme it is ineligible for can be
// evaluated again in full (for its failing criteria). run_batch holds at most
// 2 × threads + 1 blocks between reading and writing, so the copies are bounded too.
class RetainingSource : public HouseholdSource {
 public:
  explicit RetainingSource(HouseholdSource& source) : source_(source) {}

  bool next(SourceItem& item) override {
    if (!source_.next(item)) return false;
    std::lock_guard lock(mutex_);
    retained_.push_back({item.line, item.error.empty() ? item.household : Household{}});
    return true;
  }

  /// The oldest household not yet taken: the one whose results arrive next.
  Household take(std::size_t line) {
    std::lock_guard lock(mutex_);
    if (retained_.empty() || retained_.front().line != line)
      throw std::logic_error(fmt::format("re-verification lost the household of input line {}", line));
    Household household = std::move(retained_.front().household);
    retained_.pop_front();
    return household;
  }

 private:
  struct Retained {
    std::size_t line;
    Household household;
  };
  HouseholdSource& source_;
  std::mutex mutex_;
  std::deque<Retained> retained_;
};

// Receives each block of decisions in input order, claims each household's benefits in
// that order, then compares and adds the totals of the block's households in as many
// parts as there are threads, each part on a thread of its own with its own evaluators,
// and writes the findings in input order.
class JoiningSink : public OutcomeSink {
 public:
  JoiningSink(const RuleSet& rules, RetainingSource& source, BenefitIndex& benefits, FindingSink& sink, ReverifySummary& summary,
              const ReverifyOptions& options)
      : comparer_(rules), source_(source), benefits_(benefits), sink_(sink), summary_(summary), options_(options) {
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    parts_.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) parts_.emplace_back(rules, options);
  }

  void write(const std::vector<BatchHousehold>& block) override {
    entries_.resize(block.size());
    for (std::size_t i = 0; i < block.size(); ++i) claim(block[i], entries_[i]);
    const std::size_t parts = std::min(parts_.size(), block.size());
    std::vector<std::exception_ptr> failures(parts);
    const auto run_part = [&](std::size_t part) {
      try {
        const std::size_t begin = block.size() * part / parts;
        const std::size_t end = block.size() * (part + 1) / parts;
        verify(std::span(entries_).subspan(begin, end - begin), parts_[part]);
      } catch (...) {
        failures[part] = std::current_exception();
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t part = 1; part < parts; ++part) threads.emplace_back(run_part, part);
    if (parts > 0) run_part(0);
    for (std::thread& thread : threads) thread.join();
    for (const std::exception_ptr& failure : failures)
      if (failure) std::rethrow_exception(failure);
    rows_.clear();
    for (const Entry& entry : entries_) rows_.insert(rows_.end(), entry.rows.begin(), entry.rows.end());
    for (const FindingRow& row : rows_) summary_.add(row);
    sink_.write(rows_);
  }

 private:
  // A household of the block and its findings.
  struct Entry {
    const BatchHousehold* decisions = nullptr;
    Household household;
    std::span<const Benefit> claimed;  // when it is compared: the benefits it receives
    bool compared = false;
    std::vector<Benefit> benefits;  // `claimed` with members resolved
    std::vector<FindingRow> rows;
  };

  // What a thread compares and totals with.
  struct Part {
    Part(const RuleSet& rules, const ReverifyOptions& options)
        : evaluator(rules, {.known_on = options.known_on}),
          evaluator_without_missing(rules, {.missing_facts = false, .known_on = options.known_on}),
          totals(rules, options.date, 1) {}
    Evaluator evaluator;                  // names the missing facts
    Evaluator evaluator_without_missing;  // for the failing criteria alone
    MonthlyTotals totals;
    std::vector<MonthlyTotals::Received> received;
  };

  // In input order: the household's benefits claimed (a household appearing again is an
  // error), and the rows of a household that could not be evaluated.
  void claim(const BatchHousehold& decisions, Entry& entry) {
    entry.decisions = &decisions;
    entry.household = source_.take(decisions.line);
    entry.compared = false;
    entry.rows.clear();
    ++summary_.households_read;
    const BenefitIndex::Claim claim = benefits_.claim(decisions.id, decisions.line);
    if (claim.earlier_line != 0) {
      add_error(entry.rows, decisions.id, -1,
                fmt::format("{}: line {}: household {} appears again (first at line {}, where its benefits were compared)",
                            options_.households_name, decisions.line, detail::escaped(decisions.id), claim.earlier_line));
    } else if (!decisions.input_error.empty()) {
      add_unevaluated(entry.rows, decisions, claim.benefits);
    } else {
      ++summary_.households_evaluated;
      entry.claimed = claim.benefits;
      entry.compared = true;
    }
  }

  // The findings of some households of the block and their benefits' totals.
  void verify(std::span<Entry> entries, Part& part) {
    part.received.clear();
    for (Entry& entry : entries) {
      if (!entry.compared) continue;
      entry.benefits = benefits_.resolve_members(entry.claimed, entry.household, entry.rows);
      const std::size_t benefit_rows = entry.rows.size();  // compare() writes one row per benefit first
      // Evaluated again in full only when asked, and with the missing facts named only
      // when they are asked for (about half the time of an evaluation).
      std::optional<HouseholdOutcome> outcome;
      comparer_.compare(*entry.decisions, entry.benefits, [&](bool missing_facts) -> const HouseholdOutcome& {
        if (!outcome || (missing_facts && !outcome->missing_named))
          outcome = (missing_facts ? part.evaluator : part.evaluator_without_missing).evaluate(entry.household, options_.date);
        return *outcome;
      }, entry.rows);
      for (FindingRow& row : entry.rows) row.input_hash = entry.decisions->input_hash;
      if (!entry.benefits.empty())
        part.received.push_back(
            {&entry.household, entry.decisions, entry.benefits, std::span(entry.rows).subspan(benefit_rows, entry.benefits.size())});
    }
    part.totals.add(part.received);
  }

  // A household that could not be evaluated: one error row per benefit it receives, or
  // one for the household when it receives none.
  void add_unevaluated(std::vector<FindingRow>& rows, const BatchHousehold& decisions, std::span<const Benefit> benefits) const {
    const std::string reason = fmt::format("{}: {} (not re-verified)", options_.households_name, decisions.input_error);
    if (benefits.empty()) add_error(rows, decisions.id, -1, reason);
    for (const Benefit& benefit : benefits) {
      add_error(rows, decisions.id, benefit.programme, reason);
      rows.back().paid_monthly = benefit.monthly_amount;
    }
  }

  static void add_error(std::vector<FindingRow>& rows, const std::string& household_id, int programme, std::string reason) {
    FindingRow& row = rows.emplace_back();
    row.household_id = household_id;
    row.programme = programme;
    row.finding = Finding::input_error;
    row.reasons = std::move(reason);
  }

  BenefitComparer comparer_;
  RetainingSource& source_;
  BenefitIndex& benefits_;
  FindingSink& sink_;
  ReverifySummary& summary_;
  const ReverifyOptions& options_;
  std::vector<Part> parts_;  // one per thread
  std::vector<Entry> entries_;
  std::vector<FindingRow> rows_;
};

void write_counted(const std::vector<FindingRow>& rows, FindingSink& sink, ReverifySummary& summary) {
  for (const FindingRow& row : rows) summary.add(row);
  if (!rows.empty()) sink.write(rows);
}

}  // namespace

ReverifySummary reverify(const RuleSet& rules, HouseholdSource& source, BenefitIndex& benefits, FindingSink& sink,
                         const ReverifyOptions& options) {
  ReverifySummary summary;
  summary.programmes.assign(rules.programmes().size(), FindingTally{});
  summary.overlaps.assign(rules.relations().size(), 0);
  write_counted(benefits.take_errors(), sink, summary);
  summary.benefits_read = benefits.benefit_count();

  RetainingSource retaining(source);
  JoiningSink joining(rules, retaining, benefits, sink, summary, options);
  BatchOptions batch;
  batch.date = options.date;
  batch.known_on = options.known_on;
  batch.threads = options.threads;
  batch.block_size = options.block_size;
  batch.input_hashes = true;
  batch.missing_facts = false;  // the few undetermined benefits get theirs from a full evaluation
  summary.split_households = run_batch(rules, retaining, joining, batch).split_households;

  write_counted(benefits.unclaimed_errors(), sink, summary);
  return summary;
}

}  // namespace ssis
