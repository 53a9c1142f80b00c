// Take-up rates per programme, from `programme,take_up` rows.
#include <fmt/format.h>

#include <istream>
#include <set>

#include "io/utf8.hpp"
#include "ssis/error.hpp"
#include "ssis/impact.hpp"

namespace ssis {
namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// "rates.csv:2", where an error is.
std::string at(const std::string& name, std::size_t line) { return fmt::format("{}:{}", name, line); }

}  // namespace

std::map<std::string, Decimal> read_take_up_csv(std::istream& input, const std::string& name) {
  std::map<std::string, Decimal> rates;
  std::string line;
  std::size_t number = 0;
  int programme_column = -1, rate_column = -1;
  while (std::getline(input, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!detail::utf8_problem(line).empty()) throw InputError(at(name, number), detail::utf8_problem(line));
    const auto fields = split(line);
    if (programme_column < 0) {
      for (std::size_t c = 0; c < fields.size(); ++c) {
        if (fields[c] == "programme" && programme_column < 0) programme_column = static_cast<int>(c);
        else if (fields[c] == "take_up" && rate_column < 0) rate_column = static_cast<int>(c);
        else
          throw InputError(at(name, number),
                           fmt::format("the header is programme,take_up; column {} is {}", c + 1, detail::quoted(fields[c])));
      }
      if (programme_column < 0 || rate_column < 0)
        throw InputError(at(name, number), "the header is programme,take_up");
      continue;
    }
    if (fields.size() != 2) throw InputError(at(name, number), fmt::format("{} fields; expected 2", fields.size()));
    const std::string programme(fields[static_cast<std::size_t>(programme_column)]);
    const auto rate = Decimal::parse(fields[static_cast<std::size_t>(rate_column)]);
    if (!rate)
      throw InputError(at(name, number),
                       fmt::format("{} is not a number", detail::quoted(fields[static_cast<std::size_t>(rate_column)])));
    if (!rates.emplace(programme, *rate).second)
      throw InputError(at(name, number), fmt::format("programme {} is given twice", detail::quoted(programme)));
  }
  if (programme_column < 0) throw InputError(name, "the file is empty; the header is programme,take_up");
  return rates;
}

}  // namespace ssis
