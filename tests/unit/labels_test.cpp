// The words the engine writes come from the rule set's `labels:` (ruleset.yaml), checked when
// it loads; English is built in and stands in for any label a language lacks.
#include <doctest/doctest.h>

#include "rule_fixture.hpp"
#include "ssis/labels.hpp"
#include "ssis/outcome_text.hpp"

namespace {

ssis::LoadResult with_header(const std::string& header) {
  test_support::RuleDirectory directory({{"ruleset.yaml", header}, {"schema.yaml", test_support::base_schema}});
  return directory.load();
}

// A known amount of money in whole units.
ssis::Value money(std::int64_t whole) {
  return {ssis::ValueKind::money, ssis::Knowledge::known, ssis::Decimal::from_int(whole)->raw(), nullptr};
}

}  // namespace

TEST_CASE("labels: a language's labels, English for a label it lacks, the currency code as English's currency") {
  const auto loaded = with_header(
      "ruleset:\n  id: t\n  currency: KRW\n  labels:\n    ko:\n      eligible: 받을 수 있음\n      currency: 원\n"
      "    en:\n      not_eligible: Refused\n");
  REQUIRE(loaded.rules);
  const ssis::RuleSet& rules = *loaded.rules;
  CHECK(rules.label(ssis::Label::eligible, "ko") == "받을 수 있음");
  CHECK(rules.label(ssis::Label::currency, "ko") == "원");
  CHECK(rules.label(ssis::Label::eligible, "en") == "Eligible");          // built in
  CHECK(rules.label(ssis::Label::not_eligible, "ko") == "Refused");       // the rule set's English
  CHECK(rules.label(ssis::Label::period_month, "ko") == "a month");       // built in
  CHECK(rules.label(ssis::Label::currency, "en") == "KRW");               // the code
  CHECK(rules.label(ssis::Label::currency, "fr") == "KRW");               // a language not given
  CHECK(ssis::amount_text(rules.labels(), money(1'500'000'000), ssis::AmountPeriod::once,
                          "en") == "1,500,000,000 KRW once-only");
  CHECK(ssis::amount_text(rules.labels(), money(300'000), ssis::AmountPeriod::month,
                          "ko") == "300,000 원 a month");
}

TEST_CASE("labels: an unknown label key is an error at its line and column") {
  const auto loaded = with_header("ruleset:\n  id: t\n  currency: KRW\n  labels:\n    ko:\n      eligble: 받을 수 있음\n");
  CHECK_FALSE(loaded.rules);
  REQUIRE(loaded.diagnostics.size() == 1);
  const ssis::Diagnostic& d = loaded.diagnostics[0];
  CHECK(d.code == ssis::DiagnosticCode::unknown_key);
  CHECK(d.file.ends_with("ruleset.yaml"));
  CHECK(d.line == 6);
  CHECK(d.column == 7);
  CHECK(d.message.starts_with("unknown label 'eligble' (expected one of: household, rule_set,"));
}

TEST_CASE("labels: labels that are not a mapping of words are errors") {
  const auto not_a_map = with_header("ruleset:\n  id: t\n  currency: KRW\n  labels: [ko]\n");
  CHECK_FALSE(not_a_map.rules);
  const auto word_not_text = with_header("ruleset:\n  id: t\n  currency: KRW\n  labels:\n    ko:\n      eligible: [a, b]\n");
  CHECK_FALSE(word_not_text.rules);
  REQUIRE_FALSE(word_not_text.diagnostics.empty());
  CHECK(word_not_text.diagnostics[0].line == 6);
}

TEST_CASE("labels: every key names its label") {
  for (std::size_t i = 0; i < ssis::label_count; ++i) {
    const auto label = static_cast<ssis::Label>(i);
    CHECK(ssis::parse_label_key(ssis::label_key(label)) == label);
  }
  CHECK_FALSE(ssis::parse_label_key("nope"));
}
