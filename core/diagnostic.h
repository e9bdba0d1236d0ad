// Diagnostics: where a problem is in an input file, and what it is.
#ifndef BRIDGES_CORE_DIAGNOSTIC_H_
#define BRIDGES_CORE_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace bridges {

// A position in a source file. Lines and columns count from 1; 0 means unknown.
struct SourceLocation {
  std::string path;
  int line = 0;
  int column = 0;
};

enum class Severity { kError, kWarning };

// One problem found while loading or validating input.
struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(SourceLocation where, Severity severity, std::string message, std::string field = "")
      : where(std::move(where)), severity(severity), message(std::move(message)), field(std::move(field)) {}

  SourceLocation where;
  Severity severity = Severity::kError;
  std::string message;
  // The record field the problem is in ("title", "cities/2"), when known; the
  // curation API reports it beside the message.
  std::string field;

  // "path:line:col: error: message", the format every rejection is printed in;
  // "path: error: message" when the line is unknown (0).
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// What kind of failure a Status reports; searchd maps each to one HTTP status.
enum class StatusCode {
  kOk,
  kInvalidArgument,  // the caller's input is wrong (a malformed query, a bad field)
  kNotFound,         // no such document
  kUnavailable,      // the index cannot be opened or read right now
  kInvalidRecord,    // a submitted record breaks the document rules (the field errors say how)
  kConflict,         // the request does not fit the current state (a stale revision, nothing to publish)
  kUnauthenticated,  // no valid credentials
  kPermissionDenied, // valid credentials of a role that may not do this
  kInternal,         // anything else
};

// A success flag with a reason, for operations whose failure is expected
// (bad input, a locked database). Exceptions are reserved for bugs.
class Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(StatusCode::kInternal, std::move(message)); }
  static Status Invalid(std::string message) { return Status(StatusCode::kInvalidArgument, std::move(message)); }
  static Status NotFound(std::string message) { return Status(StatusCode::kNotFound, std::move(message)); }
  static Status Unavailable(std::string message) { return Status(StatusCode::kUnavailable, std::move(message)); }
  static Status InvalidRecord(std::string message) { return Status(StatusCode::kInvalidRecord, std::move(message)); }
  static Status Conflict(std::string message) { return Status(StatusCode::kConflict, std::move(message)); }
  static Status Unauthenticated(std::string message) { return Status(StatusCode::kUnauthenticated, std::move(message)); }
  static Status PermissionDenied(std::string message) { return Status(StatusCode::kPermissionDenied, std::move(message)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_DIAGNOSTIC_H_
