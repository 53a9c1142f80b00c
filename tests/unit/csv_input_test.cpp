// Reading CSV input: records, malformed rows, blank lines, limits, and households from rows.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "io/csv.hpp"
#include "io/utf8.hpp"
#include "io/seen_ids.hpp"
#include "ssis/batch.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"

namespace {

ssis::RuleSet mini() { return ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini"); }

struct ReadRecord {
  std::vector<std::string> fields;
  std::size_t line;
  std::string error;
};

std::vector<ReadRecord> read_all(const std::string& text, std::size_t max_record_bytes = ssis::detail::CsvReader::default_max_record_bytes) {
  std::istringstream input(text);
  ssis::detail::CsvReader reader(input, max_record_bytes);
  ssis::detail::CsvRecord record;
  std::vector<ReadRecord> records;
  while (reader.next(record)) records.push_back({record.fields, record.line, record.error});
  return records;
}

class CollectingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    households.insert(households.end(), block.begin(), block.end());
  }
  std::vector<ssis::BatchHousehold> households;
};

struct BatchRun {
  CollectingSink sink;
  ssis::BatchSummary summary;
};

BatchRun run_csv(const std::string& text, bool strict = false, ssis::SourceOptions source_options = {}) {
  static const ssis::RuleSet rules = mini();
  std::istringstream input(text);
  auto source = ssis::csv_source(input, rules.schema(), source_options);
  BatchRun run;
  ssis::BatchOptions options;
  options.date = *ssis::Date::parse("2025-03-01");
  options.threads = 2;
  options.block_size = 3;
  options.strict = strict;
  run.summary = ssis::run_batch(rules, *source, run.sink, options);
  CHECK(run.summary.households_read == run.summary.evaluated + run.summary.input_errors);
  return run;
}

// The households of a run as "id:error-or-ok", in order.
std::vector<std::string> outline(const BatchRun& run) {
  std::vector<std::string> out;
  for (const auto& h : run.sink.households) out.push_back(h.id + ":" + (h.input_error.empty() ? "ok" : h.input_error));
  return out;
}

constexpr const char* header = "household_id,region,birth_date,earned_income\n";

}  // namespace

TEST_CASE("an unterminated quote is an error for its record; reading resumes at the next line") {
  const auto records = read_all("a,\"b\nc,d\ne,f\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].line == 1);
  CHECK(records[0].error == "a quoted field opened on this line is not closed before the end of the input");
  CHECK(records[0].fields == std::vector<std::string>{"a"});  // the fields complete before the quote
  CHECK(records[1].fields == std::vector<std::string>{"c", "d"});
  CHECK(records[1].line == 2);
  CHECK(records[2].fields == std::vector<std::string>{"e", "f"});
}

TEST_CASE("quoted fields span lines; a record is bounded by the maximum record length") {
  const auto spanning = read_all("a,\"b\nc\",d\ne,f\n");
  REQUIRE(spanning.size() == 2);
  CHECK(spanning[0].error.empty());
  CHECK(spanning[0].fields == std::vector<std::string>{"a", "b\nc", "d"});
  CHECK(spanning[1].line == 3);

  // The same record, but past the limit before its quote closes: an error, then line 2 on.
  const auto bounded = read_all("a,\"b\nccccccccccccccccccccccc\nc\",d\ne,f\n", 16);
  REQUIRE(bounded.size() == 4);
  CHECK(bounded[0].error == "record longer than 16 bytes: a quoted field opened on this line is not closed");
  CHECK(bounded[1].fields.empty());  // 23 bytes: too long, and its one field is cut
  CHECK(bounded[1].error == "record longer than 16 bytes");
  CHECK(bounded[2].line == 3);
  CHECK(bounded[2].error.empty());
  CHECK(bounded[2].fields == std::vector<std::string>{"c\"", "d"});  // a quote inside a field is a character
  CHECK(bounded[3].fields == std::vector<std::string>{"e", "f"});
}

TEST_CASE("an over-long line is an error naming its line, skipped in chunks, without its text") {
  std::string text = "id,value\n1,";
  text += std::string(5'000'000, 'x');
  text += "\n2,y\n";
  const auto records = read_all(text, 1024);
  REQUIRE(records.size() == 3);
  CHECK(records[1].line == 2);
  CHECK(records[1].error == "record longer than 1024 bytes");
  CHECK(records[1].fields == std::vector<std::string>{"1"});  // the complete fields of its first bytes
  CHECK(records[2].fields == std::vector<std::string>{"2", "y"});
}

TEST_CASE("lines opening quotes that never close are read in linear time") {
  // Each line opens a quote, read afresh or inside a quoted field: no record ever ends, and
  // each is an error (past 1 MiB, then at the end of the input). Scanning ahead afresh for
  // each would read 200,000 × 1 MiB.
  std::string text;
  for (int i = 0; i < 200'000; ++i) text += "a\",\"b\n";
  const auto start = std::chrono::steady_clock::now();
  const auto records = read_all(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(records.size() == 200'000);
  CHECK(records.back().line == 200'000);
  CHECK_FALSE(records.back().error.empty());
  CHECK(seconds < 10);
}

TEST_CASE("blank lines are skipped, a byte order mark is not part of the first field") {
  const auto records = read_all("\xEF\xBB\xBFid,v\r\n\n  \t\r\na,\"\n\nb\"\n\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == std::vector<std::string>{"id", "v"});
  CHECK(records[1].line == 4);
  CHECK(records[1].fields == std::vector<std::string>{"a", "\n\nb"});  // blank lines inside quotes are data
}

TEST_CASE("control and invisible characters in messages are escaped") {
  CHECK(ssis::detail::escaped("plain 한글") == "plain 한글");
  CHECK(ssis::detail::escaped("\xEF\xBB\xBFid") == "\\uFEFFid");
  CHECK(ssis::detail::escaped("a\tb\x1b[31m") == "a\\u0009b\\u001B[31m");
  CHECK(ssis::detail::escaped("zero\xE2\x80\x8Bwidth") == "zero\\u200Bwidth");
  CHECK(ssis::detail::escaped("bad \xC3( \xED\xA0\x80") == "bad \\xC3( \\xED\\xA0\\x80");  // not UTF-8, a surrogate
}

TEST_CASE("the set of seen household ids stays within 43 bytes an id") {
  ssis::detail::SeenIds seen;
  for (std::size_t i = 1; i <= 100'000; ++i) CHECK(seen.insert("h" + std::to_string(i), i) == 0);
  CHECK(seen.insert("h77", 500'000) == 77);
  CHECK(seen.size() == 100'000);
  CHECK(seen.bytes() <= 43 * seen.size());
}

TEST_CASE("an unterminated quote in a CSV household is an error for that household only") {
  std::string text = header;
  text += "h1,city,1950-01-01,100\n";
  text += "h2,city,1950-01-01,100\n";
  text += "h3,city,\"1950-01-01,100\n";  // line 4
  for (int i = 4; i <= 1000; ++i) text += "h" + std::to_string(i) + ",city,1960-01-01,200\n";
  const BatchRun run = run_csv(text);
  CHECK(run.summary.households_read == 1000);
  CHECK(run.summary.input_errors == 1);
  CHECK(run.summary.evaluated == 999);
  CHECK(outline(run)[2] == "h3:line 4: a quoted field opened on this line is not closed before the end of the input");
}

TEST_CASE("two stray quotes lines apart do not swallow the rows between them") {
  std::string text = header;
  text += "h1,city,1950-01-01,100\n";
  text += "h2,city,\"1950-01-01,100\n";  // line 3: a quote opens
  for (int i = 3; i <= 500; ++i) text += "h" + std::to_string(i) + ",city,1960-01-01,200\n";
  text += "h501,city,1960-01-01\",200\n";  // line 502: another stray quote closes it
  for (int i = 502; i <= 1000; ++i) text += "h" + std::to_string(i) + ",city,1960-01-01,200\n";
  const BatchRun run = run_csv(text);
  CHECK(run.summary.households_read == 1000);
  CHECK(run.summary.evaluated == 998);
  CHECK(run.summary.input_errors == 2);
  CHECK(outline(run)[1] == "h2:line 3: a quoted field opened on this line closes only on line 502; fields hold no line breaks here");
  CHECK(outline(run)[500].starts_with("h501:line 502: "));

  // Without a header to compare with, the reader takes the quoted field as RFC 4180 has it.
  const auto records = read_all("a,\"b\nc\nd\",e\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == std::vector<std::string>{"a", "b\nc\nd", "e"});
}

TEST_CASE("a malformed row inside a household makes the household exactly one input error") {
  const std::string rows = std::string(header) +
                           "a,city,1950-01-01,100\n"
                           "a,city,1951-01-01\n"  // line 3: short
                           "a,city,1952-01-01,300\n"
                           "b,city,1950-01-01,100,extra\n"  // line 5: long, first row
                           "b,city,1953-01-01,100\n"
                           "c,city,1950-01-01,100\n"
                           "c,city,\"1960-01-01,100\n"  // line 8: open quote, last row
                           "d,city,1970-01-01,1\n";
  const BatchRun run = run_csv(rows);
  CHECK(outline(run) == std::vector<std::string>{"a:line 3: 3 fields where the header has 4",
                                                 "b:line 5: 5 fields where the header has 4",
                                                 "c:line 8: a quoted field opened on this line is not closed before the end of the input",
                                                 "d:ok"});
  CHECK(run.summary.evaluated == 1);
  CHECK(run.sink.households[0].programmes.empty());
}

TEST_CASE("a malformed row without a readable household id between rows of one household belongs to it") {
  ssis::SourceOptions options;
  options.max_record_bytes = 64;
  const std::string rows = std::string(header) + "a,city,1950-01-01,100\n" + std::string(100, 'x') + "\n" +  // line 3: no id
                           "a,city,1951-01-01,100\n"
                           "b,city,1950-01-01,100\n" +
                           std::string(100, 'y') + "\n" +  // line 6: between households
                           "c,city,1950-01-01,100\n";
  const BatchRun run = run_csv(rows, false, options);
  CHECK(outline(run) == std::vector<std::string>{"a:line 3: record longer than 64 bytes", "b:ok", ":line 6: record longer than 64 bytes", "c:ok"});
}

TEST_CASE("rows of a household that are not together make the later ones an input error naming the first line") {
  const BatchRun run = run_csv(std::string(header) +
                               "h1,city,1950-01-01,100\n"
                               "h2,city,1950-01-01,100\n"
                               "h1,city,1951-01-01,100\n"
                               "h1,city,1952-01-01,100\n"
                               "h3,city,1950-01-01,100\n");
  CHECK(outline(run) == std::vector<std::string>{
                            "h1:ok", "h2:ok",
                            "h1:line 4: the rows of household 'h1' are not together: it was first seen at line 2, and the rows "
                            "from there were read as a household of their own",
                            "h3:ok"});
  CHECK(run.sink.households[2].first_seen_line == 2);
  CHECK(run.summary.split_households == 1);
  CHECK(run.summary.input_errors == 1);
}

TEST_CASE("with ids in order, a household out of order is an input error and the rest are read as usual") {
  const ssis::SourceOptions in_order{.ids_in_order = true};
  const std::string sorted = std::string(header) +
                             "h9,city,1950-01-01,100\n"
                             "h10,city,1950-01-01,100\n"
                             "h10,city,1951-01-01,100\n"
                             "h11,city,1950-01-01,100\n";
  const BatchRun fine = run_csv(sorted, false, in_order);
  CHECK(outline(fine) == std::vector<std::string>{"h9:ok", "h10:ok", "h11:ok"});
  CHECK(fine.summary.split_households == 0);
  // A household whose rows are apart, and one merely out of place: both refused, since
  // from the last id alone the two cannot be told apart.
  const BatchRun run = run_csv(std::string(header) +
                                   "h1,city,1950-01-01,100\n"
                                   "h2,city,1950-01-01,100\n"
                                   "h1,city,1951-01-01,100\n"
                                   "h3,city,1950-01-01,100\n"
                                   "h0,city,1950-01-01,100\n"
                                   "h4,city,1950-01-01,100\n",
                               false, in_order);
  CHECK(outline(run) == std::vector<std::string>{
                            "h1:ok", "h2:ok",
                            "h1:line 4: household 'h1' does not come after 'h2', the household before it, and the ids were said to "
                            "be in order: its rows may belong to a household read earlier",
                            "h3:ok",
                            "h0:line 6: household 'h0' does not come after 'h3', the household before it, and the ids were said to "
                            "be in order: its rows may belong to a household read earlier",
                            "h4:ok"});
  CHECK(run.sink.households[2].out_of_order);
  CHECK(run.sink.households[2].first_seen_line == 0);
  CHECK_FALSE(run.sink.households[3].out_of_order);
  CHECK(run.summary.split_households == 2);
  CHECK(run.summary.input_errors == 2);
  // Without the option the same input gives the split household alone.
  CHECK(run_csv(std::string(header) + "h1,city,1950-01-01,100\nh2,city,1950-01-01,100\nh0,city,1950-01-01,100\n")
            .summary.input_errors == 0);
}

TEST_CASE("blank lines inside a household do not split it, nor fail a strict run at the end") {
  const std::string rows = std::string(header) +
                           "a,city,1950-01-01,100\n"
                           "\n"
                           "   \t\r\n"
                           "a,city,1951-01-01,100\n"
                           "b,city,1950-01-01,100\n"
                           "\n";
  const BatchRun run = run_csv(rows, true);
  CHECK(outline(run) == std::vector<std::string>{"a:ok", "b:ok"});
  CHECK_FALSE(run.summary.stopped);

  // The same household without the blank lines: the same decisions.
  const BatchRun together = run_csv(std::string(header) + "a,city,1950-01-01,100\na,city,1951-01-01,100\n");
  REQUIRE(together.sink.households.size() == 1);
  for (std::size_t p = 0; p < together.sink.households[0].programmes.size(); ++p) {
    CHECK(run.sink.households[0].programmes[p].status == together.sink.households[0].programmes[p].status);
    CHECK(run.sink.households[0].programmes[p].amount == together.sink.households[0].programmes[p].amount);
  }
}

TEST_CASE("a CSV header: a byte order mark is accepted; a repeated column is rejected naming both positions") {
  const BatchRun run = run_csv("\xEF\xBB\xBF" + std::string(header) + "a,city,1950-01-01,100\n");
  CHECK(outline(run) == std::vector<std::string>{"a:ok"});

  const ssis::RuleSet rules = mini();
  std::istringstream repeated("household_id,region,birth_date,region\n");
  CHECK_THROWS_WITH_AS(ssis::csv_source(repeated, rules.schema()),
                       "line 1, column 4: column 'region' appears twice: columns 2 and 4", ssis::InputError);
  std::istringstream invisible("household_id,reg\xE2\x80\x8Bion\n");
  CHECK_THROWS_WITH_AS(ssis::csv_source(invisible, rules.schema()),
                       "line 1, column 2: column 2 'reg\\u200Bion' is not a field of the schema (see `ssis schema`)",
                       ssis::InputError);
  std::istringstream open_quote("household_id,\"region\n");
  CHECK_THROWS_WITH_AS(ssis::csv_source(open_quote, rules.schema()),
                       "line 1, column 0: header: a quoted field opened on this line is not closed before the end of the input",
                       ssis::InputError);
}

TEST_CASE("an over-long CSV row is an input error for its household with its line, not its text") {
  const std::string rows = std::string(header) + "a,city,1950-01-01,100\n" + "b,city,1950-01-01," + std::string(2'000'000, '9') +
                           "\n" + "c,city,1950-01-01,100\n";
  const BatchRun run = run_csv(rows);
  CHECK(outline(run) == std::vector<std::string>{"a:ok", "b:line 3: record longer than 1048576 bytes", "c:ok"});
}

TEST_CASE("an over-long JSON line is an input error naming its line") {
  const ssis::RuleSet rules = mini();
  ssis::SourceOptions options;
  options.max_record_bytes = 100;
  std::istringstream input("{\"id\": \"a\", \"region\": \"city\", \"members\": []}\n{\"id\": \"b\", \"note\": \"" + std::string(500, 'x') +
                           "\"}\n\n{\"id\": \"c\", \"region\": \"city\", \"members\": []}\n");
  auto source = ssis::json_lines_source(input, options);
  ssis::SourceItem item;
  std::vector<std::string> seen;
  while (source->next(item)) seen.push_back(std::to_string(item.line) + ":" + item.error);
  CHECK(seen == std::vector<std::string>{"1:", "2:line 2: record longer than 100 bytes", "4:"});
}
