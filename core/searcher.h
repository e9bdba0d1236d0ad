// The search layer: SearchRequest in, SearchResponse out. Knows nothing of
// HTTP; searchd's handlers translate parameters to these structs and back.
//
// A Searcher owns one Xapian::Database and is used by one thread at a time:
// searchd gives each worker thread its own. Refresh() picks up a revision the
// indexer committed; every call retries once on DatabaseModifiedError.
#ifndef BRIDGES_CORE_SEARCHER_H_
#define BRIDGES_CORE_SEARCHER_H_

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "core/analyzer.h"
#include "core/diagnostic.h"
#include "core/document.h"
#include "core/facets.h"
#include "core/query_builder.h"
#include "core/result_cache.h"
#include "core/vocabulary.h"

namespace bridges {

enum class SortOrder { kRelevance, kNewest, kOldest, kTitle };

struct SearchRequest {
  std::string q;
  std::string qlang;  // empty: detect, else every language
  std::string ui = "en";
  // Whether `ui` was asked for: only then is the interface language's version
  // of a work shown in preference to the version in the query's language.
  bool ui_explicit = false;
  std::map<layout::Facet, std::vector<std::string>> filters;
  std::optional<int> year_from, year_to;
  bool collapse_works = true;
  SortOrder sort = SortOrder::kRelevance;
  int page = 1;
  int per_page = 10;
  int facet_limit = 50;
  bool with_facets = true;
  int passages = 3;  // per hit, from the files of the record shown (0: none)
};

struct FacetEntry {
  std::string value;
  std::string label;
  uint64_t count = 0;
};

struct Translation {
  std::string id, lang, title;
};

// A passage of one of a hit's files that matches the query: where it is and
// its words in context.
struct HitPassage {
  int file = 0;     // index in the record's `files`, from 0
  int page = 0;     // from 1; 0 for formats without pages
  int passage = 0;  // ordinal within the file, from 1
  std::string snippet;     // HTML-escaped, matches in <mark>
  std::string media_type;  // of the file, so a client can link a PDF to its page
};

struct Hit {
  nlohmann::json record;  // the slim record: id, work, title, lang, type, tags, ...
  double score = 0;
  std::string snippet;
  std::vector<Translation> translations;
  std::vector<HitPassage> passages;  // the best ones, at most SearchRequest::passages
};

struct SearchResponse {
  std::string q;
  std::string qlang;
  bool detected = false;
  std::optional<std::string> corrected;
  uint64_t total = 0;
  int page = 1, per_page = 10;
  std::vector<Hit> hits;
  std::array<std::vector<FacetEntry>, layout::kFacetCount> facets;
  double took_ms = 0;
};

struct Suggestion {
  std::string text;
  std::string kind;  // "title", "city", "domain", "type", "network"
  std::string value; // the tag id for tag suggestions, the document id for titles
};

// One record as sitemaps list it.
struct RecordListing {
  std::string id, lang;
  std::string date;  // YYYY-MM-DD (published, updated or year), may be empty
  std::vector<std::pair<std::string, std::string>> versions;  // (id, lang) of every version, itself included
};

// One file of a published record, as the index knows it: enough to find its
// bytes (core/record_files.h ResolveFilePath) and describe them.
struct IndexedFile {
  std::string record_id;
  std::string record_source;  // the record's source file; empty for store records
  FileRef ref;
  nlohmann::json facts;  // layout::kSlotFiles' object for it: media_type, bytes, sha256, pages, passages...
};

// One passage of a file, in the file's order.
struct FilePassage {
  int passage = 0;
  int page = 0;
  std::string text;
  std::string marked;  // with a query: the text HTML-escaped, its matches in <mark>
};

struct SearcherLimits {
  QueryLimits query;
  int max_per_page = 100;
  int max_result_window = 10000;  // page * per_page
};

class Searcher {
 public:
  // Opens the database read-only. Fails with kUnavailable if it cannot.
  static Status Open(const std::string& db_path, const Vocabularies* vocabularies, const SearcherLimits& limits,
                     std::unique_ptr<Searcher>* out);

  // Reopens the database if a newer revision was committed. Cheap when not.
  void Refresh();

  // Answers repeated searches from `cache` (shared by the threads searching
  // this database; null: no caching). Not owned.
  void set_cache(ResultCache* cache) { cache_ = cache; }

  Status Search(const SearchRequest& request, SearchResponse* response);

  // The whole record, its translations and up to five related documents.
  Status GetDocument(const std::string& id, nlohmann::json* out);

  // Up to `limit` completions of `prefix` from titles, city names and
  // vocabulary labels (labels in `ui` first).
  Status Suggest(const std::string& prefix, const std::string& ui, size_t limit, std::vector<Suggestion>* out);

  // The other language versions of the record `id` (empty if the index does
  // not hold it).
  Status VersionsOf(const std::string& id, std::vector<Translation>* out);

  // File `n` (from 0) of the record `id`. kNotFound when the index has no
  // such record or it has fewer files.
  Status GetFile(const std::string& id, int n, IndexedFile* out);

  // Up to `limit` passages of file `n` of record `id`, from ordinal `from`
  // (1-based) on; *total receives how many the file has. With a non-empty
  // `q`, each passage's `marked` shows where the query's words are (as a
  // search's snippets do, in the file's language). kNotFound as GetFile;
  // kInvalidArgument for a `q` a search would refuse.
  Status FilePassages(const std::string& id, int n, int from, int limit, const std::string& q,
                      std::vector<FilePassage>* out, int* total);

  // Records in docid order: `limit` of them from the `offset`-th; *total
  // receives how many there are.
  Status ListRecords(size_t offset, size_t limit, std::vector<RecordListing>* out, size_t* total);

  // Records in the index (every language version; not works, not the
  // passages of their files).
  uint64_t document_count();
  uint64_t revision();

 private:
  Searcher(std::string path, const Vocabularies* vocabularies, const SearcherLimits& limits);
  Status Reopen();
  template <typename F>
  Status WithRetry(F f);
  Status SearchOnce(const SearchRequest& request, SearchResponse* response);
  Status Validate(const SearchRequest& request) const;
  std::vector<FilterGroup> Filters(const SearchRequest& request) const;
  void Collect(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built, SearchResponse* response);
  std::string Snippet(const Xapian::Document& doc, const nlohmann::json& record, const BuiltQuery& built);
  std::vector<Translation> TranslationsOf(Xapian::docid docid);
  std::vector<HitPassage> PassagesOf(const Xapian::Document& record_doc, const std::string& record_id,
                                     const BuiltQuery& built, int limit);
  std::string LangOf(Xapian::docid docid) const;
  void Label(const SearchRequest& request, const std::array<std::vector<FacetValueCount>, layout::kFacetCount>& counts,
             SearchResponse* response) const;
  std::optional<std::string> Correct(const std::string& q, const BuiltQuery& built);

  std::string path_;
  const Vocabularies* vocabularies_;
  SearcherLimits limits_;
  Analyzer analyzer_;
  Xapian::Database db_;
  std::shared_ptr<const FacetTable> table_;
  ResultCache* cache_ = nullptr;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_SEARCHER_H_
