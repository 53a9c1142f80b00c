#include "load/yaml_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <optional>

#include "load/declarations_cache.hpp"
#include "load/file_reader.hpp"
#include "load/rule_sections.hpp"
#include "load/text_encoding.hpp"
#include "load/yaml_file.hpp"
#include "support/parallel_for.hpp"

namespace ssis::detail {
namespace {

void read_ruleset(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "ruleset")) return;
  r.check_keys(node, "ruleset", {"id", "name", "currency", "description", "country", "labels", "version", "stale_parameters",
                                    "stale_facts"},
               {"id"});
  RuleSetHeader header;
  header.id = r.required_scalar(node, "id", "ruleset");
  header.name = r.names(node["name"], "ruleset name");
  header.currency = r.plain(node, "currency", "ruleset");
  header.description = r.plain(node, "description", "ruleset");
  if (const YAML::Node labels = node["labels"]; labels && r.is_map(labels, "ruleset labels")) {
    for (auto language = labels.begin(); language != labels.end(); ++language) {
      if (!r.is_map(language->second, "the labels of a language")) continue;
      for (auto label = language->second.begin(); label != language->second.end(); ++label)
        if (auto text = r.scalar(label->second, "a label"))
          header.labels.push_back({{language->first.Scalar(), r.pos(language->first)}, {label->first.Scalar(), r.pos(label->first)}, text->value});
    }
  }
  header.version = r.plain(node, "version", "ruleset");
  header.stale_parameters = r.scalar(node["stale_parameters"], "stale_parameters");
  header.stale_facts = r.scalar(node["stale_facts"], "stale_facts");
  out.headers.push_back(std::move(header));
}

void read_enums(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "enums")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    EnumDecl decl;
    decl.name = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "an enum")) continue;
    r.check_keys(body, "enum", {"description", "values"}, {"values"});
    decl.description = r.plain(body, "description", "enum");
    decl.values = r.text_list(body["values"], "enum values");
    out.enums.push_back(std::move(decl));
  }
}

void read_fields(const FileReader& r, const YAML::Node& node, bool member, Declarations& out) {
  if (!r.is_map(node, member ? "schema.member" : "schema.household")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    FieldDecl decl;
    decl.name = {it->first.Scalar(), r.pos(it->first)};
    decl.member = member;
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a field")) continue;
    r.check_keys(body, "field", {"type", "description", "required", "min", "max", "default", "not_after", "max_age", "unit", "question",
                                     "source"},
                  {"type"});
    decl.type = r.required_scalar(body, "type", "field");
    decl.description = r.plain(body, "description", "field");
    decl.question = r.names(body["question"], "question");
    if (const YAML::Node source = body["source"]; source && r.is_map(source, "source")) {
      r.check_keys(source, "source", {"agency", "data"}, {"agency", "data"});
      decl.source_agency = r.plain(source, "agency", "source");
      decl.source_data = r.plain(source, "data", "source");
    }
    if (auto required = r.scalar(body["required"], "required")) {
      if (required->value == "true") decl.required = true;
      else if (required->value != "false")
        r.error(DiagnosticCode::invalid_value, body["required"], "required must be true or false");
    }
    decl.min = r.scalar(body["min"], "min");
    decl.max = r.scalar(body["max"], "max");
    decl.default_value = r.scalar(body["default"], "default");
    decl.not_after = r.scalar(body["not_after"], "not_after");
    decl.max_age = r.scalar(body["max_age"], "max_age");
    out.fields.push_back(std::move(decl));
  }
}

void read_schema(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "schema")) return;
  r.check_keys(node, "schema", {"household", "member"});
  if (node["household"]) read_fields(r, node["household"], false, out);
  if (node["member"]) read_fields(r, node["member"], true, out);
}

void read_parameters(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "parameters")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    ParameterDecl decl;
    decl.name = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a parameter")) continue;
    r.check_keys(body, "parameter",
                 {"description", "type", "source", "confidence", "keys", "values", "until", "valid_until", "notes", "unit"},
                 {"type", "values"});
    decl.description = r.plain(body, "description", "parameter");
    decl.type = r.required_scalar(body, "type", "parameter");
    decl.source = r.plain(body, "source", "parameter");
    decl.confidence = r.plain(body, "confidence", "parameter");
    decl.until = r.scalar(body["until"], "until");
    decl.valid_until = r.scalar(body["valid_until"], "valid_until");
    if (const YAML::Node keys = body["keys"]; keys && r.is_list(keys, "keys")) {
      for (const auto& key : keys) {
        if (!r.is_map(key, "a key")) continue;
        r.check_keys(key, "parameter key", {"name", "type", "match"}, {"name", "type"});
        ParameterKeyDecl k;
        k.name = r.required_scalar(key, "name", "key");
        k.type = r.required_scalar(key, "type", "key");
        if (auto match = r.scalar(key["match"], "match")) {
          if (match->value == "bracket") k.bracket = true;
          else if (match->value != "exact")
            r.error(DiagnosticCode::invalid_value, key["match"], "match must be exact or bracket");
        }
        decl.keys.push_back(std::move(k));
      }
    }
    if (const YAML::Node values = body["values"]) decl.values = read_dated_values(r, values);
    out.parameters.push_back(std::move(decl));
  }
}

void read_variables(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "variables")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    VariableDecl decl;
    decl.name = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a variable")) continue;
    r.check_keys(body, "variable", {"description", "level", "type", "formula", "source", "notes", "unit"}, {"formula"});
    decl.description = r.plain(body, "description", "variable");
    decl.source = r.plain(body, "source", "variable");
    if (auto level = r.scalar(body["level"], "level")) {
      if (level->value == "member") decl.member = true;
      else if (level->value != "household")
        r.error(DiagnosticCode::invalid_value, body["level"], "level must be household or member");
    }
    decl.type = r.scalar(body["type"], "type");
    decl.formula = r.expression(body["formula"], "formula");
    out.variables.push_back(std::move(decl));
  }
}

void read_relations(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_list(node, "relations")) return;
  for (const auto& item : node) read_relation(r, item, out);
}

void read_tests(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_list(node, "tests")) return;
  for (const auto& item : node) {
    if (!r.is_map(item, "a test")) continue;
    r.check_keys(item, "test", {"name", "date", "household", "expect", "variables", "description"},
                 {"name", "date", "household"});
    TestDecl test;
    test.name = r.required_scalar(item, "name", "test");
    test.date = r.required_scalar(item, "date", "test");
    if (const YAML::Node household = item["household"]; household && r.is_map(household, "household")) {
      test.household_pos = r.pos(household);
      for (auto it = household.begin(); it != household.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (key == "members") {
          const YAML::Node members = it->second;  // a copy: `it->` yields a temporary
          if (!r.is_list(members, "members")) continue;
          for (const auto& member : members) test.household.members.push_back(r.record(member, "a member"));
        } else if (key == "id") {
          test.household.id = it->second.Scalar();
        } else {
          test.household.set(key, r.input_value(it->second));
        }
      }
    }
    if (const YAML::Node expect = item["expect"]; expect && r.is_map(expect, "expect")) {
      for (auto it = expect.begin(); it != expect.end(); ++it) {
        ExpectedOutcomeDecl e;
        e.programme = {it->first.Scalar(), r.pos(it->first)};
        const YAML::Node body = it->second;
        if (body.IsScalar()) {
          e.status = Text{body.Scalar(), r.pos(body)};
        } else if (r.is_map(body, "an expected outcome")) {
          r.check_keys(body, "expected outcome", {"status", "amount", "missing", "units"});
          e.status = r.scalar(body["status"], "status");
          e.amount = r.scalar(body["amount"], "amount");
          if (body["missing"]) e.missing = r.text_list(body["missing"], "missing");
          if (const YAML::Node units = body["units"]; units && r.is_map(units, "units")) {
            for (auto u = units.begin(); u != units.end(); ++u) {
              ExpectedUnitDecl unit;
              unit.member = {u->first.Scalar(), r.pos(u->first)};
              const YAML::Node expected = u->second;
              if (expected.IsScalar()) {
                unit.status = Text{expected.Scalar(), r.pos(expected)};
              } else if (r.is_map(expected, "an expected unit")) {
                r.check_keys(expected, "expected unit", {"status", "amount", "missing"});
                unit.status = r.scalar(expected["status"], "status");
                unit.amount = r.scalar(expected["amount"], "amount");
                if (expected["missing"]) unit.missing = r.text_list(expected["missing"], "missing");
              }
              e.units.push_back(std::move(unit));
            }
          }
        }
        test.expect.push_back(std::move(e));
      }
    }
    if (const YAML::Node variables = item["variables"]; variables && r.is_map(variables, "variables")) {
      for (auto it = variables.begin(); it != variables.end(); ++it) {
        if (auto value = r.scalar(it->second, "expected value"))
          test.variables.push_back({Text{it->first.Scalar(), r.pos(it->first)}, *value});
      }
    }
    out.tests.push_back(std::move(test));
  }
}

void read_units(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "units")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    UnitKindDecl decl;
    decl.name = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a unit")) continue;
    r.check_keys(body, "unit", {"description", "key", "source", "notes"}, {"key"});
    decl.description = r.plain(body, "description", "unit");
    decl.key = r.expression(body["key"], "key");
    out.unit_kinds.push_back(std::move(decl));
  }
}

void read_file(const FileReader& r, const YAML::Node& root, const std::string& path, Declarations& out) {
  if (root.IsNull()) return;
  if (!r.is_map(root, "a rule file")) return;
  r.check_keys(root, "a rule file",
               {"ruleset", "enums", "schema", "parameters", "variables", "units", "programme", "relations", "tests"});
  if (root["ruleset"]) read_ruleset(r, root["ruleset"], out);
  if (root["enums"]) read_enums(r, root["enums"], out);
  if (root["schema"]) read_schema(r, root["schema"], out);
  if (root["parameters"]) read_parameters(r, root["parameters"], out);
  if (root["variables"]) read_variables(r, root["variables"], out);
  if (root["units"]) read_units(r, root["units"], out);
  if (root["programme"]) read_programme(r, root["programme"], path, out);
  if (root["relations"]) read_relations(r, root["relations"], out);
  if (root["tests"]) read_tests(r, root["tests"], out);
}


std::vector<std::filesystem::path> rule_files(const std::filesystem::path& root, std::error_code& ec) {
  std::vector<std::filesystem::path> paths;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto& path = it->path();
    // Hidden entries, and the rule set's own `sources/` (the reference data its rules cite), are not rules.
    const bool reference_data = it.depth() == 0 && it->is_directory() && path.filename() == "sources";
    if (path.filename().string().starts_with('.') || reference_data) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const auto extension = path.extension();
    if (it->is_regular_file() && (extension == ".yaml" || extension == ".yml")) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// The file's bytes; fewer or more than `size` when it changes while it is read.
std::string read_whole_file(const std::filesystem::path& path, std::uintmax_t size) {
  std::ifstream stream(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  stream.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(stream.gcount()));
  if (stream) text.append(std::istreambuf_iterator<char>(stream), {});
  return text;
}

}  // namespace

bool read_rule_files(const std::vector<std::filesystem::path>& paths, const LoadLimits& limits, SourceFiles& files,
                     DiagnosticSink& sink, std::vector<int>& readable) {
  bool complete = true;
  for (const auto& path : paths) {
    const std::string display = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > limits.max_file_bytes) {
      const int file = files.add(display, "");
      sink.error(DiagnosticCode::file_unreadable, {file, 0},
                 ec ? fmt::format("cannot read: {}", ec.message())
                    : fmt::format("{} bytes exceed the limit of {} bytes per rule file", size, limits.max_file_bytes));
      complete = false;
      continue;
    }
    readable.push_back(files.add(display, read_whole_file(path, size)));
  }
  return complete;
}

namespace {

// One parsed rule file: its declarations, whether it could be read at all (else checking
// the rest would only report the consequences of the missing file), and the problems found.
struct FileDeclarations {
  explicit FileDeclarations(const SourceFiles& files) : diagnostics(files) {}
  Declarations declarations;
  bool read = false;
  bool clean = false;  // read without a problem
  DiagnosticSink diagnostics;
};

// Parses a rule file and reads its declarations.
void parse_rule_file(int file, const LoadLimits& limits, const SourceFiles& files, FileDeclarations& out) {
  DiagnosticSink& sink = out.diagnostics;
  const std::optional<YAML::Node> root = parse_yaml_file(file, limits.max_nodes_per_file, files, sink);
  if (!root) return;
  out.read = true;
  const FileReader reader(file, files, sink);
  try {
    read_file(reader, *root, files.path(file), out.declarations);
  } catch (const YAML::Exception& e) {
    sink.error(DiagnosticCode::wrong_node_kind, files.at(file, e.mark.line, e.mark.column), e.msg);
  }
}

// Parses and reads the files on every core (YAML parsing is most of the loading time); their
// problems go to `sink` in path order, so diagnostics come out in a stable order.
std::vector<FileDeclarations> parse_rule_files(const std::vector<int>& ids, const LoadLimits& limits,
                                               const SourceFiles& files, DiagnosticSink& sink) {
  std::vector<FileDeclarations> out(ids.size(), FileDeclarations(files));
  parallel_for(ids.size(), 8, [&](std::size_t i) { parse_rule_file(ids[i], limits, files, out[i]); });
  for (auto& file : out) {
    file.clean = file.read && file.diagnostics.size() == 0;
    sink.take_from(file.diagnostics);
  }
  return out;
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void append(Declarations& to, Declarations&& from) {
  append(to.headers, from.headers);
  append(to.enums, from.enums);
  append(to.fields, from.fields);
  append(to.parameters, from.parameters);
  append(to.variables, from.variables);
  append(to.unit_kinds, from.unit_kinds);
  append(to.programmes, from.programmes);
  append(to.relations, from.relations);
  append(to.tests, from.tests);
}

}  // namespace

LoadedDirectory load_rule_directory(const std::filesystem::path& root, const LoadLimits& limits,
                                    const CacheSettings& settings, SourceFiles& files, DiagnosticSink& sink,
                                    Declarations& out) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    const int file = files.add(root.string(), "");
    sink.error(DiagnosticCode::file_unreadable, {file, 0}, "not a rule-set directory");
    return {};
  }
  const auto paths = rule_files(root, ec);
  if (ec) {
    const int file = files.add(root.string(), "");
    sink.error(DiagnosticCode::file_unreadable, {file, 0}, fmt::format("cannot list the directory: {}", ec.message()));
    return {};
  }
  if (paths.size() > limits.max_files) {
    const int file = files.add(root.string(), "");
    sink.error(DiagnosticCode::file_unreadable, {file, 0},
               fmt::format("{} rule files exceed the limit of {}", paths.size(), limits.max_files));
    return {};
  }
  std::vector<int> readable;  // file ids, in path order
  const bool all_read = read_rule_files(paths, limits, files, sink, readable);
  // Only a rule set read without a problem uses the cache, so that an entry never stands for
  // a diagnostic; small rule sets parse in a few milliseconds and leave nothing there.
  std::uintmax_t bytes = 0;
  for (const int file : readable) bytes += files.text(file).size();
  std::optional<DeclarationsCache> cache;
  if (all_read && !sink.has_errors() && !settings.directory.empty() && bytes >= settings.min_bytes)
    cache.emplace(settings, root,
                  fmt::format("{} {} {}", limits.max_file_bytes, limits.max_files, limits.max_nodes_per_file));
  if (cache && !cache->enabled()) cache.reset();

  std::vector<std::optional<Declarations>> declared(readable.size());
  if (cache) declared = cache->find(files, readable);
  std::vector<int> unparsed;  // file ids
  std::vector<std::size_t> unparsed_at;
  for (std::size_t i = 0; i < readable.size(); ++i) {
    if (declared[i]) continue;
    unparsed.push_back(readable[i]);
    unparsed_at.push_back(i);
  }
  std::vector<FileDeclarations> parsed = parse_rule_files(unparsed, limits, files, sink);
  bool all_parsed = true;
  for (std::size_t u = 0; u < unparsed.size(); ++u) {
    all_parsed = all_parsed && parsed[u].read;
    if (cache && parsed[u].clean) cache->keep(files, unparsed[u], parsed[u].declarations);
    declared[unparsed_at[u]] = std::move(parsed[u].declarations);
  }
  for (auto& file : declared) append(out, std::move(*file));
  if (cache) cache->write();
  return {.complete = all_read && all_parsed, .files_parsed = unparsed.size()};
}

}  // namespace ssis::detail
