#include "check/dependency_order.hpp"

namespace ssis::detail {

std::vector<int> dependency_order(const std::vector<std::vector<int>>& depends_on, const CycleHandler& on_cycle) {
  const std::size_t n = depends_on.size();
  constexpr std::size_t not_on_path = static_cast<std::size_t>(-1);
  std::vector<char> done(n, 0);
  std::vector<std::size_t> path_index(n, not_on_path);  // where a node is on the current path
  std::vector<int> path;                                // the nodes being visited, outermost first
  std::vector<std::size_t> next_edge;                   // for each of them, the next dependency to visit
  std::vector<int> order;
  order.reserve(n);
  auto enter = [&](int node) {
    path_index[static_cast<std::size_t>(node)] = path.size();
    path.push_back(node);
    next_edge.push_back(0);
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (done[root]) continue;
    enter(static_cast<int>(root));
    while (!path.empty()) {
      const int node = path.back();
      const auto& edges = depends_on[static_cast<std::size_t>(node)];
      const std::size_t edge = next_edge.back()++;
      if (edge == edges.size()) {
        path.pop_back();
        next_edge.pop_back();
        path_index[static_cast<std::size_t>(node)] = not_on_path;
        done[static_cast<std::size_t>(node)] = 1;
        order.push_back(node);
        continue;
      }
      const auto dependency = static_cast<std::size_t>(edges[edge]);
      if (done[dependency]) continue;
      if (path_index[dependency] == not_on_path) {
        enter(static_cast<int>(dependency));
      } else {
        on_cycle(std::span<const int>(path).subspan(path_index[dependency]), node, edge);
      }
    }
  }
  return order;
}

}  // namespace ssis::detail
