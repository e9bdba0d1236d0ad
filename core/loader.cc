#include "core/loader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace bridges {

namespace fs = std::filesystem;

namespace {

constexpr size_t kJsonLinesBatch = 2000;

void RejectFile(LoadResult* out, SourceLocation where, std::string message) {
  out->diagnostics.push_back({std::move(where), Severity::kError, std::move(message)});
  ++out->rejected;
}

void StreamJsonLines(const std::string& path, const Vocabularies& vocabularies, const LoadOptions& limits,
                     const std::function<void(LoadResult&&)>& emit) {
  std::ifstream in(path, std::ios::binary);
  std::string line, chunk;
  int line_number = 0, chunk_first_line = 1;
  size_t lines_in_chunk = 0;
  auto flush = [&] {
    LoadResult batch;
    LoadJsonLines(chunk, path, vocabularies, limits, &batch, chunk_first_line);
    chunk.clear();
    lines_in_chunk = 0;
    chunk_first_line = line_number + 1;
    emit(std::move(batch));
  };
  while (std::getline(in, line)) {
    ++line_number;
    chunk += line;
    chunk += '\n';
    if (++lines_in_chunk >= kJsonLinesBatch) flush();
  }
  if (lines_in_chunk > 0) flush();
}

void StreamFile(const std::string& path, const Vocabularies& vocabularies, const LoadOptions& limits,
                const std::function<void(LoadResult&&)>& emit) {
  LoadResult result;
  result.files.push_back(path);
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    RejectFile(&result, {path, 0, 0}, "cannot read file: " + ec.message());
    return emit(std::move(result));
  }
  if (path.ends_with(".jsonl")) {
    emit(std::move(result));
    return StreamJsonLines(path, vocabularies, limits, emit);
  }
  if (size > limits.max_file_bytes) {
    RejectFile(&result, {path, 1, 1},
               "file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limits.max_file_bytes));
    return emit(std::move(result));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  LoadXml(buffer.str(), path, vocabularies, limits, &result);
  emit(std::move(result));
}

}  // namespace

std::string Digest(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

size_t DocumentTextBytes(const Document& doc) {
  size_t n = doc.title.size() + doc.summary.size();
  for (const Section& s : doc.body) {
    n += s.heading.size();
    for (const std::string& p : s.paragraphs) n += p.size();
  }
  return n;
}

SourceLocation LocationOf(std::string_view content, size_t offset, const std::string& path) {
  SourceLocation loc{path, 1, 1};
  offset = std::min(offset, content.size());
  for (size_t i = 0; i < offset; ++i) {
    if (content[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  return loc;
}

std::vector<std::string> ListInputFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string p = entry.path().string();
      if (p.ends_with(".xml") || p.ends_with(".jsonl")) found.push_back(p);
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void StreamPaths(const std::vector<std::string>& paths, const Vocabularies& vocabularies, const LoadOptions& limits,
                 const std::function<void(LoadResult&&)>& consume) {
  std::unordered_map<std::string, SourceLocation> first;
  auto dedupe = [&](LoadResult&& batch) {
    std::vector<Document> unique;
    unique.reserve(batch.documents.size());
    for (Document& doc : batch.documents) {
      auto [it, inserted] = first.emplace(doc.id, doc.source);
      if (inserted) {
        unique.push_back(std::move(doc));
        continue;
      }
      const SourceLocation& f = it->second;
      batch.diagnostics.push_back({doc.source, Severity::kError,
                                   "duplicate id '" + doc.id + "' (first defined at " + f.path + ":" +
                                       std::to_string(f.line) + ":" + std::to_string(f.column) + ")"});
      ++batch.rejected;
    }
    batch.documents = std::move(unique);
    consume(std::move(batch));
  };
  for (const std::string& file : ListInputFiles(paths)) StreamFile(file, vocabularies, limits, dedupe);
}

bool ReadOneRecord(std::string_view content, RecordFormat format, const Vocabularies& vocabularies,
                   const LoadOptions& limits, Document* doc, std::vector<FieldError>* errors) {
  const std::string label = "request body";
  const size_t before = errors->size();
  LoadResult result;
  if (format == RecordFormat::kXml) {
    LoadXml(content, label, vocabularies, limits, &result);
  } else {
    // The JSON Lines loader is the one JSON validator; a pretty-printed body
    // becomes one line for it.
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& e) {
      errors->push_back({"", std::string("malformed JSON: ") + e.what()});
      return false;
    }
    LoadJsonLines(json.dump(), label, vocabularies, limits, &result);
  }
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Severity::kError) errors->push_back({d.field, d.message});
  if (errors->size() != before) return false;
  if (result.documents.size() != 1) {
    errors->push_back({"", "the body must hold exactly one document, not " + std::to_string(result.documents.size())});
    return false;
  }
  *doc = std::move(result.documents.front());
  doc->source = {};
  doc->source_digest.clear();
  return true;
}

LoadResult LoadPaths(const std::vector<std::string>& paths, const Vocabularies& vocabularies, const LoadOptions& limits) {
  LoadResult all;
  StreamPaths(paths, vocabularies, limits, [&](LoadResult&& batch) {
    for (Document& d : batch.documents) all.documents.push_back(std::move(d));
    for (Diagnostic& d : batch.diagnostics) all.diagnostics.push_back(std::move(d));
    all.rejected += batch.rejected;
    all.skipped_unchanged += batch.skipped_unchanged;
    all.files.insert(all.files.end(), batch.files.begin(), batch.files.end());
  });
  return all;
}

}  // namespace bridges
