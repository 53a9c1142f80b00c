#include "analysis/solver_question.hpp"

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

SolverAnswer solve(const z3::expr_vector& domain, const z3::expr& goal, unsigned timeout_ms) {
  const auto start = std::chrono::steady_clock::now();
  z3::context& c = goal.ctx();
  z3::solver solver(c);
  z3::params params(c);
  params.set("timeout", timeout_ms);
  solver.set(params);
  solver.add(domain);
  solver.add(goal);
  SolverAnswer out;
  switch (solver.check()) {
    case z3::sat:
      out.answer = Answer::found;
      out.model = solver.get_model();
      break;
    case z3::unsat: out.answer = Answer::none; break;
    case z3::unknown:
      out.answer = Answer::unknown;
      out.reason_unknown = solver.reason_unknown();
      break;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ssis::analysis
