#include "searchd/metrics.h"

#include <sstream>

namespace bridges::searchd {

void Metrics::Record(const std::string& route, int status, double ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  for (size_t i = 0; i < kBucketsMs.size(); ++i)
    if (ms <= kBucketsMs[i]) ++buckets_[i];
  ++count_;
  sum_ms_ += ms;
}

std::string Metrics::Render(uint64_t documents, uint64_t revision) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP bridges_requests_total HTTP requests by route and status.\n"
      << "# TYPE bridges_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "bridges_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  out << "# HELP bridges_request_duration_seconds Request latency.\n"
      << "# TYPE bridges_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBucketsMs.size(); ++i)
    out << "bridges_request_duration_seconds_bucket{le=\"" << kBucketsMs[i] / 1000 << "\"} " << buckets_[i] << "\n";
  out << "bridges_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "bridges_request_duration_seconds_sum " << sum_ms_ / 1000 << "\n"
      << "bridges_request_duration_seconds_count " << count_ << "\n"
      << "# HELP bridges_documents Documents in the index.\n# TYPE bridges_documents gauge\n"
      << "bridges_documents " << documents << "\n"
      << "# HELP bridges_index_revision Revision of the index being served.\n# TYPE bridges_index_revision gauge\n"
      << "bridges_index_revision " << revision << "\n";
  return out.str();
}

}  // namespace bridges::searchd
