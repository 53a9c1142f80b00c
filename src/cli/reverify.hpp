#pragma once
// `ssis reverify`: compare current beneficiaries with what the rules now decide.
#include <string>

namespace ssis::cli {

struct ReverifyArguments {
  std::string rules;
  std::string households;
  std::string benefits;
  std::string output_directory;
  std::string date;
  std::string known_on;      // a date (checked by the parser), or "": facts the input dates after it are not known
  std::string input_format;  // csv | jsonl | "" (from the extension)
  bool ids_in_order = false;  // SourceOptions::ids_in_order
  std::string person_id;     // member field whose value the benefits' member column holds; "": member indices
  std::string language = "en";
  unsigned threads = 0;
  std::size_t block_size = 256;
  std::string reform;  // a reform file applied to the rules; empty: none
  std::string audit_log;  // a file the run is appended to (cli/audit_log.hpp); empty: none
};

int reverify(const ReverifyArguments& arguments);

}  // namespace ssis::cli
