#include "model/fact_paths.hpp"

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
}

std::string_view FactPaths::member(std::size_t position, std::size_t field) const {
  const std::size_t fields = member_names_.size();
  if (position * fields + field < members_.size()) return members_[position * fields + field];
  std::lock_guard lock(later_->mutex);
  const std::uint64_t key = (static_cast<std::uint64_t>(position) << 32) | field;
  auto [it, added] = later_->paths.try_emplace(key);
  if (added) it->second = member_path(position, member_names_[field]);
  return it->second;
}

}  // namespace ssis::detail
