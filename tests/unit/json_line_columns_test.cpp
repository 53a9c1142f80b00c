// JSON lines bound straight into columns (io/json_line_columns) against the same lines read
// by parse_household_json and bound through their records: a generated population is read
// without its records, and hostile lines (every way the direct reading refuses, and values
// of every type in every field) give byte-identical outcome files either way.
#include <doctest/doctest.h>

#include <sstream>

#include "eval/block.hpp"
#include "io/json_line_columns.hpp"
#include "population/kr_population.hpp"
#include "record_path.hpp"
#include "seeded_choices.hpp"
#include "ssis/batch.hpp"
#include "ssis/household_json.hpp"

namespace {

const ssis::Date date = *ssis::Date::parse("2025-09-24");

const ssis::RuleSet& kr() {
  static const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  return rules;
}

std::string outcomes(const std::string& lines, ssis::BatchLayout layout, bool through_records, ssis::BatchSummary& summary) {
  std::istringstream input(lines);
  auto source = ssis::json_lines_source(input);
  test_support::RecordPath records(*source);
  std::ostringstream output;
  auto sink = ssis::csv_sink(output, kr(), layout);
  ssis::BatchOptions options;
  options.date = date;
  options.threads = 2;
  options.block_size = 37;
  summary = ssis::run_batch(kr(), through_records ? static_cast<ssis::HouseholdSource&>(records) : *source, *sink, options);
  return output.str();
}

std::vector<std::string> population_lines(std::size_t households, std::uint64_t seed) {
  std::vector<std::string> lines;
  for (const ssis::Household& household : ssis::population::KrPopulation(seed, date).take(households)) {
    std::ostringstream line;
    ssis::population::write_json_line(line, household);
    lines.push_back(line.str());
    while (!lines.back().empty() && lines.back().back() == '\n') lines.back().pop_back();
  }
  return lines;
}

// Values that each field type reads differently, or not at all, and text that is not JSON.
const std::vector<std::string> hostile_values = {
    "null", "true", "false", "\"true\"", "1", "-1", "0", "01", "1.5", "3.0", "1e5", "1E+2", "-0", "9223372036854775808",
    "99999999999999", "\"abc\"", "\"metro\"", "\"tier3\"", "\"tier\\u0033\"", "\"head\"", "\"2025-02-30\"", "\"2999-01-01\"",
    "\"1950-01-01\"", "\"1950-1-1\"", "\"\xFF\"", "\"\xE2\x80\x8B\"", "0.1234567", "9223372036854.775807", "[]", "{}", "\"",
    "tru", "nul", "1.", ".5", "-", "+1", "\"a\tb\"", "\"2025-01-01\"", "  7  ", "\"5%\""};

// Where each `"key": value` pair of a generated line starts its value, for values that are
// not an object or an array.
std::vector<std::pair<std::size_t, std::size_t>> scalar_values(const std::string& line) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t at = line.find("\": "); at != std::string::npos; at = line.find("\": ", at + 1)) {
    const std::size_t begin = at + 3;
    if (begin >= line.size() || line[begin] == '[' || line[begin] == '{') continue;
    const std::size_t end = line.find_first_of(",}]", begin);
    spans.emplace_back(begin, end - begin);
  }
  return spans;
}

// `line` with its first `from` made `to`, if it has one.
void replace_first(std::string& line, std::string_view from, std::string_view to) {
  if (const std::size_t at = line.find(from); at != std::string::npos) line.replace(at, from.size(), to);
}

// `line` with the value of its first key, the id in a generated line, made `value`.
void set_id(std::string& line, std::string_view value) {
  const auto spans = scalar_values(line);
  if (!spans.empty() && line.compare(spans.front().first - 6, 6, "\"id\": ") == 0)
    line.replace(spans.front().first, spans.front().second, value);
}

std::string mutated(std::string line, test_support::Choices& choose) {
  // Values replaced, right to left so that earlier spans stay where they are.
  const auto spans = scalar_values(line);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it)
    if (choose.below(100) == 0) line.replace(it->first, it->second, hostile_values[choose.below(hostile_values.size())]);
  switch (choose.below(80)) {
    case 0: replace_first(line, "\"id\": ", "\"no_such_field\": "); break;  // an unknown key, and no id
    case 1: line.insert(1, "\"as_of\": \"2025-01-01\", "); break;
    case 2: line.insert(1, "\"monthly_rent\": 5, "); break;  // repeated, or a key given once more
    case 3: replace_first(line, "\"id\": ", "\"birth_date\": \"1990-01-01\", \"id\": "); break;  // a member field
    case 4: set_id(line, "17"); break;
    case 5: set_id(line, "\"\""); break;  // taken as none
    case 6: set_id(line, "\"\xC3\""); break;  // not UTF-8
    case 7: set_id(line, "null"); break;
    case 20: set_id(line, "-3.5"); break;
    case 21: set_id(line, "1e3"); break;
    case 22: set_id(line, "\"h\\u0031\""); break;
    case 8: line = line.substr(0, choose.below(line.size())); break;  // cut short
    case 9: line += " x"; break;
    case 10: line += " \r"; break;
    case 11: replace_first(line, "\"members\": [", "\"members\": [], \"z\": ["); break;
    case 12: {  // 101 members
      if (line.find("\"members\": [") == std::string::npos) break;
      const std::size_t begin = line.find("\"members\": [") + 12;
      const std::size_t end = line.find('}', begin) + 1;
      const std::string member = line.substr(begin, end - begin);
      std::string many;
      for (int m = 0; m < 101; ++m) many += member + ", ";
      line.insert(begin, many);
      break;
    }
    case 13: replace_first(line, ": ", " :\t"); break;
    case 14: replace_first(line, "\"members\": [", "\"members\": [{\"sex\": \"male\", \"sex\": \"male\"}, "); break;
    case 15: replace_first(line, "\"members\": [", "\"members\": [{}, "); break;
    case 16: replace_first(line, "\"members\": [{", "\"members\": [{\"as_of\": \"2025-01-01\", "); break;
    case 17: line = "[" + line + "]"; break;
    case 18: replace_first(line, "\"members\": [", "\"members\": [7, "); break;
    case 19: replace_first(line, "\"members\": [", "\"members\": {}, \"w\": ["); break;
    default: break;
  }
  return line;
}

}  // namespace

TEST_CASE("JSON lines of a generated population are bound straight into columns, as through their records") {
  const ssis::detail::BindOptions options{.evaluation_date = date};
  ssis::detail::JsonLineBinder binder(kr().schema(), options);
  ssis::detail::Block direct;
  ssis::detail::Block through_records;
  direct.reset(kr().schema());
  through_records.reset(kr().schema());
  std::size_t number = 0;
  std::string id;
  for (const std::string& line : population_lines(300, 3)) {
    ++number;
    CAPTURE(line);
    REQUIRE(binder.bind_directly(line, number, direct, id));
    CHECK(id == ssis::parse_household_json(line, std::to_string(number)).id);
    ssis::detail::bind_household(kr().schema(), ssis::parse_household_json(line, std::to_string(number)), options, through_records);
  }
  CHECK(direct.households == 300);
  CHECK(direct.ids == through_records.ids);
  CHECK(direct.member_offsets == through_records.member_offsets);
  CHECK(direct.member_household == through_records.member_household);
  CHECK(direct.dated_offsets == through_records.dated_offsets);
  const auto same_columns = [](const std::vector<ssis::detail::Column>& a, const std::vector<ssis::detail::Column>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t f = 0; f < a.size(); ++f) {
      CAPTURE(f);
      CHECK(a[f].values == b[f].values);
      CHECK(a[f].knowledge == b[f].knowledge);
    }
  };
  same_columns(direct.household_fields, through_records.household_fields);
  same_columns(direct.member_fields, through_records.member_fields);
}

TEST_CASE("a JSON line the direct reading refuses leaves the block as it was") {
  const ssis::detail::BindOptions options{.evaluation_date = date};
  ssis::detail::JsonLineBinder binder(kr().schema(), options);
  ssis::detail::Block block;
  block.reset(kr().schema());
  std::string id = "kept";
  const std::string line = population_lines(1, 5).front();
  for (const std::string& refused : std::vector<std::string>{line.substr(0, line.size() - 1), line + " x", "\"as_of\": 1", std::string("{\"id\": \"h\\u0031\"}"),
                                     line.substr(0, line.find("\"members\"")) + "\"members\": []}"}) {
    CAPTURE(refused);
    CHECK_FALSE(binder.bind_directly(refused, 1, block, id));
    CHECK(block.households == 0);
    CHECK(block.members == 0);
    CHECK(block.household_fields.front().values.empty());
    CHECK(id == "kept");
  }
}

TEST_CASE("hostile JSON lines give the same outcomes bound into columns as through their records") {
  std::uint64_t seed = 11;
  for (const ssis::BatchLayout layout : {ssis::BatchLayout::wide, ssis::BatchLayout::long_rows}) {
    test_support::Choices choose(seed);
    std::string lines;
    for (const std::string& line : population_lines(layout == ssis::BatchLayout::wide ? 2500 : 400, seed++)) {
      lines += mutated(line, choose) + "\n";
      if (choose.below(100) == 0) lines += "   \n";
    }
    ssis::BatchSummary by_columns;
    ssis::BatchSummary by_records;
    const std::string columns = outcomes(lines, layout, false, by_columns);
    const std::string records = outcomes(lines, layout, true, by_records);
    CHECK(columns == records);
    CHECK(by_columns.households_read == by_records.households_read);
    CHECK(by_columns.evaluated == by_records.evaluated);
    CHECK(by_columns.input_errors == by_records.input_errors);
    // Hostile, not hopeless: both outcomes are there.
    CHECK(by_columns.evaluated > by_columns.input_errors);
    CHECK(by_columns.input_errors > 0);
  }
}
