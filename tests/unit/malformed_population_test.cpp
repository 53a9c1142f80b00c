// Every class of malformed CSV row planted into a synthetic population of 100,000 households:
// each household is evaluated whole, or is exactly one input error; nothing is lost.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <unordered_map>

#include "population/kr_population.hpp"
#include "ssis/batch.hpp"
#include "ssis/evaluator.hpp"
#include "support/fnv1a.hpp"

namespace {

enum class Fault { unterminated_quote, short_row, long_row, split, blank_lines, over_long, bad_value, row_without_id, count };
enum class Expect { whole, error, split };

constexpr std::size_t population_size = 100'000;
constexpr std::size_t max_record_bytes = 64 * 1024;

// Status and amount of every programme, as one number.
template <typename Decisions, typename Status, typename Known, typename Amount>
std::uint64_t digest(const Decisions& decisions, Status status, Known known, Amount amount) {
  ssis::detail::Fnv1a64 hash;
  for (const auto& d : decisions) {
    const std::int64_t value = known(d) ? amount(d) : -1;
    hash.add(std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
    hash.add(ssis::to_string(status(d)));
    hash.end_piece();
  }
  return hash.value();
}

std::uint64_t digest_of(const std::vector<ssis::BatchDecision>& decisions) {
  return digest(decisions, [](const auto& d) { return d.status; }, [](const auto& d) { return d.amount_knowledge == ssis::Knowledge::known; },
                [](const auto& d) { return d.amount; });
}

std::uint64_t digest_of(const ssis::HouseholdOutcome& outcome) {
  return digest(outcome.programmes, [](const auto& p) { return p.status; }, [](const auto& p) { return p.amount.known(); },
                [](const auto& p) { return p.amount.raw; });
}

struct Result {
  std::string id;
  std::string input_error;
  std::size_t first_seen_line = 0;
  std::uint64_t digest = 0;
};

class DigestSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    for (const auto& h : block)
      results.push_back({h.id, h.input_error, h.first_seen_line, h.input_error.empty() ? digest_of(h.programmes) : 0});
  }
  std::vector<Result> results;
};

// Passes households on, keeping the number of members of each one read without error.
class MemberCounting : public ssis::HouseholdSource {
 public:
  explicit MemberCounting(ssis::HouseholdSource& source) : source_(source) {}
  bool next(ssis::SourceItem& item) override {
    if (!source_.next(item)) return false;
    if (item.error.empty()) members[item.household.id].push_back(item.household.members.size());
    return true;
  }
  std::unordered_map<std::string, std::vector<std::size_t>> members;

 private:
  ssis::HouseholdSource& source_;
};

struct Run {
  DigestSink sink;
  std::unordered_map<std::string, std::vector<std::size_t>> members;
  ssis::BatchSummary summary;
};

void run(const ssis::RuleSet& rules, const std::string& csv, ssis::Date date, Run& out) {
  std::istringstream input(csv);
  ssis::SourceOptions source_options;
  source_options.max_record_bytes = max_record_bytes;
  auto source = ssis::csv_source(input, rules.schema(), source_options);
  MemberCounting counting(*source);
  ssis::BatchOptions options;
  options.date = date;
  options.missing_facts = false;  // not compared; the statuses and amounts are
  out.summary = ssis::run_batch(rules, counting, out.sink, options);
  out.members = std::move(counting.members);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("malformed rows planted in 100,000 households: each is evaluated whole or is exactly one input error") {
  const ssis::RuleSet rules = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  const ssis::Date date = *ssis::Date::parse("2025-09-24");
  const std::vector<ssis::Household> households = ssis::population::KrPopulation(11, date).take(population_size);

  std::ostringstream header_text;
  ssis::population::write_csv_header(header_text);
  const std::string header = lines_of(header_text.str()).at(0);
  std::size_t birth_date_column = 0;
  {
    std::istringstream columns(header);
    std::string name;
    while (std::getline(columns, name, ',') && name != "birth_date") ++birth_date_column;
  }
  std::vector<std::vector<std::string>> rows(households.size());
  for (std::size_t i = 0; i < households.size(); ++i) {
    std::ostringstream text;
    ssis::population::write_csv(text, households[i]);
    rows[i] = lines_of(text.str());
  }

  // Plant a fault in every 37th household, the kinds in turn; its neighbours stay clean.
  std::vector<Expect> expect(households.size(), Expect::whole);
  std::map<Fault, std::size_t> planted;
  std::size_t next_kind = 0;
  std::vector<std::string> extra_rows_after(households.size());  // a split household's row, moved after its neighbour
  for (std::size_t i = 5; i + 1 < households.size(); i += 37) {
    auto kind = static_cast<Fault>(next_kind++ % static_cast<std::size_t>(Fault::count));
    std::vector<std::string>& r = rows[i];
    if ((kind == Fault::split || kind == Fault::row_without_id) && r.size() < 2) kind = Fault::long_row;
    const std::size_t middle = r.size() / 2;
    std::string& row = r[middle];
    switch (kind) {
      case Fault::unterminated_quote: row.insert(row.find(',') + 1, "\""); break;
      case Fault::short_row: row.erase(row.rfind(',')); break;
      case Fault::long_row: row += ",1"; break;
      case Fault::split:
        extra_rows_after[i + 1] = r.back();
        r.pop_back();
        break;
      case Fault::blank_lines: r.insert(r.begin() + static_cast<std::ptrdiff_t>(middle), {"", " \t\r"}); break;
      case Fault::over_long: row += std::string(max_record_bytes, '7'); break;
      case Fault::bad_value: {
        std::size_t start = 0;
        for (std::size_t c = 0; c < birth_date_column; ++c) start = row.find(',', start) + 1;
        row.replace(start, row.find(',', start) - start, "1950-02-30");
        break;
      }
      case Fault::row_without_id: r.insert(r.begin() + 1, std::string(max_record_bytes + 1, 'x')); break;
      case Fault::count: break;
    }
    ++planted[kind];
    expect[i] = kind == Fault::blank_lines ? Expect::whole : kind == Fault::split ? Expect::split : Expect::error;
  }
  for (std::size_t kind = 0; kind < static_cast<std::size_t>(Fault::count); ++kind) REQUIRE(planted[static_cast<Fault>(kind)] > 100);

  std::string clean = header + "\n";
  std::string faulty = "\xEF\xBB\xBF" + header + "\n";
  for (std::size_t i = 0; i < households.size(); ++i) {
    std::ostringstream text;
    ssis::population::write_csv(text, households[i]);
    clean += text.str();
    for (const std::string& row : rows[i]) faulty += row + "\n";
    if (!extra_rows_after[i].empty()) faulty += extra_rows_after[i] + "\n";
  }
  faulty += "\n";

  Run reference;
  run(rules, clean, date, reference);
  REQUIRE(reference.summary.evaluated == households.size());
  std::unordered_map<std::string, std::uint64_t> clean_digest;
  for (const Result& r : reference.sink.results) clean_digest[r.id] = r.digest;

  Run tested;
  run(rules, faulty, date, tested);
  const ssis::BatchSummary& summary = tested.summary;
  std::size_t wholes = 0, errors = 0, splits = 0;
  for (const Expect e : expect) (e == Expect::whole ? wholes : e == Expect::error ? errors : splits) += 1;
  CHECK(summary.households_read == summary.evaluated + summary.input_errors);
  CHECK(summary.households_read == households.size() + splits);
  CHECK(summary.evaluated == wholes + splits);
  CHECK(summary.input_errors == errors + splits);
  CHECK(summary.split_households == splits);

  std::unordered_map<std::string, std::vector<const Result*>> by_id;
  for (const Result& r : tested.sink.results) by_id[r.id].push_back(&r);
  CHECK(by_id.size() == households.size());  // no result without a household id of the input
  ssis::Evaluator evaluator(rules);
  std::size_t evaluated_alone = 0;
  for (std::size_t i = 0; i < households.size(); ++i) {
    const std::string& id = households[i].id;
    CAPTURE(id);
    const std::vector<const Result*>& results = by_id[id];
    switch (expect[i]) {
      case Expect::whole: {
        REQUIRE(results.size() == 1);
        CHECK(results[0]->input_error.empty());
        CHECK(results[0]->digest == clean_digest[id]);
        CHECK(tested.members[id] == std::vector<std::size_t>{households[i].members.size()});
        // Next to a fault, and one in a hundred: the same as the clean household evaluated alone.
        const bool next_to_fault = (i > 0 && expect[i - 1] != Expect::whole) || (i + 1 < expect.size() && expect[i + 1] != Expect::whole);
        if (next_to_fault || i % 100 == 0) {
          CHECK(results[0]->digest == digest_of(evaluator.evaluate(households[i], date)));
          ++evaluated_alone;
        }
        break;
      }
      case Expect::error:
        REQUIRE(results.size() == 1);
        CHECK_FALSE(results[0]->input_error.empty());
        break;
      case Expect::split:
        REQUIRE(results.size() == 2);
        CHECK(results[0]->input_error.empty());  // the rows before: evaluated, and the run reports it
        CHECK(results[1]->input_error.find("are not together: it was first seen at line") != std::string::npos);
        CHECK(results[1]->first_seen_line > 0);
        break;
    }
  }
  CHECK(evaluated_alone > 2'000);
}
