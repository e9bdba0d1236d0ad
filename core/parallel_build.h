// Builds a database from nothing on several cores: documents are spread over
// one shard per job, each written by its own thread, and the shards are merged
// with Xapian's compaction into the target. Used by the indexer only when the
// target database is new or empty; incremental runs go through IndexWriter.
#ifndef BRIDGES_CORE_PARALLEL_BUILD_H_
#define BRIDGES_CORE_PARALLEL_BUILD_H_

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"
#include "core/index_writer.h"

namespace bridges {

// True if `db_path` holds no database or an empty one, so ParallelBuild may
// replace it.
bool IsNewDatabase(const std::string& db_path);

class ParallelBuild {
 public:
  // Takes the target's write lock (failing like IndexWriter::Open when another
  // writer holds it) and starts `jobs` shard writers in a scratch folder beside
  // the target.
  static Status Start(const IndexWriterOptions& options, int jobs, std::unique_ptr<ParallelBuild>* out);

  ~ParallelBuild();  // without Finish(), the scratch shards are removed and the target is untouched

  // Queues a document; blocks while the shard's queue is full. Documents of
  // one work go to one shard, so its versions keep neighbouring docids. The
  // shard extracts and indexes the document's files too.
  void Add(Document doc);

  // Problems with attached files found so far (bad files, language
  // mismatches), handed over once each. Thread-safe.
  Diagnostics TakeDiagnostics();

  // Waits until every queued document is written (not merged yet), so that
  // every file problem is known. Idempotent; Finish() calls it.
  void Drain();

  // Waits for the shards, merges them into the target and makes it visible in
  // one rename. The target is either as before or complete.
  Status Finish();

  size_t added() const { return added_; }
  // Valid after Drain().
  FileStats file_stats() const;

 private:
  struct Shard {
    std::string path;
    std::mutex mutex;
    std::condition_variable ready, room;
    std::deque<Document> queue;
    bool closed = false;
    std::thread thread;
    std::string error;
    Diagnostics diagnostics;  // guarded by mutex
    FileStats files;          // written by the shard's thread only
  };

  ParallelBuild(const IndexWriterOptions& options, std::string scratch);
  void Work(Shard* shard);
  void Write(Shard* shard, Xapian::WritableDatabase& db, const Analyzer& analyzer, const Document& doc);

  IndexWriterOptions options_;
  std::string scratch_;
  std::unique_ptr<Xapian::WritableDatabase> lock_;
  std::vector<std::unique_ptr<Shard>> shards_;
  size_t added_ = 0;
  bool finished_ = false;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_PARALLEL_BUILD_H_
