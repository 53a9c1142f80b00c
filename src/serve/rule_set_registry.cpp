#include "serve/rule_set_registry.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include "cli/languages.hpp"

namespace ssis::serve {

RuleSetSource parse_rule_set_source(const std::string& text) {
  RuleSetSource source;
  if (const std::size_t equals = text.find('='); equals != std::string::npos) {
    source.name = text.substr(0, equals);
    source.directory = text.substr(equals + 1);
  } else {
    source.directory = text;
    std::filesystem::path path(text);
    if (!path.has_filename()) path = path.parent_path();  // "rules/kr/"
    source.name = path.filename().string();
  }
  if (source.name.empty() || source.directory.empty())
    throw std::invalid_argument(fmt::format("'{}': expected DIR or NAME=DIR", text));
  return source;
}

RuleSetRegistry::RuleSetRegistry(std::vector<RuleSetSource> sources, LoadOptions options)
    : sources_(std::move(sources)), options_(std::move(options)) {
  std::set<std::string> names;
  for (const RuleSetSource& source : sources_)
    if (!names.insert(source.name).second)
      throw std::invalid_argument(fmt::format("two rule sets are named '{}' (name one NAME=DIR)", source.name));
}

ReloadResult RuleSetRegistry::reload() {
  std::lock_guard reloading(reloading_);
  const std::uint64_t generation = generation_ + 1;
  std::vector<std::shared_ptr<const LoadedRuleSet>> loaded;
  ReloadResult result;
  for (const RuleSetSource& source : sources_) {
    LoadResult load = RuleSet::load(source.directory, options_);
    if (!load.rules) {
      result.problems += format(load.diagnostics);
      std::size_t errors = 0;
      for (const Diagnostic& d : load.diagnostics) errors += d.severity == Severity::error;
      result.problems += fmt::format("{}: {} error(s); the rule set was not loaded\n", source.directory, errors);
      continue;
    }
    std::set<std::string> languages = cli::name_languages(*load.rules);
    loaded.push_back(std::make_shared<const LoadedRuleSet>(
        LoadedRuleSet{source.name, std::move(*load.rules), generation, std::chrono::system_clock::now(), std::move(languages)}));
  }
  if (!result.problems.empty()) return result;
  std::lock_guard swapping(swapping_);
  current_ = std::move(loaded);
  generation_ = generation;
  result.ok = true;
  return result;
}

std::shared_ptr<const LoadedRuleSet> RuleSetRegistry::find(std::string_view name) const {
  std::lock_guard swapping(swapping_);
  for (const auto& loaded : current_)
    if (loaded->name == name) return loaded;
  return nullptr;
}

std::vector<std::shared_ptr<const LoadedRuleSet>> RuleSetRegistry::all() const {
  std::lock_guard swapping(swapping_);
  return current_;
}

}  // namespace ssis::serve
