#pragma once
// Runs a plan over a block of households, instruction by instruction, each over a whole
// column. Three-valued: every value is known, unknown (a missing input) or an error.
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/block.hpp"
#include "model/rule_model.hpp"
#include "ssis/compiled_rules.hpp"

namespace ssis::detail {

/// A rule set's parameters on one date: each one's table in force, or nullptr when none is;
/// and, once resolve_uniform_registers has run, the value of each of the plan's uniform
/// registers on that date (Plan::uniform).
struct ResolvedParameters {
  Date date;
  std::vector<const DatedTable*> tables;
  std::vector<std::int64_t> uniform_values;  ///< per uniform register, in Plan::uniform's order
  bool uniform_known = false;                ///< worked out, and every uniform register is known
};

ResolvedParameters resolve_parameters(const RuleModel& model, Date date);
/// Works out the plan's uniform registers on `resolved.date`, for decision runs to read as
/// single values. It costs about as much as running a block: worth it for many blocks.
void resolve_uniform_registers(const RuleModel& model, ResolvedParameters& resolved);

/// A table as compiled code reads it: no values when `table` is nullptr (none in force).
compiled::Table table_of(const DatedTable* table);
/// The keys of `parameter` that take the greatest entry not above the value, as bits.
std::uint32_t bracket_mask(const ParameterModel& parameter);

/// Where an error arose: an instruction that failed on known operands. Its message is
/// written only when an outcome asks for it, so errors that decide nothing cost nothing extra.
struct ErrorSite {
  std::int32_t instruction = -1;
  std::size_t row = 0;            ///< row at the instruction's level
  const char* reason = nullptr;   ///< a fixed reason, or nullptr for a parameter lookup
};

/// Reusable per-evaluator storage: every computed register's rows, one register after
/// another in one array (so a household's whole program stays in few cache lines), and the
/// first error of each household. A register that loads an input field reads the block's
/// column itself. Valid while the executed block is. Not shared between threads.
struct Registers {
  std::vector<std::int64_t> values;
  std::vector<Knowledge> knowledge;
  std::vector<ColumnView> columns;  ///< per register: its rows
  /// Every error that arose in the last execution, once per instruction and household, and
  /// for each register and household holding an error (key: register << 32 | household)
  /// the index of the site it came from. Empty while no household has an error.
  std::vector<ErrorSite> error_sites;
  std::unordered_map<std::uint64_t, std::uint32_t> error_origins;
  /// Per instruction: whether its rows in the last execution are all unknown (kept while
  /// some input field read is unknown in every row of the block). An instruction whose every
  /// operand is so is not run: its rows are set unknown; an arithmetic operation or
  /// comparison one of whose operands is so reads only the other; so does `and` or `or`.
  /// Every row's knowledge, and every known row's value, is what the operation would give.
  std::vector<std::uint8_t> unknown_everywhere;
  /// Per instruction, in an execution that traces errors: whether some row may hold an error
  /// (one arose there, or an operand may hold one). Only those rows are traced.
  std::vector<std::uint8_t> may_hold_errors;
  /// Scratch rows over the members of a block, for folding them into their households.
  std::vector<std::uint8_t> member_bytes;
  std::vector<std::uint64_t> member_totals;
  const ResolvedParameters* parameters = nullptr;  ///< of the last execution
  const Block* block = nullptr;                    ///< of the last execution
  /// The shape `columns` was last laid out for: a block of the same shape run with the same
  /// layout finds its computed registers where they were (one household after another).
  struct Shape {
    const RegisterLayout* layout = nullptr;
    std::size_t households = 0;
    std::size_t members = 0;
    const std::int64_t* values = nullptr;
    const Knowledge* knowledge = nullptr;
    bool operator==(const Shape&) const = default;
  };
  Shape laid_out;

  ColumnView column(std::int32_t reg) const { return columns[static_cast<std::size_t>(reg)]; }
};

/// What an execution computes: every variable (for explanations and variable queries), or
/// only what the programmes' criteria and amounts depend on, keeping every register; or
/// that in fewer rows, when nothing but the decisions and error messages is read afterwards
/// (no missing facts, no explanation).
enum class Scope { everything, programmes, decisions };

/// Whether an execution traces each error to the registers it reaches, which error_message
/// needs. Tracing starts at the first error of a block and reads only the rows holding one:
/// blocks without errors pay nothing for it, and a block with some is run once.
enum class ErrorTracing { when_errors, none };

void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers,
             Scope scope = Scope::everything, ErrorTracing tracing = ErrorTracing::when_errors);
/// The decisions of `code.programmes` only, as Scope::decisions runs them. With
/// ErrorTracing::none, where errors arose is not even noted (no error message can be asked
/// for); with when_errors, error_message and unit_error_message tell them for these programmes.
void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers,
             const ProgrammeCode& code, ErrorTracing tracing = ErrorTracing::none);

/// Why programme `programme` is an error for `household` in the last execution, run with
/// ErrorTracing::when_errors: the error its first failing criterion (or else its amount)
/// came from ("" when there is none).
std::string error_message(const RuleModel& model, const Registers& registers, std::size_t household, std::size_t programme);
/// The same for the decision of programme `programme` for the member at `member_row` of
/// `household` (programmes assessed per member): the error of its first failing criterion,
/// as traced for the household.
std::string unit_error_message(const RuleModel& model, const Registers& registers, std::size_t household, std::size_t member_row,
                               std::size_t programme);

}  // namespace ssis::detail
