#pragma once
// The input paths that name facts ("rent", "members[2].disabled"), made once per rule set
// so that outcomes refer to them instead of copying them. Safe to use from many threads.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ssis/schema.hpp"

namespace ssis::detail {

class FactPaths {
 public:
  /// Makes the paths of every household field and of every member field for the first
  /// `members` members; later members' paths are made when first asked for, and kept.
  void build(const Schema& schema, std::size_t members);

  std::string_view household(std::size_t field) const { return household_[field]; }
  std::string_view member(std::size_t position, std::size_t field) const;

 private:
  struct Later {
    std::mutex mutex;
    std::map<std::uint64_t, std::string> paths;  // nodes do not move: views stay valid
  };

  std::vector<std::string> household_;
  std::vector<std::string> member_names_;
  std::vector<std::string> members_;  // position * member fields + field
  std::shared_ptr<Later> later_ = std::make_shared<Later>();
};

}  // namespace ssis::detail
