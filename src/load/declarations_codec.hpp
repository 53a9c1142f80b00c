#pragma once
// The declarations of one rule file as bytes and back, for the cache of parsed rule files.
// Positions are kept as byte offsets into that file, and its path is not kept: both are the
// ones of the load that decodes them.
#include <optional>
#include <string>
#include <string_view>

#include "load/declarations.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

/// nullopt when a position or a programme's file is not file `file` of `files`.
std::optional<std::string> encode_file_declarations(const Declarations& declarations, const SourceFiles& files,
                                                    int file);

/// nullopt unless `bytes` are exactly one encoding whose every position lies in file `file`.
std::optional<Declarations> decode_file_declarations(std::string_view bytes, const SourceFiles& files, int file);

}  // namespace ssis::detail
