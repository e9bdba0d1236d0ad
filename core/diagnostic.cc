#include "core/diagnostic.h"

namespace bridges {

std::string Diagnostic::ToString() const {
  std::string out = where.path;
  out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  return out;
}

}  // namespace bridges
