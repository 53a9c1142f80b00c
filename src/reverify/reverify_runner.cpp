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

// Receives each block of decisions in input order, claims each household's benefits, adds
// their totals since they started and writes the findings.
class JoiningSink : public OutcomeSink {
 public:
  JoiningSink(const RuleSet& rules, RetainingSource& source, BenefitIndex& benefits, FindingSink& sink, ReverifySummary& summary,
              const ReverifyOptions& options)
      : comparer_(rules),
        evaluator_(rules, {.known_on = options.known_on}),
        evaluator_without_missing_(rules, {.missing_facts = false, .known_on = options.known_on}),
        source_(source),
        benefits_(benefits),
        sink_(sink),
        summary_(summary),
        options_(options) {
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    totals_.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) totals_.emplace_back(rules, options.date, 1);
  }

  void write(const std::vector<BatchHousehold>& block) override {
    rows_.clear();
    jobs_.clear();
    for (const BatchHousehold& decisions : block) {
      Household household = source_.take(decisions.line);
      ++summary_.households_read;
      const BenefitIndex::Claim claim = benefits_.claim(decisions.id, decisions.line);
      if (claim.earlier_line != 0) {
        add_error(decisions.id, -1,
                  fmt::format("{}: line {}: household {} appears again (first at line {}, where its benefits were compared)",
                              options_.households_name, decisions.line, detail::escaped(decisions.id), claim.earlier_line));
      } else if (!decisions.input_error.empty()) {
        add_unevaluated(decisions, claim.benefits);
      } else {
        ++summary_.households_evaluated;
        const std::size_t first_row = rows_.size();
        std::vector<Benefit> benefits = benefits_.resolve_members(claim.benefits, household, rows_);
        const std::size_t benefit_rows = rows_.size();  // compare() writes one row per benefit first
        // Evaluated again in full only when asked, and with the missing facts named only
        // when they are asked for (about half the time of an evaluation).
        std::optional<HouseholdOutcome> outcome;
        comparer_.compare(decisions, benefits, [&](bool missing_facts) -> const HouseholdOutcome& {
          if (!outcome || (missing_facts && !outcome->missing_named))
            outcome = (missing_facts ? evaluator_ : evaluator_without_missing_).evaluate(household, options_.date);
          return *outcome;
        }, rows_);
        for (std::size_t r = first_row; r < rows_.size(); ++r) rows_[r].input_hash = decisions.input_hash;
        if (!benefits.empty()) jobs_.push_back({std::move(household), &decisions, std::move(benefits), benefit_rows});
      }
    }
    add_totals();
    for (const FindingRow& row : rows_) summary_.add(row);
    sink_.write(rows_);
  }

 private:
  // A household whose benefits get their totals.
  struct TotalsJob {
    Household household;
    const BatchHousehold* decisions;
    std::vector<Benefit> benefits;
    std::size_t first_row;  // of the rows about its benefits, in rows_
  };

  // The block's households split in as many parts as there are threads, each part's totals
  // added on a thread of its own: each writes its own households' rows only.
  void add_totals() {
    std::vector<MonthlyTotals::Received> received;
    for (const TotalsJob& job : jobs_)
      received.push_back({&job.household, job.decisions, job.benefits, std::span(rows_).subspan(job.first_row, job.benefits.size())});
    const std::size_t parts = std::min<std::size_t>(totals_.size(), received.size());
    std::vector<std::exception_ptr> failures(parts);
    const auto add_part = [&](std::size_t part) {
      try {
        const std::size_t begin = received.size() * part / parts;
        const std::size_t end = received.size() * (part + 1) / parts;
        totals_[part].add(std::span(received).subspan(begin, end - begin));
      } catch (...) {
        failures[part] = std::current_exception();
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t part = 1; part < parts; ++part) threads.emplace_back(add_part, part);
    if (parts > 0) add_part(0);
    for (std::thread& thread : threads) thread.join();
    for (const std::exception_ptr& failure : failures)
      if (failure) std::rethrow_exception(failure);
  }

  // A household that could not be evaluated: one error row per benefit it receives, or
  // one for the household when it receives none.
  void add_unevaluated(const BatchHousehold& decisions, std::span<const Benefit> benefits) {
    const std::string reason = fmt::format("{}: {} (not re-verified)", options_.households_name, decisions.input_error);
    if (benefits.empty()) add_error(decisions.id, -1, reason);
    for (const Benefit& benefit : benefits) {
      add_error(decisions.id, benefit.programme, reason);
      rows_.back().paid_monthly = benefit.monthly_amount;
    }
  }

  void add_error(const std::string& household_id, int programme, std::string reason) {
    FindingRow& row = rows_.emplace_back();
    row.household_id = household_id;
    row.programme = programme;
    row.finding = Finding::input_error;
    row.reasons = std::move(reason);
  }

  BenefitComparer comparer_;
  Evaluator evaluator_;                  // names the missing facts
  Evaluator evaluator_without_missing_;  // for the failing criteria alone
  RetainingSource& source_;
  BenefitIndex& benefits_;
  FindingSink& sink_;
  ReverifySummary& summary_;
  const ReverifyOptions& options_;
  std::vector<MonthlyTotals> totals_;  // one per thread
  std::vector<TotalsJob> jobs_;
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
