// The one place where outcomes become HTTP statuses. Every error body is
// {"error": {"status": N, "code": "...", "message": "..."}}.
#ifndef BRIDGES_SEARCHD_ERRORS_H_
#define BRIDGES_SEARCHD_ERRORS_H_

#include <string>
#include <vector>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Timestamp.h>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "core/document_json.h"

namespace bridges::searchd {

enum class ApiError {
  kBadRequest,        // a malformed query or parameter
  kUnauthorized,      // no valid token where one is needed
  kForbidden,         // a valid token of a role that may not do this
  kNotFound,          // unknown id or route
  kMethodNotAllowed,
  kConflict,          // a stale If-Match, or a change the document's state does not allow
  kPayloadTooLarge,
  kUriTooLong,
  kUnsupportedMediaType,  // a document body that is neither JSON nor XML
  kRangeNotSatisfiable,   // a Range that starts past the end of a file
  kInvalidRecord,     // a document body that breaks the rules; `errors` lists why
  kTooManyRequests,   // the server is saturated, or too many failed logins
  kUnavailable,       // the index cannot be opened or written
  kInternal,
};

struct HttpError {
  HttpError(ApiError kind, std::string message) : kind(kind), message(std::move(message)) {}

  ApiError kind;
  std::string message;
  std::vector<FieldError> errors;  // kInvalidRecord: one per problem
  int retry_after_s = 1;           // kTooManyRequests, kUnavailable
  std::string allow = "GET, HEAD"; // kMethodNotAllowed
};

// The ApiError a core Status stands for.
HttpError FromStatus(const Status& status);

// Writes a JSON body with the given status (200 or one of the write routes').
size_t SendJson(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
                const nlohmann::json& body);

// Writes a JSON body with status 200 (or 304 semantics are not used here).
// Returns the number of body bytes sent, for the access log.
size_t SendJson(Poco::Net::HTTPServerResponse& response, const nlohmann::json& body);

// Writes the error body with its HTTP status. Returns the body size.
size_t SendError(Poco::Net::HTTPServerResponse& response, const HttpError& error);

// Writes a 200 response with a raw body of the given content type.
size_t SendBody(Poco::Net::HTTPServerResponse& response, const std::string& content_type, const std::string& body);

// Whether the request's If-None-Match (else If-Modified-Since) shows that the
// client's copy, with these validators, is current.
bool ClientCopyIsCurrent(const Poco::Net::HTTPServerRequest& request, const std::string& etag,
                         Poco::Timestamp modified);

// Sends `body` with ETag and Last-Modified, or 304 Not Modified with no body
// when the request's If-None-Match (else If-Modified-Since) shows the
// client's copy is current.
size_t SendCacheable(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     const std::string& content_type, const std::string& etag, Poco::Timestamp modified,
                     const std::string& body);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_ERRORS_H_
