#include "searchd/errors.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

namespace bridges::searchd {

using Poco::Net::HTTPResponse;

namespace {

struct Mapping {
  HTTPResponse::HTTPStatus status;
  const char* code;
};

Mapping Map(ApiError kind) {
  switch (kind) {
    case ApiError::kBadRequest: return {HTTPResponse::HTTP_BAD_REQUEST, "bad_request"};
    case ApiError::kUnauthorized: return {HTTPResponse::HTTP_UNAUTHORIZED, "unauthorized"};
    case ApiError::kForbidden: return {HTTPResponse::HTTP_FORBIDDEN, "forbidden"};
    case ApiError::kNotFound: return {HTTPResponse::HTTP_NOT_FOUND, "not_found"};
    case ApiError::kMethodNotAllowed: return {HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method_not_allowed"};
    case ApiError::kConflict: return {HTTPResponse::HTTP_CONFLICT, "conflict"};
    case ApiError::kPayloadTooLarge: return {HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "payload_too_large"};
    case ApiError::kUriTooLong: return {HTTPResponse::HTTP_REQUEST_URI_TOO_LONG, "uri_too_long"};
    case ApiError::kUnsupportedMediaType: return {HTTPResponse::HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"};
    case ApiError::kRangeNotSatisfiable:
      return {HTTPResponse::HTTP_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable"};
    case ApiError::kInvalidRecord: return {HTTPResponse::HTTP_UNPROCESSABLE_ENTITY, "invalid_record"};
    case ApiError::kTooManyRequests: return {HTTPResponse::HTTP_TOO_MANY_REQUESTS, "too_many_requests"};
    case ApiError::kUnavailable: return {HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "unavailable"};
    case ApiError::kInternal: break;
  }
  return {HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal"};
}

}  // namespace

HttpError FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return {ApiError::kBadRequest, status.message()};
    case StatusCode::kNotFound: return {ApiError::kNotFound, status.message()};
    case StatusCode::kUnavailable: return {ApiError::kUnavailable, status.message()};
    case StatusCode::kInvalidRecord: return {ApiError::kInvalidRecord, status.message()};
    case StatusCode::kConflict: return {ApiError::kConflict, status.message()};
    case StatusCode::kUnauthenticated: return {ApiError::kUnauthorized, status.message()};
    case StatusCode::kPermissionDenied: return {ApiError::kForbidden, status.message()};
    default: return {ApiError::kInternal, status.message()};
  }
}

size_t SendBody(Poco::Net::HTTPServerResponse& response, const std::string& content_type, const std::string& body) {
  response.setContentType(content_type);
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
  return body.size();
}

size_t SendJson(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const nlohmann::json& body) {
  response.setStatusAndReason(status);
  return SendBody(response, "application/json; charset=utf-8", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

size_t SendJson(Poco::Net::HTTPServerResponse& response, const nlohmann::json& body) {
  return SendJson(response, HTTPResponse::HTTP_OK, body);
}

size_t SendError(Poco::Net::HTTPServerResponse& response, const HttpError& error) {
  Mapping m = Map(error.kind);
  response.setStatusAndReason(m.status);
  if (error.kind == ApiError::kMethodNotAllowed) response.set("Allow", error.allow);
  if (error.kind == ApiError::kUnauthorized) response.set("WWW-Authenticate", "Bearer realm=\"bridges\"");
  if (error.kind == ApiError::kTooManyRequests || error.kind == ApiError::kUnavailable)
    response.set("Retry-After", std::to_string(error.retry_after_s));
  if (error.kind == ApiError::kTooManyRequests) response.setKeepAlive(false);
  nlohmann::json body = {{"error", {{"status", static_cast<int>(m.status)}, {"code", m.code}, {"message", error.message}}}};
  if (error.kind == ApiError::kInvalidRecord) {
    nlohmann::json errors = nlohmann::json::array();
    for (const FieldError& e : error.errors) errors.push_back({{"field", e.field}, {"reason", e.message}});
    body["error"]["errors"] = errors;
  }
  return SendBody(response, "application/json; charset=utf-8",
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool ClientCopyIsCurrent(const Poco::Net::HTTPServerRequest& request, const std::string& etag,
                         Poco::Timestamp modified) {
  if (request.has("If-None-Match")) {
    const std::string& wanted = request.get("If-None-Match");
    return wanted == "*" || wanted.find(etag) != std::string::npos;
  }
  if (!request.has("If-Modified-Since")) return false;
  try {
    int tz = 0;
    Poco::DateTime since = Poco::DateTimeParser::parse(request.get("If-Modified-Since"), tz);
    return modified.epochTime() <= since.timestamp().epochTime();
  } catch (const Poco::Exception&) {
    return false;  // an unreadable date is no validator
  }
}

size_t SendCacheable(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     const std::string& content_type, const std::string& etag, Poco::Timestamp modified,
                     const std::string& body) {
  std::string last_modified = Poco::DateTimeFormatter::format(modified, Poco::DateTimeFormat::HTTP_FORMAT);
  response.set("ETag", etag);
  response.set("Last-Modified", last_modified);
  response.set("Cache-Control", "no-cache");
  bool fresh = ClientCopyIsCurrent(request, etag, modified);
  if (fresh) {
    response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
    response.setContentLength(0);
    response.send();
    return 0;
  }
  response.setStatusAndReason(HTTPResponse::HTTP_OK);
  return SendBody(response, content_type, body);
}

}  // namespace bridges::searchd
