#include "reverify.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <pybind11/stl.h>

#include <algorithm>
#include <span>

#include "errors.hpp"
#include "input_table.hpp"
#include "python_values.hpp"
#include "rule_info.hpp"
#include "ssis/reverify.hpp"
#include "vector_source.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// One benefits column as text cells (None: empty).
std::vector<std::string> text_cells(const py::dict& benefits, std::string_view name) {
  const py::str key(std::string{name});
  if (!benefits.contains(key)) throw CellError("benefits", std::string(name), std::nullopt, "the benefits table has no such column");
  std::vector<std::string> cells;
  for (const py::handle cell : py::iter(benefits[key])) cells.push_back(cell.is_none() ? std::string() : py::str(cell).cast<std::string>());
  return cells;
}

BenefitIndex benefit_index(const RuleSet& rules, const py::dict& benefits, Date date) {
  // The member column only for a rule set with programmes assessed per member.
  const auto known_names = std::span(BenefitIndex::field_names).first(has_member_programmes(rules) ? 5 : 4);
  for (const auto& item : benefits) {
    const auto name = item.first.cast<std::string>();
    if (std::find(known_names.begin(), known_names.end(), name) == known_names.end())
      throw CellError("benefits", name, std::nullopt, fmt::format("not one of {}", fmt::join(known_names, ", ")));
  }
  std::array<std::vector<std::string>, 5> columns;
  for (std::size_t f = 0; f < columns.size(); ++f) {
    const bool optional_absent = f == BenefitIndex::member && !benefits.contains(py::str("member"));
    columns[f] = optional_absent ? std::vector<std::string>(columns[0].size()) : text_cells(benefits, BenefitIndex::field_names[f]);
  }
  for (const auto& column : columns)
    if (column.size() != columns[0].size()) throw CellError("benefits", "", std::nullopt, "the columns have different lengths");
  BenefitIndex index(rules, date, [](std::size_t line, BenefitIndex::Field field) {
    return fmt::format("benefits row {}, column {}", line - 1, BenefitIndex::field_names[field]);
  });
  for (std::size_t row = 0; row < columns[0].size(); ++row)
    index.add({columns[0][row], columns[1][row], columns[2][row], columns[3][row], columns[4][row]}, row + 1);
  return index;
}

class CollectingSink : public FindingSink {
 public:
  void write(const std::vector<FindingRow>& block) override { rows.insert(rows.end(), block.begin(), block.end()); }
  std::vector<FindingRow> rows;
};

py::object optional_text(std::string_view text) { return text.empty() ? py::object(py::none()) : py::object(py::str(std::string(text))); }

py::object optional_decimal(const std::optional<Decimal>& amount) { return amount ? to_python_decimal(*amount) : py::object(py::none()); }

py::dict detail_columns(const RuleSet& rules, const std::vector<FindingRow>& rows, const std::string& language) {
  py::list household_id, programme, member, ministry, finding, paid, computed, difference, months, paid_total, due_total, owed,
      reasons, input;
  for (const FindingRow& row : rows) {
    member.append(row.member >= 0 ? py::object(py::int_(row.member)) : py::object(py::none()));
    const ProgrammeInfo* info = row.programme >= 0 ? &rules.programmes()[static_cast<std::size_t>(row.programme)] : nullptr;
    household_id.append(row.household_id);
    programme.append(info ? optional_text(info->id) : py::none());
    ministry.append(info ? optional_text(info->display_ministry(language)) : py::none());
    finding.append(std::string(to_string(row.finding)));
    paid.append(optional_decimal(row.paid_monthly));
    computed.append(optional_decimal(row.computed_monthly));
    difference.append(optional_decimal(row.difference));
    months.append(row.months != 0 ? py::object(py::int_(row.months)) : py::object(py::none()));
    paid_total.append(optional_decimal(row.paid_total));
    due_total.append(optional_decimal(row.due_total));
    owed.append(optional_decimal(row.owed));
    reasons.append(optional_text(row.reasons));
    input.append(optional_text(row.input_hash));
  }
  py::dict out;
  out["household_id"] = household_id;
  out["programme"] = programme;
  if (has_member_programmes(rules)) out["member"] = member;
  out["ministry"] = ministry;
  out["finding"] = finding;
  out["paid_monthly"] = paid;
  out["computed_monthly"] = computed;
  out["difference"] = difference;
  out["months"] = months;
  out["paid_total"] = paid_total;
  out["due_total"] = due_total;
  out["owed"] = owed;
  out["reasons"] = reasons;
  out["input"] = input;
  return out;
}

}  // namespace

py::dict reverify_tables(const RuleSet& rules, const py::dict& households, const py::dict& members, const py::dict& benefits,
                         const std::string& id_column, Date date, unsigned threads, const std::string& language) {
  const HouseholdTables tables(rules.schema(), households, members, id_column);
  std::vector<Household> input = tables.households();
  BenefitIndex index = benefit_index(rules, benefits, date);

  CollectingSink sink;
  ReverifySummary summary;
  {
    py::gil_scoped_release release;
    VectorSource source(input);
    ReverifyOptions options;
    options.date = date;
    options.threads = threads;
    options.households_name = "households table";
    summary = reverify(rules, source, index, sink, options);
  }
  const TextTable table = summary_table(rules, summary, language);
  py::dict out;
  out["detail"] = detail_columns(rules, sink.rows, language);
  out["summary"] = py::dict(py::arg("header") = table.header, py::arg("rows") = table.rows);
  return out;
}

}  // namespace ssis::python
