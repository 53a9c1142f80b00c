// The benefits input: rows checked field by field and indexed by household id.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <istream>
#include <span>
#include <stdexcept>

#include "io/csv.hpp"
#include "io/programme_units.hpp"
#include "io/utf8.hpp"
#include "ssis/error.hpp"
#include "ssis/reverify.hpp"

namespace ssis {

BenefitIndex::BenefitIndex(const RuleSet& rules, Date date, Locator locate, MemberNaming naming)
    : rules_(rules), date_(date), locate_(std::move(locate)), naming_(std::move(naming)) {
  if (naming_.person_id_field.empty()) return;
  const FieldInfo* field = rules.schema().find_field(Level::member, naming_.person_id_field);
  if (field == nullptr || field->type.kind != ValueKind::integer)
    throw std::invalid_argument(fmt::format("person id field '{}' is not a member field of type int in the schema of rule set {}",
                                            detail::escaped(naming_.person_id_field), rules.id()));
}

void BenefitIndex::add_error(std::string household_id, std::size_t line, Field field, std::string reason) {
  FindingRow row;
  row.household_id = std::move(household_id);
  row.finding = Finding::input_error;
  row.reasons = fmt::format("{}: {}", locate_(line, field), reason);
  errors_.push_back(std::move(row));
}

void BenefitIndex::add(const std::array<std::string_view, 5>& fields, std::size_t line) {
  if (finished_) throw std::logic_error("BenefitIndex::add after finish()");
  const std::string household(fields[household_id]);
  const auto fail = [&](Field field, std::string reason) { add_error(household, line, field, std::move(reason)); };
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].empty() && f != member) return fail(static_cast<Field>(f), fmt::format("{} is empty", field_names[f]));
  }
  Benefit benefit{};
  benefit.line = line;
  benefit.programme = rules_.programme_index(fields[programme]);
  if (benefit.programme < 0)
    return fail(programme, fmt::format("'{}' is not a programme of rule set {}", detail::escaped(fields[programme]), rules_.id()));
  const ProgrammeInfo& info = rules_.programmes()[static_cast<std::size_t>(benefit.programme)];
  // A problem with the member of a benefit whose programme is known: the row counts for the programme.
  const auto fail_member = [&](Field field, std::string reason) {
    fail(field, std::move(reason));
    errors_.back().programme = benefit.programme;
  };
  if (info.unit == ProgrammeUnit::member) {
    if (fields[member].empty())
      return fail_member(programme, fmt::format("{} is paid to a member: the benefit needs a member ({})", info.id,
                                                naming_.person_id_field.empty() ? "the member's index in the household, from 0"
                                                                                : "the member's " + naming_.person_id_field));
    const std::string_view text = fields[member];
    std::int64_t value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const bool index = naming_.person_id_field.empty();
    if (error != std::errc() || end != text.data() + text.size() || (index && value < 0))
      return fail_member(member, index ? fmt::format("'{}' is not a member index (a number from 0)", detail::escaped(text))
                                       : fmt::format("'{}' is not a {} (a whole number)", detail::escaped(text), naming_.person_id_field));
    benefit.member = value;
  } else if (!fields[member].empty()) {
    return fail_member(member, fmt::format("{} is paid to the household, not to a member: leave member empty", info.id));
  }
  const std::optional<Decimal> amount = Decimal::parse(fields[monthly_amount]);
  if (!amount) return fail(monthly_amount, fmt::format("'{}' is not an amount", detail::escaped(fields[monthly_amount])));
  if (amount->raw() < 0) return fail(monthly_amount, fmt::format("{} is negative", detail::escaped(fields[monthly_amount])));
  benefit.monthly_amount = *amount;
  const std::optional<Date> start = Date::parse(fields[since]);
  if (!start) return fail(since, fmt::format("'{}' is not a date (YYYY-MM-DD)", detail::escaped(fields[since])));
  if (*start > date_)
    return fail(since, fmt::format("{} is after the re-verification date {}", detail::escaped(fields[since]), date_.to_string()));
  benefit.since = *start;
  const std::uint32_t number = household_number(household);
  if (benefits_.size() == UINT32_MAX) throw std::length_error("more than 4,294,967,295 benefits in the benefits input");
  benefits_.push_back(benefit);
  household_of_.push_back(number);
}

std::uint32_t BenefitIndex::household_number(std::string_view id) {
  auto [it, added] = numbers_.try_emplace(std::string(id), static_cast<std::uint32_t>(ids_.size()));
  if (added) {
    if (ids_.size() == UINT32_MAX) throw std::length_error("more than 4,294,967,295 households in the benefits input");
    ids_.push_back(&it->first);
  }
  return it->second;
}

// Orders the benefits by household in place (a counting sort: each benefit's place is worked
// out in input order, then the benefits are moved along the cycles of places), then each
// household's by programme and member, input order kept for ties; a repeat is reported
// against the first of its kind and removed. Memory: the benefits and a household number each.
void BenefitIndex::finish() {
  if (finished_) return;
  finished_ = true;
  first_.assign(ids_.size() + 1, 0);
  for (const std::uint32_t h : household_of_) ++first_[h + 1];
  for (std::size_t h = 1; h < first_.size(); ++h) first_[h] += first_[h - 1];
  {
    std::vector<std::size_t> next(first_.begin(), first_.end() - 1);
    std::vector<std::uint32_t>& place = household_of_;  // from here on: each benefit's place
    for (std::uint32_t& p : place) p = static_cast<std::uint32_t>(next[p]++);
    for (std::size_t i = 0; i < benefits_.size(); ++i) {
      while (place[i] != i) {
        const std::uint32_t j = place[i];
        std::swap(benefits_[i], benefits_[j]);
        std::swap(place[i], place[j]);
      }
    }
    std::vector<std::uint32_t>().swap(household_of_);
  }
  const auto order = [](const Benefit& a, const Benefit& b) {
    return a.programme != b.programme ? a.programme < b.programme : a.member < b.member;
  };
  std::size_t kept = 0;
  for (std::size_t h = 0; h + 1 < first_.size(); ++h) {
    const auto begin = benefits_.begin() + static_cast<std::ptrdiff_t>(first_[h]);
    const auto end = benefits_.begin() + static_cast<std::ptrdiff_t>(first_[h + 1]);
    std::stable_sort(begin, end, order);
    first_[h] = kept;
    for (auto b = begin; b != end; ++b) {
      if (b != begin && !order(*(b - 1), *b)) {
        report_repeat(static_cast<std::uint32_t>(h), *b, *(b - 1));
        continue;
      }
      benefits_[kept++] = *b;
    }
  }
  first_.back() = kept;
  benefits_.resize(kept);
  claimed_.assign(ids_.size(), 0);
}

void BenefitIndex::report_repeat(std::uint32_t household, const Benefit& repeat, const Benefit& first) {
  const std::string& programme_id = rules_.programmes()[static_cast<std::size_t>(repeat.programme)].id;
  const std::string id = detail::escaped(*ids_[household]);
  add_error(*ids_[household], repeat.line, repeat.member < 0 ? programme : member,
            repeat.member < 0 ? fmt::format("household {} receives {} already (line {})", id, programme_id, first.line)
                              : fmt::format("member {} of household {} receives {} already (line {})", repeat.member, id,
                                            programme_id, first.line));
  errors_.back().programme = repeat.programme;
}

BenefitIndex::Claim BenefitIndex::claim(std::string_view household_id, std::size_t household_line) {
  finish();
  const auto it = numbers_.find(std::string(household_id));
  if (it == numbers_.end()) return {};
  const std::uint32_t h = it->second;
  if (claimed_[h] != 0) return {{}, claimed_[h]};
  claimed_[h] = household_line;
  return {std::span<const Benefit>(benefits_).subspan(first_[h], first_[h + 1] - first_[h]), 0};
}

namespace {

// The value of member field `field` as a whole number, if it has one.
std::optional<std::int64_t> whole_number(const InputRecord& member, std::string_view field) {
  const InputValue* value = member.find(field);
  if (value == nullptr) return std::nullopt;
  if (const auto* number = std::get_if<std::int64_t>(value)) return *number;
  if (const auto* text = std::get_if<std::string>(value)) {
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error == std::errc() && end == text->data() + text->size()) return number;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Benefit> BenefitIndex::resolve_members(std::span<const Benefit> benefits, const Household& household,
                                                   std::vector<FindingRow>& errors) const {
  std::vector<Benefit> resolved;
  resolved.reserve(benefits.size());
  const std::size_t members = household.members.size();
  for (const Benefit& benefit : benefits) {
    Benefit b = benefit;
    std::string problem;
    if (b.member < 0) {
      // paid to the household
    } else if (naming_.person_id_field.empty()) {
      if (static_cast<std::uint64_t>(b.member) >= members)
        problem = fmt::format("member {} is not in household {}, which has {} member{} (0 to {})", b.member,
                              detail::escaped(household.id), members, members == 1 ? "" : "s", members - 1);
    } else {
      std::vector<std::size_t> found;
      for (std::size_t m = 0; m < members; ++m)
        if (whole_number(household.members[m], naming_.person_id_field) == b.member) found.push_back(m);
      if (found.size() == 1) b.member = static_cast<std::int64_t>(found.front());
      else
        problem = fmt::format("{} members of household {} have {} {}", found.empty() ? "no" : std::to_string(found.size()),
                              detail::escaped(household.id), naming_.person_id_field, b.member);
    }
    if (problem.empty()) {
      resolved.push_back(b);
      continue;
    }
    FindingRow& row = errors.emplace_back();
    row.household_id = household.id;
    row.programme = b.programme;
    row.finding = Finding::input_error;
    row.paid_monthly = b.monthly_amount;
    row.reasons = fmt::format("{}: {}", locate_(b.line, member), problem);
  }
  // Person ids sort otherwise than the members they name.
  std::stable_sort(resolved.begin(), resolved.end(), [](const Benefit& a, const Benefit& b) {
    return a.programme != b.programme ? a.programme < b.programme : a.member < b.member;
  });
  return resolved;
}

std::vector<FindingRow> BenefitIndex::take_errors() {
  finish();
  return std::move(errors_);
}

std::vector<FindingRow> BenefitIndex::unclaimed_errors() const {
  std::vector<FindingRow> rows;
  for (std::size_t h = 0; h < claimed_.size(); ++h) {
    if (claimed_[h] != 0) continue;
    for (std::size_t b = first_[h]; b < first_[h + 1]; ++b) {
      FindingRow row;
      row.household_id = *ids_[h];
      row.programme = benefits_[b].programme;
      row.finding = Finding::input_error;
      row.paid_monthly = benefits_[b].monthly_amount;
      row.reasons = fmt::format("{}: household {} is not in the household input", locate_(benefits_[b].line, household_id),
                                detail::escaped(*ids_[h]));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

BenefitIndex read_benefits_csv(std::istream& input, const std::string& file_name, const RuleSet& rules, Date date,
                               const SourceOptions& options, MemberNaming naming) {
  detail::CsvReader reader(input, options.max_record_bytes);
  detail::CsvRecord record;
  const auto header_error = [&](std::size_t column, std::string reason) {
    return InputError(file_name, std::move(reason), static_cast<int>(record.line), static_cast<int>(column));
  };
  if (!reader.next(record))
    throw InputError(file_name, "the file is empty; it needs the header household_id,programme,monthly_amount,since", 1, 0);
  if (!record.error.empty()) throw header_error(0, "header: " + record.error);
  // The column of each field in the file, from the header.
  std::array<std::size_t, 5> columns{};
  std::array<bool, 5> found{};
  const std::vector<std::string>& names = record.fields;
  // The member column only for a rule set with programmes assessed per member.
  const auto known_names = std::span(BenefitIndex::field_names).first(detail::member_programme_count(rules) > 0 ? 5 : 4);
  for (std::size_t c = 0; c < names.size(); ++c) {
    const auto name = std::find(known_names.begin(), known_names.end(), names[c]);
    if (name == known_names.end())
      throw header_error(c + 1, fmt::format("column {} '{}' is not one of {}", c + 1, detail::escaped(names[c]), fmt::join(known_names, ", ")));
    const auto field = static_cast<std::size_t>(name - known_names.begin());
    if (found[field])
      throw header_error(c + 1, fmt::format("column '{}' appears twice: columns {} and {}", names[c], columns[field] + 1, c + 1));
    found[field] = true;
    columns[field] = c;
  }
  for (std::size_t f = 0; f < BenefitIndex::member; ++f) {  // member is optional
    if (!found[f]) throw header_error(names.size() + 1, fmt::format("the header has no {} column", BenefitIndex::field_names[f]));
  }
  const std::size_t width = names.size();
  reader.keep_records_on_one_line();
  BenefitIndex index(
      rules, date,
      [file_name, columns](std::size_t line, BenefitIndex::Field field) {
        return fmt::format("{}:{}:{}", file_name, line, columns[field] + 1);
      },
      std::move(naming));
  while (reader.next(record)) {
    const std::vector<std::string>& cells = record.fields;
    const std::size_t id_column = columns[BenefitIndex::household_id];
    const std::string id = id_column < cells.size() ? cells[id_column] : std::string();
    if (!record.error.empty()) {
      index.add_error(id, record.line, BenefitIndex::household_id, record.error);
      continue;
    }
    if (cells.size() != width) {
      index.add_error(id, record.line, BenefitIndex::household_id, fmt::format("{} fields where the header has {}", cells.size(), width));
      continue;
    }
    std::array<std::string_view, 5> fields;
    for (std::size_t f = 0; f < fields.size(); ++f)
      if (found[f]) fields[f] = cells[columns[f]];
    index.add(fields, record.line);
  }
  return index;
}

}  // namespace ssis
