#include "io/background_file_buffer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ssis::detail {

BackgroundFileBuffer::BackgroundFileBuffer(const std::string& path, bool append, std::size_t buffer_bytes, std::size_t buffers)
    : buffer_bytes_(std::max<std::size_t>(buffer_bytes, 1)), most_buffers_(std::max<std::size_t>(buffers, 1)) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0666);
  if (fd_ < 0) return;
  current_.resize(buffer_bytes_);
  setp(current_.data(), current_.data() + current_.size());
  writer_ = std::thread([this] { write_buffers(); });
}

BackgroundFileBuffer::~BackgroundFileBuffer() { close(); }

bool BackgroundFileBuffer::close() {
  if (fd_ < 0) return false;
  const bool written = sync() == 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  writer_.join();
  const bool closed = ::close(fd_) == 0;
  if (!closed) {
    std::lock_guard lock(mutex_);
    if (error_ == 0) error_ = errno;
  }
  fd_ = -1;
  setp(nullptr, nullptr);
  return written && closed;
}

std::string BackgroundFileBuffer::error() const {
  std::lock_guard lock(mutex_);
  return error_ == 0 ? std::string() : std::strerror(error_);
}

BackgroundFileBuffer::int_type BackgroundFileBuffer::overflow(int_type c) {
  if (fd_ < 0) return traits_type::eof();
  hand_over();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

int BackgroundFileBuffer::sync() {
  if (fd_ < 0) return -1;
  hand_over();
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return full_.empty() && !writing_; });
  return error_ == 0 ? 0 : -1;
}

// Queues the filled part of the current buffer, waiting while `most_buffers_` are queued,
// and goes on in a buffer already written (or a new one).
void BackgroundFileBuffer::hand_over() {
  const auto filled = static_cast<std::size_t>(pptr() - pbase());
  if (filled == 0) return;
  current_.resize(filled);
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return full_.size() < most_buffers_; });
  full_.push_back(std::move(current_));
  if (!spare_.empty()) {
    current_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    current_ = {};
  }
  lock.unlock();
  changed_.notify_all();
  current_.resize(buffer_bytes_);
  setp(current_.data(), current_.data() + current_.size());
}

// The writer thread: each buffer in order, whole (a short write is continued); after a
// failed write, the rest is dropped and the error kept for sync() and close().
void BackgroundFileBuffer::write_buffers() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !full_.empty() || stopping_; });
    if (full_.empty()) return;
    std::vector<char> buffer = std::move(full_.front());
    full_.pop_front();
    writing_ = true;
    const bool failed = error_ != 0;
    lock.unlock();
    int error = 0;
    for (std::size_t done = 0; !failed && done < buffer.size();) {
      const ssize_t n = ::write(fd_, buffer.data() + done, buffer.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error = n < 0 ? errno : EIO;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    lock.lock();
    if (error != 0 && error_ == 0) error_ = error;
    spare_.push_back(std::move(buffer));
    writing_ = false;
    changed_.notify_all();
  }
}

}  // namespace ssis::detail
