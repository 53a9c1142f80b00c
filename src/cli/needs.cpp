#include "cli/needs.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/languages.hpp"
#include "cli/rule_set_commands.hpp"
#include "ssis/data_needs.hpp"

namespace ssis::cli {

int needs(const std::string& rules_path, const std::vector<std::string>& programmes, const std::string& language) {
  auto rules = load_rules(rules_path);
  if (!rules) return 1;
  if (!language_available(*rules, rules_path, language)) return 2;
  std::vector<std::size_t> chosen;
  for (const std::string& id : programmes) {
    const int index = rules->programme_index(id);
    if (index < 0) {
      std::cerr << fmt::format("{}: no programme '{}'\n", rules_path, id);
      return 2;
    }
    chosen.push_back(static_cast<std::size_t>(index));
  }
  if (programmes.empty())
    for (std::size_t p = 0; p < rules->programmes().size(); ++p) chosen.push_back(p);
  std::string out;
  for (const std::size_t p : chosen) {
    const ProgrammeInfo& programme = rules->programmes()[p];
    const auto fields = fields_read(*rules, p);
    out += fmt::format("{} — {} ({} fields)\n", programme.id, programme.display_name(language), fields.size());
    for (const FieldInfo* field : fields) {
      const std::string name = field->level == Level::member ? "members[].{}" : "{}";
      const std::string source =
          field->source_agency.empty() ? std::string("source unknown") : fmt::format("{}: {}", field->source_agency, field->source_data);
      out += fmt::format("  {:<44} {}\n", fmt::format(fmt::runtime(name), field->name), source);
    }
  }
  std::cout << out;
  return 0;
}

}  // namespace ssis::cli
