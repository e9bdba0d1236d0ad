// A bounded LRU cache of search responses, shared by every thread searching
// one database. Keys include the database revision, so a commit makes every
// older entry unreachable (and soon evicted): a cached answer is never stale.
#ifndef BRIDGES_CORE_RESULT_CACHE_H_
#define BRIDGES_CORE_RESULT_CACHE_H_

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace bridges {

struct SearchResponse;

class ResultCache {
 public:
  explicit ResultCache(size_t capacity) : capacity_(capacity) {}

  // The response stored under `key`, or null. Thread-safe.
  std::shared_ptr<const SearchResponse> Get(const std::string& key);
  // Stores `response`, evicting the least recently used entry when full.
  void Put(const std::string& key, std::shared_ptr<const SearchResponse> response);

  size_t capacity() const { return capacity_; }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const SearchResponse>>;
  const size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_RESULT_CACHE_H_
