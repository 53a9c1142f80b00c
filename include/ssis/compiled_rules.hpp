#pragma once
/// Rule sets compiled to C++ ahead of time.
///
/// `ssis compile RULES -o FILE.cpp` (or the CMake function `ssis_add_compiled_rules`) writes
/// the plan of a rule set's criteria and amounts as one C++ function. Linked into an
/// application, the file registers itself when the program starts, and evaluate_columns
/// runs it instead of the interpreter for every rule set whose compiled plan is the same:
/// the same fields, parameters' structure, programmes, criteria and amounts, whatever the
/// rule set's descriptions or parameter values say (parameter values are read on each call,
/// for the evaluation date). Outcomes are identical to the interpreter's: exact decimals,
/// unknown facts and errors alike.
///
/// The rest of this header is what generated code calls; applications need only
/// find_compiled_rules and ColumnOptions::engine (ssis/columns.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssis/date.hpp"
#include "ssis/decimal.hpp"
#include "ssis/outcome.hpp"

namespace ssis {

class RuleSet;

namespace compiled {

/// Changes whenever what generated code expects of the library changes; code generated
/// for another version is not used.
inline constexpr int abi_version = 3;

/// Knowledge flags as bytes (Knowledge's values): known 0, unknown 1, error 3.
using Flag = std::uint8_t;

/// One input field over all the households (or all their members) of a table.
struct Column {
  const std::int64_t* values = nullptr;
  const Flag* knowledge = nullptr;
};

/// A parameter's table in force on the evaluation date; `values == nullptr` when none is.
/// Keys row-major, as many per entry as the parameter has. A table of one key whose entries
/// lie within a few hundred whole numbers also has `dense`: the entry each key from
/// `dense_first` takes (-1: none), `dense_size` of them, found without a search.
struct Table {
  const std::int64_t* keys = nullptr;
  const std::int64_t* values = nullptr;
  std::size_t entries = 0;
  const std::int32_t* dense = nullptr;
  std::int64_t dense_first = 0;
  std::size_t dense_size = 0;
};

struct Input {
  const Column* household_fields = nullptr;  ///< per schema household field
  const Column* member_fields = nullptr;     ///< per schema member field
  const std::uint32_t* member_offsets = nullptr;  ///< households + 1 entries
  const Table* parameters = nullptr;              ///< per parameter of the rule set
  std::int64_t today = 0;                         ///< the evaluation date, in days
  const std::uint8_t* in_force = nullptr;         ///< per programme: in force on that date
};

/// Decisions before the relations between programmes: entry h * programmes + p.
struct Output {
  Status* status = nullptr;
  Knowledge* amount_knowledge = nullptr;
  std::int64_t* amount = nullptr;  ///< raw millionths; 0 unless known
  /// Programmes assessed per member: for the m-th member of the households decided (0 for
  /// the first member of household `first`) and the k-th such programme, the values of
  /// whether the member is assessed, whether every criterion holds and the amount, at
  /// m * 3 * K + 3 * k + 0, 1 and 2 (K such programmes); an entry the programme does not have
  /// (no `unit.where`, no amount) is not written.
  std::int64_t* unit_values = nullptr;
  Flag* unit_flags = nullptr;
};

/// The entry of `table` for `key` (key_count keys): exact keys must match; a key whose bit
/// is set in `bracket` takes the greatest entry not above the value. -1 when none matches.
inline std::ptrdiff_t find_entry(const Table& table, const std::int64_t* key, std::size_t key_count, std::uint32_t bracket) {
  if (key_count == 1 && table.dense != nullptr) {
    const std::uint64_t offset = static_cast<std::uint64_t>(key[0]) - static_cast<std::uint64_t>(table.dense_first);
    if (offset < table.dense_size) return table.dense[offset];
    // Above the greatest key, a bracket takes its entry; below the first, nothing matches.
    return (bracket & 1U) != 0 && key[0] > table.dense_first ? table.dense[table.dense_size - 1] : -1;
  }
  std::ptrdiff_t best = -1;
  for (std::size_t e = 0; e < table.entries; ++e) {
    const std::int64_t* entry = &table.keys[e * key_count];
    bool match = true;
    for (std::size_t j = 0; j < key_count && match; ++j) match = (bracket >> j & 1U) ? entry[j] <= key[j] : entry[j] == key[j];
    if (!match) continue;
    if (bracket == 0) return static_cast<std::ptrdiff_t>(e);  // every key exact: no later entry is better
    if (best < 0) {
      best = static_cast<std::ptrdiff_t>(e);
      continue;
    }
    const std::int64_t* current = &table.keys[static_cast<std::size_t>(best) * key_count];
    for (std::size_t j = 0; j < key_count; ++j) {
      if (entry[j] == current[j]) continue;
      if ((bracket >> j & 1U) && entry[j] > current[j]) best = static_cast<std::ptrdiff_t>(e);
      break;
    }
  }
  return best;
}

/// Status of a programme from its criteria, as the interpreter decides it.
inline Status status_from(bool in_force, bool any_false, Flag criteria) {
  if (!in_force || any_false) return Status::ineligible;
  if (criteria == static_cast<Flag>(Knowledge::error)) return Status::error;
  return criteria == static_cast<Flag>(Knowledge::unknown) ? Status::undetermined : Status::eligible;
}

}  // namespace compiled

/// A rule set's plan as generated C++. `evaluate` decides households [first, first + count).
struct CompiledRules {
  int abi_version = 0;
  const char* rule_set_id = "";
  std::uint64_t plan_signature = 0;
  std::size_t programmes = 0;
  void (*evaluate)(const compiled::Input& input, std::size_t first, std::size_t count, const compiled::Output& output) = nullptr;
};

/// Makes compiled rules available; generated files call it when the program starts. Rules
/// of another ABI version are ignored.
void register_compiled_rules(const CompiledRules& rules);

/// The compiled rules registered for this rule set's plan, or nullptr.
const CompiledRules* find_compiled_rules(const RuleSet& rules);

/// The C++ source of `rules` compiled (what `ssis compile` writes): it defines the
/// CompiledRules object `symbol` and registers it. Throws std::invalid_argument when
/// `symbol` is not a C++ identifier.
std::string generate_compiled_rules(const RuleSet& rules, std::string_view symbol);

}  // namespace ssis
