// report.md: what a manager reads first.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <ostream>
#include <set>

#include "ssis/reverify.hpp"

namespace ssis {
namespace {

constexpr std::size_t top_count = 10;

// The programmes assessed per member.
std::vector<std::string> member_programme_ids(const RuleSet& rules) {
  std::vector<std::string> ids;
  for (const ProgrammeInfo& programme : rules.programmes())
    if (programme.unit == ProgrammeUnit::member) ids.push_back(programme.id);
  return ids;
}

// Programme indices with a non-zero key, largest first (ties in rule-set order), at most top_count.
template <typename Key>
std::vector<std::size_t> top_programmes(const ReverifySummary& summary, Key key) {
  std::vector<std::size_t> order(summary.programmes.size());
  std::iota(order.begin(), order.end(), 0);
  std::erase_if(order, [&](std::size_t p) { return key(summary.programmes[p]) == decltype(key(summary.programmes[p])){}; });
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(summary.programmes[a]) > key(summary.programmes[b]); });
  if (order.size() > top_count) order.resize(top_count);
  return order;
}

void write_totals(std::ostream& out, const ReverifySummary& summary) {
  const FindingTally total = summary.total();
  out << "## Totals\n\n| | count | monthly amount |\n|---|---:|---:|\n";
  out << fmt::format("| households read | {} | |\n", summary.households_read);
  out << fmt::format("| households evaluated | {} | |\n", summary.households_evaluated);
  out << fmt::format("| benefits read | {} | |\n", summary.benefits_read);
  out << fmt::format("| confirmed | {} | |\n", total[Finding::confirmed]);
  out << fmt::format("| **no longer eligible** | {} | {} paid |\n", total[Finding::no_longer_eligible],
                     total.paid_to_no_longer_eligible.to_string());
  out << fmt::format("| **overpaid** | {} | {} too much |\n", total[Finding::overpaid], total.overpaid.to_string());
  out << fmt::format("| underpaid | {} | {} too little |\n", total[Finding::underpaid], total.underpaid.to_string());
  out << fmt::format("| undetermined (facts missing) | {} | |\n", total[Finding::undetermined]);
  out << fmt::format("| overlaps of exclusive benefits | {} | |\n", total[Finding::overlap]);
  out << fmt::format("| blind spots (eligible, not receiving) | {} | {} computed |\n", total[Finding::blind_spot],
                     total.blind_spot_computed.to_string());
  out << fmt::format("| input errors | {} | |\n", total[Finding::input_error]);
  out << fmt::format("\nImproper payments: **{} per month** (paid to households no longer eligible + overpayments).\n\n",
                     total.improper().to_string());
}

void write_improper(std::ostream& out, const RuleSet& rules, const ReverifySummary& summary, std::string_view language) {
  out << "## Programmes with the largest improper payments\n\n";
  const auto top = top_programmes(summary, [](const FindingTally& t) { return t.improper(); });
  if (top.empty()) {
    out << "None.\n\n";
    return;
  }
  out << "| programme | ministry | no longer eligible | paid to them | overpaid | overpaid by | improper per month |\n"
         "|---|---|---:|---:|---:|---:|---:|\n";
  for (std::size_t p : top) {
    const FindingTally& t = summary.programmes[p];
    const ProgrammeInfo& programme = rules.programmes()[p];
    out << fmt::format("| {} ({}) | {} | {} | {} | {} | {} | {} |\n", programme.display_name(language), programme.id,
                       programme.display_ministry(language), t[Finding::no_longer_eligible], t.paid_to_no_longer_eligible.to_string(),
                       t[Finding::overpaid], t.overpaid.to_string(), t.improper().to_string());
  }
  out << "\n";
}

void write_owed(std::ostream& out, const RuleSet& rules, const ReverifySummary& summary, Date date, std::string_view language) {
  const FindingTally total = summary.total();
  out << "## Money owed since each benefit started\n\n";
  out << fmt::format("Each received benefit's monthly amount is taken as paid in every month from its `since` to {}; what "
                     "was due is the computed amount of each of those months it was eligible in, with the parameters in force "
                     "then (the columns `months`, `paid_total`, `due_total` and `owed` of `detail.csv`).\n\n",
                     date.to_string());
  out << "| | amount |\n|---|---:|\n";
  out << fmt::format("| paid | {} |\n| due | {} |\n", total.paid_total.to_string(), total.due_total.to_string());
  out << fmt::format("| **owed back by people** | {} |\n| **owed to people** | {} |\n", total.owed_back.to_string(),
                     total.owed_to_people.to_string());
  out << fmt::format("| net owed back | {} |\n\n", total.owed.to_string());
  if (total.totals_unknown)
    out << fmt::format("{} received benefits have no totals (a month undetermined, in error or with an unknown amount, or no "
                       "monthly amount): their reasons in `detail.csv` say `totals_unknown` and why; they are left out of "
                       "these sums.\n\n",
                       total.totals_unknown);
  const auto top = top_programmes(summary, [](const FindingTally& t) { return t.owed_back; });
  if (top.empty()) return;
  out << "Programmes with the most owed back:\n\n"
         "| programme | ministry | paid | due | owed back | owed to people | net owed back |\n"
         "|---|---|---:|---:|---:|---:|---:|\n";
  for (std::size_t p : top) {
    const FindingTally& t = summary.programmes[p];
    const ProgrammeInfo& programme = rules.programmes()[p];
    out << fmt::format("| {} ({}) | {} | {} | {} | {} | {} | {} |\n", programme.display_name(language), programme.id,
                       programme.display_ministry(language), t.paid_total.to_string(), t.due_total.to_string(),
                       t.owed_back.to_string(), t.owed_to_people.to_string(), t.owed.to_string());
  }
  out << "\n";
}

void write_overlaps(std::ostream& out, const RuleSet& rules, const ReverifySummary& summary, std::string_view language) {
  out << "## Overlaps across ministries\n\n";
  std::size_t same_ministry = 0;
  std::vector<std::string> lines;
  for (std::size_t r = 0; r < summary.overlaps.size(); ++r) {
    if (summary.overlaps[r] == 0) continue;
    const RelationInfo& relation = rules.relations()[r];
    std::set<std::string> ministries;
    std::vector<std::string> programmes;
    for (const std::string& id : relation.programmes) {
      const ProgrammeInfo& programme = rules.programmes()[static_cast<std::size_t>(rules.programme_index(id))];
      ministries.insert(programme.display_ministry(language));
      programmes.push_back(fmt::format("{} ({})", id, programme.display_ministry(language)));
    }
    if (ministries.size() < 2) {
      same_ministry += summary.overlaps[r];
      continue;
    }
    lines.push_back(fmt::format("| {} | {} | {} | {} |\n", relation.id, fmt::join(programmes, ", "),
                                relation.keep_highest_amount ? "the highest amount" : "the first listed", summary.overlaps[r]));
  }
  if (lines.empty()) out << "None.\n";
  else {
    out << "| relation | programmes (ministry) | the rules keep | households |\n|---|---|---|---:|\n";
    for (const auto& line : lines) out << line;
  }
  if (same_ministry) out << fmt::format("\nOverlaps within one ministry: {}.\n", same_ministry);
  out << "\n";
}

void write_blind_spots(std::ostream& out, const RuleSet& rules, const ReverifySummary& summary, std::string_view language) {
  const bool per_member = !member_programme_ids(rules).empty();
  out << (per_member ? "## Blind spots: eligible households and members not receiving\n\n"
                     : "## Blind spots: eligible households not receiving\n\n");
  const auto top = top_programmes(summary, [](const FindingTally& t) { return t[Finding::blind_spot]; });
  if (top.empty()) {
    out << "None.\n\n";
    return;
  }
  // A programme assessed per member has a blind spot per eligible member not receiving it.
  out << (per_member ? "| programme | ministry | households or members | computed per month |\n|---|---|---:|---:|\n"
                     : "| programme | ministry | households | computed per month |\n|---|---|---:|---:|\n");
  for (std::size_t p : top) {
    const FindingTally& t = summary.programmes[p];
    const ProgrammeInfo& programme = rules.programmes()[p];
    const std::string count = per_member && programme.unit == ProgrammeUnit::member
                                  ? fmt::format("{} members", t[Finding::blind_spot])
                                  : fmt::format("{}", t[Finding::blind_spot]);
    out << fmt::format("| {} ({}) | {} | {} | {} |\n", programme.display_name(language), programme.id,
                       programme.display_ministry(language), count,
                       programme.amount_period == AmountPeriod::month
                           ? t.blind_spot_computed.to_string()
                           : fmt::format("per {}", programme.amount_period ? to_string(*programme.amount_period) : "unstated period"));
  }
  out << "\n";
}

}  // namespace

void write_report(std::ostream& out, const RuleSet& rules, const ReverifySummary& summary, const ReportContext& context,
                  std::string_view language) {
  out << "# Re-verification of current beneficiaries\n\n";
  out << fmt::format("Rule set `{}`{} ({}), evaluated on {}. Households: `{}`; benefits: `{}`.\n", rules.id(),
                     rules.version().empty() ? "" : fmt::format(" version {}", rules.version()), rules.fingerprint(),
                     context.date.to_string(), context.households_file, context.benefits_file);
  out << "Amounts are monthly; only programmes that state a monthly amount are compared. "
         "Every finding is a row of `detail.csv`; `summary.csv` has the counts by programme and ministry.\n\n";
  if (const std::vector<std::string> members = member_programme_ids(rules); !members.empty())
    out << fmt::format("Programmes assessed per member ({}) are re-verified per person: each of their benefits is paid to one "
                       "member, compared with that member's decision, and each eligible member not receiving one is a blind "
                       "spot; `detail.csv` names the member (column `member`, the index in the household).\n\n",
                       fmt::join(members, ", "));
  write_totals(out, summary);
  write_improper(out, rules, summary, language);
  write_owed(out, rules, summary, context.date, language);
  write_overlaps(out, rules, summary, language);
  write_blind_spots(out, rules, summary, language);
  const std::size_t errors = summary.total()[Finding::input_error];
  if (errors) out << fmt::format("## Input errors\n\n{} rows of the inputs could not be used: see the `input_error` rows of `detail.csv`.\n", errors);
}

}  // namespace ssis
