#pragma once
// Declarations as bytes and back, for the cache of parsed rule files. Positions are kept as
// file numbers and byte offsets into `files`, which must hold the same files in the same
// order when decoding as when encoding.
#include <optional>
#include <string>
#include <string_view>

#include "load/declarations.hpp"
#include "support/source_files.hpp"

namespace ssis::detail {

/// nullopt when a position or a programme's file is not among `files`.
std::optional<std::string> encode_declarations(const Declarations& declarations, const SourceFiles& files);

/// nullopt unless `bytes` are exactly one encoding whose every position lies in `files`.
std::optional<Declarations> decode_declarations(std::string_view bytes, const SourceFiles& files);

}  // namespace ssis::detail
