// libFuzzer target: CSV households through the mini rule set; every household read is
// evaluated or reported, and nothing crashes. The input is read twice, checking households
// against every id read and then as ids in order (SourceOptions::ids_in_order): the same
// households either way, and every household found apart from its earlier rows is also out
// of order.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <vector>

#include "ssis/batch.hpp"
#include "ssis/error.hpp"

namespace {

// Per household read: whether it was found apart from earlier rows (first_seen_line) or out
// of order.
class RecordingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override {
    for (const ssis::BatchHousehold& household : block) flagged.push_back(household.first_seen_line != 0 || household.out_of_order);
  }
  std::vector<bool> flagged;
};

const ssis::RuleSet& rules() {
  static const ssis::RuleSet loaded = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  return loaded;
}

// The households flagged, or nothing when the header is refused.
std::optional<std::vector<bool>> read(const std::string& text, bool ids_in_order) {
  std::istringstream input(text);
  try {
    auto source = ssis::csv_source(input, rules().schema(), {.ids_in_order = ids_in_order});
    RecordingSink sink;
    ssis::BatchOptions options;
    options.date = *ssis::Date::parse("2025-03-01");
    options.threads = 1;
    options.block_size = 3;
    const auto summary = ssis::run_batch(rules(), *source, sink, options);
    if (summary.households_read != sink.flagged.size() || summary.evaluated + summary.input_errors != summary.households_read)
      __builtin_trap();  // nothing lost
    return sink.flagged;
  } catch (const ssis::InputError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto every_id = read(text, false);
  const auto in_order = read(text, true);
  if (every_id.has_value() != in_order.has_value()) __builtin_trap();
  if (!every_id) return 0;
  if (every_id->size() != in_order->size()) __builtin_trap();
  for (std::size_t h = 0; h < every_id->size(); ++h)
    if ((*every_id)[h] && !(*in_order)[h]) __builtin_trap();
  return 0;
}
