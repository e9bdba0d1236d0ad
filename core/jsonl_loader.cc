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

// The value of the top-level "id" key, found without parsing the line; empty
// if it is not a plain string (the full parse then reports what is wrong).
std::string TopLevelId(std::string_view line) {
  int depth = 0;
  bool expect_key = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '{' || c == '[') {
      ++depth;
      expect_key = c == '{' && depth == 1;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
      if (end >= line.size()) return "";
      bool is_id_key = expect_key && depth == 1 && line.substr(i + 1, end - i - 1) == "id";
      expect_key = false;
      i = end;
      if (!is_id_key) continue;
      size_t v = line.find_first_not_of(" \t:", end + 1);
      if (v == std::string_view::npos || line[v] != '"') return "";
      size_t close = line.find('"', v + 1);
      std::string_view id = line.substr(v + 1, close == std::string_view::npos ? 0 : close - v - 1);
      if (close == std::string_view::npos || id.find('\\') != std::string_view::npos) return "";
      return std::string(id);
    }
  }
  return "";
}

}  // namespace

void LoadJsonLines(std::string_view content, const std::string& path, const Vocabularies& vocabularies,
                   const LoadOptions& limits, LoadResult* out, int first_line) {
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
    std::string digest = Digest(line);
    if (limits.skip_unchanged) {
      std::string id = TopLevelId(line);
      if (!id.empty() && limits.skip_unchanged(id, digest)) {
        ++out->skipped_unchanged;
        continue;
      }
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
        out->diagnostics.push_back({{path, line_number, KeyColumn(line, e.field)}, Severity::kError, e.message, e.field});
      ++out->rejected;
      continue;
    }
    doc.source = {path, line_number, 1};
    doc.source_digest = digest;
    auto locate = [&](const std::string& field) {
      return SourceLocation{path, line_number, KeyColumn(line, field)};
    };
    AcceptOrReject(std::move(doc), vocabularies, limits, locate, out);
  }
}

}  // namespace bridges
