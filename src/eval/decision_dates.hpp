#pragma once
// When the decisions a ProgrammeCode makes about a household can change from one evaluation
// date to another. They depend on the date only through the code's reading of it, the
// tables in force of the parameters it reads, and which of its programmes are in force (and
// through input dates that may not lie after the evaluation date, which only stop being
// problems as the date moves on). Most codes read the date only as the time since an input
// date (an age, the months since a discharge): a household's decisions then change only on
// the anniversaries of its own dates.
#include <vector>

#include "eval/block.hpp"
#include "model/rule_model.hpp"
#include "plan/plan.hpp"

namespace ssis::detail {

class DecisionDates {
 public:
  DecisionDates(const RuleModel& model, const ProgrammeCode& code);

  /// Whether the code reads the evaluation date other than as the age, months or days since
  /// an input field's date: every household may then be decided differently on each date.
  bool reads_date_directly() const { return reads_date_directly_; }

  /// Whether household `h` of `households`, which had no input problem on `earlier`, is
  /// decided on `later` (not before it) exactly as on `earlier`: the code does not read the
  /// date directly, each parameter it reads has the same table in force on both dates, each
  /// programme it decides is in force on both or on neither, and each time since one of the
  /// household's input dates that the code reads is the same on both.
  bool same_decisions(const Block& households, std::size_t h, Date earlier, Date later) const;

 private:
  // A time since an input field's date: the instruction (age, months_since, days_since) and
  // the field.
  struct TimeSince {
    OpCode op = OpCode::age;
    Level level = Level::household;
    std::size_t field = 0;
  };

  bool same_rules(Date earlier, Date later) const;
  static bool same_time(const TimeSince& time, const Column& column, std::size_t row, Date earlier, Date later);

  bool reads_date_directly_ = false;
  std::vector<TimeSince> times_;     // each once
  std::vector<Date> rule_changes_;  // sorted
};

}  // namespace ssis::detail
