// Counting findings, and the summary table by programme, ministry and in total.
#include <map>
#include <ostream>

#include "io/csv.hpp"
#include "ssis/reverify.hpp"

namespace ssis {

std::string MoneySum::to_string() const {
  const bool negative = raw < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(raw) : static_cast<unsigned __int128>(raw);
  auto fraction = static_cast<std::uint64_t>(magnitude % Decimal::scale);
  unsigned __int128 whole = magnitude / Decimal::scale;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole != 0);
  std::string text = negative ? "-" + digits : digits;
  if (fraction != 0) {
    std::string decimals = std::to_string(fraction + Decimal::scale).substr(1);
    while (decimals.back() == '0') decimals.pop_back();
    text += "." + decimals;
  }
  return text;
}

std::size_t FindingTally::received() const {
  return (*this)[Finding::confirmed] + (*this)[Finding::no_longer_eligible] + (*this)[Finding::undetermined] +
         (*this)[Finding::overpaid] + (*this)[Finding::underpaid];
}

MoneySum FindingTally::improper() const {
  MoneySum sum = paid_to_no_longer_eligible;
  sum.add(overpaid);
  return sum;
}

void FindingTally::add(const FindingRow& row) {
  ++count[static_cast<std::size_t>(row.finding)];
  switch (row.finding) {
    case Finding::no_longer_eligible:
      paid_to_no_longer_eligible.add(*row.paid_monthly);
      break;
    case Finding::overpaid:
      overpaid.add(*row.difference);
      break;
    case Finding::underpaid:
      underpaid.raw -= row.difference->raw();
      break;
    case Finding::blind_spot:
      if (row.computed_monthly) blind_spot_computed.add(*row.computed_monthly);
      break;
    default:
      break;
  }
  if (row.owed) {
    paid_total.add(*row.paid_total);
    due_total.add(*row.due_total);
    owed.add(*row.owed);
    if (row.owed->raw() > 0) owed_back.add(*row.owed);
    else owed_to_people.raw -= row.owed->raw();
  } else if (row.months != 0) {
    ++totals_unknown;
  }
}

void FindingTally::add(const FindingTally& other) {
  for (std::size_t f = 0; f < finding_count; ++f) count[f] += other.count[f];
  paid_to_no_longer_eligible.add(other.paid_to_no_longer_eligible);
  overpaid.add(other.overpaid);
  underpaid.add(other.underpaid);
  blind_spot_computed.add(other.blind_spot_computed);
  paid_total.add(other.paid_total);
  due_total.add(other.due_total);
  owed.add(other.owed);
  owed_back.add(other.owed_back);
  owed_to_people.add(other.owed_to_people);
  totals_unknown += other.totals_unknown;
}

FindingTally ReverifySummary::total() const {
  FindingTally sum = unattributed;
  for (const FindingTally& tally : programmes) sum.add(tally);
  return sum;
}

void ReverifySummary::add(const FindingRow& row) {
  (row.programme >= 0 ? programmes[static_cast<std::size_t>(row.programme)] : unattributed).add(row);
  if (row.finding == Finding::overlap) ++overlaps[static_cast<std::size_t>(row.relation)];
}

namespace {

std::vector<std::string> tally_cells(std::string level, std::string programme, std::string ministry, const FindingTally& tally) {
  std::vector<std::string> cells{std::move(level), std::move(programme), std::move(ministry), std::to_string(tally.received())};
  for (std::size_t f = 0; f < finding_count; ++f) cells.push_back(std::to_string(tally.count[f]));
  for (const MoneySum* sum : {&tally.paid_to_no_longer_eligible, &tally.overpaid, &tally.underpaid, &tally.blind_spot_computed})
    cells.push_back(sum->to_string());
  for (const MoneySum* sum : {&tally.paid_total, &tally.due_total, &tally.owed}) cells.push_back(sum->to_string());
  cells.push_back(std::to_string(tally.totals_unknown));
  return cells;
}

bool empty(const FindingTally& tally) { return tally.count == std::array<std::size_t, finding_count>{}; }

}  // namespace

TextTable summary_table(const RuleSet& rules, const ReverifySummary& summary, std::string_view language) {
  TextTable table;
  table.header = {"level", "programme", "ministry", "received"};
  for (std::size_t f = 0; f < finding_count; ++f) table.header.emplace_back(to_string(static_cast<Finding>(f)));
  for (const char* sum : {"paid_to_no_longer_eligible_monthly", "overpaid_monthly", "underpaid_monthly", "blind_spot_computed_monthly"})
    table.header.emplace_back(sum);
  for (const char* column : {"paid_total", "due_total", "owed", "totals_unknown"}) table.header.emplace_back(column);

  std::map<std::string, FindingTally> ministries;
  for (std::size_t p = 0; p < summary.programmes.size(); ++p) {
    const FindingTally& tally = summary.programmes[p];
    if (empty(tally)) continue;
    const ProgrammeInfo& programme = rules.programmes()[p];
    const std::string& ministry = programme.display_ministry(language);
    table.rows.push_back(tally_cells("programme", programme.id, ministry, tally));
    ministries[ministry].add(tally);
  }
  for (const auto& [ministry, tally] : ministries) table.rows.push_back(tally_cells("ministry", "", ministry, tally));
  if (!empty(summary.unattributed)) table.rows.push_back(tally_cells("unattributed", "", "", summary.unattributed));
  table.rows.push_back(tally_cells("total", "", "", summary.total()));
  return table;
}

void write_csv(std::ostream& output, const TextTable& table) {
  std::string line;
  const auto write_row = [&](const std::vector<std::string>& cells) {
    line.clear();
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) line += ',';
      detail::append_csv_field(line, cells[c]);
    }
    line += '\n';
    output << line;
  };
  write_row(table.header);
  for (const auto& row : table.rows) write_row(row);
}

}  // namespace ssis
