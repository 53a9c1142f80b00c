// The benefits input: rows checked field by field and indexed by household id.
#include <fmt/format.h>

#include <algorithm>
#include <istream>
#include <stdexcept>

#include "io/csv.hpp"
#include "io/utf8.hpp"
#include "ssis/error.hpp"
#include "ssis/reverify.hpp"

namespace ssis {

BenefitIndex::BenefitIndex(const RuleSet& rules, Date date, Locator locate)
    : rules_(rules), date_(date), locate_(std::move(locate)) {}

void BenefitIndex::add_error(std::string household_id, std::size_t line, Field field, std::string reason) {
  FindingRow row;
  row.household_id = std::move(household_id);
  row.finding = Finding::input_error;
  row.reasons = fmt::format("{}: {}", locate_(line, field), reason);
  errors_.push_back(std::move(row));
}

void BenefitIndex::add(const std::array<std::string_view, 4>& fields, std::size_t line) {
  if (finished_) throw std::logic_error("BenefitIndex::add after finish()");
  const std::string household(fields[household_id]);
  const auto fail = [&](Field field, std::string reason) { add_error(household, line, field, std::move(reason)); };
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].empty()) return fail(static_cast<Field>(f), fmt::format("{} is empty", field_names[f]));
  }
  Entry entry{};
  entry.benefit.line = line;
  entry.benefit.programme = rules_.programme_index(fields[programme]);
  if (entry.benefit.programme < 0)
    return fail(programme, fmt::format("'{}' is not a programme of rule set {}", detail::escaped(fields[programme]), rules_.id()));
  const std::optional<Decimal> amount = Decimal::parse(fields[monthly_amount]);
  if (!amount) return fail(monthly_amount, fmt::format("'{}' is not an amount", detail::escaped(fields[monthly_amount])));
  if (amount->raw() < 0) return fail(monthly_amount, fmt::format("{} is negative", detail::escaped(fields[monthly_amount])));
  entry.benefit.monthly_amount = *amount;
  const std::optional<Date> start = Date::parse(fields[since]);
  if (!start) return fail(since, fmt::format("'{}' is not a date (YYYY-MM-DD)", detail::escaped(fields[since])));
  if (*start > date_)
    return fail(since, fmt::format("{} is after the re-verification date {}", detail::escaped(fields[since]), date_.to_string()));
  entry.benefit.since = *start;
  entry.household = household_number(household);
  entries_.push_back(entry);
}

std::uint32_t BenefitIndex::household_number(std::string_view id) {
  auto [it, added] = numbers_.try_emplace(std::string(id), static_cast<std::uint32_t>(ids_.size()));
  if (added) {
    if (ids_.size() == UINT32_MAX) throw std::length_error("more than 4,294,967,295 households in the benefits input");
    ids_.push_back(&it->first);
  }
  return it->second;
}

void BenefitIndex::finish() {
  if (finished_) return;
  finished_ = true;
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.household != b.household ? a.household < b.household : a.benefit.programme < b.benefit.programme;
  });
  first_.assign(ids_.size() + 1, 0);
  benefits_.reserve(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (i > 0 && entries_[i - 1].household == entry.household && entries_[i - 1].benefit.programme == entry.benefit.programme) {
      add_error(*ids_[entry.household], entry.benefit.line, programme,
                fmt::format("household {} receives {} already (line {})", detail::escaped(*ids_[entry.household]),
                            rules_.programmes()[static_cast<std::size_t>(entry.benefit.programme)].id, entries_[i - 1].benefit.line));
      errors_.back().programme = entry.benefit.programme;
      continue;
    }
    benefits_.push_back(entry.benefit);
    ++first_[entry.household + 1];
  }
  for (std::size_t h = 1; h < first_.size(); ++h) first_[h] += first_[h - 1];
  std::vector<Entry>().swap(entries_);
  claimed_.assign(ids_.size(), 0);
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
                               const SourceOptions& options) {
  detail::CsvReader reader(input, options.max_record_bytes);
  detail::CsvRecord record;
  const auto header_error = [&](std::size_t column, std::string reason) {
    return InputError(file_name, std::move(reason), static_cast<int>(record.line), static_cast<int>(column));
  };
  if (!reader.next(record))
    throw InputError(file_name, "the file is empty; it needs the header household_id,programme,monthly_amount,since", 1, 0);
  if (!record.error.empty()) throw header_error(0, "header: " + record.error);
  // The column of each field in the file, from the header.
  std::array<std::size_t, 4> columns{};
  std::array<bool, 4> found{};
  const std::vector<std::string>& names = record.fields;
  for (std::size_t c = 0; c < names.size(); ++c) {
    const auto* name = std::find(BenefitIndex::field_names.begin(), BenefitIndex::field_names.end(), names[c]);
    if (name == BenefitIndex::field_names.end())
      throw header_error(c + 1, fmt::format("column {} '{}' is not one of household_id, programme, monthly_amount, since", c + 1,
                                            detail::escaped(names[c])));
    const auto field = static_cast<std::size_t>(name - BenefitIndex::field_names.begin());
    if (found[field])
      throw header_error(c + 1, fmt::format("column '{}' appears twice: columns {} and {}", names[c], columns[field] + 1, c + 1));
    found[field] = true;
    columns[field] = c;
  }
  for (std::size_t f = 0; f < found.size(); ++f) {
    if (!found[f]) throw header_error(names.size() + 1, fmt::format("the header has no {} column", BenefitIndex::field_names[f]));
  }
  const std::size_t width = names.size();
  reader.keep_records_on_one_line();
  BenefitIndex index(rules, date, [file_name, columns](std::size_t line, BenefitIndex::Field field) {
    return fmt::format("{}:{}:{}", file_name, line, columns[field] + 1);
  });
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
    std::array<std::string_view, 4> fields;
    for (std::size_t f = 0; f < fields.size(); ++f) fields[f] = cells[columns[f]];
    index.add(fields, record.line);
  }
  return index;
}

}  // namespace ssis
