#include "core/parallel_build.h"

#include <unistd.h>

#include <filesystem>
#include <functional>

#include "core/index_layout.h"

namespace bridges {

namespace fs = std::filesystem;

namespace {
constexpr size_t kQueueLimit = 64;  // documents waiting per shard: bounds memory
}

bool IsNewDatabase(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) return true;
  try {
    return Xapian::Database(db_path).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;  // let IndexWriter report what is wrong with it
  }
}

ParallelBuild::ParallelBuild(const IndexWriterOptions& options, std::string scratch)
    : options_(options), scratch_(std::move(scratch)) {}

Status ParallelBuild::Start(const IndexWriterOptions& options, int jobs, std::unique_ptr<ParallelBuild>* out) {
  setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(options.flush_threshold).c_str(), 1);
  std::string scratch = options.db_path + ".build-" + std::to_string(getpid());
  std::unique_ptr<ParallelBuild> build(new ParallelBuild(options, scratch));
  try {
    // Holding the target's lock keeps a second indexer out for the whole build.
    build->lock_ = std::make_unique<Xapian::WritableDatabase>(options.db_path, Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Error("database " + options.db_path +
                         " is locked: another indexer (or curation writer) is writing to it; nothing was changed");
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot open database " + options.db_path + ": " + e.get_description());
  }
  // Scratch folders of runs that were killed: no other writer can be using
  // them, since we hold the target's lock.
  std::error_code ec;
  fs::path target = fs::absolute(options.db_path).lexically_normal();
  std::string stale_prefix = target.filename().string() + ".build-";
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec))
    if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) fs::remove_all(entry.path(), ec);
  ec.clear();
  fs::create_directories(scratch, ec);
  if (ec) return Status::Error("cannot create " + scratch + ": " + ec.message());
  for (int j = 0; j < jobs; ++j) {
    auto shard = std::make_unique<Shard>();
    shard->path = scratch + "/shard" + std::to_string(j);
    build->shards_.push_back(std::move(shard));
  }
  for (auto& shard : build->shards_) shard->thread = std::thread(&ParallelBuild::Work, build.get(), shard.get());
  *out = std::move(build);
  return Status::Ok();
}

void ParallelBuild::Work(Shard* shard) {
  try {
    Xapian::WritableDatabase db(shard->path, Xapian::DB_CREATE_OR_OVERWRITE);
    Analyzer analyzer;
    for (;;) {
      Document doc;
      {
        std::unique_lock<std::mutex> lock(shard->mutex);
        shard->ready.wait(lock, [&] { return !shard->queue.empty() || shard->closed; });
        if (shard->queue.empty()) break;
        doc = std::move(shard->queue.front());
        shard->queue.pop_front();
      }
      shard->room.notify_one();
      Write(shard, db, analyzer, doc);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    std::lock_guard<std::mutex> lock(shard->mutex);
    shard->error = e.get_description();
    shard->closed = true;
    shard->queue.clear();
    shard->room.notify_all();
  }
}

void ParallelBuild::Write(Shard* shard, Xapian::WritableDatabase& db, const Analyzer& analyzer, const Document& doc) {
  std::vector<FileFacts> facts = DigestRecordFiles(doc, options_.files);
  std::string hash = ContentHash(doc, FilesKey(doc, facts));
  Diagnostics diagnostics;
  RecordFilesState files = IndexRecordFiles(doc, analyzer, options_.files, &db, &facts, &diagnostics, &shard->files);
  if (files.key == "!") hash = "!";  // retried next run, as IndexWriter does
  db.add_document(BuildXapianDocument(doc, analyzer, hash, files));
  analyzer.ForEachWord(doc.title, [&](const std::string& w) { db.add_spelling(w); });
  if (diagnostics.empty()) return;
  std::lock_guard<std::mutex> lock(shard->mutex);
  for (Diagnostic& d : diagnostics) shard->diagnostics.push_back(std::move(d));
}

Diagnostics ParallelBuild::TakeDiagnostics() {
  Diagnostics out;
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mutex);
    for (Diagnostic& d : shard->diagnostics) out.push_back(std::move(d));
    shard->diagnostics.clear();
  }
  return out;
}

FileStats ParallelBuild::file_stats() const {
  FileStats total;
  for (const auto& shard : shards_) total.Add(shard->files);
  return total;
}

void ParallelBuild::Add(Document doc) {
  Shard& shard = *shards_[std::hash<std::string>()(doc.work) % shards_.size()];
  std::unique_lock<std::mutex> lock(shard.mutex);
  shard.room.wait(lock, [&] { return shard.queue.size() < kQueueLimit || shard.closed; });
  if (shard.closed) return;  // the shard failed; Finish() reports it
  shard.queue.push_back(std::move(doc));
  ++added_;
  shard.ready.notify_one();
}

void ParallelBuild::Drain() {
  for (auto& shard : shards_) {
    {
      std::lock_guard<std::mutex> lock(shard->mutex);
      shard->closed = true;
    }
    shard->ready.notify_all();
  }
  for (auto& shard : shards_)
    if (shard->thread.joinable()) shard->thread.join();
}

Status ParallelBuild::Finish() {
  Drain();
  for (auto& shard : shards_)
    if (!shard->error.empty()) return Status::Error("shard " + shard->path + ": " + shard->error);
  std::string merged = scratch_ + "/merged";
  try {
    Xapian::Database all;
    for (auto& shard : shards_) all.add_database(Xapian::Database(shard->path));
    all.compact(merged);  // shard after shard: docids stay in order within each
    Xapian::WritableDatabase out(merged, Xapian::DB_OPEN);
    out.set_metadata(std::string(layout::kLayoutVersionKey), std::string(layout::kLayoutVersion));
    out.commit();
  } catch (const Xapian::Error& e) {
    return Status::Error("merging shards failed: " + e.get_description());
  }
  // The target is new or empty: swap it for the merged database.
  lock_.reset();
  std::error_code ec;
  std::string old = scratch_ + "/old";
  fs::rename(options_.db_path, old, ec);
  fs::rename(merged, options_.db_path, ec);
  if (ec) return Status::Error("cannot move the new database into " + options_.db_path + ": " + ec.message());
  fs::remove_all(scratch_, ec);
  finished_ = true;
  return Status::Ok();
}

ParallelBuild::~ParallelBuild() {
  if (finished_) return;
  Drain();
  std::error_code ec;
  fs::remove_all(scratch_, ec);
}

}  // namespace bridges
