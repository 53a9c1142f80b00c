#include "cli/serve.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace ssis::cli {

int serve(ServeArguments a) {
  // The signals are taken by one thread with sigwait: blocked here, before any other thread
  // starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<serve::Service> service;
  int port = 0;
  try {
    for (const std::string& text : a.rule_sets) a.options.rule_sets.push_back(serve::parse_rule_set_source(text));
    service = std::make_unique<serve::Service>(a.options);
    if (!service->reload().ok) return 1;
    port = service->bind();
  } catch (const std::exception& e) {
    std::cerr << "ssis serve: " << e.what() << "\n";
    return 2;
  }
  const std::string host = a.options.bind.find(':') == std::string::npos ? a.options.bind : "[" + a.options.bind + "]";
  std::cerr << fmt::format("ssis serve: listening on http://{}:{}/\n", host, port) << std::flush;

  std::atomic<bool> stopping = false;
  std::thread watcher([&] {
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP && !stopping) {
        service->reload();
        continue;
      }
      if (!stopping.exchange(true)) {
        std::cerr << "ssis serve: stopping; answering the requests already read\n" << std::flush;
        service->stop();
      }
      return;
    }
  });
  service->run();
  if (!stopping.exchange(true)) pthread_kill(watcher.native_handle(), SIGTERM);  // the server stopped on its own
  watcher.join();
  std::cerr << "ssis serve: stopped\n";
  return 0;
}

}  // namespace ssis::cli
