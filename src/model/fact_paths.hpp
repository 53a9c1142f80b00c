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
  std::string_view member(std::size_t position, std::size_t field) const {
    const std::size_t at = position * member_names_.size() + field;
    return at < members_.size() ? std::string_view(members_[at]) : later_member(position, field);
  }

  /// The place of a path among all the paths made at build(), in the order of the texts;
  /// `unranked` for a member beyond them. Sorting by it sorts the texts, without comparing them.
  static constexpr std::uint32_t unranked = UINT32_MAX;
  std::uint32_t household_rank(std::size_t field) const { return household_rank_[field]; }
  std::uint32_t member_rank(std::size_t position, std::size_t field) const {
    const std::size_t at = position * member_names_.size() + field;
    return at < member_rank_.size() ? member_rank_[at] : unranked;
  }
  /// The path of a rank.
  std::string_view ranked(std::uint32_t rank) const {
    const std::uint32_t at = ranked_[rank];
    return at < household_.size() ? std::string_view(household_[at]) : std::string_view(members_[at - household_.size()]);
  }

 private:
  std::string_view later_member(std::size_t position, std::size_t field) const;

  struct Later {
    std::mutex mutex;
    std::map<std::uint64_t, std::string> paths;  // nodes do not move: views stay valid
  };

  std::vector<std::string> household_;
  std::vector<std::string> member_names_;
  std::vector<std::string> members_;  // position * member fields + field
  std::vector<std::uint32_t> household_rank_;
  std::vector<std::uint32_t> member_rank_;  // as members_
  std::vector<std::uint32_t> ranked_;       // per rank: the household path, or household paths + the member path
  std::shared_ptr<Later> later_ = std::make_shared<Later>();
};

}  // namespace ssis::detail
