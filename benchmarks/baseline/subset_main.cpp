// ssis-nbls-subset RULES_KR TARGET: writes the shared subset (rules_subset.hpp) into TARGET,
// so that the build can compile it to C++ like any rule set.
#include <exception>
#include <iostream>

#include "baseline/rules_subset.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ssis-nbls-subset RULES_KR TARGET\n";
    return 2;
  }
  try {
    ssis::baseline::write_nbls_subset(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "ssis-nbls-subset: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
