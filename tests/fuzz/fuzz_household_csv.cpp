// libFuzzer target: CSV households through the mini rule set; every household read is
// evaluated or reported, and nothing crashes.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "ssis/batch.hpp"
#include "ssis/error.hpp"

namespace {

class CountingSink : public ssis::OutcomeSink {
 public:
  void write(const std::vector<ssis::BatchHousehold>& block) override { count += block.size(); }
  std::size_t count = 0;
};

const ssis::RuleSet& rules() {
  static const ssis::RuleSet loaded = ssis::RuleSet::load_or_throw(SSIS_TEST_DATA "/mini");
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
  try {
    auto source = ssis::csv_source(input, rules().schema());
    CountingSink sink;
    ssis::BatchOptions options;
    options.date = *ssis::Date::parse("2025-03-01");
    options.threads = 1;
    options.block_size = 3;
    const auto summary = ssis::run_batch(rules(), *source, sink, options);
    if (summary.households_read != sink.count || summary.evaluated + summary.input_errors != summary.households_read)
      __builtin_trap();  // nothing lost
  } catch (const ssis::InputError&) {
  }
  return 0;
}
