#include "indexer/progress.h"

#include <unistd.h>

#include <cstdio>

namespace bridges {

using Clock = std::chrono::steady_clock;

Progress::Progress(bool quiet, uint64_t total_bytes)
    : quiet_(quiet), terminal_(isatty(STDERR_FILENO)), total_bytes_(total_bytes), start_(Clock::now()), last_(start_) {}

void Progress::Update(size_t documents, uint64_t bytes) {
  if (quiet_) return;
  auto now = Clock::now();
  auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (now - last_ < interval) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? documents / seconds : 0;
  double fraction = total_bytes_ ? static_cast<double>(bytes) / total_bytes_ : 0;
  double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  if (terminal_) {
    int filled = static_cast<int>(fraction * 30);
    std::fprintf(stderr, "\r[%-30.*s] %3.0f%% %zu docs %.0f docs/s ETA %.0fs ", filled,
                 "##############################", fraction * 100, documents, rate, eta);
    drawn_ = true;
  } else {
    std::fprintf(stderr, "progress: %zu documents, %.0f docs/s, %.0f%% of input, about %.0f s left\n", documents, rate,
                 fraction * 100, eta);
  }
}

void Progress::Finish() {
  if (drawn_) std::fprintf(stderr, "\r%80s\r", "");
}

}  // namespace bridges
