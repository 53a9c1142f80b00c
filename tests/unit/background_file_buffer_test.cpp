// An output file written by a thread of its own: every byte in order, appending, and a failed
// write reported at the flush and the close.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>

#include "io/background_file_buffer.hpp"

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::filesystem::path scratch(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("ssis_background_file_buffer_" + name);
}

}  // namespace

TEST_CASE("a file written on a thread of its own holds every byte written, in order, through buffers smaller than the writes") {
  const std::filesystem::path path = scratch("order");
  std::string expected;
  {
    ssis::detail::BackgroundFileBuffer buffer(path.string(), false, 4096, 3);
    REQUIRE(buffer.is_open());
    std::ostream out(&buffer);
    for (int i = 0; i < 200'000; ++i) {
      const std::string line = std::to_string(i) + (i % 7 == 0 ? std::string(9000, 'x') : std::string()) + "\n";
      out << line;
      expected += line;
    }
    out.flush();
    CHECK(out.good());
    CHECK(buffer.close());
    CHECK(buffer.error().empty());
  }
  CHECK(read_file(path) == expected);
  {
    ssis::detail::BackgroundFileBuffer buffer(path.string(), true);  // appended to
    std::ostream out(&buffer);
    out << "more\n";
  }  // written and closed by the destructor
  CHECK(read_file(path) == expected + "more\n");
  {
    ssis::detail::BackgroundFileBuffer buffer(path.string(), false);  // emptied
    std::ostream out(&buffer);
    out << "new\n";
  }
  CHECK(read_file(path) == "new\n");
  std::filesystem::remove(path);
}

TEST_CASE("a file written on a thread of its own that cannot be opened or written says so") {
  ssis::detail::BackgroundFileBuffer nowhere((scratch("no_such_dir") / "out.csv").string(), false);
  CHECK_FALSE(nowhere.is_open());
  std::ostream lost(&nowhere);
  lost << "x";
  lost.flush();
  CHECK_FALSE(lost.good());
  CHECK_FALSE(nowhere.close());
  if (!std::filesystem::exists("/dev/full")) return;
  ssis::detail::BackgroundFileBuffer full("/dev/full", false, 4096, 2);
  REQUIRE(full.is_open());
  std::ostream out(&full);
  out << std::string(100'000, 'y');
  out.flush();
  CHECK_FALSE(out.good());
  CHECK_FALSE(full.close());
  CHECK(full.error() == "No space left on device");
}
