#include "check/symbols.hpp"

#include <algorithm>

namespace ssis::detail {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

bool SymbolTable::add(const std::string& name, Symbol symbol) {
  return symbols_.emplace(name, symbol).second;
}

const Symbol* SymbolTable::find(const std::string& name) const {
  const auto it = symbols_.find(name);
  return it == symbols_.end() ? nullptr : &it->second;
}

std::string SymbolTable::closest(const std::string& name) const {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& [candidate, symbol] : symbols_) {
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string type_name(const ValueType& type, const Schema& schema) {
  switch (type.kind) {
    case ValueKind::boolean: return "bool";
    case ValueKind::integer: return "int";
    case ValueKind::decimal: return "decimal";
    case ValueKind::money: return "money";
    case ValueKind::date: return "date";
    case ValueKind::enumeration:
      if (type.enum_index >= 0 && static_cast<std::size_t>(type.enum_index) < schema.enums().size())
        return schema.enums()[static_cast<std::size_t>(type.enum_index)].name;
      return "enum";
  }
  return "?";
}

bool is_numeric(ValueKind kind) {
  return kind == ValueKind::integer || kind == ValueKind::decimal || kind == ValueKind::money;
}

}  // namespace ssis::detail
