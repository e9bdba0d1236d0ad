// Progress reporting for long indexer runs: a bar on a terminal, a log line
// every few seconds otherwise, nothing when quiet.
#ifndef BRIDGES_INDEXER_PROGRESS_H_
#define BRIDGES_INDEXER_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace bridges {

class Progress {
 public:
  // `total_bytes` is the size of all input, the denominator of the estimate.
  Progress(bool quiet, uint64_t total_bytes);

  // Reports `documents` done after `bytes` of input were read.
  void Update(size_t documents, uint64_t bytes);
  void Finish();

 private:
  bool quiet_;
  bool terminal_;
  uint64_t total_bytes_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace bridges

#endif  // BRIDGES_INDEXER_PROGRESS_H_
