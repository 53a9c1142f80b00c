#include "load/reform_reader.hpp"

#include "load/file_reader.hpp"
#include "load/rule_sections.hpp"
#include "load/yaml_file.hpp"

namespace ssis::detail {
namespace {

void read_header(const FileReader& r, const YAML::Node& node, ReformDecl& out) {
  if (!r.is_map(node, "reform")) return;
  r.check_keys(node, "reform", {"id", "description", "source"}, {"id"});
  out.id = r.required_scalar(node, "id", "reform");
  out.description = r.plain(node, "description", "reform");
  out.source = r.plain(node, "source", "reform");
}

void read_parameter_changes(const FileReader& r, const YAML::Node& node, ReformDecl& out) {
  if (!r.is_map(node, "parameters")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    ParameterChangeDecl change;
    change.name = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a parameter change")) continue;
    r.check_keys(body, "parameter change", {"values"}, {"values"});
    change.values = read_dated_values(r, body["values"]);
    out.parameters.push_back(std::move(change));
  }
}

void read_programme_changes(const FileReader& r, const YAML::Node& node, ReformDecl& out) {
  if (!r.is_map(node, "programmes")) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    ProgrammeChangeDecl change;
    change.id = {it->first.Scalar(), r.pos(it->first)};
    const YAML::Node body = it->second;
    if (!r.is_map(body, "a programme change")) continue;
    r.check_keys(body, "programme change", {"criteria", "amount"});
    if (const YAML::Node criteria = body["criteria"]; criteria && r.is_map(criteria, "criteria")) {
      for (auto c = criteria.begin(); c != criteria.end(); ++c)
        change.criteria.push_back({Text{c->first.Scalar(), r.pos(c->first)}, r.expression(c->second, "condition")});
    }
    if (const YAML::Node amount = body["amount"]) change.amount = read_amount(r, amount);
    out.programmes.push_back(std::move(change));
  }
}

void read_additions(const FileReader& r, const YAML::Node& node, const std::string& path, ReformDecl& out) {
  if (!r.is_map(node, "add")) return;
  r.check_keys(node, "add", {"programmes", "relations"});
  if (const YAML::Node programmes = node["programmes"]; programmes && r.is_list(programmes, "add.programmes"))
    for (const auto& programme : programmes) read_programme(r, programme, path, out.added);
  if (const YAML::Node relations = node["relations"]; relations && r.is_list(relations, "add.relations"))
    for (const auto& relation : relations) read_relation(r, relation, out.added);
}

void read_removals(const FileReader& r, const YAML::Node& node, ReformDecl& out) {
  if (!r.is_map(node, "remove")) return;
  r.check_keys(node, "remove", {"programmes", "relations"});
  out.removed_programmes = r.text_list(node["programmes"], "remove.programmes");
  out.removed_relations = r.text_list(node["relations"], "remove.relations");
}

}  // namespace

std::optional<ReformDecl> read_reform_file(const std::filesystem::path& path, const LoadLimits& limits, SourceFiles& files,
                                           DiagnosticSink& sink) {
  std::vector<int> readable;
  if (!read_rule_files({path}, limits, files, sink, readable)) return std::nullopt;
  const int file = readable.front();
  const std::optional<YAML::Node> root = parse_yaml_file(file, limits.max_nodes_per_file, files, sink);
  if (!root) return std::nullopt;
  const FileReader r(file, files, sink);
  ReformDecl out;
  out.id = {std::string(), files.at(file, 0, 0)};
  try {
    if (!r.is_map(*root, "a reform file")) return std::nullopt;
    r.check_keys(*root, "a reform file", {"reform", "parameters", "programmes", "add", "remove"}, {"reform"});
    if (const YAML::Node header = (*root)["reform"]) read_header(r, header, out);
    if (const YAML::Node parameters = (*root)["parameters"]) read_parameter_changes(r, parameters, out);
    if (const YAML::Node programmes = (*root)["programmes"]) read_programme_changes(r, programmes, out);
    if (const YAML::Node added = (*root)["add"]) read_additions(r, added, files.path(file), out);
    if (const YAML::Node removed = (*root)["remove"]) read_removals(r, removed, out);
  } catch (const YAML::Exception& e) {
    sink.error(DiagnosticCode::wrong_node_kind, files.at(file, e.mark.line, e.mark.column), e.msg);
  }
  return out;
}

}  // namespace ssis::detail
