#include "ssis/household.hpp"

namespace ssis {

InputRecord& InputRecord::set(std::string name, InputValue value) {
  for (auto& [existing, current] : fields) {
    if (existing == name) {
      current = std::move(value);
      return *this;
    }
  }
  fields.emplace_back(std::move(name), std::move(value));
  return *this;
}

const InputValue* InputRecord::find(std::string_view name) const {
  for (const auto& [existing, value] : fields)
    if (existing == name) return &value;
  return nullptr;
}

}  // namespace ssis
