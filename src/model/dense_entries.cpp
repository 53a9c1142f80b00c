#include <algorithm>

#include "model/rule_model.hpp"
#include "ssis/compiled_rules.hpp"

namespace ssis::detail {

void index_dense_entries(DatedTable& table, bool bracket) {
  constexpr std::uint64_t most_keys = 1024;
  table.dense.clear();
  if (!table.in_force || table.keys.empty() || table.keys.size() != table.values.size()) return;
  const auto [low, high] = std::minmax_element(table.keys.begin(), table.keys.end());
  const auto span = static_cast<std::uint64_t>(*high) - static_cast<std::uint64_t>(*low);
  if (span >= most_keys) return;
  // Each key's entry as the search finds it, so that the two can never differ.
  const compiled::Table entries{table.keys.data(), table.values.data(), table.values.size()};
  table.dense_first = *low;
  for (std::uint64_t offset = 0; offset <= span; ++offset) {
    const auto key = static_cast<std::int64_t>(static_cast<std::uint64_t>(*low) + offset);
    table.dense.push_back(static_cast<std::int32_t>(compiled::find_entry(entries, &key, 1, bracket ? 1U : 0U)));
  }
}

}  // namespace ssis::detail
