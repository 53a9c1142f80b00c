#include "eval/executor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "support/wide_versions.hpp"

namespace ssis::detail {
namespace {

// Knowledge as the flags it is defined to be: the knowledge of a computation is the
// bitwise or of its inputs'. Loops over these bytes have no branches and vectorise.
using Flag = std::uint8_t;
constexpr Flag K = static_cast<Flag>(Knowledge::known);
constexpr Flag U = static_cast<Flag>(Knowledge::unknown);
constexpr Flag E = static_cast<Flag>(Knowledge::error);

// The bitwise or of `n` bytes, read eight at a time: the bytes must be readable up to 7
// past the last.
inline Flag or_of_bytes(const Flag* bytes, std::uint32_t n) {
  constexpr unsigned bits = 64;
  std::uint64_t word = 0;
  std::uint64_t eight = 0;
  for (; n > sizeof eight; n -= sizeof eight, bytes += sizeof eight) {
    std::memcpy(&eight, bytes, sizeof eight);
    word |= eight;
  }
  std::memcpy(&eight, bytes, sizeof eight);
  const std::uint64_t all = ~std::uint64_t{0};
  const unsigned unused = bits - 8 * n;  // the bits of the bytes after the last
  const std::uint64_t first_n = n == 0 ? 0 : std::endian::native == std::endian::little ? all >> unused : all << unused;
  word |= eight & first_n;
  word |= word >> 32;
  word |= word >> 16;
  word |= word >> 8;
  return static_cast<Flag>(word);
}

// The first `n` of the 8 bytes at `bytes` (all 8 when `n` is 8 or more), in place in a word.
inline std::uint64_t first_bytes(const Flag* bytes, std::uint32_t n) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, sizeof word);
  const std::uint64_t all = ~std::uint64_t{0};
  if (n >= sizeof word) return word;
  return word & (std::endian::native == std::endian::little ? (std::uint64_t{1} << (8 * n)) - 1 : ~(all >> (8 * n)));
}

// `flag` in every byte of a word.
constexpr std::uint64_t in_every_byte(Flag flag) { return flag * std::uint64_t{0x0101010101010101}; }

// The or of the knowledge flags of a word's bytes: an error if one is, else unknown if one is.
inline Flag knowledge_of(std::uint64_t bytes) {
  constexpr Flag error_bit = E & ~U;  // the bit an error sets and an unknown does not
  return static_cast<Flag>(((bytes & in_every_byte(U)) != 0 ? U : K) | ((bytes & in_every_byte(error_bit)) != 0 ? E : K));
}

// The fewest and the most members of one household of `block` (the most at least 1).
struct MemberRange {
  std::uint32_t fewest = 0;
  std::uint32_t most = 1;
};
MemberRange member_range(const Block& block) {
  MemberRange range{block.households == 0 ? 0 : UINT32_MAX, 1};
  for (std::size_t h = 0; h < block.households; ++h) {
    const std::uint32_t members = block.member_offsets[h + 1] - block.member_offsets[h];
    range.fewest = std::min(range.fewest, members);
    range.most = std::max(range.most, members);
  }
  return range;
}

// The key of Registers::error_origins.
std::uint64_t origin_key(std::int32_t reg, std::size_t household) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(reg)) << 32) | household;
}

struct In {
  const std::int64_t* v;
  const Flag* k;
};

struct Out {
  std::int64_t* v;
  Flag* k;
  std::size_t n;
};

// An operand as a kernel reads it: its rows, or one known value for every row (a uniform
// register).
struct Rows {
  const std::int64_t* v;
  const Flag* k;
  std::int64_t value(std::size_t r) const { return v[r]; }
  Flag known(std::size_t r) const { return k[r]; }
};
struct Uniform {
  std::int64_t v;
  std::int64_t value(std::size_t) const { return v; }
  Flag known(std::size_t) const { return K; }
};
// A register unknown in every row of the block: no row of it is read.
struct Unknown {
  std::int64_t value(std::size_t) const { return 0; }
  Flag known(std::size_t) const { return U; }
};

template <bool Tracing>
class Executor {
 public:
  // Without `note_errors`, an error's site is not recorded: its message will not be asked for.
  // With `uniform`, the plan's uniform registers are taken from `parameters` (all known), as
  // one value each where an instruction can, and are filled only where they are read as rows.
  Executor(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers,
           bool note_errors = true, bool uniform = false)
      : model_(model), plan_(model.plan), parameters_(parameters), block_(block), registers_(registers),
        today_(parameters.date.days()), note_errors_(note_errors), uniform_(uniform && parameters.uniform_known),
        members_(member_range(block)), unknown_(registers.unknown_everywhere) {}

  void run(Scope scope) {
    if (scope == Scope::decisions) run(plan_.programme_code.order, plan_.programme_code.reused_registers);
    else run(scope == Scope::everything ? plan_.all_code : plan_.programme_code.order, plan_.every_register);
  }

  void run(const std::vector<std::int32_t>& order, const RegisterLayout& layout) {
    lay_out(layout);
    registers_.error_sites.clear();
    if (!registers_.error_origins.empty()) registers_.error_origins.clear();  // clearing costs its buckets
    registers_.parameters = &parameters_;
    registers_.block = &block_;
    if constexpr (Tracing) registers_.may_hold_errors.assign(plan_.code.size(), 0);
    for (const std::int32_t i : order) {
      current_ = i;
      const Instruction& ins = plan_.code[static_cast<std::size_t>(i)];
      if (ins.op == OpCode::household_field || ins.op == OpCode::member_field) continue;  // laid out on the block
      const ColumnView c = registers_.columns[static_cast<std::size_t>(i)];  // into registers_' own arrays
      const Out out{const_cast<std::int64_t*>(c.values), reinterpret_cast<Flag*>(const_cast<Knowledge*>(c.knowledge)), rows(ins.level)};
      if (uniform_ && plan_.uniform.uniform[static_cast<std::size_t>(i)]) {
        if (plan_.uniform.read_as_rows[static_cast<std::size_t>(i)]) fill(out, uniform_value(i));
        unknown_[static_cast<std::size_t>(i)] = 0;
        continue;
      }
      // Operands unknown in every row of the block (inputs no household gives, and what is
      // computed from them alone) decide the rows without the operation.
      if (some_field_unknown_ && unknown_from_operands(ins)) {
        std::fill(out.k, out.k + out.n, U);  // the values of rows not known are not read
        unknown_[static_cast<std::size_t>(i)] = 1;
        continue;  // and no row holds an error
      }
      const std::size_t sites_before = registers_.error_sites.size();
      const bool unknown_a = some_field_unknown_ && ins.a >= 0 && unknown_[static_cast<std::size_t>(ins.a)];
      const bool unknown_b = some_field_unknown_ && ins.b >= 0 && unknown_[static_cast<std::size_t>(ins.b)];
      const bool logical = ins.op == OpCode::logical_and || ins.op == OpCode::logical_or;
      if (strict_binary(ins.op) && (unknown_a || unknown_b)) unknown_beside(unknown_a ? ins.b : ins.a, out);
      else if (logical && (unknown_a || unknown_b)) logical_beside(unknown_a ? ins.b : ins.a, out, ins.op == OpCode::logical_and);
      else step(ins, out);
      if (some_field_unknown_) unknown_[static_cast<std::size_t>(i)] = unknown_everywhere(reinterpret_cast<const Knowledge*>(out.k), out.n);
      if constexpr (Tracing)
        if (registers_.error_sites.size() > sites_before || operand_may_hold_errors(ins)) {
          registers_.may_hold_errors[static_cast<std::size_t>(i)] = 1;
          trace_errors(ins, out);
        }
    }
  }

 private:
  std::size_t rows(Level level) const { return level == Level::member ? block_.members : block_.households; }
  In reg(std::int32_t r) const {
    const ColumnView c = registers_.column(r);
    return {c.values, reinterpret_cast<const Flag*>(c.knowledge)};
  }

  // Places every computed register's rows in the arrays, as the layout says (unless they
  // are there from the last block, of the same shape), and points each input field's
  // register at the block's column.
  void lay_out(const RegisterLayout& layout) {
    some_field_unknown_ = false;
    const std::size_t households = block_.households;
    const std::size_t members = block_.members;
    const std::size_t member_start = layout.household_slots * households;
    const std::size_t rows_needed = member_start + layout.member_slots * members;
    if (registers_.values.size() < rows_needed) {
      registers_.values.resize(rows_needed);
      registers_.knowledge.resize(rows_needed);
    }
    const std::int64_t* values = registers_.values.data();
    const Knowledge* knowledge = registers_.knowledge.data();
    const Registers::Shape shape{&layout, households, members, values, knowledge};
    if (registers_.columns.size() != plan_.code.size() || !(registers_.laid_out == shape)) {
      registers_.columns.resize(plan_.code.size());
      for (std::size_t i = 0; i < plan_.code.size(); ++i) {
        const std::size_t slot = layout.slot[i];
        const std::size_t at = plan_.code[i].level == Level::member ? member_start + slot * members : slot * households;
        registers_.columns[i] = {values + at, knowledge + at};
      }
      registers_.laid_out = shape;
    }
    registers_.unknown_everywhere.resize(plan_.code.size());
    // Over a few rows an operation costs little more than the test that would skip it, a
    // branch as good as random.
    constexpr std::size_t fewest_households_to_skip = 16;
    const bool skipping = households >= fewest_households_to_skip;
    for (const std::int32_t i : plan_.field_loads) {
      const Instruction& ins = plan_.code[static_cast<std::size_t>(i)];
      const Level level = ins.op == OpCode::member_field ? Level::member : Level::household;
      registers_.columns[static_cast<std::size_t>(i)] = field_rows(block_, level, static_cast<std::size_t>(ins.a));
      if (!skipping) continue;
      const bool unknown = field_unknown_everywhere(block_, level, static_cast<std::size_t>(ins.a));
      unknown_[static_cast<std::size_t>(i)] = unknown;
      some_field_unknown_ = some_field_unknown_ || unknown;
    }
  }

  // Operations of two operands whose knowledge is the or of their operands' (an error
  // arises only where both are known).
  static bool strict_binary(OpCode op) {
    return (op >= OpCode::add && op <= OpCode::divide_scaled) || (op >= OpCode::equal && op <= OpCode::greater_equal) ||
           op == OpCode::minimum || op == OpCode::maximum;
  }

  // The rows of a strict operation one of whose operands is unknown in every row: unknown,
  // or an error where `other` holds one (values not set: they are not read).
  void unknown_beside(std::int32_t other, Out out) const {
    with_operand(other, [&](auto o) {
      const auto [values, known, rows] = out;
      for (std::size_t r = 0; r < rows; ++r) known[r] = static_cast<Flag>(U | o.known(r));
    });
  }

  // `and` or `or` one of whose operands is unknown in every row: settled where `other` is
  // known to decide it, else unknown (or an error where `other` holds one).
  void logical_beside(std::int32_t other, Out out, bool is_and) const {
    with_operand(other, [&](auto o) { logical_rows(Unknown{}, o, out, is_and); });
  }

  // Whether the instruction's value is unknown in every row because every register it reads
  // is: true of every operation but `known`, a parameter not in force (an error) and a fold
  // over a household of no members (settled without one).
  bool unknown_from_operands(const Instruction& ins) const {
    if (ins.op == OpCode::known) return false;
    if (ins.op == OpCode::parameter && parameters_.tables[static_cast<std::size_t>(ins.param)] == nullptr) return false;
    if (ins.op >= OpCode::count_members && ins.op <= OpCode::all_members && members_.fewest == 0) return false;
    bool any = false;
    for (const std::int32_t r : {ins.a, ins.b, ins.c}) {
      if (r < 0) continue;
      if (!unknown_[static_cast<std::size_t>(r)]) return false;
      any = true;
    }
    if (ins.op == OpCode::parameter)
      for (std::uint32_t j = 0; j < ins.list_count; ++j) {
        if (!unknown_[static_cast<std::size_t>(plan_.pool[ins.list_begin + j])]) return false;
        any = true;
      }
    return any;
  }

  // Whether a register the instruction reads may hold an error in some row.
  bool operand_may_hold_errors(const Instruction& ins) const {
    const auto holds = [&](std::int64_t r) { return r >= 0 && registers_.may_hold_errors[static_cast<std::size_t>(r)] != 0; };
    if (holds(ins.a) || holds(ins.b) || holds(ins.c)) return true;
    if (ins.op == OpCode::parameter)
      for (std::uint32_t j = 0; j < ins.list_count; ++j)
        if (holds(plan_.pool[ins.list_begin + j])) return true;
    return false;
  }

  bool is_uniform(std::int32_t r) const { return uniform_ && plan_.uniform.uniform[static_cast<std::size_t>(r)]; }
  std::int64_t uniform_value(std::int32_t r) const {
    return parameters_.uniform_values[static_cast<std::size_t>(plan_.uniform.index[static_cast<std::size_t>(r)])];
  }

  // Calls `f` with operand `r` as its rows, or as its one value.
  template <typename F>
  void with_operand(std::int32_t r, F f) const {
    if (is_uniform(r)) {
      f(Uniform{uniform_value(r)});
    } else {
      const In in = reg(r);
      f(Rows{in.v, in.k});
    }
  }

  // Calls `f` with operands `a` and `b` (at least one of them not uniform).
  template <typename F>
  void with_operands(std::int32_t a, std::int32_t b, F f) const {
    const In ra = reg(a);
    const In rb = reg(b);
    if (is_uniform(b)) f(Rows{ra.v, ra.k}, Uniform{uniform_value(b)});
    else if (is_uniform(a)) f(Uniform{uniform_value(a)}, Rows{rb.v, rb.k});
    else f(Rows{ra.v, ra.k}, Rows{rb.v, rb.k});
  }

  std::size_t household_of(Level level, std::size_t row) const { return level == Level::member ? block_.member_household[row] : row; }

  // Records an error arising here, on known operands (the first per household and instruction).
  void fail(Level level, std::size_t row, const char* reason) {
    if (!note_errors_) return;
    const std::size_t h = household_of(level, row);
    const auto index = static_cast<std::uint32_t>(registers_.error_sites.size());
    if (registers_.error_origins.try_emplace(origin_key(current_, h), index).second)
      registers_.error_sites.push_back({current_, row, reason});
  }

  // Whether operand `reg` holds an error for row `row` of the running instruction: at that
  // row when the operand has the instruction's level, else anywhere in the household.
  bool operand_failed(const Instruction& ins, std::int32_t reg, std::size_t row) const {
    if (is_uniform(reg)) return false;  // known in every row, and perhaps not in rows at all
    const Instruction& operand = plan_.code[static_cast<std::size_t>(reg)];
    if (operand.level == ins.level) return registers_.column(reg).knowledge[row] == Knowledge::error;
    return registers_.error_origins.contains(origin_key(reg, household_of(ins.level, row)));
  }

  // The operand a row's error was taken from: for a choice, the branch chosen.
  std::int32_t failed_operand(const Instruction& ins, std::size_t row) const {
    if (ins.op == OpCode::select && !operand_failed(ins, ins.a, row)) {
      const std::int64_t condition = is_uniform(ins.a) ? uniform_value(ins.a) : registers_.column(ins.a).values[row];
      return condition != 0 ? ins.b : ins.c;
    }
    if (ins.op == OpCode::coalesce) return operand_failed(ins, ins.a, row) ? ins.a : ins.b;
    for (const std::int32_t reg : {ins.a, ins.b, ins.c})
      if (reg >= 0 && operand_failed(ins, reg, row)) return reg;
    if (ins.op == OpCode::parameter)
      for (std::uint32_t j = 0; j < ins.list_count; ++j) {
        const auto key = static_cast<std::int32_t>(plan_.pool[ins.list_begin + j]);
        if (operand_failed(ins, key, row)) return key;
      }
    return -1;
  }

  // Once some household has an error: notes, for each household whose rows of this
  // register hold one, the site it came from, so a programme's error names its own cause.
  void trace_errors(const Instruction& ins, Out out) {
    for (std::size_t r = 0; r < out.n; ++r) {
      if (out.k[r] != E) continue;
      const std::uint64_t key = origin_key(current_, household_of(ins.level, r));
      if (registers_.error_origins.contains(key)) continue;
      const std::int32_t from = failed_operand(ins, r);
      if (from < 0) continue;
      const auto origin = registers_.error_origins.find(origin_key(from, household_of(ins.level, r)));
      if (origin != registers_.error_origins.end()) registers_.error_origins.emplace(key, origin->second);
    }
  }

  // `f(x)` is defined for every value, known or not: every row is computed without a branch.
  template <typename F>
  void unary_dense(const Instruction& ins, Out out, F f) {
    const In a = reg(ins.a);
    for (std::size_t r = 0; r < out.n; ++r) {
      out.k[r] = a.k[r];
      out.v[r] = f(a.v[r]);
    }
  }

  // `f(x, o)` runs on known rows only and returns false when it fails.
  template <typename F>
  void unary_checked(const Instruction& ins, Out out, F f, const char* failure) {
    const In a = reg(ins.a);
    for (std::size_t r = 0; r < out.n; ++r) {
      out.k[r] = a.k[r];
      if (a.k[r] != K) continue;
      if (!f(a.v[r], out.v[r])) {
        out.k[r] = E;
        if (failure != nullptr) fail(ins.level, r, failure);
      }
    }
  }

  // `f(x, y, o)` is defined for every pair of values and returns false on overflow.
  template <typename F>
  void binary_dense(const Instruction& ins, Out out, F f, const char* failure) {
    with_operands(ins.a, ins.b, [&](auto a, auto b) {
      const auto [values, known, rows] = out;
      bool any_failed = false;
      for (std::size_t r = 0; r < rows; ++r) {
        const Flag k = a.known(r) | b.known(r);
        const bool ok = f(a.value(r), b.value(r), values[r]);
        const bool failed = !ok & (k == K);
        known[r] = failed ? E : k;
        any_failed |= failed;
      }
      if (!any_failed) return;
      for (std::size_t r = 0; r < rows; ++r)
        if (known[r] == E && (a.known(r) | b.known(r)) == K) fail(ins.level, r, failure);
    });
  }

  // Expensive or partial `f(x, y, o)`: run on rows where both operands are known only;
  // `failure(x, y)` says why it failed.
  template <typename F, typename Reason>
  void binary_checked(const Instruction& ins, Out out, F f, Reason failure) {
    with_operands(ins.a, ins.b, [&](auto a, auto b) {
      for (std::size_t r = 0; r < out.n; ++r) {
        const Flag k = a.known(r) | b.known(r);
        out.k[r] = k;
        if (k != K) continue;
        if (!f(a.value(r), b.value(r), out.v[r])) {
          out.k[r] = E;
          fail(ins.level, r, failure(a.value(r), b.value(r)));
        }
      }
    });
  }

  // `f(x, y)` cannot fail and is defined for every pair of values.
  template <typename F>
  void binary_total(const Instruction& ins, Out out, F f) {
    with_operands(ins.a, ins.b, [&](auto a, auto b) {
      const auto [values, known, rows] = out;
      for (std::size_t r = 0; r < rows; ++r) {
        known[r] = a.known(r) | b.known(r);
        values[r] = f(a.value(r), b.value(r));
      }
    });
  }

  // `and` is false, and `or` true, as soon as one known operand says so.
  void logical(const Instruction& ins, Out out, bool is_and) {
    with_operands(ins.a, ins.b, [&](auto a, auto b) { logical_rows(a, b, out, is_and); });
  }

  template <typename A, typename B>
  static void logical_rows(A a, B b, Out out, bool is_and) {
    const std::int64_t decisive = is_and ? 0 : 1;
    const auto [values, known, rows] = out;
    for (std::size_t r = 0; r < rows; ++r) {
      const bool decided = ((a.known(r) == K) & (a.value(r) == decisive)) | ((b.known(r) == K) & (b.value(r) == decisive));
      // Masks, not branches: which operand decides is as good as random.
      known[r] = static_cast<Flag>((a.known(r) | b.known(r)) & (static_cast<Flag>(decided) - 1));
      values[r] = static_cast<std::int64_t>(decided) ^ (1 - decisive);
    }
  }

  void select(const Instruction& ins, Out out) {
    with_operand(ins.a, [&](auto c) {
      with_operand(ins.b, [&](auto t) {
        with_operand(ins.c, [&](auto e) {
          const auto [values, known, rows] = out;
          for (std::size_t r = 0; r < rows; ++r) {
            // Both branches read, then one chosen: a choice of loads would be a branch.
            const Flag ck = c.known(r);
            const Flag tk = t.known(r);
            const Flag ek = e.known(r);
            const std::int64_t tv = t.value(r);
            const std::int64_t ev = e.value(r);
            const bool then = c.value(r) != 0;
            const Flag chosen_k = then ? tk : ek;
            const std::int64_t chosen_v = then ? tv : ev;
            // With an unknown condition, branches that agree settle the value all the same.
            const bool agree = (ck == U) & ((tk | ek) == K) & (tv == ev);
            known[r] = ck == K ? chosen_k : (agree ? K : ck);
            values[r] = ck == K ? chosen_v : tv;
          }
        });
      });
    });
  }

  void parameter(const Instruction& ins, Out out) {
    const auto index = static_cast<std::size_t>(ins.param);
    const DatedTable* table = parameters_.tables[index];
    const std::size_t key_count = ins.list_count;
    if (table == nullptr) {
      std::fill(out.k, out.k + out.n, E);
      for (std::size_t r = 0; r < out.n; ++r) fail(ins.level, r, nullptr);
      return;
    }
    if (key_count == 0) {
      std::fill(out.v, out.v + out.n, table->values[0]);
      std::fill(out.k, out.k + out.n, K);
      return;
    }
    if (key_count == 1 && !table->dense.empty()) {
      dense_parameter(ins, *table, bracket_mask(model_.parameters[index]) != 0, out);
      return;
    }
    constexpr std::size_t max_keys = 8;
    In keys[max_keys];
    for (std::size_t j = 0; j < key_count && j < max_keys; ++j) keys[j] = reg(static_cast<std::int32_t>(plan_.pool[ins.list_begin + j]));
    const compiled::Table entries = table_of(table);
    const std::uint32_t bracket = bracket_mask(model_.parameters[index]);
    for (std::size_t r = 0; r < out.n; ++r) {
      Flag k = K;
      std::int64_t key[max_keys];
      for (std::size_t j = 0; j < key_count && j < max_keys; ++j) {
        k |= keys[j].k[r];
        key[j] = keys[j].v[r];
      }
      out.k[r] = k;
      if (k != K) continue;
      const std::ptrdiff_t best = compiled::find_entry(entries, key, key_count, bracket);
      if (best < 0) {
        out.k[r] = E;
        fail(ins.level, r, nullptr);
        continue;
      }
      out.v[r] = table->values[static_cast<std::size_t>(best)];
    }
  }

  // A table of one key of few values: each row's entry by its offset from the first key.
  void dense_parameter(const Instruction& ins, const DatedTable& table, bool bracket, Out out) {
    const In key = reg(static_cast<std::int32_t>(plan_.pool[ins.list_begin]));
    const std::int64_t first = table.dense_first;
    const std::size_t size = table.dense.size();
    const std::int32_t above = bracket ? table.dense.back() : -1;  // the entry of a key above the last
    bool any_missing = false;
    for (std::size_t r = 0; r < out.n; ++r) {
      const std::int64_t v = key.v[r];
      const std::uint64_t offset = static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(first);
      const std::int32_t best = offset < size ? table.dense[offset] : (v > first ? above : -1);
      const bool missing = (key.k[r] == K) & (best < 0);
      out.v[r] = table.values[static_cast<std::size_t>(std::max(best, 0))];
      out.k[r] = missing ? E : key.k[r];
      any_missing |= missing;
    }
    if (!any_missing) return;
    for (std::size_t r = 0; r < out.n; ++r)
      if (out.k[r] == E && key.k[r] == K) fail(ins.level, r, nullptr);
  }

  enum class Fold { count, sum, min, max, any, all };

  struct Folded {
    std::int64_t value = 0;
    Flag knowledge = K;
    bool overflow = false;
  };

  // Folds the members of rows [begin, end) into one value. A member the filter excludes for
  // certain does not count, nor one whose key is known and differs from `key` (with a key
  // register); any and all are settled by the first member that decides them.
  template <Fold fold>
  Folded fold_members(const Instruction& ins, std::uint32_t begin, std::uint32_t end, const In* keys, std::int64_t key) const {
    constexpr bool has_value = fold == Fold::sum || fold == Fold::min || fold == Fold::max;
    constexpr bool is_condition = fold == Fold::any || fold == Fold::all;
    const std::int32_t filter_reg = fold == Fold::count ? ins.a : (has_value ? ins.b : -1);
    const In value = (has_value || is_condition) ? reg(ins.a) : In{nullptr, nullptr};
    const bool filtered = filter_reg >= 0;
    const In filter = filtered ? reg(filter_reg) : In{nullptr, nullptr};
    Flag seen = K;  // or of the knowledge of every member value that counts
    bool overflow = false;
    bool found = false;
    bool settled = false;
    std::int64_t acc = fold == Fold::all ? 1 : 0;
    for (std::uint32_t m = begin; m < end; ++m) {
      if (keys != nullptr) {
        if (keys->k[m] == K && keys->v[m] != key) continue;
        if (keys->k[m] != K) {
          seen |= keys->k[m];
          continue;
        }
      }
      if (filtered) {
        if (filter.k[m] == K && filter.v[m] == 0) continue;
        if (filter.k[m] != K) {
          seen |= filter.k[m];
          continue;
        }
      }
      if constexpr (fold == Fold::count) {
        ++acc;
      } else {
        if (value.k[m] != K) {
          seen |= value.k[m];
          continue;
        }
        const std::int64_t v = value.v[m];
        if constexpr (fold == Fold::any) {
          if (v != 0) {
            acc = 1;
            settled = true;
            break;
          }
        } else if constexpr (fold == Fold::all) {
          if (v == 0) {
            acc = 0;
            settled = true;
            break;
          }
        } else if constexpr (fold == Fold::sum) {
          overflow |= __builtin_add_overflow(acc, v, &acc);
        } else {
          acc = !found ? v : (fold == Fold::min ? std::min(acc, v) : std::max(acc, v));
        }
        found = true;
      }
    }
    Folded out{acc, K, false};
    if (settled) out.knowledge = K;
    else if (overflow) out.overflow = true, out.knowledge = E;
    else if (seen == E) out.knowledge = E;  // a member's value is an error, noted where it arose
    else if (seen == U || ((fold == Fold::min || fold == Fold::max) && !found)) out.knowledge = U;
    return out;
  }

  // Whether some member's condition holds (`any`), or every member's (`all`): settled by a
  // member known to decide it, else as unknown (or an error) as the members' conditions.
  // Each member's knowledge, with whether it decides in the top bit, is one byte; the bytes
  // of a household of at most eight members are one read of a word (a loop without a branch,
  // which vectorises), those of a larger one or-ed eight at a time afterwards.
  template <Fold fold>
  void any_or_all(const Instruction& ins, Out out) {
    constexpr std::int64_t decisive = fold == Fold::any ? 1 : 0;
    constexpr Flag decides = 0x80;
    const In value = reg(ins.a);
    const std::size_t members = block_.members;
    Flag* const bytes = member_bytes(members);
    for (std::size_t m = 0; m < members; ++m) {
      const bool decided = (value.k[m] == K) & ((value.v[m] != 0) == (decisive != 0));
      bytes[m] = static_cast<Flag>(value.k[m] | (decided ? decides : K));
    }
    const std::uint32_t* offsets = block_.member_offsets.data();
    const auto settle = [&](std::size_t h, std::uint64_t folded) {
      const bool decided = (folded & in_every_byte(decides)) != 0;
      out.v[h] = static_cast<std::int64_t>(decided) ^ (1 - decisive);
      out.k[h] = decided ? K : knowledge_of(folded);
    };
    bool larger = false;
    for (std::size_t h = 0; h < out.n; ++h) {
      const std::uint32_t count = offsets[h + 1] - offsets[h];
      larger |= count > sizeof(std::uint64_t);
      settle(h, first_bytes(bytes + offsets[h], count));
    }
    if (larger)
      for (std::size_t h = 0; h < out.n; ++h)
        if (const std::uint32_t count = offsets[h + 1] - offsets[h]; count > sizeof(std::uint64_t))
          settle(h, or_of_bytes(bytes + offsets[h], count));
  }

  // The sum of the members' values (`sum`), or the number of members (`count`), over those
  // the filter keeps for certain; a member whose filter, or kept value, is not known makes the
  // household's as unknown (or an error). A household's total is the difference of two
  // running totals over the block's members (wrapping, exact for a total that fits), and its
  // knowledge the or of its members' bytes (as in any_or_all). A household with a term so
  // large that its members' running total could overflow is added up on its own, where an
  // overflow is told.
  template <Fold fold>
  void sum_or_count(const Instruction& ins, Out out) {
    constexpr Flag large = 0x40;  // beside the knowledge bits: a term that could overflow
    const std::int32_t filter_reg = fold == Fold::count ? ins.a : ins.b;
    const In value = fold == Fold::sum ? reg(ins.a) : In{nullptr, nullptr};
    const In filter = filter_reg >= 0 ? reg(filter_reg) : In{nullptr, nullptr};
    const std::size_t members = block_.members;
    const std::uint32_t* offsets = block_.member_offsets.data();
    // Terms of at most this size cannot overflow a household's running total.
    const std::uint64_t safe = static_cast<std::uint64_t>(INT64_MAX) / members_.most;
    Flag* const bytes = member_bytes(members);
    std::uint64_t* const totals = member_totals(members);
    // In locals: a store of a flag may alias any object in memory, whose fields would be read
    // again after each.
    const std::int64_t* const values = value.v;
    const Flag* const value_knowledge = value.k;
    const std::int64_t* const filters = filter.v;
    const Flag* const filter_knowledge = filter.k;
    for (std::size_t m = 0; m < members; ++m) {
      Flag seen = K;
      bool kept = true;
      if (filter_reg >= 0) {
        seen = filter_knowledge[m];
        kept = (filter_knowledge[m] == K) & (filters[m] != 0);
      }
      std::int64_t term = kept ? 1 : 0;
      if constexpr (fold == Fold::sum) {
        seen |= kept ? value_knowledge[m] : K;
        term = kept & (value_knowledge[m] == K) ? values[m] : 0;
        const auto magnitude = static_cast<std::uint64_t>(term);
        seen |= (term < 0 ? 0 - magnitude : magnitude) > safe ? large : K;
      }
      bytes[m] = seen;
      totals[m + 1] = static_cast<std::uint64_t>(term);
    }
    totals[0] = 0;
    for (std::size_t m = 0; m < members; ++m) totals[m + 1] += totals[m];
    // As in any_or_all: households of at most eight members without a branch, then the
    // larger ones and those with a large term.
    bool again = false;
    for (std::size_t h = 0; h < out.n; ++h) {
      const std::uint32_t count = offsets[h + 1] - offsets[h];
      const std::uint64_t folded = first_bytes(bytes + offsets[h], count);
      again |= (count > sizeof(std::uint64_t)) | ((folded & in_every_byte(large)) != 0);
      out.v[h] = static_cast<std::int64_t>(totals[offsets[h + 1]] - totals[offsets[h]]);
      out.k[h] = knowledge_of(folded);
    }
    if (!again) return;
    for (std::size_t h = 0; h < out.n; ++h) {
      const Flag folded = or_of_bytes(bytes + offsets[h], offsets[h + 1] - offsets[h]);
      out.k[h] = static_cast<Flag>(folded & ~large);
      if ((folded & large) != 0) fold_household<fold>(ins, out, h);
    }
  }

  // Rows for one byte per member of the block, readable eight bytes at a time.
  Flag* member_bytes(std::size_t members) {
    if (registers_.member_bytes.size() < members + sizeof(std::uint64_t)) registers_.member_bytes.resize(members + sizeof(std::uint64_t));
    return registers_.member_bytes.data();
  }
  // Rows for a running total over the members of the block, from 0 (members + 1).
  std::uint64_t* member_totals(std::size_t members) {
    if (registers_.member_totals.size() < members + 1) registers_.member_totals.resize(members + 1);
    return registers_.member_totals.data();
  }

  // Household `h`'s value from its members, one after another.
  template <Fold fold>
  void fold_household(const Instruction& ins, Out out, std::size_t h) {
    const std::uint32_t* offsets = block_.member_offsets.data();
    const Folded f = fold_members<fold>(ins, offsets[h], offsets[h + 1], nullptr, 0);
    out.v[h] = f.value;
    out.k[h] = f.knowledge;
    if (f.overflow) fail(Level::household, h, "arithmetic overflow in a sum over members");
  }

  // One value per household from its members.
  template <Fold fold>
  void aggregate(const Instruction& ins, Out out) {
    if constexpr (fold == Fold::any || fold == Fold::all) any_or_all<fold>(ins, out);
    else if constexpr (fold == Fold::sum || fold == Fold::count) sum_or_count<fold>(ins, out);
    else
      for (std::size_t h = 0; h < out.n; ++h) fold_household<fold>(ins, out, h);
  }

  // One value per member from the members of its unit: those of its household whose key is
  // the same as its own. A member whose key is not known has no known unit.
  template <Fold fold>
  void unit_aggregate(const Instruction& ins, Out out) {
    const In keys = reg(ins.c);
    const std::uint32_t* offsets = block_.member_offsets.data();
    for (std::size_t m = 0; m < out.n; ++m) {
      if (keys.k[m] != K) {
        out.v[m] = 0;
        out.k[m] = keys.k[m];
        continue;
      }
      const std::size_t h = block_.member_household[m];
      const Folded f = fold_members<fold>(ins, offsets[h], offsets[h + 1], &keys, keys.v[m]);
      out.v[m] = f.value;
      out.k[m] = f.knowledge;
      if (f.overflow) fail(Level::member, m, "arithmetic overflow in a sum over a unit's members");
    }
  }

  void fill(Out out, std::int64_t value) {
    std::fill(out.v, out.v + out.n, value);
    std::fill(out.k, out.k + out.n, K);
  }

  void step(const Instruction& ins, Out out) {
    const std::int64_t today = today_;
    switch (ins.op) {
      case OpCode::constant: fill(out, ins.imm); return;
      case OpCode::evaluation_date: fill(out, today); return;
      case OpCode::member_index:
        for (std::size_t m = 0; m < out.n; ++m) {
          out.v[m] = static_cast<std::int64_t>(m - block_.member_offsets[block_.member_household[m]]);
          out.k[m] = K;
        }
        return;
      case OpCode::household_field:
      case OpCode::member_field: return;  // read from the block where it is (see lay_out)
      case OpCode::parameter: parameter(ins, out); return;
      case OpCode::broadcast: {
        const In a = reg(ins.a);
        const std::uint32_t* household = block_.member_household.data();
        for (std::size_t m = 0; m < out.n; ++m) {
          out.v[m] = a.v[household[m]];
          out.k[m] = a.k[household[m]];
        }
        return;
      }
      case OpCode::to_scaled:
        unary_checked(ins, out, [](std::int64_t v, std::int64_t& o) { return !__builtin_mul_overflow(v, Decimal::scale, &o); },
                      "arithmetic overflow converting a whole number to a decimal");
        return;
      case OpCode::add:
        binary_dense(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_add_overflow(x, y, &o); },
                     "arithmetic overflow in an addition");
        return;
      case OpCode::subtract:
        binary_dense(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_sub_overflow(x, y, &o); },
                     "arithmetic overflow in a subtraction");
        return;
      case OpCode::multiply_int:
        binary_dense(ins, out, [](std::int64_t x, std::int64_t y, std::int64_t& o) { return !__builtin_mul_overflow(x, y, &o); },
                     "arithmetic overflow in a multiplication");
        return;
      case OpCode::multiply_scaled:
        binary_checked(ins, out, decimal_ops::multiply, [](std::int64_t, std::int64_t) { return "arithmetic overflow in a multiplication"; });
        return;
      case OpCode::divide_scaled:
        binary_checked(ins, out, decimal_ops::divide, [](std::int64_t, std::int64_t divisor) {
          return divisor == 0 ? "division by zero" : "arithmetic overflow in a division";
        });
        return;
      case OpCode::negate:
        unary_checked(ins, out, [](std::int64_t v, std::int64_t& o) { return !__builtin_sub_overflow(std::int64_t{0}, v, &o); },
                      "arithmetic overflow in a negation");
        return;
      case OpCode::absolute:
        unary_checked(ins, out, [](std::int64_t v, std::int64_t& o) { o = v < 0 ? -v : v; return v != INT64_MIN; },
                      "arithmetic overflow in an absolute value");
        return;
      case OpCode::equal: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x == y; }); return;
      case OpCode::not_equal: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x != y; }); return;
      case OpCode::less: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x < y; }); return;
      case OpCode::less_equal: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x <= y; }); return;
      case OpCode::greater: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x > y; }); return;
      case OpCode::greater_equal: binary_total(ins, out, [](std::int64_t x, std::int64_t y) -> std::int64_t { return x >= y; }); return;
      case OpCode::logical_and: logical(ins, out, true); return;
      case OpCode::logical_or: logical(ins, out, false); return;
      case OpCode::logical_not: unary_dense(ins, out, [](std::int64_t v) -> std::int64_t { return v == 0 ? 1 : 0; }); return;
      case OpCode::select: select(ins, out); return;
      case OpCode::minimum:
        binary_total(ins, out, [](std::int64_t x, std::int64_t y) { return std::min(x, y); });
        return;
      case OpCode::maximum:
        binary_total(ins, out, [](std::int64_t x, std::int64_t y) { return std::max(x, y); });
        return;
      case OpCode::round:
        unary_checked(
            ins, out,
            [&](std::int64_t v, std::int64_t& o) { return decimal_ops::round_to(v, ins.imm, static_cast<RoundingMode>(ins.aux), o); },
            "arithmetic overflow in rounding");
        return;
      case OpCode::age:
        unary_checked(ins, out, [&](std::int64_t v, std::int64_t& o) { o = whole_years_between(date(v), date(today)); return true; }, nullptr);
        return;
      case OpCode::months_since:
        unary_checked(ins, out, [&](std::int64_t v, std::int64_t& o) { o = whole_months_between(date(v), date(today)); return true; }, nullptr);
        return;
      case OpCode::days_since:
        // Wrapping arithmetic: rows that are not known may hold any value.
        unary_dense(ins, out, [&](std::int64_t v) {
          return static_cast<std::int64_t>(static_cast<std::uint64_t>(today) - static_cast<std::uint64_t>(v));
        });
        return;
      case OpCode::year_of: unary_checked(ins, out, [](std::int64_t v, std::int64_t& o) { o = date(v).year(); return true; }, nullptr); return;
      case OpCode::month_of: unary_checked(ins, out, [](std::int64_t v, std::int64_t& o) { o = date(v).month(); return true; }, nullptr); return;
      case OpCode::known: {
        const In a = reg(ins.a);
        for (std::size_t r = 0; r < out.n; ++r) {
          out.k[r] = a.k[r] == E ? E : K;
          out.v[r] = a.k[r] == K ? 1 : 0;
        }
        return;
      }
      case OpCode::coalesce: {
        const In a = reg(ins.a);
        const In b = reg(ins.b);
        for (std::size_t r = 0; r < out.n; ++r) {
          // Both read, then one chosen: a choice of loads would be a branch.
          const Flag ak = a.k[r];
          const Flag bk = b.k[r];
          const std::int64_t av = a.v[r];
          const std::int64_t bv = b.v[r];
          const bool use_b = ak == U;
          out.k[r] = use_b ? bk : ak;
          out.v[r] = use_b ? bv : av;
        }
        return;
      }
      case OpCode::in_list: {
        const std::int64_t* begin = plan_.pool.data() + ins.list_begin;
        const std::int64_t* end = begin + ins.list_count;
        // Enumeration values and other small whole numbers: one bit each, tested without a search.
        if (std::all_of(begin, end, [](std::int64_t v) { return v >= 0 && v < 64; })) {
          std::uint64_t members = 0;
          for (const std::int64_t* v = begin; v != end; ++v) members |= std::uint64_t{1} << *v;
          unary_dense(ins, out, [members](std::int64_t v) -> std::int64_t {
            return static_cast<std::int64_t>((static_cast<std::uint64_t>(v) < 64) & (members >> (static_cast<std::uint64_t>(v) & 63)));
          });
        } else {
          unary_dense(ins, out, [&](std::int64_t v) -> std::int64_t { return std::find(begin, end, v) != end ? 1 : 0; });
        }
        return;
      }
      case OpCode::count_members: aggregate<Fold::count>(ins, out); return;
      case OpCode::sum_members: aggregate<Fold::sum>(ins, out); return;
      case OpCode::min_members: aggregate<Fold::min>(ins, out); return;
      case OpCode::max_members: aggregate<Fold::max>(ins, out); return;
      case OpCode::any_members: aggregate<Fold::any>(ins, out); return;
      case OpCode::all_members: aggregate<Fold::all>(ins, out); return;
      case OpCode::count_unit: unit_aggregate<Fold::count>(ins, out); return;
      case OpCode::sum_unit: unit_aggregate<Fold::sum>(ins, out); return;
      case OpCode::min_unit: unit_aggregate<Fold::min>(ins, out); return;
      case OpCode::max_unit: unit_aggregate<Fold::max>(ins, out); return;
      case OpCode::any_unit: unit_aggregate<Fold::any>(ins, out); return;
      case OpCode::all_unit: unit_aggregate<Fold::all>(ins, out); return;
    }
  }

  static Date date(std::int64_t days) { return Date::from_days(static_cast<std::int32_t>(days)); }

  const RuleModel& model_;
  const Plan& plan_;
  const ResolvedParameters& parameters_;
  const Block& block_;
  Registers& registers_;
  const std::int64_t today_;
  const bool note_errors_;
  const bool uniform_;
  const MemberRange members_;  // per household of the block
  std::vector<std::uint8_t>& unknown_;  // registers_.unknown_everywhere
  // Whether some field the plan reads is unknown in every row of a block of enough
  // households: else no instruction is skipped for unknown operands, and unknown_ is not kept.
  bool some_field_unknown_ = false;
  std::int32_t current_ = 0;
};

}  // namespace

compiled::Table table_of(const DatedTable* table) {
  if (table == nullptr) return {};
  return {table->keys.data(), table->values.data(), table->values.size(), table->dense.empty() ? nullptr : table->dense.data(),
          table->dense_first, table->dense.size()};
}

std::uint32_t bracket_mask(const ParameterModel& parameter) {
  std::uint32_t mask = 0;
  for (std::size_t j = 0; j < parameter.key_bracket.size(); ++j)
    if (parameter.key_bracket[j]) mask |= 1U << j;
  return mask;
}

ResolvedParameters resolve_parameters(const RuleModel& model, Date date) {
  ResolvedParameters resolved;
  resolved.date = date;
  resolved.tables.reserve(model.parameters.size());
  for (const auto& p : model.parameters) {
    const DatedTable* in_force = nullptr;
    for (const auto& t : p.tables)
      if (t.from <= date) in_force = t.in_force ? &t : nullptr;
    if (p.until && date > *p.until) in_force = nullptr;
    if (model.stale_parameters_are_errors && p.valid_until && date > *p.valid_until) in_force = nullptr;
    resolved.tables.push_back(in_force);
  }
  return resolved;
}

void resolve_uniform_registers(const RuleModel& model, ResolvedParameters& resolved) {
  // Over one row: a block of one household of one member, no field read.
  Block row;
  row.reset(model.schema);
  add_household_rows("", 1, row);
  Registers registers;
  Executor<false>(model, resolved, row, registers, false).run(model.plan.uniform.order, model.plan.every_register);
  resolved.uniform_values.clear();
  resolved.uniform_known = true;
  for (const std::int32_t i : model.plan.uniform.order) {
    const ColumnView column = registers.column(i);
    resolved.uniform_values.push_back(column.values[0]);
    resolved.uniform_known = resolved.uniform_known && column.knowledge[0] == Knowledge::known;
  }
}

namespace {

// The message of the error `failed` holds for `household`, traced to where it arose.
std::string error_origin_message(const RuleModel& model, const Registers& registers, std::int32_t failed, std::size_t household) {
  const auto origin = registers.error_origins.find(origin_key(failed, household));
  if (origin == registers.error_origins.end()) return {};
  const ErrorSite& site = registers.error_sites[origin->second];
  if (site.reason != nullptr) return site.reason;
  const Instruction& ins = model.plan.code[static_cast<std::size_t>(site.instruction)];
  const auto index = static_cast<std::size_t>(ins.param);
  const std::string& name = model.parameter_infos[index].name;
  const ResolvedParameters& parameters = *registers.parameters;
  const std::optional<Date>& valid_until = model.parameters[index].valid_until;
  if (parameters.tables[index] == nullptr && valid_until && parameters.date > *valid_until)
    return fmt::format("parameter '{}' is stale: its values are known to hold until {} (valid_until), not on {}", name,
                       valid_until->to_string(), parameters.date.to_string());
  if (parameters.tables[index] == nullptr)
    return fmt::format("parameter '{}' has no value in force on {}", name, parameters.date.to_string());
  std::string shown;
  for (std::size_t j = 0; j < ins.list_count; ++j) {
    const ColumnView key = registers.column(static_cast<std::int32_t>(model.plan.pool[ins.list_begin + j]));
    shown += fmt::format("{}{}", j ? ", " : "", key.values[site.row]);
  }
  return fmt::format("parameter '{}' has no entry for [{}] on {}", name, shown, parameters.date.to_string());
}

// The first of `criteria` (else `amount`) that holds an error at `row`, or -1.
std::int32_t first_failed(const Registers& registers, const std::vector<std::int32_t>& criteria, std::int32_t amount, std::size_t row) {
  for (const std::int32_t reg : criteria)
    if (registers.column(reg).knowledge[row] == Knowledge::error) return reg;
  if (amount >= 0 && registers.column(amount).knowledge[row] == Knowledge::error) return amount;
  return -1;
}

}  // namespace

SSIS_WIDE_VERSIONS
void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers,
             Scope scope, ErrorTracing tracing) {
  const bool uniform = scope == Scope::decisions;
  if (tracing == ErrorTracing::when_errors) Executor<true>(model, parameters, block, registers, true, uniform).run(scope);
  else Executor<false>(model, parameters, block, registers, true, uniform).run(scope);
}

SSIS_WIDE_VERSIONS
void execute(const RuleModel& model, const ResolvedParameters& parameters, const Block& block, Registers& registers,
             const ProgrammeCode& code, ErrorTracing tracing) {
  if (tracing == ErrorTracing::when_errors) Executor<true>(model, parameters, block, registers, true, true).run(code.order, code.reused_registers);
  else Executor<false>(model, parameters, block, registers, false, true).run(code.order, code.reused_registers);
}

std::string error_message(const RuleModel& model, const Registers& registers, std::size_t household, std::size_t programme) {
  const ProgrammePlan& plan = model.plan.programmes[programme];
  const std::int32_t failed = first_failed(registers, plan.criteria, plan.amount, household);
  return failed < 0 ? std::string() : error_origin_message(model, registers, failed, household);
}

std::string unit_error_message(const RuleModel& model, const Registers& registers, std::size_t household, std::size_t member_row,
                               std::size_t programme) {
  const ProgrammePlan& plan = model.plan.programmes[programme];
  std::vector<std::int32_t> criteria = plan.unit_criteria;
  if (plan.unit_assessed >= 0) criteria.insert(criteria.begin(), plan.unit_assessed);
  const std::int32_t failed = first_failed(registers, criteria, plan.unit_amount, member_row);
  return failed < 0 ? std::string() : error_origin_message(model, registers, failed, household);
}

}  // namespace ssis::detail
