// CSV households bound straight into columns (io/csv_columns) against the same households
// bound through their records: a generated population with unknown facts and hostile cells
// gives byte-identical outcome files either way.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "population/kr_population.hpp"
#include "record_path.hpp"
#include "seeded_choices.hpp"
#include "ssis/batch.hpp"

namespace {

std::string outcomes(const ssis::RuleSet& rules, const std::string& csv, ssis::BatchLayout layout, bool through_records,
                     ssis::BatchSummary& summary) {
  std::istringstream input(csv);
  auto source = ssis::csv_source(input, rules.schema());
  test_support::RecordPath records(*source);
  std::ostringstream output;
  auto sink = ssis::csv_sink(output, rules, layout);
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-09-24");
  options.threads = 2;
  options.block_size = 37;
  summary = ssis::run_batch(rules, through_records ? static_cast<ssis::HouseholdSource&>(records) : *source, *sink, options);
  return output.str();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::string joined(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) line += (c ? "," : "") + cells[c];
  return line;
}

// Values that each field type reads differently, or not at all.
const std::vector<std::string> hostile_cells = {
    "null", "~", "abc", "-1", "0", "1.5", "3.0", "1_000", "+7", "01", "99999999999999", "9223372036854775808", "1e5",
    "true", "false", "TRUE", "2025-02-30", "2999-01-01", "1950-1-1", "1950-01-01", "0.1234567", "5%", "\xFF", "\xE2\x80\x8B",
    "metro", "tier3", "head", "spouse", "owner", " 1", "1 ", "\"4,5\"", "\"\"", "-0", "9223372036854.775807"};

// The population as CSV, with cells blanked or replaced at random, rows of household fields
// only, ids that are not UTF-8, short rows, quotes left open, a household of 101 members and
// household fields that differ between the rows of a household.
std::string hostile_population(std::size_t households, std::uint64_t seed, const std::vector<std::string>& drop_columns) {
  const ssis::Date date = *ssis::Date::parse("2025-09-24");
  std::ostringstream text;
  ssis::population::write_csv_header(text);
  for (const ssis::Household& household : ssis::population::KrPopulation(seed, date).take(households))
    ssis::population::write_csv(text, household);
  std::istringstream lines(text.str());
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> header = split(line);
  std::vector<bool> kept(header.size(), true);
  for (std::size_t c = 0; c < header.size(); ++c)
    for (const std::string& drop : drop_columns) kept[c] = kept[c] && header[c] != drop;
  auto keep = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < cells.size(); ++c)
      if (kept[c]) out.push_back(cells[c]);
    return joined(out);
  };
  const std::size_t first_member_column = ssis::population::household_columns().size() + 1;
  test_support::Choices choose(seed);
  std::string csv = keep(header) + "\n";
  std::string previous_id;
  std::vector<std::string> household_cells;  // of the household's first row
  std::size_t household_index = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells = split(line);
    const bool first_row = cells[0] != previous_id;
    previous_id = cells[0];
    if (first_row) ++household_index;
    // Household fields are changed on a household's first row: later rows repeat them.
    for (std::size_t c = first_row ? 1 : first_member_column; c < cells.size(); ++c) {
      const std::size_t roll = choose.below(1000);
      if (roll < 50) cells[c].clear();
      else if (roll < 55) cells[c] = hostile_cells[choose.below(hostile_cells.size())];
    }
    if (first_row) household_cells.assign(cells.begin() + 1, cells.begin() + static_cast<std::ptrdiff_t>(first_member_column));
    else std::copy(household_cells.begin(), household_cells.end(), cells.begin() + 1);
    if (!first_row && choose.below(50) == 0) cells[1 + choose.below(first_member_column - 1)] = "01";
    if (choose.below(50) == 0)
      for (std::size_t c = first_member_column; c < cells.size(); ++c) cells[c].clear();
    if (choose.below(200) == 0) cells[0] += "\xC3";
    if (choose.below(300) == 0) cells.pop_back();                          // a short row
    if (choose.below(300) == 0) cells[1 + choose.below(cells.size() - 1)] = "\"open";  // a quote never closed
    if (first_row && household_index % 97 == 0)
      for (int m = 0; m < 101; ++m) csv += keep(cells) + "\n";
    csv += keep(cells) + "\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("CSV households bound into columns give the same outcomes as through their records") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  struct Case {
    std::vector<std::string> drop_columns;  // columns the header leaves out
    std::size_t households;
    ssis::BatchLayout layout;
  };
  const std::vector<Case> cases = {
      {{}, 3000, ssis::BatchLayout::wide},
      {{"earned_income", "debt"}, 1000, ssis::BatchLayout::wide},  // taken as their default
      {{"birth_date"}, 200, ssis::BatchLayout::wide},              // required: every household an error
      {{}, 300, ssis::BatchLayout::long_rows},
  };
  std::uint64_t seed = 1;
  for (const Case& c : cases) {
    const std::string csv = hostile_population(c.households, seed++, c.drop_columns);
    CAPTURE(seed);
    ssis::BatchSummary by_columns;
    ssis::BatchSummary by_records;
    const std::string columns = outcomes(rules, csv, c.layout, false, by_columns);
    const std::string records = outcomes(rules, csv, c.layout, true, by_records);
    CHECK(columns == records);
    CHECK(by_columns.households_read == by_records.households_read);
    CHECK(by_columns.evaluated == by_records.evaluated);
    CHECK(by_columns.input_errors == by_records.input_errors);
    CHECK(by_columns.split_households == by_records.split_households);
    // The population is hostile, not hopeless: both outcomes are there.
    if (c.drop_columns != std::vector<std::string>{"birth_date"}) CHECK(by_columns.evaluated > by_columns.input_errors);
    CHECK(by_columns.input_errors > 0);
  }
}
