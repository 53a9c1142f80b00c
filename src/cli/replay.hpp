#pragma once
// `ssis replay`: evaluates again the households of saved outcomes, as their receipts say,
// and says whether the decisions come out byte for byte the same or what differs.
#include <string>

namespace ssis::cli {

struct ReplayArguments {
  std::string receipts;  // the JSON `ssis eval --format json` wrote: one outcome or an array
  std::string input;     // the households, as `ssis eval` reads them
  std::string rules;
  std::string reform;    // a reform file applied to the rules; empty: none
};

/// 0 when every decision replays identically, 1 when one differs (each difference printed),
/// 2 when a file cannot be read or is not what it should be.
int replay(const ReplayArguments& arguments);

}  // namespace ssis::cli
