// bridges-indexer: loads documents (XML, JSON Lines) and the files attached to
// them, and writes them into the Xapian database in one atomic commit.
// `bridges-indexer intake DIR --out DIR2` proposes draft records for a folder
// of files instead (indexer/intake_command.cc).
//
// Exit status: 0 all indexed; 1 some documents or files rejected (the rest
// committed); 2 nothing committed (usage error, unusable database, --strict
// rejection).
#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/curation.h"
#include "core/index_layout.h"
#include "core/index_writer.h"
#include "core/loader.h"
#include "core/parallel_build.h"
#include "core/record_files.h"
#include "core/vocabulary.h"
#include "indexer/intake_command.h"
#include "indexer/progress.h"

namespace {

int DefaultJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 4u));
}

struct IndexerOptions {
  std::string db;
  std::string schema_dir;
  std::string from_store;
  bool prune = false;
  bool strict = false;
  bool check = false;
  bool quiet = false;
  int flush_threshold = 500;
  int jobs = DefaultJobs();
  uint64_t max_file_bytes = bridges::files::ExtractLimits{}.max_file_bytes;
  std::vector<std::string> paths;
};

constexpr const char* kUsage =
    "usage: bridges-indexer --db DIR [--prune] [--strict] [--check] [--quiet]\n"
    "                       [--vocabularies DIR] [--flush-threshold N] [--jobs N]\n"
    "                       [--max-file-size SIZE] PATH...\n"
    "       bridges-indexer --db DIR --from-store FILE\n"
    "       bridges-indexer intake DIR --out DIR2 [--jobs N] [--max-file-size SIZE]\n"
    "  PATH           an XML file, a .jsonl file, or a folder read recursively\n"
    "  --from-store   rebuild the index from the curation store's published documents\n"
    "  --check        validate only, attached files included; write nothing (no --db needed)\n"
    "  --prune        delete indexed documents whose source is gone from PATHs\n"
    "  --strict       commit nothing if any document or file is rejected\n"
    "  --quiet        no progress output\n"
    "  --jobs N       threads for building a new database (default: cores, at most 4)\n"
    "  --max-file-size SIZE  largest attached file read, e.g. 100M (the default), 2G\n"
    "  intake         propose draft records (DIR2/<work>.xml) for the files in DIR\n";

bool ParseArgs(int argc, char** argv, IndexerOptions* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = a + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (a == "--db") {
      if (!value(&o->db)) return false;
    } else if (a == "--vocabularies") {
      if (!value(&o->schema_dir)) return false;
    } else if (a == "--from-store") {
      if (!value(&o->from_store)) return false;
    } else if (a == "--flush-threshold") {
      std::string n;
      if (!value(&n)) return false;
      o->flush_threshold = std::atoi(n.c_str());
      if (o->flush_threshold <= 0) {
        *error = "--flush-threshold must be a positive number";
        return false;
      }
    } else if (a == "--jobs") {
      std::string n;
      if (!value(&n)) return false;
      o->jobs = std::atoi(n.c_str());
      if (o->jobs <= 0 || o->jobs > 64) {
        *error = "--jobs must be between 1 and 64";
        return false;
      }
    } else if (a == "--max-file-size") {
      std::string n;
      if (!value(&n)) return false;
      if (!bridges::files::ParseByteSize(n, &o->max_file_bytes)) {
        *error = "--max-file-size must be a size such as 100M or 2G";
        return false;
      }
    } else if (a == "--prune") o->prune = true;
    else if (a == "--strict") o->strict = true;
    else if (a == "--check") o->check = true;
    else if (a == "--quiet") o->quiet = true;
    else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (a.rfind("--", 0) == 0) {
      *error = "unknown option " + a;
      return false;
    } else o->paths.push_back(a);
  }
  if (!o->from_store.empty()) {
    if (o->db.empty()) *error = "--from-store needs --db DIR";
    else if (!o->paths.empty() || o->check || o->prune) *error = "--from-store takes no PATH, --check or --prune";
    return error->empty();
  }
  if (o->paths.empty()) *error = "no PATH given";
  else if (o->db.empty() && !o->check) *error = "--db DIR is required (or --check)";
  for (const std::string& p : o->paths)
    if (error->empty() && !std::filesystem::exists(p)) *error = "no such file or folder: " + p;
  return error->empty();
}

uint64_t InputBytes(const std::vector<std::string>& files) {
  uint64_t total = 0;
  for (const std::string& f : files) {
    std::error_code ec;
    total += std::filesystem::file_size(f, ec);
  }
  return total;
}

// Prints each diagnostic; returns how many are errors.
size_t Print(const bridges::Diagnostics& diagnostics) {
  size_t errors = 0;
  for (const bridges::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
    errors += d.severity == bridges::Severity::kError ? 1 : 0;
  }
  return errors;
}

// --check reads attached files as indexing would, writing nothing.
void CheckFiles(const bridges::Document& doc, const bridges::FileOptions& options, bridges::FileStats* stats) {
  if (doc.files.empty()) return;
  static const bridges::Analyzer analyzer;
  std::vector<bridges::FileFacts> facts = bridges::DigestRecordFiles(doc, options);
  bridges::Diagnostics diagnostics;
  bridges::IndexRecordFiles(doc, analyzer, options, nullptr, &facts, &diagnostics, stats);
  Print(diagnostics);
}

std::string Summary(const IndexerOptions& o, size_t loaded, size_t rejected, const bridges::IndexStats& stats,
                     const bridges::FileStats& files, double seconds) {
  char line[512];
  int n = std::snprintf(line, sizeof line,
                        "%s %zu (added %zu, updated %zu, unchanged %zu), deleted %zu, rejected %zu in %.2f s (%.0f docs/s)",
                        o.check ? "checked" : "indexed", loaded, o.check ? 0 : stats.added, stats.updated,
                        stats.unchanged, stats.deleted, rejected, seconds, seconds > 0 ? loaded / seconds : 0.0);
  if (files.files + files.failed > 0 && n > 0 && static_cast<size_t>(n) < sizeof line)
    std::snprintf(line + n, sizeof line - static_cast<size_t>(n),
                  "; files: %zu read, %zu failed, %zu pages, %zu passages (%.0f pages/s)", files.files, files.failed,
                  files.pages, files.passages, seconds > 0 ? files.pages / seconds : 0.0);
  return line;
}

bridges::IndexWriterOptions WriterOptions(const IndexerOptions& o) {
  bridges::IndexWriterOptions options{o.db, o.flush_threshold, {}};
  options.files.limits.max_file_bytes = o.max_file_bytes;
  return options;
}

// The index of a curation store is rebuilt from the store; it is written only
// by searchd and --from-store.
int RebuildFromStore(const IndexerOptions& o) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<bridges::Store> store;
  std::unique_ptr<bridges::IndexWriter> writer;
  bridges::SyncStats stats;
  bridges::Status s = bridges::Store::Open(o.from_store, &store);
  bridges::IndexWriterOptions options = WriterOptions(o);
  // The store's records name their files by hash: the store's blobs.
  options.files.store_files = bridges::StoreFilesDir(o.from_store);
  if (s.ok()) s = bridges::IndexWriter::Open(options, &writer);
  if (s.ok()) s = bridges::SyncIndex(*store, *writer, true, &stats);
  if (!s.ok()) {
    std::cerr << "bridges-indexer: " << s.message() << "\n";
    return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rebuilt from %s: %zu documents applied, store change %lld, in %.2f s\n", o.from_store.c_str(),
              stats.applied, static_cast<long long>(stats.seq), seconds);
  return 0;
}

int Run(const IndexerOptions& o) {
  if (!o.from_store.empty()) return RebuildFromStore(o);
  auto start = std::chrono::steady_clock::now();
  bridges::Vocabularies vocabularies;
  bridges::Status s = bridges::Vocabularies::Load(
      o.schema_dir.empty() ? bridges::Vocabularies::DefaultDir() : o.schema_dir, &vocabularies);
  if (!s.ok()) {
    std::cerr << "bridges-indexer: " << s.message() << "\n";
    return 2;
  }
  const bridges::IndexWriterOptions writer_options = WriterOptions(o);
  std::unique_ptr<bridges::IndexWriter> writer;
  std::unique_ptr<bridges::ParallelBuild> build;
  if (!o.check) {
    // A new database is built on every core, in shards merged at the end;
    // updates to an existing one go through the single atomic writer.
    if (o.jobs > 1 && bridges::IsNewDatabase(o.db)) {
      s = bridges::ParallelBuild::Start(writer_options, o.jobs, &build);
    } else {
      s = bridges::IndexWriter::Open(writer_options, &writer);
    }
    if (s.ok() && writer && !writer->database().get_metadata(std::string(bridges::layout::kStoreIdKey)).empty())
      s = bridges::Status::Error("database " + o.db +
                                 " is kept in step with a curation store: change documents through the API, or "
                                 "rebuild it with --from-store");
    if (!s.ok()) {
      std::cerr << "bridges-indexer: " << s.message() << "\n";
      return 2;
    }
  }
  std::vector<std::string> files = bridges::ListInputFiles(o.paths);
  bridges::Progress progress(o.quiet, InputBytes(files));
  size_t loaded = 0, rejected = 0, file_errors = 0;
  bridges::FileStats checked_files;
  uint64_t bytes_done = 0;
  bool failed = false;
  bridges::LoadOptions load_options;
  if (writer) {
    load_options.skip_unchanged = [&](const std::string& id, const std::string& digest) {
      return writer->SkipIfUnchanged(id, digest);
    };
  }
  bridges::StreamPaths(o.paths, vocabularies, load_options, [&](bridges::LoadResult&& batch) {
    for (const bridges::Diagnostic& d : batch.diagnostics) std::cerr << d.ToString() << "\n";
    rejected += batch.rejected;
    loaded += batch.skipped_unchanged;
    for (const std::string& f : batch.files) {
      std::error_code ec;
      bytes_done += std::filesystem::file_size(f, ec);
    }
    for (bridges::Document& doc : batch.documents) {
      if (!writer || failed) {
        ++loaded;
        if (o.check) CheckFiles(doc, writer_options.files, &checked_files);
        if (build) build->Add(std::move(doc));
        continue;
      }
      bridges::Diagnostics file_diagnostics;
      bridges::Status u = writer->Upsert(doc, &file_diagnostics);
      file_errors += Print(file_diagnostics);
      if (u.code() == bridges::StatusCode::kInvalidArgument) {
        std::cerr << bridges::Diagnostic{doc.source, bridges::Severity::kError, u.message()}.ToString() << "\n";
        ++rejected;
        continue;
      }
      ++loaded;
      if (!u.ok()) {
        std::cerr << doc.source.path << ":" << doc.source.line << ":" << doc.source.column << ": error: " << u.message()
                  << "\n";
        failed = true;
      }
    }
    if (build) file_errors += Print(build->TakeDiagnostics());
    progress.Update(loaded, bytes_done);
  });
  if (build) {
    build->Drain();
    file_errors += Print(build->TakeDiagnostics());
  }
  progress.Finish();
  if (failed) return 2;
  if (o.check) file_errors = checked_files.failed;
  if (o.strict && rejected + file_errors > 0) {
    std::cerr << "bridges-indexer: " << rejected << " document(s) and " << file_errors
              << " file(s) rejected; --strict: nothing committed\n";
    return 2;
  }
  if (build) {
    s = build->Finish();
    if (!s.ok()) {
      std::cerr << "bridges-indexer: " << s.message() << "\n";
      return 2;
    }
  }
  if (writer) {
    if (o.prune) writer->PruneUnseen(o.paths);
    s = writer->Commit();
    if (!s.ok()) {
      std::cerr << "bridges-indexer: " << s.message() << "\n";
      return 2;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bridges::IndexStats stats = writer ? writer->stats() : bridges::IndexStats{};
  if (build) stats.added = build->added();
  if (o.check) stats.added = loaded;
  bridges::FileStats file_stats = writer ? writer->file_stats() : build ? build->file_stats() : checked_files;
  std::cout << Summary(o, loaded, rejected, stats, file_stats, seconds) << "\n";
  return rejected + file_errors > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "intake") return bridges::RunIntake(argc - 1, argv + 1);
  IndexerOptions options;
  std::string error;
  if (!ParseArgs(argc, argv, &options, &error)) {
    std::cerr << "bridges-indexer: " << error << "\n" << kUsage;
    return 2;
  }
  return Run(options);
}
