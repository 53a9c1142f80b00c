#pragma once
/// Re-verification of current beneficiaries: every household is evaluated on a date and its
/// result compared with the benefits it currently receives. Each received benefit yields
/// exactly one of confirmed / no_longer_eligible / undetermined / overpaid / underpaid;
/// each exclusive relation group of which it receives two or more programmes yields one
/// overlap; each eligible programme it does not receive yields one blind_spot. A benefit
/// of a programme assessed per member (ProgrammeUnit::member) is paid to one member, named
/// by the benefits' `member` column, and compared with that member's decision; its blind
/// spots are per eligible member, and an exclusive relation that holds per member
/// (RelationInfo::per) overlaps per member. Every input
/// problem (a bad benefit row, a benefit of a household absent from the household input, a
/// household that cannot be evaluated) yields one input_error row naming where it is.
/// Each received benefit also gets what was paid and due on it since it started
/// (MonthlyTotals); its finding is decided on the date alone.
///
/// Memory: the benefits are indexed by household id before the households are streamed
/// (any order in either input); the index holds at most about 36 bytes per benefit and 100
/// bytes per household id. The households stream through run_batch
/// in bounded memory. 1,000,000 households with 7.7 million benefits: 615 MiB peak (measured
/// with an earlier index of 56 bytes per benefit).
#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ssis/batch.hpp"
#include "ssis/columns.hpp"
#include "ssis/date.hpp"
#include "ssis/decimal.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household.hpp"
#include "ssis/rule_set.hpp"

namespace ssis {

namespace detail {
class ProgrammeErrorTexts;
}

enum class Finding : std::uint8_t {
  confirmed,           ///< receives, eligible, amount matches or cannot be compared
  no_longer_eligible,  ///< receives a programme it is now ineligible for
  undetermined,        ///< receives a programme the data cannot settle
  overpaid,            ///< eligible, paid more per month than computed
  underpaid,           ///< eligible, paid less per month than computed
  overlap,             ///< receives two or more programmes of one exclusive relation
  blind_spot,          ///< eligible for a programme it does not receive
  input_error,         ///< a benefit or household that could not be read or evaluated
};
inline constexpr std::size_t finding_count = 8;
std::string_view to_string(Finding finding);

/// One benefit a household currently receives.
struct Benefit {
  Decimal monthly_amount;
  std::size_t line = 0;  ///< its line (CSV) or row number (1-based) in the benefits input
  int programme = -1;    ///< index in the rule set
  Date since;
  /// Programmes assessed per member: the member it is paid to, as the benefits input names
  /// them (an index in the household's members, or a person id; see BenefitIndex), until
  /// the household is read; then the member's index. -1 for household programmes.
  std::int64_t member = -1;
};

/// One row of the detail: a finding about one household (and usually one programme).
struct FindingRow {
  std::string household_id;
  int programme = -1;  ///< -1 when the row concerns no known programme
  std::int64_t member = -1;  ///< the member's index (0-based) for a finding about one member, else -1
  int relation = -1;   ///< overlaps: the exclusive relation (index in relations())
  Finding finding = Finding::confirmed;
  std::optional<Decimal> paid_monthly;
  std::optional<Decimal> computed_monthly;
  std::optional<Decimal> difference;  ///< paid - computed
  /// A received benefit of an evaluated household: the months from its `since` to the date
  /// (MonthlyTotals), else 0; and over them, when every month is decided with a known
  /// amount, what was paid, what was due and the difference.
  std::size_t months = 0;
  std::optional<Decimal> paid_total;  ///< the monthly amount paid x months
  std::optional<Decimal> due_total;   ///< the computed monthly amounts of the months it was eligible in
  std::optional<Decimal> owed;        ///< paid_total - due_total: positive, owed back by the person; negative, owed to them
  std::string reasons;                ///< failing criteria, missing facts, relation, error location, why totals are unknown
  std::string input_hash;             ///< the household's input hash (Receipt::input) when it was evaluated
};

/// How the benefits input names the member a benefit is paid to.
struct MemberNaming {
  /// Empty: by index in the household's members (0-based, as the households input lists
  /// them). Else a member field of type int in the schema (e.g. a person id): by its value.
  std::string person_id_field;
};

/// The benefits of every household, indexed by household id. Rows are added as text
/// fields; a field that does not parse, an unknown programme id, a `since` after the
/// evaluation date, a member missing for a programme assessed per member or given for one
/// assessed per household, or a repeated (household, programme, member) becomes an input
/// error located by the `locate` function given at construction (e.g. "benefits.csv:12:3").
/// A member the household does not have is found when it is read (resolve_members).
class BenefitIndex {
 public:
  enum Field : std::size_t { household_id, programme, monthly_amount, since, member };
  static constexpr std::array<std::string_view, 5> field_names{"household_id", "programme", "monthly_amount", "since", "member"};
  /// Where field `field` of input row `line` is, for error messages.
  using Locator = std::function<std::string(std::size_t line, Field field)>;

  /// Throws std::invalid_argument when `naming` names a field that is not a member field of
  /// type int of the rule set's schema.
  BenefitIndex(const RuleSet& rules, Date date, Locator locate, MemberNaming naming = {});

  /// Adds one benefit; `fields` in the order of Field. Empty text is a missing field (the
  /// member may be empty, and must be for a programme assessed per household).
  void add(const std::array<std::string_view, 5>& fields, std::size_t line);
  /// Records a problem at `field` of row `line` that add() cannot see (a short row, a bad header).
  void add_error(std::string household_id, std::size_t line, Field field, std::string reason);

  /// After the last add (idempotent; reverify() calls it): orders the benefits and reports
  /// repeated (household, programme, member) benefits.
  void finish();

  struct Claim {
    std::span<const Benefit> benefits;  ///< ordered by programme; empty when it receives none
    std::size_t earlier_line = 0;       ///< non-zero: a household at this input line claimed them already
  };
  /// The benefits of a household (input line `household_line`), marked as compared.
  Claim claim(std::string_view household_id, std::size_t household_line);

  /// Input errors found while adding; moved out by take_errors().
  std::vector<FindingRow> take_errors();
  /// One input error per benefit of a household no claim() asked for.
  std::vector<FindingRow> unclaimed_errors() const;
  /// Valid benefits, after finish().
  std::size_t benefit_count() const { return benefits_.size(); }
  /// The claimed benefits of `household` with each member resolved to its index, in
  /// programme then member order; a benefit naming a member the household does not have
  /// becomes an input error row in `errors` instead (household_id and reasons set).
  std::vector<Benefit> resolve_members(std::span<const Benefit> benefits, const Household& household,
                                       std::vector<FindingRow>& errors) const;

 private:
  std::uint32_t household_number(std::string_view id);
  void report_repeat(std::uint32_t household, const Benefit& repeat, const Benefit& first);

  const RuleSet& rules_;
  Date date_;
  Locator locate_;
  MemberNaming naming_;
  std::unordered_map<std::string, std::uint32_t> numbers_;
  std::vector<const std::string*> ids_;  ///< by household number
  std::vector<std::uint32_t> household_of_;  ///< while adding: the household number of each benefit
  std::vector<Benefit> benefits_;        ///< in input order while adding; by finish(), by household number, then programme and member
  std::vector<std::size_t> first_;       ///< per household number: index of its first benefit; one past the end last
  std::vector<std::size_t> claimed_;     ///< per household number: the household's input line, 0 until claimed
  std::vector<FindingRow> errors_;
  bool finished_ = false;
};

/// Reads a benefits CSV: a header naming the four columns household_id, programme,
/// monthly_amount, since, and, for a rule set with programmes assessed per member, optionally
/// member (needed for benefits of those programmes; any order, each once, no others; a UTF-8
/// byte order mark is skipped), then one row per benefit. A bad header or an empty file throws InputError
/// (file, line and column). A bad row, a malformed one included (a quote left open, longer
/// than options.max_record_bytes), is an input error located as "FILE:LINE:COLUMN" (COLUMN
/// is the 1-based field number) and reading goes on at the next line; blank lines are skipped.
BenefitIndex read_benefits_csv(std::istream& input, const std::string& file_name, const RuleSet& rules, Date date,
                               const SourceOptions& options = {}, MemberNaming naming = {});

/// An exact sum of money (raw millionths in 128 bits: no overflow for any realistic count).
struct MoneySum {
  __int128 raw = 0;
  void add(Decimal amount) { raw += amount.raw(); }
  void add(const MoneySum& other) { raw += other.raw; }
  /// Shortest exact text, as Decimal::to_string.
  std::string to_string() const;
  friend bool operator==(const MoneySum&, const MoneySum&) = default;
  friend auto operator<=>(const MoneySum&, const MoneySum&) = default;
};

/// Counts and monthly sums of findings, for one programme or a group of them.
struct FindingTally {
  std::array<std::size_t, finding_count> count{};
  MoneySum paid_to_no_longer_eligible;  ///< monthly amounts paid for no_longer_eligible findings
  MoneySum overpaid;                    ///< sum of paid - computed over overpaid findings
  MoneySum underpaid;                   ///< sum of computed - paid over underpaid findings
  MoneySum blind_spot_computed;         ///< monthly amounts of blind spots (month period)
  /// Over the received benefits whose totals are known (FindingRow::owed), since each started:
  MoneySum paid_total;
  MoneySum due_total;
  MoneySum owed;             ///< owed_back - owed_to_people
  MoneySum owed_back;        ///< the positive owed: owed back by people
  MoneySum owed_to_people;   ///< minus the negative owed: owed to people
  std::size_t totals_unknown = 0;  ///< received benefits of evaluated households whose totals are unknown

  std::size_t operator[](Finding finding) const { return count[static_cast<std::size_t>(finding)]; }
  /// Received benefits: the findings that concern one received benefit each.
  std::size_t received() const;
  /// Monthly improper payments: paid to no-longer-eligible + overpaid.
  MoneySum improper() const;
  void add(const FindingRow& row);
  void add(const FindingTally& other);
};

struct ReverifySummary {
  std::size_t households_read = 0;     ///< including those that could not be evaluated
  std::size_t households_evaluated = 0;
  std::size_t benefits_read = 0;       ///< valid benefit rows
  std::vector<FindingTally> programmes;       ///< per programme
  FindingTally unattributed;                  ///< input errors that name no known programme
  std::vector<std::size_t> overlaps;          ///< per relation (index in relations())
  std::size_t split_households = 0;           ///< as BatchSummary::split_households
  FindingTally total() const;
  /// Counts one finding.
  void add(const FindingRow& row);
};

/// Receives findings in household input order (errors of the benefits input first, those
/// of benefits of absent households last), from one thread at a time.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void write(const std::vector<FindingRow>& rows) = 0;
};

struct ReverifyOptions {
  Date date;
  std::optional<Date> known_on;  ///< facts the input dates after it are taken as not known (EvaluationOptions::known_on)
  std::string households_name = "households";  ///< names the household input in error rows
  unsigned threads = 0;          ///< 0: every core
  std::size_t block_size = 256;  ///< households per block (smaller than run_batch's default: less memory, as fast)
};

/// Evaluates every household of `source` on options.date, compares it with its benefits
/// in `benefits` and writes the findings to `sink`.
ReverifySummary reverify(const RuleSet& rules, HouseholdSource& source, BenefitIndex& benefits, FindingSink& sink,
                         const ReverifyOptions& options);

/// What was paid and what was due on the benefits households receive, month by month from
/// each benefit's `since` to the date: the months of monthly_dates(since, date), the one
/// monthly amount paid assumed paid in each. A month before the date's month is evaluated on
/// its date of monthly_dates (parameters in force and ages on that date); the date's month is
/// the decision on the date itself (the finding's). Only households with a benefit since
/// before the date's month are evaluated again, as columns (evaluate_columns): on each first
/// day of a month, the households of a block with a benefit due then, together; on each
/// `since` that is not a first day, the households that need it. On a first day of a month a
/// household is decided again only when its decisions may differ from those of the month
/// they were last worked out on: a parameter its received programmes read has another table
/// in force, one of them comes into or goes out of force, or a time since one of its input
/// dates that they read has changed (a member's age); otherwise that month takes them as they
/// were. Programmes that read the date otherwise are decided again every month.
class MonthlyTotals {
 public:
  /// A household's received benefits (members resolved) and the findings about them:
  /// rows[k] is about benefits[k].
  struct Received {
    const Household* household = nullptr;
    const BatchHousehold* decisions = nullptr;  ///< its decisions on the date
    std::span<const Benefit> benefits;
    std::span<FindingRow> rows;
  };

  /// `threads` (0: every core) evaluate the first days of months.
  MonthlyTotals(const RuleSet& rules, Date date, unsigned threads);
  MonthlyTotals(MonthlyTotals&&) noexcept;
  ~MonthlyTotals();
  /// Sets months, paid_total, due_total and owed of each row, or, when a month is
  /// undetermined, in error or has an unknown amount, or the programme states no monthly
  /// amount, leaves due_total and owed empty and appends to its reasons
  /// "totals_unknown: undetermined in 2025-03" (the first such month).
  void add(std::span<const Received> block);

 private:
  /// The error of `benefit`'s programme (or member) on `date`, which the columns do not give,
  /// from running `selection` (which decides it) for the household; `traced`: whether that
  /// run is made already, for another of its benefits on the same date.
  std::string error_text(const Household& household, Date date, const Benefit& benefit, const ProgrammeSelection& selection,
                         bool& traced);

  /// Whether the decisions of `programme` (and of those its relations tie it to) read the
  /// evaluation date other than as the time since an input date; worked out once per programme.
  bool reads_date_directly(std::size_t programme);

  const RuleSet& rules_;
  Date date_;
  Date month_start_;  ///< the first day of the date's month
  unsigned threads_;
  std::vector<signed char> reads_date_directly_;  ///< per programme: -1 not worked out yet, 0 or 1
  /// Reused from date to date: the months table's, for the programmes that do not read the
  /// date directly and for those that do; the tables of `since` dates that are not first days.
  std::array<ColumnOutcomes, 2> month_outcomes_;
  ColumnOutcomes own_outcomes_;
  std::unique_ptr<detail::ProgrammeErrorTexts> error_texts_;  ///< for error_text
};

/// Compares evaluated households with the benefits they receive.
class BenefitComparer {
 public:
  explicit BenefitComparer(const RuleSet& rules);
  /// Appends the findings for one evaluated household: one per received benefit (in
  /// programme order), one per overlapping exclusive relation (per member for a relation
  /// that holds per member), one per blind spot (per eligible member for a
  /// programme assessed per member). `benefits` have their members resolved
  /// (BenefitIndex::resolve_members); `decisions` are its batch decisions (their missing
  /// facts are not read); `outcome(missing_facts)` evaluates it fully and is called only
  /// when a received programme is ineligible (`outcome(false)`: to name the failing
  /// criteria and relation, the missing facts need not be named) or undetermined
  /// (`outcome(true)`: to name the missing facts).
  void compare(const BatchHousehold& decisions, std::span<const Benefit> benefits,
               const std::function<const HouseholdOutcome&(bool missing_facts)>& outcome, std::vector<FindingRow>& out) const;

 private:
  struct ExclusiveGroup {
    std::size_t relation;
    std::vector<int> programmes;
    bool per_member = false;  ///< the relation holds per member (RelationInfo::per)
  };
  /// One overlap when `received` (per programme) holds two or more of the group's
  /// programmes; about `member` (index), or the household when -1.
  void add_overlap(const ExclusiveGroup& group, const BatchHousehold& decisions, const std::vector<bool>& received,
                   std::int64_t member, std::vector<FindingRow>& out) const;
  /// The overlaps of a group of programmes assessed per member, member by member.
  void add_member_overlaps(const ExclusiveGroup& group, const BatchHousehold& decisions, std::span<const Benefit> benefits,
                           std::vector<FindingRow>& out) const;
  const RuleSet& rules_;
  std::vector<ExclusiveGroup> groups_;
};

/// A table of text cells with a header.
struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// detail.csv: household_id, programme, ministry, finding, paid_monthly, computed_monthly,
/// difference, months, paid_total, due_total, owed, reasons, input; with a `member` column
/// after programme (the member's index, empty for findings about the household) when the
/// rule set has programmes assessed per member.
std::unique_ptr<FindingSink> detail_csv_sink(std::ostream& output, const RuleSet& rules, std::string_view language = "en");
/// The summary by programme, then by ministry, then the total: counts per finding, the
/// monthly sums, and the sums since each benefit started (paid_total, due_total, owed,
/// totals_unknown). Rows without findings are left out.
TextTable summary_table(const RuleSet& rules, const ReverifySummary& summary, std::string_view language = "en");
void write_csv(std::ostream& output, const TextTable& table);

struct ReportContext {
  Date date;
  std::string households_file;
  std::string benefits_file;
};
/// report.md: totals, the programmes with the largest improper payments, the money owed back
/// by and to people since each benefit started (and the programmes with the most owed back),
/// overlaps across ministries and blind spots.
void write_report(std::ostream& output, const RuleSet& rules, const ReverifySummary& summary, const ReportContext& context,
                  std::string_view language = "en");

}  // namespace ssis
