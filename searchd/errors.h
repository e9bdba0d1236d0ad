// The one place where outcomes become HTTP statuses. Every error body is
// {"error": {"status": N, "code": "...", "message": "..."}}.
#ifndef BRIDGES_SEARCHD_ERRORS_H_
#define BRIDGES_SEARCHD_ERRORS_H_

#include <string>

#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace bridges::searchd {

enum class ApiError {
  kBadRequest,        // a malformed query or parameter
  kNotFound,          // unknown id or route
  kMethodNotAllowed,
  kPayloadTooLarge,
  kUriTooLong,
  kTooManyRequests,   // the server is saturated
  kUnavailable,       // the index cannot be opened
  kInternal,
};

struct HttpError {
  ApiError kind;
  std::string message;
};

// The ApiError a core Status stands for.
HttpError FromStatus(const Status& status);

// Writes a JSON body with status 200 (or 304 semantics are not used here).
// Returns the number of body bytes sent, for the access log.
size_t SendJson(Poco::Net::HTTPServerResponse& response, const nlohmann::json& body);

// Writes the error body with its HTTP status. Returns the body size.
size_t SendError(Poco::Net::HTTPServerResponse& response, const HttpError& error);

// Writes a 200 response with a raw body of the given content type.
size_t SendBody(Poco::Net::HTTPServerResponse& response, const std::string& content_type, const std::string& body);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_ERRORS_H_
