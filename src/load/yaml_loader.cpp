#include "load/yaml_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <optional>

#include "load/declarations_cache.hpp"
#include "load/scalar_guess.hpp"
#include "load/text_encoding.hpp"
#include "load/yaml_documents.hpp"
#include "load/yaml_tree_check.hpp"
#include "support/parallel_for.hpp"

namespace ssis::detail {
namespace {

using Keys = std::initializer_list<std::string_view>;

class FileReader {
 public:
  FileReader(int file, const SourceFiles& files, DiagnosticSink& sink) : file_(file), files_(files), sink_(sink) {}

  SourcePos pos(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    return files_.at(file_, mark.line, mark.column);
  }

  void error(DiagnosticCode code, const YAML::Node& node, std::string message) const {
    sink_.error(code, pos(node), std::move(message));
  }

  bool is_map(const YAML::Node& node, std::string_view what) const {
    if (node.IsMap()) return true;
    error(DiagnosticCode::wrong_node_kind, node, fmt::format("{} must be a mapping", what));
    return false;
  }

  bool is_list(const YAML::Node& node, std::string_view what) const {
    if (node.IsSequence()) return true;
    error(DiagnosticCode::wrong_node_kind, node, fmt::format("{} must be a list", what));
    return false;
  }

  /// Reports keys outside `allowed` and absent `required` keys.
  void check_keys(const YAML::Node& map, std::string_view what, Keys allowed, Keys required = {}) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
        sink_.error(DiagnosticCode::unknown_key, pos(it->first),
                    fmt::format("unknown key '{}' in {} (expected one of: {})", key, what, list),
                    static_cast<int>(key.size()));
      }
    }
    for (auto r : required) {
      if (!map[std::string(r)])
        error(DiagnosticCode::missing_key, map, fmt::format("{} needs the key '{}'", what, r));
    }
  }

  std::optional<Text> scalar(const YAML::Node& node, std::string_view what) const {
    if (!node) return std::nullopt;
    if (!node.IsScalar()) {
      error(DiagnosticCode::wrong_node_kind, node, fmt::format("{} must be a single value", what));
      return std::nullopt;
    }
    return Text{node.Scalar(), pos(node)};
  }

  Text required_scalar(const YAML::Node& map, const char* key, std::string_view what) const {
    auto text = scalar(map[key], fmt::format("{} '{}'", what, key));
    return text ? *text : Text{std::string(), pos(map)};
  }

  std::string plain(const YAML::Node& map, const char* key, std::string_view what) const {
    auto text = scalar(map[key], fmt::format("{} '{}'", what, key));
    if (!text) return std::string();
    // Folded and literal block scalars end with a line break that carries no meaning.
    std::string value = std::move(text->value);
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    return value;
  }

  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what) const {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) return {node.Scalar()};
    if (!is_list(node, what)) return out;
    for (const auto& item : node)
      if (auto text = scalar(item, what)) out.push_back(text->value);
    return out;
  }

  std::vector<Text> text_list(const YAML::Node& node, std::string_view what) const {
    std::vector<Text> out;
    if (!node) return out;
    if (node.IsScalar()) return {Text{node.Scalar(), pos(node)}};
    if (!is_list(node, what)) return out;
    for (const auto& item : node)
      if (auto text = scalar(item, what)) out.push_back(*text);
    return out;
  }

  LocalizedNames names(const YAML::Node& node, std::string_view what) const {
    LocalizedNames out;
    if (!node) return out;
    if (node.IsScalar()) {
      out["default"] = node.Scalar();
      return out;
    }
    if (!is_map(node, what)) return out;
    for (auto it = node.begin(); it != node.end(); ++it)
      if (auto text = scalar(it->second, what)) out[it->first.Scalar()] = text->value;
    return out;
  }

  ExpressionText expression(const YAML::Node& node, std::string_view what) const {
    ExpressionText out;
    out.file = file_;
    auto text = scalar(node, what);
    if (!text) return out;
    out.text = text->value;
    map_offsets(text->pos.offset, out);
    return out;
  }

  TableNode table(const YAML::Node& node) const {
    TableNode out;
    out.pos = pos(node);
    if (node.IsMap()) {
      out.is_map = true;
      for (auto it = node.begin(); it != node.end(); ++it)
        out.entries.push_back({Text{it->first.Scalar(), pos(it->first)}, table(it->second)});
    } else if (node.IsNull()) {
      out.is_null = true;
    } else if (node.IsScalar()) {
      out.scalar = node.Scalar();
    } else {
      error(DiagnosticCode::wrong_node_kind, node, "a parameter value must be a single value or a mapping of keys to values");
    }
    return out;
  }

  InputValue input_value(const YAML::Node& node) const {
    if (node.IsNull()) return std::monostate{};
    if (!node.IsScalar()) {
      error(DiagnosticCode::invalid_test, node, "a household field must be a single value");
      return std::monostate{};
    }
    if (node.Tag() == "!") return node.Scalar();  // quoted: always a string
    return guess_scalar(node.Scalar());
  }

  InputRecord record(const YAML::Node& node, std::string_view what) const {
    InputRecord out;
    if (!is_map(node, what)) return out;
    for (auto it = node.begin(); it != node.end(); ++it) out.set(it->first.Scalar(), input_value(it->second));
    return out;
  }

  int file() const { return file_; }

 private:
  // Maps each byte of a scalar's value to its byte in the file. Plain, quoted and block
  // scalars fold line breaks and indentation; matching the value's visible characters
  // against the source keeps positions exact for everything an author can point at.
  void map_offsets(std::uint32_t start, ExpressionText& out) const {
    const std::string& source = files_.text(file_);
    std::uint32_t p = start;
    if (p < source.size() && (source[p] == '"' || source[p] == '\'')) {
      ++p;
    } else if (p < source.size() && (source[p] == '|' || source[p] == '>')) {
      while (p < source.size() && source[p] != '\n') ++p;
      while (p < source.size() && (source[p] == '\n' || source[p] == ' ')) ++p;
    }
    out.offsets.reserve(out.text.size() + 1);
    for (const char c : out.text) {
      if (c == ' ' || c == '\n' || c == '\t') {
        const std::uint32_t here = p;
        if (p < source.size() && source[p] == c) {
          ++p;
        } else {
          while (p < source.size() && (source[p] == ' ' || source[p] == '\n' || source[p] == '\r')) ++p;
        }
        out.offsets.push_back(here);
        continue;
      }
      std::uint32_t q = p;
      while (q < source.size() && source[q] != c &&
             (source[q] == ' ' || source[q] == '\n' || source[q] == '\r' || source[q] == '\\'))
        ++q;
      if (q < source.size() && source[q] == c) p = q;
      out.offsets.push_back(p);
      if (p < source.size()) ++p;
    }
    out.offsets.push_back(p);
  }

  int file_;
  const SourceFiles& files_;
  DiagnosticSink& sink_;
};

void read_ruleset(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_map(node, "ruleset")) return;
  r.check_keys(node, "ruleset", {"id", "name", "currency", "description", "country"}, {"id"});
  RuleSetHeader header;
  header.id = r.required_scalar(node, "id", "ruleset");
  header.name = r.names(node["name"], "ruleset name");
  header.currency = r.plain(node, "currency", "ruleset");
  header.description = r.plain(node, "description", "ruleset");
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
    r.check_keys(body, "field", {"type", "description", "required", "min", "max", "default", "not_after", "unit", "question", "source"},
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
                 {"description", "type", "source", "confidence", "keys", "values", "until", "notes", "unit"},
                 {"type", "values"});
    decl.description = r.plain(body, "description", "parameter");
    decl.type = r.required_scalar(body, "type", "parameter");
    decl.source = r.plain(body, "source", "parameter");
    decl.confidence = r.plain(body, "confidence", "parameter");
    decl.until = r.scalar(body["until"], "until");
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
    if (const YAML::Node values = body["values"]; values && r.is_map(values, "values")) {
      for (auto v = values.begin(); v != values.end(); ++v)
        decl.values.push_back({Text{v->first.Scalar(), r.pos(v->first)}, r.table(v->second)});
    }
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

void read_programme(const FileReader& r, const YAML::Node& node, const std::string& path, Declarations& out) {
  if (!r.is_map(node, "programme")) return;
  r.check_keys(node, "programme",
               {"id", "name", "ministry", "department", "legal_basis", "source", "support_cycle", "provision",
                "active", "unit", "criteria", "amount", "not_encoded", "notes", "description"},
               {"id", "name", "criteria"});
  ProgrammeDecl decl;
  decl.file = path;
  decl.id = r.required_scalar(node, "id", "programme");
  decl.name = r.names(node["name"], "programme name");
  decl.ministry = r.names(node["ministry"], "ministry");
  decl.department = r.plain(node, "department", "programme");
  decl.legal_basis = r.plain(node, "legal_basis", "programme");
  decl.support_cycle = r.plain(node, "support_cycle", "programme");
  decl.provision = r.string_list(node["provision"], "provision");
  decl.not_encoded = r.string_list(node["not_encoded"], "not_encoded");
  decl.notes = r.string_list(node["notes"], "notes");
  if (const YAML::Node source = node["source"]; source && r.is_map(source, "source")) {
    r.check_keys(source, "source", {"catalogue", "catalogue_date", "url", "law"});
    decl.catalogue_id = r.plain(source, "catalogue", "source");
    decl.catalogue_date = r.plain(source, "catalogue_date", "source");
    decl.url = r.plain(source, "url", "source");
    if (decl.legal_basis.empty()) decl.legal_basis = r.plain(source, "law", "source");
  }
  if (const YAML::Node active = node["active"]; active && r.is_map(active, "active")) {
    r.check_keys(active, "active", {"from", "to"});
    decl.active_from = r.scalar(active["from"], "active.from");
    if (active["to"] && !active["to"].IsNull()) decl.active_to = r.scalar(active["to"], "active.to");
  }
  if (const YAML::Node unit = node["unit"]; unit && r.is_map(unit, "unit")) {
    r.check_keys(unit, "unit", {"each", "where", "description"}, {"each"});
    UnitDecl u;
    u.each = r.required_scalar(unit, "each", "unit");
    if (unit["where"]) u.where = r.expression(unit["where"], "unit 'where'");
    decl.unit = std::move(u);
  }
  if (const YAML::Node criteria = node["criteria"]; criteria && r.is_list(criteria, "criteria")) {
    for (const auto& c : criteria) {
      if (!r.is_map(c, "a criterion")) continue;
      r.check_keys(c, "criterion", {"id", "description", "condition", "decided_by", "members", "notes"}, {"id", "condition"});
      CriterionDecl criterion;
      criterion.id = r.required_scalar(c, "id", "criterion");
      criterion.description = r.plain(c, "description", "criterion");
      criterion.condition = r.expression(c["condition"], "condition");
      if (auto decided = r.scalar(c["decided_by"], "decided_by")) criterion.decided_by = *decided;
      else criterion.decided_by = {"data", r.pos(c)};
      criterion.members = r.scalar(c["members"], "members");
      decl.criteria.push_back(std::move(criterion));
    }
  }
  if (const YAML::Node amount = node["amount"]; amount && r.is_map(amount, "amount")) {
    r.check_keys(amount, "amount", {"formula", "rounding", "period", "description"}, {"formula"});
    AmountDecl a;
    a.formula = r.expression(amount["formula"], "amount formula");
    a.period = r.scalar(amount["period"], "amount 'period'");
    if (const YAML::Node rounding = amount["rounding"]; rounding && r.is_map(rounding, "rounding")) {
      r.check_keys(rounding, "rounding", {"unit", "mode"}, {"unit", "mode"});
      a.rounding_unit = r.scalar(rounding["unit"], "rounding unit");
      a.rounding_mode = r.scalar(rounding["mode"], "rounding mode");
    }
    decl.amount = std::move(a);
  }
  out.programmes.push_back(std::move(decl));
}

void read_relations(const FileReader& r, const YAML::Node& node, Declarations& out) {
  if (!r.is_list(node, "relations")) return;
  for (const auto& item : node) {
    if (!r.is_map(item, "a relation")) continue;
    r.check_keys(item, "relation", {"id", "kind", "programmes", "keep", "programme", "requires", "per", "description", "source"},
                 {"id", "kind"});
    RelationDecl decl;
    decl.id = r.required_scalar(item, "id", "relation");
    decl.kind = r.required_scalar(item, "kind", "relation");
    decl.programmes = r.text_list(item["programmes"], "programmes");
    if (auto keep = r.scalar(item["keep"], "keep")) decl.keep = *keep;
    else decl.keep = {"first_listed", r.pos(item)};
    decl.programme = r.scalar(item["programme"], "programme");
    decl.requires_programmes = r.text_list(item["requires"], "requires");
    decl.description = r.plain(item, "description", "relation");
    decl.source = r.plain(item, "source", "relation");
    decl.per = r.scalar(item["per"], "per");
    out.relations.push_back(std::move(decl));
  }
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


constexpr std::size_t yaml_depth_limit = 500;  // yaml-cpp's own: it stops parsing at this depth

struct FlowNesting {
  std::uint32_t offset = 0;  // the first bracket at the greatest depth
  std::size_t depth = 0;
};

// The deepest flow bracket of a file ([ and {, outside quotes and comments). yaml-cpp reports
// its nesting limit at an unhelpful place (the start or the end of the flow) when flow
// collections exceed it.
FlowNesting deepest_flow_bracket(std::string_view text) {
  FlowNesting deepest;
  std::size_t depth = 0;
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (c == '"' && text[i] == '\\') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest.depth) deepest = {i, depth};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Where a file nests too deeply: in its flow brackets when they make up most of the depth,
// else where yaml-cpp stopped (it reports block nesting at the right line).
SourcePos too_deep_at(const SourceFiles& files, int file, const YAML::Mark& mark) {
  const FlowNesting flow = deepest_flow_bracket(files.text(file));
  if (flow.depth > yaml_depth_limit / 2) return {file, flow.offset};
  return files.at(file, mark.line, mark.column);
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

// Reads the listed files into `files` (their ids into `readable`, in path order); a file
// beyond the size limit or unreadable is reported. Returns false when one was.
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
  if (const auto encoding = find_encoding_problem(files.text(file))) {
    sink.error(DiagnosticCode::yaml_syntax, {file, encoding->offset}, encoding->message);
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(files.text(file));
    if (const auto after = content_after_first_document(files.text(file), root)) {
      const SourcePos at = files.at(file, after->line, after->column);
      const std::string_view text = files.text(file);
      const bool marker = at.offset < text.size() && text.substr(at.offset).starts_with("---");
      sink.error(DiagnosticCode::yaml_syntax, at,
                 marker ? "a second YAML document starts here; a rule file holds one document (split it into two files)"
                        : "the YAML document ended before this; what follows cannot be read");
      return;
    }
  } catch (const YAML::DeepRecursion& e) {
    sink.error(DiagnosticCode::yaml_syntax, too_deep_at(files, file, e.mark),
               fmt::format("the YAML nests {} levels deep or more (the limit is {}); the file is not read",
                           yaml_depth_limit, yaml_depth_limit - 1));
    return;
  } catch (const YAML::Exception& e) {
    sink.error(DiagnosticCode::yaml_syntax, files.at(file, e.mark.line, e.mark.column), e.msg);
    return;
  }
  if (!check_yaml_tree(root, {limits.max_nodes_per_file, yaml_depth_limit - 1}, file, files, sink)) return;
  out.read = true;
  const FileReader reader(file, files, sink);
  try {
    read_file(reader, root, files.path(file), out.declarations);
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
