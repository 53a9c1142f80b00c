#include <fmt/format.h>

#include <ostream>

#include "io/csv.hpp"
#include "io/outcome_csv.hpp"
#include "io/utf8.hpp"
#include "ssis/batch.hpp"

namespace ssis {
namespace {

using detail::append_csv_field;

std::string amount_text(const BatchDecision& d) {
  return d.amount_knowledge == Knowledge::known ? Decimal::from_raw(d.amount).to_string() : std::string();
}

class CsvSink : public OutcomeSink {
 public:
  CsvSink(std::ostream& output, const RuleSet& rules, BatchLayout layout, bool write_header)
      : output_(output), rules_(rules), layout_(layout) {
    if (write_header) output_ << detail::outcome_csv_header(rules, layout) << '\n';
  }

  void write(const std::vector<BatchHousehold>& block) override {
    std::string out;
    for (const auto& h : block) {
      if (!h.input_error.empty()) {
        append_csv_field(out, detail::replace_invalid_utf8(h.id));  // an unread household's id as it came
        out += fmt::format(",{},", h.line);
        if (layout_ == BatchLayout::long_rows) out += ",input_error,,,,";
        append_csv_field(out, h.input_error);
        if (layout_ == BatchLayout::wide) out += std::string(2 * rules_.programmes().size(), ',');
        out += '\n';
        continue;
      }
      if (layout_ == BatchLayout::wide) {
        append_csv_field(out, h.id);
        out += fmt::format(",{},", h.line);
        for (const auto& d : h.programmes) out += fmt::format(",{},{}", to_string(d.status), amount_text(d));
        out += '\n';
        continue;
      }
      for (std::size_t p = 0; p < h.programmes.size(); ++p) {
        const BatchDecision& d = h.programmes[p];
        append_csv_field(out, h.id);
        out += fmt::format(",{},{},{},{},", h.line, rules_.programmes()[p].id, to_string(d.status), amount_text(d));
        append_csv_field(out, d.missing);
        out += ',';
        out += d.excluded_by;
        out += ',';
        append_csv_field(out, d.error);
        out += '\n';
      }
    }
    output_ << out;
  }

 private:
  std::ostream& output_;
  const RuleSet& rules_;
  BatchLayout layout_;
};

}  // namespace

std::string detail::outcome_csv_header(const RuleSet& rules, BatchLayout layout) {
  if (layout == BatchLayout::long_rows) return "household_id,line,programme,status,amount,missing,excluded_by,error";
  std::string header = "household_id,line,error";
  for (const auto& p : rules.programmes()) header += fmt::format(",{},{}_amount", p.id, p.id);
  return header;
}

std::unique_ptr<OutcomeSink> csv_sink(std::ostream& output, const RuleSet& rules, BatchLayout layout, bool write_header) {
  return std::make_unique<CsvSink>(output, rules, layout, write_header);
}

}  // namespace ssis
