#include "core/diagnostic.h"

namespace bridges {

std::string Diagnostic::ToString() const {
  std::string out = where.path;
  // A problem with a file as a whole (an attached PDF) has no line to point at.
  if (where.line > 0) out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column);
  out += ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  return out;
}

}  // namespace bridges
