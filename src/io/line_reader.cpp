#include "io/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace ssis::detail {
namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

}  // namespace

LineReader::LineReader(std::istream& input, std::size_t max_line_bytes)
    : input_(input), max_line_bytes_(max_line_bytes), buffer_(chunk_bytes) {}

bool LineReader::fill() {
  std::streambuf* source = input_.rdbuf();
  const std::streamsize got = source ? source->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size())) : 0;
  position_ = 0;
  end_ = got > 0 ? static_cast<std::size_t>(got) : 0;
  return end_ > 0;
}

bool LineReader::next(Line& line) {
  line.text.clear();
  line.terminated = false;
  std::uint64_t length = 0;
  bool any = false;
  for (;;) {
    if (position_ == end_ && !fill()) break;
    any = true;
    const char* start = buffer_.data() + position_;
    const std::size_t available = end_ - position_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const std::size_t taken = newline ? static_cast<std::size_t>(newline - start) : available;
    // Keep at most the limit (and the 3 bytes of a byte order mark); count, then drop, the rest.
    const std::size_t room = max_line_bytes_ + byte_order_mark.size() - std::min(line.text.size(), max_line_bytes_ + byte_order_mark.size());
    line.text.append(start, std::min(taken, room));
    length += taken;
    position_ += taken;
    offset_ += taken;
    if (newline) {
      ++position_;
      ++offset_;
      line.terminated = true;
      break;
    }
  }
  if (!any) return false;
  line.number = ++number_;
  if (line.number == 1 && std::string_view(line.text).starts_with(byte_order_mark)) {
    line.text.erase(0, byte_order_mark.size());
    length -= byte_order_mark.size();
  }
  line.too_long = length > max_line_bytes_;
  if (line.too_long) line.text.resize(std::min(line.text.size(), max_line_bytes_));
  line.end_offset = offset_;
  return true;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace ssis::detail
