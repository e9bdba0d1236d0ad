// bridges-query-floor: the query mix run in process against the same index,
// without HTTP: the floor searchd's figures are compared with.
//
//   bridges-query-floor DB VOCAB_DIR QUERIES_FILE [THREADS] [SECONDS]
//
// QUERIES_FILE has one "class<TAB>query string" per line, the query string in
// /v1/search form (q=...&lang=...). Prints p50/p99 per class and queries/s.
#include <Poco/URI.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "core/searcher.h"
#include "core/stemmers.h"
#include "core/vocabulary.h"

using namespace bridges;
using Clock = std::chrono::steady_clock;

namespace {

SearchRequest Parse(const std::string& query_string) {
  SearchRequest r;
  Poco::URI uri("/?" + query_string);
  for (const auto& [k, v] : uri.getQueryParameters()) {
    if (k == "q") r.q = v;
    for (const layout::FacetSpec& spec : layout::kFacets)
      if (k == spec.name) r.filters[spec.facet].push_back(v);
  }
  return r;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: bridges-query-floor DB VOCAB_DIR QUERIES_FILE [THREADS] [SECONDS]\n";
    return 2;
  }
  int threads = argc > 4 ? std::atoi(argv[4]) : 2;
  double seconds = argc > 5 ? std::atof(argv[5]) : 10;
  Vocabularies vocabularies;
  Status s = Vocabularies::Load(argv[2], &vocabularies);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 2;
  }
  std::vector<std::pair<std::string, SearchRequest>> queries;
  std::ifstream in(argv[3]);
  std::string line;
  while (std::getline(in, line)) {
    size_t tab = line.find('\t');
    if (tab != std::string::npos) queries.emplace_back(line.substr(0, tab), Parse(line.substr(tab + 1)));
  }
  // As searchd does at start-up: the Hunspell dictionaries take seconds to load.
  for (const std::string& lang : StemmedLanguages()) StemmerFor(lang);
  std::map<std::string, std::vector<double>> latencies;
  std::mutex mutex;
  std::atomic<size_t> done{0};
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::unique_ptr<Searcher> searcher;
      if (!Searcher::Open(argv[1], &vocabularies, {}, &searcher).ok()) return;
      std::map<std::string, std::vector<double>> local;
      for (size_t i = t; Clock::now() < deadline && i < 10000000; ++i) {
        const auto& [cls, request] = queries[i % queries.size()];
        auto start = Clock::now();
        SearchResponse response;
        searcher->Search(request, &response);
        local[cls].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        ++done;
      }
      std::lock_guard<std::mutex> lock(mutex);
      for (auto& [cls, v] : local) latencies[cls].insert(latencies[cls].end(), v.begin(), v.end());
    });
  }
  for (std::thread& w : workers) w.join();
  for (const auto& [cls, v] : latencies)
    std::printf("floor %-22s p50 %7.2f ms  p99 %7.2f ms  (%zu queries)\n", cls.c_str(), Percentile(v, 0.5),
                Percentile(v, 0.99), v.size());
  std::printf("floor mix: %.0f queries/s with %d threads\n", done / seconds, threads);
  return 0;
}
