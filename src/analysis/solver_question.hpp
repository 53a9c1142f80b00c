#pragma once
// One question to the solver, with a time limit past which the answer is `unknown`.
#include <z3++.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace ssis::analysis {

/// found: the solver gave a model; none: the solver proved there is none; unknown: the
/// solver gave up (the time limit, or a question beyond its theories).
enum class Answer { found, none, unknown };
std::string_view to_string(Answer answer);

struct SolverAnswer {
  Answer answer = Answer::unknown;
  std::optional<z3::model> model;
  std::string reason_unknown;
  double seconds = 0;
};

/// Interrupts the solver of a context once `timeout_ms` have passed, unless destroyed
/// before. (z3's own `timeout` parameter is not used: its timer can deadlock when several
/// threads solve at once.)
class Deadline {
 public:
  Deadline(z3::context& context, unsigned timeout_ms);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  /// Whether the time ran out (read after the solver returned).
  bool passed() const { return passed_; }

 private:
  std::atomic<bool> passed_{false};
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::thread watcher_;
};

/// Whether `goal` holds for some values within `domain`.
SolverAnswer solve(const z3::expr_vector& domain, const z3::expr& goal, unsigned timeout_ms);

}  // namespace ssis::analysis
