#include "cli/stats.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "io/display_width.hpp"
#include "ssis/rule_set.hpp"

namespace ssis::cli {

std::string today() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now);
  return Date::from_days(static_cast<std::int32_t>(days.time_since_epoch().count())).to_string();
}

int stats(const std::string& rules_path) {
  LoadResult result = RuleSet::load(rules_path);
  if (!result.rules) {
    std::cerr << format(result.diagnostics);
    return 1;
  }
  const RuleSet& rules = *result.rules;
  struct MinistryCount {
    std::size_t programmes = 0;
    std::size_t criteria = 0;
    std::size_t by_officials = 0;
    std::size_t with_amount = 0;
  };
  std::map<std::string, MinistryCount> ministries;
  std::map<std::string, std::size_t> deciders;
  std::size_t criteria = 0;
  std::size_t with_amount = 0;
  std::size_t not_encoded = 0;
  std::set<std::string> catalogue_ids;
  for (const auto& p : rules.programmes()) {
    const std::string ministry = p.ministry.count("ko") ? p.ministry.at("ko") : p.display_ministry();
    MinistryCount& m = ministries[ministry.empty() ? "(none)" : ministry];
    ++m.programmes;
    m.criteria += p.criteria.size();
    criteria += p.criteria.size();
    for (const auto& c : p.criteria) {
      ++deciders[c.decided_by];
      if (c.decided_by != "data") ++m.by_officials;
    }
    if (!p.amount_formula.empty()) {
      ++m.with_amount;
      ++with_amount;
    }
    not_encoded += p.not_encoded.size();
    if (!p.catalogue_id.empty()) catalogue_ids.insert(p.catalogue_id);
  }
  std::cout << fmt::format("rule set {} ({})\n", rules.id(), rules.fingerprint());
  std::cout << fmt::format("programmes: {} from {} ministries ({} catalogue services)\n", rules.programmes().size(),
                           ministries.size(), catalogue_ids.size());
  std::cout << fmt::format("criteria: {} ({} decided from data", criteria, deciders["data"]);
  for (const auto& [decider, count] : deciders)
    if (decider != "data") std::cout << fmt::format(", {} left to {}", count, decider == "official" ? "officials" : decider);
  std::cout << ")\n";
  std::cout << fmt::format("programmes with an amount: {}\n", with_amount);
  std::cout << fmt::format("not encoded (listed in the rule files): {} items\n", not_encoded);
  std::size_t exclusive = 0;
  std::size_t requires_count = 0;
  for (const auto& r : rules.relations()) (r.kind == RelationKind::exclusive ? exclusive : requires_count) += 1;
  std::cout << fmt::format("relations: {} ({} exclusive groups, {} requires)\n", rules.relations().size(), exclusive, requires_count);
  std::cout << fmt::format("schema: {} household fields, {} member fields; {} variables, {} parameters, {} tests\n\n",
                           rules.schema().household_fields().size(), rules.schema().member_fields().size(),
                           rules.variables().size(), rules.parameters().size(), rules.test_count());
  // Ministry names padded by the columns they take in a terminal (a Hangul syllable takes two).
  constexpr std::size_t name_width = 28;
  std::cout << fmt::format("{} {:>10} {:>9} {:>17} {:>8}\n", detail::pad_to_width("ministry", name_width), "programmes",
                           "criteria", "left to officials", "amounts");
  for (const auto& [name, m] : ministries)
    std::cout << fmt::format("{} {:>10} {:>9} {:>17} {:>8}\n", detail::pad_to_width(name, name_width), m.programmes, m.criteria,
                             m.by_officials, m.with_amount);
  return 0;
}

}  // namespace ssis::cli
