// Writes Documents into the Xapian database. Every change between two commits
// is committed atomically by Commit(), or not at all. The indexer makes one
// run per writer; searchd's curation writer keeps one writer (and Xapian's
// write lock) for its lifetime and commits once per change.
#ifndef BRIDGES_CORE_INDEX_WRITER_H_
#define BRIDGES_CORE_INDEX_WRITER_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/diagnostic.h"
#include "core/document.h"
#include "core/vocabulary.h"

namespace bridges {

struct IndexWriterOptions {
  std::string db_path;
  // Xapian writes its buffered changes to disk (still uncommitted) every this
  // many documents. Measured: 100-500 is fastest and keeps memory small;
  // Xapian's default of 10,000 is the slowest and passes 1 GB.
  int flush_threshold = 500;
};

struct IndexStats {
  size_t added = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t deleted = 0;
};

// The Xapian document for `doc`: every term, value and the stored record.
// Exposed for golden tests and for the benchmark.
Xapian::Document BuildXapianDocument(const Document& doc, const Analyzer& analyzer, const std::string& content_hash);

// A stable 64-bit hash of the document's content, as hex.
std::string ContentHash(const Document& doc);

class IndexWriter {
 public:
  // Opens (creating if needed) the database and takes Xapian's write lock.
  // Fails with a clear message if another writer holds it or the database is
  // unreadable; nothing is changed then.
  static Status Open(const IndexWriterOptions& options, std::unique_ptr<IndexWriter>* out);

  ~IndexWriter();  // an uncommitted run is abandoned: the database keeps its last commit

  // Adds `doc`, replaces the document with its id, or skips it when its
  // content hash is unchanged. Fails with kInvalidArgument, changing nothing,
  // if a document with this id was already written or skipped in this run.
  Status Upsert(const Document& doc);

  // True (and counted as unchanged) if the document with this id was indexed
  // from a JSON line with this digest, so the line need not be parsed again.
  // A second occurrence of an id in one run is never skipped.
  bool SkipIfUnchanged(const std::string& id, const std::string& digest);

  // Deletes the document with this id; false if there was none. Replacing or
  // deleting a document also takes its title's words out of the spelling
  // data, so corrections never point at words that no title has any more.
  bool Delete(const std::string& id);

  // Deletes every document not upserted in this run whose source file lies
  // under one of `roots` (files or folders), i.e. whose source is gone.
  void PruneUnseen(const std::vector<std::string>& roots);

  // Commits the run as one revision, with any metadata set on database(),
  // then starts the next run (ids may be written again). After a failure the
  // run's changes are lost and the writer must be discarded.
  Status Commit();

  const IndexStats& stats() const { return stats_; }
  Xapian::WritableDatabase& database() { return db_; }

 private:
  struct Known {
    Xapian::docid docid;
    std::string hash;
    std::string source;
    std::string digest;  // of the JSON line it came from, if any
    bool seen = false;
  };

  explicit IndexWriter(Xapian::WritableDatabase db);
  void LoadKnown();
  void ForgetTitleSpelling(Xapian::docid docid);
  const std::string& AbsoluteSource(const std::string& path);

  Xapian::WritableDatabase db_;
  Analyzer analyzer_;
  std::unordered_map<std::string, Known> known_;
  IndexStats stats_;
  bool in_transaction_ = false;
  std::string last_source_, last_absolute_;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_INDEX_WRITER_H_
