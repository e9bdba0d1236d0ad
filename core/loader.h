// Loading documents from files and folders. XML and JSON Lines loaders both
// produce validated Documents and report rejections as path:line:col
// diagnostics; a bad document never stops the others from loading.
#ifndef BRIDGES_CORE_LOADER_H_
#define BRIDGES_CORE_LOADER_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"
#include "core/document_json.h"
#include "core/vocabulary.h"

namespace bridges {

struct LoadOptions {
  size_t max_file_bytes = 64u << 20;     // a whole input file
  size_t max_document_bytes = 4u << 20;  // the text of one document
  // Optional. Asked before a JSON line is parsed, with the record's id and the
  // digest of the line's bytes (Document::source_digest); returning true
  // skips the line as unchanged, which makes re-runs over a large unchanged
  // import cost a hash per line instead of a parse and a validation.
  std::function<bool(const std::string& id, const std::string& digest)> skip_unchanged;
};

struct LoadResult {
  std::vector<Document> documents;  // valid documents, in input order
  Diagnostics diagnostics;          // one error per rejected document, plus warnings
  size_t rejected = 0;              // documents refused
  size_t skipped_unchanged = 0;     // lines LoadOptions::skip_unchanged skipped
  std::vector<std::string> files;   // input files read
};

// The .xml and .jsonl files under `paths` (files, or folders read
// recursively), in name order.
std::vector<std::string> ListInputFiles(const std::vector<std::string>& paths);

// Streams every document under `paths` to `consume` in batches (a whole XML
// file, or a few thousand JSON lines), so memory stays bounded whatever the
// input size. A document whose id was already seen in this call is rejected
// with a pointer to the first one.
void StreamPaths(const std::vector<std::string>& paths, const Vocabularies& vocabularies, const LoadOptions& limits,
                 const std::function<void(LoadResult&&)>& consume);

// StreamPaths() gathered into one result.
LoadResult LoadPaths(const std::vector<std::string>& paths, const Vocabularies& vocabularies,
                     const LoadOptions& limits = {});

// Loaders over content in memory; `path` only labels diagnostics.
void LoadXml(std::string_view content, const std::string& path, const Vocabularies& vocabularies,
             const LoadOptions& limits, LoadResult* out);
// `first_line` is the line number of the first line of `content` in its file.
void LoadJsonLines(std::string_view content, const std::string& path, const Vocabularies& vocabularies,
                   const LoadOptions& limits, LoadResult* out, int first_line = 1);

enum class RecordFormat { kJson, kXml };

// Reads one record from `content`: a JSON object, or XML holding one
// <document> (alone or in a <collection>). It is validated exactly as the
// loaders validate files, with the same rules and messages. Returns true and
// sets *doc, or returns false and appends one FieldError per problem to
// *errors (field "" when the problem is not in one field); *doc is then
// unspecified.
bool ReadOneRecord(std::string_view content, RecordFormat format, const Vocabularies& vocabularies,
                   const LoadOptions& limits, Document* doc, std::vector<FieldError>* errors);

// Internal to the loaders: validates `doc` and either keeps it or records one
// diagnostic per field error at the location `locate` gives for that field.
template <typename Locate>
void AcceptOrReject(Document doc, const Vocabularies& vocabularies, const LoadOptions& limits, Locate locate,
                    LoadResult* out);

// Approximate size of a document's text, for LoadOptions::max_document_bytes.
size_t DocumentTextBytes(const Document& doc);

// A 64-bit FNV-1a digest of `bytes`, as 16 hex digits.
std::string Digest(std::string_view bytes);

// Line and column (1-based) of a byte offset in `content`.
SourceLocation LocationOf(std::string_view content, size_t offset, const std::string& path);

}  // namespace bridges

#include "core/validator.h"

namespace bridges {

template <typename Locate>
void AcceptOrReject(Document doc, const Vocabularies& vocabularies, const LoadOptions& limits, Locate locate,
                    LoadResult* out) {
  std::vector<FieldError> errors;
  ValidateDocument(vocabularies, &doc, &errors);
  if (errors.empty() && DocumentTextBytes(doc) > limits.max_document_bytes)
    errors.push_back({"", "document is larger than the limit of " + std::to_string(limits.max_document_bytes) + " bytes"});
  if (errors.empty()) {
    out->documents.push_back(std::move(doc));
    return;
  }
  for (const FieldError& e : errors) out->diagnostics.push_back({locate(e.field), Severity::kError, e.message, e.field});
  ++out->rejected;
}

}  // namespace bridges

#endif  // BRIDGES_CORE_LOADER_H_
