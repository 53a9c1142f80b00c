#include "model/fact_paths.hpp"

#include <algorithm>

namespace ssis::detail {
namespace {

std::string member_path(std::size_t position, const std::string& field) {
  return "members[" + std::to_string(position) + "]." + field;
}

}  // namespace

void FactPaths::build(const Schema& schema, std::size_t members) {
  household_.clear();
  for (const FieldInfo& field : schema.household_fields()) household_.push_back(field.name);
  member_names_.clear();
  for (const FieldInfo& field : schema.member_fields()) member_names_.push_back(field.name);
  members_.clear();
  members_.reserve(members * member_names_.size());
  for (std::size_t position = 0; position < members; ++position)
    for (const std::string& name : member_names_) members_.push_back(member_path(position, name));

  std::vector<const std::string*> all;  // household paths, then member paths
  for (const std::string& path : household_) all.push_back(&path);
  for (const std::string& path : members_) all.push_back(&path);
  std::vector<std::uint32_t> order(all.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return *all[a] < *all[b]; });
  ranked_ = order;
  std::vector<std::uint32_t> rank(all.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  household_rank_.assign(rank.begin(), rank.begin() + static_cast<std::ptrdiff_t>(household_.size()));
  member_rank_.assign(rank.begin() + static_cast<std::ptrdiff_t>(household_.size()), rank.end());
}

// A member beyond those of build(): made once, under a lock, as threads share the rule set.
std::string_view FactPaths::later_member(std::size_t position, std::size_t field) const {
  std::lock_guard lock(later_->mutex);
  const std::uint64_t key = (static_cast<std::uint64_t>(position) << 32) | field;
  auto [it, added] = later_->paths.try_emplace(key);
  if (added) it->second = member_path(position, member_names_[field]);
  return it->second;
}

}  // namespace ssis::detail
