// The OAI-PMH endpoint, /oai, by GET or by POST (form-encoded), over the
// protocol core (core/oai_pmh.h) and the curation store.
#ifndef BRIDGES_SEARCHD_OAI_HANDLER_H_
#define BRIDGES_SEARCHD_OAI_HANDLER_H_

#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "searchd/http_params.h"

namespace bridges::searchd {

struct ServerContext;

// Serves the request if `path` is /oai and returns the body size; nullopt
// for any other path. Without a store, /oai answers 503 (nothing to harvest
// from). Protocol errors are OAI-PMH error responses with status 200, as the
// specification requires.
std::optional<size_t> ServeOai(ServerContext& ctx, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response, const std::string& path, const Params& params,
                               std::string* route);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_OAI_HANDLER_H_
