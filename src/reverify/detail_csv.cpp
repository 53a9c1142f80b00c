// detail.csv: one row per finding.
#include <ostream>

#include "io/csv.hpp"
#include "io/programme_units.hpp"
#include "io/utf8.hpp"
#include "ssis/reverify.hpp"

namespace ssis {
namespace {

class DetailCsvSink : public FindingSink {
 public:
  DetailCsvSink(std::ostream& output, const RuleSet& rules, std::string_view language)
      : output_(output), rules_(rules), language_(language), member_column_(detail::member_programme_count(rules) > 0) {
    output_ << (member_column_ ? "household_id,programme,member,ministry,finding,paid_monthly,computed_monthly,difference,"
                                 "months,paid_total,due_total,owed,reasons,input\n"
                               : "household_id,programme,ministry,finding,paid_monthly,computed_monthly,difference,"
                                 "months,paid_total,due_total,owed,reasons,input\n");
  }

  void write(const std::vector<FindingRow>& rows) override {
    buffer_.clear();
    for (const FindingRow& row : rows) {
      // Ids and reasons may repeat input that was never read as a household: kept valid UTF-8.
      detail::append_csv_field(buffer_, detail::replace_invalid_utf8(row.household_id));
      buffer_ += ',';
      const ProgrammeInfo* programme = row.programme >= 0 ? &rules_.programmes()[static_cast<std::size_t>(row.programme)] : nullptr;
      if (programme) detail::append_csv_field(buffer_, programme->id);
      buffer_ += ',';
      if (member_column_) {
        if (row.member >= 0) buffer_ += std::to_string(row.member);
        buffer_ += ',';
      }
      if (programme) detail::append_csv_field(buffer_, programme->display_ministry(language_));
      buffer_ += ',';
      buffer_ += to_string(row.finding);
      for (const auto* amount : {&row.paid_monthly, &row.computed_monthly, &row.difference}) {
        buffer_ += ',';
        if (*amount) buffer_ += (*amount)->to_string();
      }
      buffer_ += ',';
      if (row.months != 0) buffer_ += std::to_string(row.months);
      for (const auto* amount : {&row.paid_total, &row.due_total, &row.owed}) {
        buffer_ += ',';
        if (*amount) buffer_ += (*amount)->to_string();
      }
      buffer_ += ',';
      detail::append_csv_field(buffer_, detail::replace_invalid_utf8(row.reasons));
      buffer_ += ',';
      buffer_ += row.input_hash;
      buffer_ += '\n';
    }
    output_ << buffer_;
  }

 private:
  std::ostream& output_;
  const RuleSet& rules_;
  std::string language_;
  bool member_column_;  // the rule set has programmes assessed per member
  std::string buffer_;
};

}  // namespace

std::unique_ptr<FindingSink> detail_csv_sink(std::ostream& output, const RuleSet& rules, std::string_view language) {
  return std::make_unique<DetailCsvSink>(output, rules, language);
}

}  // namespace ssis
