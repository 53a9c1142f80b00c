#pragma once
// The names an expression can use: fields, parameters and variables, in one namespace.
#include <map>
#include <string>
#include <vector>

#include "expr/ast.hpp"

namespace ssis::detail {

struct Symbol {
  Reference reference = Reference::none;
  int index = -1;
  Level level = Level::household;
};

class SymbolTable {
 public:
  /// False when the name is already taken.
  bool add(const std::string& name, Symbol symbol);
  const Symbol* find(const std::string& name) const;
  /// The declared name closest to `name` by edit distance, or empty.
  std::string closest(const std::string& name) const;

 private:
  std::map<std::string, Symbol, std::less<>> symbols_;
};

std::string type_name(const ValueType& type, const Schema& schema);
bool is_numeric(ValueKind kind);

}  // namespace ssis::detail
