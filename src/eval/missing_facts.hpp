#pragma once
// The input fields that would settle the undetermined values of one household: walks the
// plan back from an unknown register through the operands that are themselves unknown, to
// the inputs. Each walk marks what it has visited with a stamp, so no register is visited
// twice for one programme. The facts behind a variable are worked out once per household
// and reused by every programme that reaches it. The storage is reused from household to
// household.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eval/decision.hpp"

namespace ssis::detail {

/// Storage reused by the MissingFacts of successive households (one per thread).
struct MissingFactsScratch {
  /// A variable whose own walk is under way: its register and row, where its facts begin
  /// in `facts`, and the walk to resume once it is finished.
  struct VariableWalk {
    std::size_t slot = 0;
    std::size_t start = 0;
    std::uint32_t outer_walk = 0;
  };
  /// An input field: the rank of its path (FactPaths) when it has one, so that facts sort as
  /// their paths do; else unranked_fact | position << 32 | field index, position 0 for the
  /// household and member + 1 for a member.
  using Fact = std::uint64_t;
  static constexpr Fact unranked_fact = std::uint64_t{1} << 63;
  std::vector<std::uint32_t> seen;          ///< per register and row: the walk that visited it last
  std::uint32_t walk = 0;                   ///< the current walk
  std::uint32_t last_walk = 0;              ///< the latest walk begun: walks nest, stamps never repeat
  std::vector<Fact> facts;                  ///< the facts found by the current walk
  /// The steps of the walk still to take, on a stack of their own so that a chain of any
  /// length of variables uses no call stack: a register's row to visit, packed as
  /// row << 32 | register, or finish_step to finish the innermost of `variable_walks`.
  std::vector<std::uint64_t> steps;
  static constexpr std::uint64_t finish_step = 0xFFFFFFFF;
  std::vector<VariableWalk> variable_walks;
  std::vector<std::size_t> programmes;      ///< the programmes whose facts are still to gather
  std::vector<char> is_variable;            ///< per register: does a variable end there
  std::uint32_t household = 0;              ///< counts the households, to date the facts below
  std::vector<std::uint32_t> known_for;     ///< per register and row: household whose facts `known` holds
  std::vector<std::pair<std::uint32_t, std::uint32_t>> known;  ///< a variable's facts: begin and end in `known_facts`
  std::vector<Fact> known_facts;
  std::vector<std::string_view> paths;      ///< a programme's paths, sorted
};

class MissingFacts {
 public:
  MissingFacts(const RuleModel& model, const Block& block, const Registers& registers, std::size_t household,
               MissingFactsScratch& scratch);

  /// The facts behind every criterion and the amount of programme `p`, and of the
  /// programmes it waits on, as sorted input paths ("rent", "members[1].disabled"), which
  /// the rule set keeps.
  std::vector<std::string_view> of_programme(std::size_t p, const std::vector<ProgrammeDecision>& decisions);
  /// The same paths joined with ';'.
  std::string joined(std::size_t p, const std::vector<ProgrammeDecision>& decisions);
  /// The facts behind the decision of programme `p` (assessed per member) for the member at
  /// `member_row` of the block: whether the member is assessed, each criterion, the amount.
  std::vector<std::string_view> of_unit(std::size_t p, std::size_t member_row);

 private:
  using Fact = MissingFactsScratch::Fact;

  void walk(std::int32_t reg, std::size_t row);
  // The steps of a walk, taken thousands of times per household: inlined into it, as calls
  // would cost about a fifth of evaluating one household against rules/kr.
  [[gnu::always_inline]] inline void visit(std::int32_t reg, std::size_t row);
  [[gnu::always_inline]] inline void push_operands(const Instruction& ins, std::size_t row);
  [[gnu::always_inline]] inline void push(std::int32_t reg, std::size_t row);
  void finish_variable();
  void add_known_facts(std::size_t slot);
  std::uint32_t next_walk();
  void gather(std::size_t p, const std::vector<ProgrammeDecision>& decisions);
  const std::vector<std::string_view>& sorted_paths(std::size_t p, const std::vector<ProgrammeDecision>& decisions);
  void start_gathering();
  const std::vector<std::string_view>& gathered_paths();
  // Asked for every input reached and every fact of every programme: inlined too.
  [[gnu::always_inline]] inline Fact fact(std::size_t position, std::size_t field) const;
  [[gnu::always_inline]] inline std::string_view path(Fact f) const;

  const RuleModel& model_;
  const Block& block_;
  const Registers& registers_;
  std::size_t household_;
  std::size_t first_member_;
  std::size_t width_;  // rows per register: the household and its members
  MissingFactsScratch& s_;
};

}  // namespace ssis::detail
