#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>
#include <ostream>
#include <span>

#include "io/csv.hpp"
#include "io/outcome_csv.hpp"
#include "io/programme_units.hpp"
#include "io/utf8.hpp"
#include "ssis/batch.hpp"

namespace ssis {
namespace {

using detail::append_csv_field;

void append_whole_number(std::string& out, std::size_t number) {
  char text[20];
  out.append(text, std::to_chars(text, text + sizeof text, number).ptr);
}

template <typename Decision>
void append_amount(std::string& out, const Decision& d) {
  if (d.amount_knowledge != Knowledge::known) return;
  char text[Decimal::max_chars];
  out.append(text, Decimal::from_raw(d.amount).to_chars(text));
}

// A status between the commas around it (",eligible,"), in a buffer that can be copied whole.
struct StatusField {
  char text[16] = {};
  std::size_t size = 0;
};
constexpr std::size_t status_count = 4;  // eligible, ineligible, undetermined, error

std::array<StatusField, status_count> status_fields() {
  std::array<StatusField, status_count> fields;
  for (std::size_t s = 0; s < status_count; ++s) {
    const std::string_view name = to_string(static_cast<Status>(s));
    fields[s].text[0] = ',';
    std::memcpy(fields[s].text + 1, name.data(), name.size());
    fields[s].text[name.size() + 1] = ',';
    fields[s].size = name.size() + 2;
  }
  return fields;
}

// Appends a wide row's status and amount columns, written first into `scratch`: room for
// the longest, made once (growing a string fills its new bytes).
void append_decisions(std::string& out, std::span<const BatchDecision> decisions, std::string& scratch) {
  static const std::array<StatusField, status_count> fields = status_fields();
  const std::size_t most = decisions.size() * (sizeof(StatusField::text) + Decimal::max_chars);
  if (scratch.size() < most) scratch.resize(most);
  char* const begin = scratch.data();
  char* end = begin;
  for (const BatchDecision& d : decisions) {
    const StatusField& field = fields[static_cast<std::size_t>(d.status)];
    std::memcpy(end, field.text, sizeof field.text);
    end += field.size;
    if (d.amount_knowledge == Knowledge::known) end = Decimal::from_raw(d.amount).to_chars(end);
  }
  out.append(begin, end);
}

// A wide row's cell listing the members' decisions of a programme assessed per member:
// "MEMBER:STATUS[:AMOUNT]" for each member assessed, separated by ';' ("0:eligible:248000;1:ineligible").
void append_members(std::string& out, const std::vector<BatchUnitDecision>& units) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i) out += ';';
    append_whole_number(out, units[i].member);
    out += ':';
    out += to_string(units[i].status);
    if (units[i].amount_knowledge != Knowledge::known) continue;
    out += ':';
    append_amount(out, units[i]);
  }
}

class CsvSink : public OutcomeSink {
 public:
  CsvSink(std::ostream& output, const RuleSet& rules, BatchLayout layout, bool write_header)
      : output_(output), rules_(rules), layout_(layout) {
    for (std::size_t p = 0; p < rules.programmes().size(); ++p)
      if (rules.programmes()[p].unit == ProgrammeUnit::member) member_programmes_.push_back(p);
    if (write_header) output_ << detail::outcome_csv_header(rules, layout) << '\n';
  }

  void write(const std::vector<BatchHousehold>& block) override {
    std::string& out = text_;
    out.clear();
    for (const auto& h : block) {
      if (!h.input_error.empty()) {
        append_csv_field(out, detail::replace_invalid_utf8(h.id));  // an unread household's id as it came
        out += ',';
        append_whole_number(out, h.line);
        out += ',';
        if (layout_ == BatchLayout::long_rows) out += member_programmes_.empty() ? ",input_error,,,," : ",,input_error,,,,";
        append_csv_field(out, h.input_error);
        if (layout_ == BatchLayout::wide) out.append(2 * rules_.programmes().size() + member_programmes_.size(), ',');
        out += '\n';
        continue;
      }
      if (layout_ == BatchLayout::wide) {
        append_csv_field(out, h.id);
        out += ',';
        append_whole_number(out, h.line);
        out += ',';
        // Each member programme's members cell follows its amount.
        std::size_t from = 0;
        for (std::size_t p : member_programmes_) {
          append_decisions(out, std::span(h.programmes).subspan(from, p + 1 - from), decisions_text_);
          out += ',';
          append_members(out, h.detail(h.programmes[p]).units);
          from = p + 1;
        }
        append_decisions(out, std::span(h.programmes).subspan(from), decisions_text_);
        out += '\n';
        continue;
      }
      for (std::size_t p = 0; p < h.programmes.size(); ++p) {
        const BatchDecision& d = h.programmes[p];
        const BatchDecisionDetail& detail = h.detail(d);
        for (const BatchUnitDecision& unit : detail.units) {
          append_long_row_start(out, h, p);
          append_whole_number(out, unit.member);
          append_long_row_end(out, unit, h.detail(unit));
        }
        append_long_row_start(out, h, p);
        append_long_row_end(out, d, detail);
      }
    }
    output_ << out;
  }

 private:
  // "id,line,programme," and, when the rule set has member programmes, the member cell's
  // start: the caller appends the member's index, or nothing for the household's row.
  void append_long_row_start(std::string& out, const BatchHousehold& h, std::size_t p) const {
    append_csv_field(out, h.id);
    out += ',';
    append_whole_number(out, h.line);
    out += ',';
    out += rules_.programmes()[p].id;
    out += ',';
  }

  // The rest of a long row: ",status,amount,missing,excluded_by,error" (without the comma
  // after the member cell when the rule set has no member programmes), the status and
  // amount from `d`, the texts from `texts`.
  template <typename Decision, typename Texts>
  void append_long_row_end(std::string& out, const Decision& d, const Texts& texts) const {
    if (!member_programmes_.empty()) out += ',';
    out += to_string(d.status);
    out += ',';
    append_amount(out, d);
    out += ',';
    append_csv_field(out, texts.missing);
    out += ',';
    out += texts.excluded_by;
    out += ',';
    append_csv_field(out, texts.error);
    out += '\n';
  }

  std::ostream& output_;
  const RuleSet& rules_;
  BatchLayout layout_;
  std::vector<std::size_t> member_programmes_;  // programmes assessed per member, in rule-set order
  std::string text_;  // the block's rows, reused from one block to the next
  std::string decisions_text_;
};

}  // namespace

std::string detail::outcome_csv_header(const RuleSet& rules, BatchLayout layout) {
  const bool members = member_programme_count(rules) > 0;
  if (layout == BatchLayout::long_rows)
    return members ? "household_id,line,programme,member,status,amount,missing,excluded_by,error"
                   : "household_id,line,programme,status,amount,missing,excluded_by,error";
  std::string header = "household_id,line,error";
  for (const auto& p : rules.programmes()) {
    header += fmt::format(",{},{}_amount", p.id, p.id);
    if (p.unit == ProgrammeUnit::member) header += fmt::format(",{}_members", p.id);
  }
  return header;
}

std::unique_ptr<OutcomeSink> csv_sink(std::ostream& output, const RuleSet& rules, BatchLayout layout, bool write_header) {
  return std::make_unique<CsvSink>(output, rules, layout, write_header);
}

}  // namespace ssis
