#include "plan/plan_signature.hpp"

namespace ssis::detail {
namespace {

// FNV-1a over the values in a fixed width, so the signature is the same on every platform.
class Hash {
 public:
  void add(std::int64_t value) {
    for (int byte = 0; byte < 8; ++byte) {
      hash_ ^= static_cast<std::uint64_t>(value) >> (8 * byte) & 0xffU;
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

void add_fields(Hash& hash, const std::vector<FieldInfo>& fields) {
  hash.add(static_cast<std::int64_t>(fields.size()));
  for (const FieldInfo& field : fields) hash.add(static_cast<std::int64_t>(field.type.kind));
}

}  // namespace

std::uint64_t plan_signature(const RuleModel& model) {
  Hash hash;
  add_fields(hash, model.schema.household_fields());
  add_fields(hash, model.schema.member_fields());
  hash.add(static_cast<std::int64_t>(model.parameters.size()));
  for (const ParameterModel& parameter : model.parameters) {
    hash.add(static_cast<std::int64_t>(parameter.key_bracket.size()));
    for (const bool bracket : parameter.key_bracket) hash.add(bracket);
  }
  const Plan& plan = model.plan;
  hash.add(static_cast<std::int64_t>(plan.programme_code.order.size()));
  for (const std::int32_t i : plan.programme_code.order) {
    const Instruction& ins = plan.code[static_cast<std::size_t>(i)];
    for (const std::int64_t part : {std::int64_t{i}, std::int64_t{static_cast<int>(ins.op)}, std::int64_t{static_cast<int>(ins.level)},
                                    std::int64_t{ins.aux}, std::int64_t{ins.a}, std::int64_t{ins.b}, std::int64_t{ins.c},
                                    std::int64_t{ins.param}, std::int64_t{ins.list_count}, ins.imm})
      hash.add(part);
    for (std::uint32_t j = 0; j < ins.list_count; ++j) hash.add(plan.pool[ins.list_begin + j]);
  }
  hash.add(static_cast<std::int64_t>(plan.programmes.size()));
  for (const ProgrammePlan& programme : plan.programmes) {
    hash.add(static_cast<std::int64_t>(programme.criteria.size() + programme.unit_criteria.size()));
    for_each_decision_register(programme, [&](std::int32_t reg) { hash.add(reg); });
    hash.add(programme.amount);
  }
  return hash.value();
}

}  // namespace ssis::detail
