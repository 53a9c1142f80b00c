#pragma once
// An output file written by a thread of its own. The thread that formats the output fills a
// buffer and hands it over when full, then goes on formatting into the next one: the time a
// write costs in the kernel (copying into the page cache, and waiting for the disk once
// enough of the file is not yet on it) no longer stops the work that produces the output.
// At most `buffers` buffers of `buffer_bytes` are held. The buffers are small enough to stay
// in the caches between formatting and writing: with buffers of 1 MiB the kernel's copy of
// the same output took about eight times the system time.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

namespace ssis::detail {

class BackgroundFileBuffer final : public std::streambuf {
 public:
  /// Opens `path` for writing: emptied first, or appended to with `append`. See is_open().
  BackgroundFileBuffer(const std::string& path, bool append, std::size_t buffer_bytes = std::size_t{64} << 10,
                       std::size_t buffers = 32);
  BackgroundFileBuffer(const BackgroundFileBuffer&) = delete;
  BackgroundFileBuffer& operator=(const BackgroundFileBuffer&) = delete;
  /// Writes what is left and closes the file.
  ~BackgroundFileBuffer() override;

  bool is_open() const { return fd_ >= 0; }
  /// Writes everything handed over, waits for it and closes the file: false when a write or
  /// the close failed (see error()).
  bool close();
  /// The first error of a write, as strerror gives it; empty when none.
  std::string error() const;

 protected:
  int_type overflow(int_type c) override;
  /// Hands over the current buffer and waits until everything is written: -1 after an error.
  int sync() override;

 private:
  void hand_over();
  void write_buffers();

  int fd_ = -1;
  std::size_t buffer_bytes_;
  std::size_t most_buffers_;
  std::vector<char> current_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<char>> full_;   // handed over, in order
  std::vector<std::vector<char>> spare_;  // written, kept for reuse
  bool writing_ = false;                  // the thread holds a buffer it has not finished
  bool stopping_ = false;
  int error_ = 0;  // errno of the first failed write
  std::thread writer_;
};

}  // namespace ssis::detail
