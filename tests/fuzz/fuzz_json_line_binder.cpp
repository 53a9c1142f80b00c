// libFuzzer target: a JSON line bound straight into columns (io/json_line_columns) and the
// same line read by parse_household_json and bound through its record agree: the same
// columns, ids and offsets, or the same error. Traps on any difference.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "eval/block.hpp"
#include "io/json_line_columns.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"
#include "ssis/rule_set.hpp"

namespace {

const ssis::RuleSet& rules() {
  static const ssis::RuleSet loaded = ssis::RuleSet::load_or_throw(SSIS_RULES_KR);
  return loaded;
}

const ssis::detail::BindOptions options{.evaluation_date = ssis::Date::parse("2025-09-24")};

// The error message, or "" when the line was bound.
std::string bound_directly(std::string_view line, ssis::detail::Block& block, std::string& id) {
  static ssis::detail::JsonLineBinder binder(rules().schema(), options);
  try {
    binder.bind(line, 7, block, id);
  } catch (const ssis::InputError& e) {
    return std::string("error: ") + e.what();
  }
  return {};
}

std::string bound_by_record(std::string_view line, ssis::detail::Block& block, std::string& id) {
  try {
    const ssis::Household household = ssis::parse_household_json(line, "7");
    id = household.id;
    ssis::detail::bind_household(rules().schema(), household, options, block);
  } catch (const ssis::InputError& e) {
    return std::string("error: ") + e.what();
  }
  return {};
}

bool same_columns(const std::vector<ssis::detail::Column>& a, const std::vector<ssis::detail::Column>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t f = 0; f < a.size(); ++f)
    if (a[f].values != b[f].values || a[f].knowledge != b[f].knowledge) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  ssis::detail::Block direct;
  ssis::detail::Block by_record;
  direct.reset(rules().schema());
  by_record.reset(rules().schema());
  std::string direct_id;
  std::string record_id;
  const std::string direct_error = bound_directly(line, direct, direct_id);
  const std::string record_error = bound_by_record(line, by_record, record_id);
  if (direct_error != record_error || direct.households != by_record.households || direct.ids != by_record.ids ||
      direct.member_offsets != by_record.member_offsets || direct.dated_offsets != by_record.dated_offsets ||
      !same_columns(direct.household_fields, by_record.household_fields) || !same_columns(direct.member_fields, by_record.member_fields))
    __builtin_trap();
  if (direct_error.empty() && direct_id != record_id) __builtin_trap();
  return 0;
}
