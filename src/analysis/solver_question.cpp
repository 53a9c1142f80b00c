#include "analysis/solver_question.hpp"

#include <fmt/format.h>

#include <chrono>

namespace ssis::analysis {

std::string_view to_string(Answer answer) {
  switch (answer) {
    case Answer::found: return "found";
    case Answer::none: return "none";
    case Answer::unknown: return "unknown";
  }
  return "unknown";
}

Deadline::Deadline(z3::context& context, unsigned timeout_ms)
    : watcher_([this, &context, timeout_ms] {
        std::unique_lock lock(mutex_);
        if (!done_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return finished_; })) {
          passed_ = true;
          context.interrupt();
        }
      }) {}

Deadline::~Deadline() {
  {
    const std::lock_guard lock(mutex_);
    finished_ = true;
  }
  done_.notify_one();
  watcher_.join();
}

SolverAnswer solve(const z3::expr_vector& domain, const z3::expr& goal, unsigned timeout_ms) {
  const auto start = std::chrono::steady_clock::now();
  z3::context& c = goal.ctx();
  z3::solver solver(c, z3::solver::simple());
  solver.add(domain);
  solver.add(goal);
  SolverAnswer out;
  z3::check_result result = z3::unknown;
  bool late = false;
  {
    const Deadline deadline(c, timeout_ms);
    result = solver.check();
    late = deadline.passed();
  }
  switch (result) {
    case z3::sat:
      out.answer = Answer::found;
      out.model = solver.get_model();
      break;
    case z3::unsat: out.answer = Answer::none; break;
    case z3::unknown:
      out.answer = Answer::unknown;
      out.reason_unknown = late ? fmt::format("timeout after {} ms", timeout_ms) : solver.reason_unknown();
      break;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ssis::analysis
