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

#include "ssis/exact_sum.hpp"
#include "ssis/household.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

/// One household read from a source, or the reason it could not be read.
struct SourceItem {
  Household household;
  std::size_t line = 0;  ///< first line of the household in the input (1-based)
  std::string error;     ///< non-empty when the input could not be read as a household
  /// Non-zero: rows with this household id came earlier in the input, first at this line,
  /// with other rows in between; they were read as a household of their own.
  std::size_t first_seen_line = 0;
  /// With SourceOptions::ids_in_order: its id does not come after the id before it, so its
  /// rows may belong to a household read earlier; it is an input error.
  bool out_of_order = false;
};

/// Where households come from. Implementations: CSV (one row per member, grouped by
/// household_id) and JSON lines (one household object per line).
class HouseholdSource {
 public:
  virtual ~HouseholdSource() = default;
  /// False at the end of the input.
  virtual bool next(SourceItem& item) = 0;
};

struct SourceOptions {
  /// The longest record (CSV row) or JSON line, in bytes. A
  /// longer one is an input error for its line; it is skipped in chunks, never held whole.
  std::size_t max_record_bytes = std::size_t{1} << 20;
  /// CSV: the households' ids increase from each household to the next, in byte order
  /// (`LC_ALL=C sort`) or in the natural order, where runs of digits compare as numbers
  /// ("h9" before "h10"). Households whose rows are apart are then found from the last id
  /// alone, so memory stays flat however long the input; without it every id read is kept
  /// (as a 64-bit hash and a line: 21 to 43 bytes each). A household whose id does not come
  /// after the one before is an input error with SourceItem::out_of_order set.
  bool ids_in_order = false;
};

/// CSV with a header: `household_id`, household fields and member fields by name, each
/// column once; a UTF-8 byte order mark is skipped. Rows of one household are
/// consecutive; blank lines are skipped; a row whose member fields are all empty adds no
/// member. A field holds no line break (a quote closed only on a later line makes its row
/// malformed). An empty cell is a fact not known, even where the field has a default (a column
/// left out of the header takes the default). A malformed row (a quote left open, too many
/// or too few fields, longer than max_record_bytes) makes its household one input error,
/// and reading goes on at the next line. Rows of a household id seen before, with other
/// households in between, are an input error with `first_seen_line` set. Throws InputError
/// for a bad header.
std::unique_ptr<HouseholdSource> csv_source(std::istream& input, const Schema& schema, const SourceOptions& options = {});
/// One JSON object per line, as `ssis eval` reads them; blank lines are skipped.
std::unique_ptr<HouseholdSource> json_lines_source(std::istream& input, const SourceOptions& options = {});

/// The decision for one programme of one household in a batch.
struct BatchDecision {
  static constexpr std::uint32_t no_detail = 0xffff'ffff;
  Status status = Status::undetermined;
  Knowledge amount_knowledge = Knowledge::unknown;
  /// Index of the decision's texts and members' decisions in BatchHousehold::details, or
  /// no_detail when it has none (BatchHousehold::detail gives them either way).
  std::uint32_t detail = no_detail;
  std::int64_t amount = 0;  ///< raw millionths (Decimal::from_raw)
};

/// The decision of a programme assessed per member (ProgrammeUnit::member) for one member
/// of a household in a batch, as UnitOutcome has it.
struct BatchUnitDecision {
  std::size_t member = 0;   ///< index in the household's members (0-based)
  Status status = Status::undetermined;
  Knowledge amount_knowledge = Knowledge::unknown;
  /// Index of the member's texts (missing facts when undetermined and requested, the relation
  /// per member that kept another programme for this member, the error) in
  /// BatchHousehold::details, or BatchDecision::no_detail when it has none
  /// (BatchHousehold::detail gives them either way).
  std::uint32_t detail = BatchDecision::no_detail;
  std::int64_t amount = 0;  ///< raw millionths (Decimal::from_raw)
};

/// What a programme's decision in a batch says besides its status and amount: its texts and
/// its members' decisions; or the texts of one member's decision. Kept apart from the
/// decisions (BatchHousehold::details), which most decisions do not need, so that a block's
/// decisions stay small.
struct BatchDecisionDetail {
  std::string missing;      ///< "a;b" for undetermined programmes, when requested
  std::string excluded_by;
  std::string error;
  /// Programmes assessed per member: one decision per member assessed (whose `unit.where`
  /// holds or is unknown), in member order; empty for household programmes.
  std::vector<BatchUnitDecision> units;
};

struct BatchHousehold {
  std::string id;
  std::size_t line = 0;
  std::string input_error;  ///< non-empty: the household was not evaluated
  std::size_t first_seen_line = 0;  ///< as SourceItem::first_seen_line
  bool out_of_order = false;        ///< as SourceItem::out_of_order
  std::vector<BatchDecision> programmes;
  /// The details the decisions and the members' decisions refer to (BatchDecision::detail,
  /// BatchUnitDecision::detail); entries none refers to are
  /// storage kept for the next household written into this one.
  std::vector<BatchDecisionDetail> details;
  /// With BatchOptions::input_hashes, the hash of the household's canonical input, as in its
  /// receipt (Receipt::input); else empty.
  std::string input_hash;

  /// The texts and members' decisions of one of this household's decisions: all empty when
  /// it has none.
  const BatchDecisionDetail& detail(const BatchDecision& decision) const;
  /// The texts of one member's decision (its `units` empty): all empty when it has none.
  const BatchDecisionDetail& detail(const BatchUnitDecision& decision) const;
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
/// with status `input_error`. For a rule set with programmes assessed per member, the long
/// layout has a `member` column after `programme` and, before the row of each such
/// programme (whose member is empty), one row per member it assesses (the member's index,
/// status, amount, missing facts, the relation per member that excluded it, and error);
/// the wide layout has a `<programme>_members` column after each such programme's amount,
/// listing the members assessed as MEMBER:STATUS[:AMOUNT] separated by ';'
/// ("0:eligible:248000;1:ineligible"). Rule sets without such programmes are written as
/// before, byte for byte.
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

/// What decides a run's output, as named entries in a fixed order: the rule set's
/// fingerprint, the date, the input (absolute path, size, FNV-1a hash of its first MiB;
/// "not a regular file" for a pipe) and its format, the layout, whether missing facts
/// are named and whether the households' ids were checked in order (SourceOptions::ids_in_order). Recorded next to an output before its first row, so that a resumed run can
/// refuse to continue a different one.
struct RunIdentity {
  std::vector<std::pair<std::string, std::string>> entries;
};

RunIdentity run_identity(const RuleSet& rules, Date date, const std::string& input_path, const std::string& input_format,
                         BatchLayout layout, bool missing_facts, bool ids_in_order = false);
/// "key: value" lines, and back; lines of another form are ignored.
std::string to_text(const RunIdentity& identity);
RunIdentity parse_run_identity(std::string_view text);
/// One line per entry that differs: "date: 2025-09-24 then, 2026-01-01 now" (a missing
/// entry shows as "none"). Empty when the runs are the same.
std::vector<std::string> run_differences(const RunIdentity& recorded, const RunIdentity& current);

struct BatchProgress {
  std::size_t households = 0;
  std::size_t errors = 0;
};

struct BatchOptions {
  Date date;
  std::optional<Date> known_on;   ///< facts the input dates after it are taken as not known (EvaluationOptions::known_on)
  unsigned threads = 0;           ///< 0: every core; at most max_threads
  /// Households per block; 0 sizes blocks to the rule set: as many as keep the registers its
  /// program holds within about 4 MiB (all of them when missing facts are named, fewer
  /// reused ones otherwise; a multiple of 32 from 32 to 1,024), and at most about 65,536
  /// programme decisions per block (but at least 32 households), which bounds memory
  /// whatever the number of programmes.
  /// At most max_block_households, and at most max_block_decisions / programmes.
  std::size_t block_size = 0;
  bool missing_facts = true;      ///< name the missing facts of undetermined programmes
  bool strict = false;            ///< stop at the first input error
  bool input_hashes = false;      ///< give each household evaluated its BatchHousehold::input_hash
  /// Households whose first input line is at or before this one were written by an earlier,
  /// interrupted run (see find_resume_point): they are read but not evaluated or written.
  std::size_t resume_after_line = 0;
  std::function<void(const BatchProgress&)> progress;  ///< called after each written block
};

/// Limits of BatchOptions: run_batch throws std::invalid_argument, naming the option, past them.
inline constexpr unsigned max_threads = 1024;
inline constexpr std::size_t max_block_households = 65'536;
inline constexpr std::size_t max_block_decisions = std::size_t{1} << 20;

struct BatchSummary {
  std::size_t households_read = 0;  ///< input households, including those with errors
  std::size_t resumed = 0;          ///< households skipped because an earlier run wrote them
  std::size_t evaluated = 0;
  std::size_t input_errors = 0;
  std::vector<std::size_t> eligible;        ///< per programme
  std::vector<std::size_t> undetermined;    ///< per programme
  /// Per programme, the sum of the known amounts of its eligible decisions, exactly (a
  /// population's total can exceed what a Decimal holds).
  std::vector<ExactSum> eligible_amounts;
  bool stopped = false;                     ///< strict mode stopped at an error
  /// Input errors for rows of a household id that came earlier, apart from them (see
  /// SourceItem::first_seen_line), or that may have (SourceItem::out_of_order): the output
  /// may hold the earlier rows' results as if they were the whole household, so the run is
  /// not sound.
  std::size_t split_households = 0;
};

/// Evaluates everything `source` yields and writes it to `sink`.
BatchSummary run_batch(const RuleSet& rules, HouseholdSource& source, OutcomeSink& sink, const BatchOptions& options);

}  // namespace ssis
