// The curation API (docs/api.md#curation): the write routes, revisions and
// diffs, the change list, editions, the audit trail and the export. Handlers
// are thin: identify the caller, parse, call the core (core/curation.h,
// core/review.h, core/store.h), write JSON.
#ifndef BRIDGES_SEARCHD_CURATION_HANDLERS_H_
#define BRIDGES_SEARCHD_CURATION_HANDLERS_H_

#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include "core/searcher.h"
#include "core/store.h"
#include "searchd/errors.h"
#include "searchd/file_response.h"
#include "searchd/http_params.h"

namespace bridges::searchd {

struct ServerContext;

// The calling worker thread's connection to the store (reads; the writes go
// through the one Curation). kUnavailable if it cannot be opened.
Status ThreadStore(ServerContext& ctx, Store** out);

// True for a file upload (PUT /v1/documents/{id}/files/{name}): its body may
// exceed max_body_bytes, and its route holds it to max_file_bytes instead.
bool HasOwnBodyLimit(const Poco::Net::HTTPServerRequest& request, const std::string& path);

// Serves the request if `path` and its method are a curation route, and
// returns the body size; nullopt otherwise (GET /v1/documents/{id} and every
// other read-only route are served by the caller). Without a store the
// curation-only paths answer 404; PUT and DELETE fall through to 405.
// Sets *route to the route's pattern for the metrics.
std::optional<size_t> ServeCuration(ServerContext& ctx, Poco::Net::HTTPServerRequest& request,
                                    Poco::Net::HTTPServerResponse& response, const std::string& path,
                                    const Params& params, std::string* route);

// `?include=drafts` on a read route: removes it from *params and checks that
// the caller may read drafts (a curator or an editor token). Sets *wanted; an
// error for another value, a store-less searchd, or a caller who may not.
std::optional<HttpError> TakeIncludeDrafts(ServerContext& ctx, const Poco::Net::HTTPServerRequest& request,
                                           Params* params, bool* wanted);

// Adds "drafts" to a search response body: the pending drafts that match the
// request's q, at most 100.
std::optional<HttpError> AddMatchingDrafts(ServerContext& ctx, const SearchRequest& request, nlohmann::json* body);

// Turns a GET /v1/documents/{id} body (null when the index has no such
// document) into the curator's view: the fields of the newest revision, draft
// or not, plus "curation" (its place in the workflow). Sets the ETag to the
// newest revision, the value If-Match wants.
std::optional<HttpError> MergeDraft(ServerContext& ctx, const std::string& id, nlohmann::json* record,
                                    Poco::Net::HTTPServerResponse& response);

// GET /v1/documents/{id}/files/{n}?include=drafts (TakeIncludeDrafts has
// checked the caller): file `n` of the newest revision, draft or not, as the
// store holds it. An error for an unknown document or file, or one the store
// does not hold.
std::optional<HttpError> DraftFile(ServerContext& ctx, const std::string& id, int n, FileToSend* out);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_CURATION_HANDLERS_H_
