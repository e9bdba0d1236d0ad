// The JSON Lines loader: one record per line, located by line number, with the
// column of the offending field's key where there is one.
#include <nlohmann/json.hpp>

#include "core/document_json.h"
#include "core/loader.h"
#include "core/unicode.h"

namespace bridges {

namespace {

int KeyColumn(std::string_view line, const std::string& field) {
  std::string key = field.substr(0, field.find('/'));
  if (key.empty()) return 1;
  size_t at = line.find("\"" + key + "\"");
  return at == std::string_view::npos ? 1 : LocationOf(line, at, "").column;
}

}  // namespace

void LoadJsonLines(std::string_view content, const std::string& path, const Vocabularies& vocabularies,
                   const LoadLimits& limits, LoadResult* out, int first_line) {
  int line_number = first_line - 1;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    auto reject = [&](int column, std::string message) {
      out->diagnostics.push_back({{path, line_number, column}, Severity::kError, std::move(message)});
      ++out->rejected;
    };
    size_t bad = 0;
    if (!IsValidUtf8(line, &bad)) {
      reject(LocationOf(line, bad, "").column, "invalid UTF-8 byte sequence");
      continue;
    }
    if (line.size() > limits.max_document_bytes + 65536) {
      reject(1, "record is larger than the limit of " + std::to_string(limits.max_document_bytes) + " bytes");
      continue;
    }
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      std::string what = e.what();
      size_t colon = what.rfind(": ");
      int column = static_cast<int>(std::min<size_t>(e.byte, line.size() + 1));
      reject(std::max(column, 1), "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
      continue;
    }
    std::vector<FieldError> errors;
    Document doc = FromJson(json, &errors);
    if (!errors.empty()) {
      for (const FieldError& e : errors)
        out->diagnostics.push_back({{path, line_number, KeyColumn(line, e.field)}, Severity::kError, e.message});
      ++out->rejected;
      continue;
    }
    doc.source = {path, line_number, 1};
    auto locate = [&](const std::string& field) {
      return SourceLocation{path, line_number, KeyColumn(line, field)};
    };
    AcceptOrReject(std::move(doc), vocabularies, limits, locate, out);
  }
}

}  // namespace bridges
