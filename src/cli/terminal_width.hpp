#pragma once
#include <cstddef>

namespace ssis::cli {

/// The columns text output fits in: COLUMNS when it is a positive number, else the width of
/// the terminal standard output is, else 80 (output to a file or a pipe).
std::size_t terminal_width();

}  // namespace ssis::cli
