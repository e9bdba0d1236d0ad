// Request counters and a latency histogram, exposed as Prometheus text at
// /metrics. Thread-safe.
#ifndef BRIDGES_SEARCHD_METRICS_H_
#define BRIDGES_SEARCHD_METRICS_H_

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace bridges::searchd {

class Metrics {
 public:
  void Record(const std::string& route, int status, double ms);
  // `documents` and `revision` are the index's, read by the caller.
  std::string Render(uint64_t documents, uint64_t revision) const;

 private:
  static constexpr std::array<double, 10> kBucketsMs = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBucketsMs.size()> buckets_{};
  uint64_t count_ = 0;
  double sum_ms_ = 0;
};

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_METRICS_H_
