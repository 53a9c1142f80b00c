#include "load/yaml_tree_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

namespace ssis::detail {
namespace {

class TreeChecker {
 public:
  TreeChecker(const YamlTreeLimits& limits, int file, const SourceFiles& files, DiagnosticSink& sink)
      : budget_(limits.max_nodes), limits_(limits), file_(file), files_(files), sink_(sink) {}

  bool run(const YAML::Node& root) {
    if (!enter(root)) return false;
    while (!path_.empty()) {
      Frame& frame = path_.back();
      if (frame.pending_value) {
        const YAML::Node value = *frame.pending_value;
        frame.pending_value.reset();
        if (!enter(value)) return false;
        continue;
      }
      if (frame.next == frame.end) {
        path_.pop_back();
        continue;
      }
      const auto entry = *frame.next++;
      // A sequence's items are nodes; a mapping's entries are a key, then its value.
      if (frame.node.IsSequence()) {
        if (!enter(entry)) return false;
      } else {
        frame.pending_value.emplace(entry.second);  // YAML::Node assignment would rewrite the node
        if (!enter(entry.first)) return false;
      }
    }
    return true;
  }

 private:
  struct Frame {
    YAML::Node node;
    YAML::const_iterator next;
    YAML::const_iterator end;
    std::optional<YAML::Node> pending_value;  // a mapping's value, entered once its key is done
  };

  SourcePos pos(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    return files_.at(file_, mark.line, mark.column);
  }

  bool enter(const YAML::Node& node) {
    if (budget_ == 0) {
      sink_.error(DiagnosticCode::file_unreadable, {file_, 0},
                  fmt::format("more than {} YAML nodes (counting alias expansions); the file is not read", limits_.max_nodes));
      return false;
    }
    --budget_;
    if (!node.IsMap() && !node.IsSequence()) return true;
    const SourcePos at = pos(node);
    if (std::any_of(path_.begin(), path_.end(), [&](const Frame& f) { return f.node.is(node); })) {
      sink_.error(DiagnosticCode::yaml_syntax, at, "this node contains an alias of itself; the file is not read");
      return false;
    }
    if (path_.size() == limits_.max_depth) {
      sink_.error(DiagnosticCode::yaml_syntax, at,
                  fmt::format("the YAML nests deeper than {} levels through aliases; the file is not read", limits_.max_depth));
      return false;
    }
    if (node.IsMap() && checked_maps_.insert(at.offset).second) report_duplicate_keys(node);
    path_.push_back({node, node.begin(), node.end(), std::nullopt});
    return true;
  }

  void report_duplicate_keys(const YAML::Node& map) {
    // The scalar keys in order, then sorted by text (stable: the first of equal keys first).
    keys_.clear();
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.IsScalar()) keys_.push_back({it->first.Scalar(), pos(it->first)});
    order_.resize(keys_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return keys_[a].text < keys_[b].text; });
    repeats_.clear();  // each repeated key with the first occurrence of its text
    for (std::size_t i = 1, first = 0; i < order_.size(); ++i) {
      if (keys_[order_[i]].text != keys_[order_[first]].text) first = i;
      else repeats_.emplace_back(order_[i], order_[first]);
    }
    std::sort(repeats_.begin(), repeats_.end());
    for (const auto& [repeat, first] : repeats_) {
      const std::string_view key = keys_[repeat].text;
      sink_.error(DiagnosticCode::duplicate_name, keys_[repeat].at,
                  fmt::format("key '{}' is given twice in this mapping; the first is at line {}", key,
                              files_.locate(keys_[first].at).line),
                  static_cast<int>(std::max<std::size_t>(key.size(), 1)));
    }
  }

  struct Key {
    std::string_view text;  // the node's own scalar, alive as long as the tree
    SourcePos at;
  };

  std::size_t budget_;
  YamlTreeLimits limits_;
  int file_;
  const SourceFiles& files_;
  DiagnosticSink& sink_;
  std::vector<Frame> path_;
  std::set<std::uint32_t> checked_maps_;  // by position: an alias names the same mapping again
  std::vector<Key> keys_;                 // storage reused from one mapping to the next
  std::vector<std::size_t> order_;
  std::vector<std::pair<std::size_t, std::size_t>> repeats_;
};

}  // namespace

bool check_yaml_tree(const YAML::Node& root, const YamlTreeLimits& limits, int file, const SourceFiles& files,
                     DiagnosticSink& sink) {
  return TreeChecker(limits, file, files, sink).run(root);
}

}  // namespace ssis::detail
