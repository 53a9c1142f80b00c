#pragma once
// Reads the nodes of one YAML rule file into declarations, with each value's source
// position; errors go to the sink with the node's position. Only src/load includes yaml-cpp.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/declarations.hpp"
#include "load/scalar_guess.hpp"
#include "support/diagnostic_sink.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

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
  // Maps each byte of a scalar's value to its byte in the file.
  void map_offsets(std::uint32_t start, ExpressionText& out) const;

  int file_;
  const SourceFiles& files_;
  DiagnosticSink& sink_;
};

}  // namespace ssis::detail
