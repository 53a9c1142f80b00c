#pragma once
// Orders the nodes of a dependency graph (variables using variables, programmes requiring
// programmes) so that each comes after what it depends on. Iterative: a chain of any length
// uses no call stack.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace ssis::detail {

/// Called for each dependency that closes a cycle: `cycle` lists the nodes from the one
/// depended on to `node`, whose dependency number `edge` leads back to the first of them.
using CycleHandler = std::function<void(std::span<const int> cycle, int node, std::size_t edge)>;

/// Every node of `depends_on` (node -> the nodes it depends on), dependencies first, visiting
/// roots and dependencies in their given order. A dependency that closes a cycle is reported
/// and otherwise ignored.
std::vector<int> dependency_order(const std::vector<std::vector<int>>& depends_on, const CycleHandler& on_cycle);

}  // namespace ssis::detail
