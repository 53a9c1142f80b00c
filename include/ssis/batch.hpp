#pragma once
/// Streaming evaluation of many households: read in blocks, evaluate on every core, write
/// results in input order with bounded memory. Every input household yields its result
/// rows or one error row naming its line; rows in = households evaluated + errors.
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

/// One household read from a source, or the reason it could not be read.
struct SourceItem {
  Household household;
  std::size_t line = 0;  ///< first line of the household in the input (1-based)
  std::string error;     ///< non-empty when the input could not be read as a household
};

/// Where households come from. Implementations: CSV (one row per member, grouped by
/// household_id) and JSON lines (one household object per line).
class HouseholdSource {
 public:
  virtual ~HouseholdSource() = default;
  /// False at the end of the input.
  virtual bool next(SourceItem& item) = 0;
};

/// CSV with a header: `household_id`, household fields and member fields by name. Rows of
/// one household are consecutive; a row whose member fields are all empty adds no member.
/// An empty cell is a fact not known, even where the field has a default (a column left
/// out of the header takes the default).
std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema);
/// One JSON object per line, as `ssis eval` reads them.
std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input);

/// The decision for one programme of one household in a batch.
struct BatchDecision {
  Status status = Status::undetermined;
  Knowledge amount_knowledge = Knowledge::unknown;
  std::int64_t amount = 0;  ///< raw millionths (Decimal::from_raw)
  std::string missing;      ///< "a;b" for undetermined programmes, when requested
  std::string excluded_by;
  std::string error;
};

struct BatchHousehold {
  std::string id;
  std::size_t line = 0;
  std::string input_error;  ///< non-empty: the household was not evaluated
  std::vector<BatchDecision> programmes;
};

/// Receives results in input order, one block at a time, from one thread at a time.
class OutcomeSink {
 public:
  virtual ~OutcomeSink() = default;
  virtual void write(const std::vector<BatchHousehold>& block) = 0;
};

enum class BatchLayout { long_rows, wide };

/// CSV writer: long layout (household_id, line, programme, status, amount, missing,
/// excluded_by, error; one row per household and programme) or wide (one row per
/// household, a status and an amount column per programme). Input errors become one row
/// with status `input_error`.
std::unique_ptr<OutcomeSink> csv_sink(std::ostream& output, const RuleSet& rules, BatchLayout layout,
                                      bool write_header = true);

/// How much of a CSV output written by csv_sink is complete, after a run was interrupted.
struct ResumePoint {
  std::uintmax_t complete_bytes = 0;  ///< length of the complete prefix (header included); 0: none
  std::size_t households = 0;         ///< households written in full
  std::size_t last_line = 0;          ///< input line of the last of them (0: none)
};

/// Reads an output written by csv_sink for the same rule set and layout. Every household
/// either has all its rows in the prefix or none; cut the file to `complete_bytes`, append
/// with `write_header = false` and run with `resume_after_line = last_line`.
ResumePoint find_resume_point(std::istream& output, const RuleSet& rules, BatchLayout layout);

struct BatchProgress {
  std::size_t households = 0;
  std::size_t errors = 0;
};

struct BatchOptions {
  Date date;
  unsigned threads = 0;           ///< 0: every core
  /// Households per block; 0 sizes blocks to the rule set: as many as its program evaluates
  /// well together (from 32 to 1,024), and at most about 65,536 programme decisions per block
  /// (but at least 32 households), which bounds memory whatever the number of programmes.
  std::size_t block_size = 0;
  bool missing_facts = true;      ///< name the missing facts of undetermined programmes
  bool strict = false;            ///< stop at the first input error
  /// Households whose first input line is at or before this one were written by an earlier,
  /// interrupted run (see find_resume_point): they are read but not evaluated or written.
  std::size_t resume_after_line = 0;
  std::function<void(const BatchProgress&)> progress;  ///< called after each written block
};

struct BatchSummary {
  std::size_t households_read = 0;  ///< input households, including those with errors
  std::size_t resumed = 0;          ///< households skipped because an earlier run wrote them
  std::size_t evaluated = 0;
  std::size_t input_errors = 0;
  std::vector<std::size_t> eligible;        ///< per programme
  std::vector<std::size_t> undetermined;    ///< per programme
  std::vector<Decimal> eligible_amounts;    ///< per programme, sum of known amounts
  bool stopped = false;                     ///< strict mode stopped at an error
};

/// Evaluates everything `source` yields and writes it to `sink`.
BatchSummary run_batch(const RuleSet& rules, HouseholdSource& source, OutcomeSink& sink, const BatchOptions& options);

}  // namespace ssis
