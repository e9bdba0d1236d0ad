// searchd's settings: defaults, then the JSON config file, then flags. Loaded
// and validated once at start-up; a bad value stops start-up with the reason.
#ifndef BRIDGES_SEARCHD_CONFIG_H_
#define BRIDGES_SEARCHD_CONFIG_H_

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/searcher.h"

namespace bridges::searchd {

struct Config {
  std::string db = "data/index";
  std::string listen = "127.0.0.1:8080";
  std::string vocabularies;  // empty: the source tree's schema/vocabularies
  std::string web_root;      // empty: the source tree's searchd/web
  std::string access_log = "-";  // "-" is stderr; "" disables
  // The curation store (core/store.h); empty: read-only, no write routes.
  std::string store;
  // Seeds a store that holds no document yet (a file or a folder).
  std::string seed;
  // Failed authentications per client address and minute before it gets 429.
  int auth_failures_per_minute = 10;
  // The site's address as clients reach it, for links in feeds, sitemaps,
  // OAI-PMH and JSON-LD; empty: http://<the address searchd listens on>.
  std::string public_url;
  // OAI-PMH (docs/interop.md): needs the store.
  std::string oai_repository_identifier = "bridges.icc";
  std::string oai_admin_email = "bridges@localhost";
  size_t oai_page_size = 100;
  // Poco keeps a thread per keep-alive connection, so there must be at least
  // as many threads as concurrent clients, or the rest wait in the queue.
  int threads = 64;
  // Connections waiting for a thread: from this many on, each connection
  // that reaches a thread is answered 429 at once and closed, shedding load.
  // Poco's own queue is larger (2x + 16), so clients get a 429, never a
  // silently dropped connection.
  int max_queued = 256;
  int keep_alive_requests = 1000;  // requests per connection
  int keep_alive_timeout_s = 10;
  int request_timeout_s = 30;
  size_t max_query_bytes = 2048;  // longer query strings get 414
  size_t max_body_bytes = 1 << 20;
  // An attached file's bytes (PUT /v1/documents/{id}/files/{name}); also the
  // largest file the index extracts, so every accepted file is read.
  uint64_t max_file_bytes = 100ull << 20;
  // Search responses kept for repeated requests (LRU; keyed by index
  // revision, so never stale). 0 disables the cache.
  size_t result_cache_entries = 4096;
  SearcherLimits limits;
};

// Reads `argv` (flags override the file named by --config, which overrides
// defaults). On failure returns a message for the operator.
Status LoadConfig(const std::vector<std::string>& args, Config* out);

extern const char* const kUsage;

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_CONFIG_H_
