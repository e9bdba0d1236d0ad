// searchd's routes: a request-handler factory and one dispatching handler.
// Handlers are thin: parse parameters, call the core, write JSON.
#ifndef BRIDGES_SEARCHD_HANDLERS_H_
#define BRIDGES_SEARCHD_HANDLERS_H_

#include <atomic>
#include <memory>
#include <cstdio>
#include <mutex>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>

#include "core/curation.h"
#include "core/searcher.h"
#include "core/result_cache.h"
#include "core/vocabulary.h"
#include "searchd/auth.h"
#include "searchd/config.h"
#include "searchd/metrics.h"

namespace bridges::searchd {

// What every handler shares. Lives as long as the server.
struct ServerContext {
  Config config;
  Vocabularies vocabularies;
  Metrics metrics;
  std::FILE* access_log = nullptr;  // null: no access log
  std::mutex access_log_mutex;
  Poco::Net::HTTPServer* server = nullptr;  // set once the server exists
  std::unique_ptr<Curation> curation;       // with --store: the one writer
  std::unique_ptr<AuthLimiter> auth_limiter;
  std::unique_ptr<ResultCache> result_cache;  // null: disabled
};

// The calling worker thread's Searcher (each thread owns one, and so its own
// Xapian::Database), refreshed to the newest committed revision.
Status ThreadSearcher(ServerContext& ctx, Searcher** out);

// The JSON of a search response (schema/api/search.schema.json).
nlohmann::json SearchJson(const SearchResponse& r);

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(ServerContext* context) : context_(context) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  ServerContext* context_;
};

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_HANDLERS_H_
