// The files attached to a record, as the index sees them: their digests (to
// notice changes), their passages (extracted, language-detected, analysed
// and written as passage documents), and the facts kept about each file.
//
// A bad file never stops its record: it is reported as "path: error: reason"
// and the record is indexed without it.
#ifndef BRIDGES_CORE_RECORD_FILES_H_
#define BRIDGES_CORE_RECORD_FILES_H_

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/diagnostic.h"
#include "core/document.h"
#include "core/files/extract.h"
#include "core/files/passages.h"

namespace bridges {

struct FileOptions {
  files::ExtractLimits limits;
  files::PassageOptions passages;
  // The curation store's blob folder (StoreFilesDir in core/store.h) when the
  // records come from a store; empty when they come from files.
  std::string store_files;
};

// What is known about one file of a record, in the record's `files` order.
struct FileFacts {
  std::string path;  // resolved against the record's folder, as printed in messages
  std::string sha256;
  uint64_t bytes = 0;
  files::FileMetadata meta;  // format, media type and the file's own metadata
  std::string lang;          // the language its passages were analysed in
  std::string detected;      // CLD2's reading of its language, when it was not declared
  size_t passages = 0;
  std::string error;  // why it is not indexed; empty when it is
};

struct FileStats {
  size_t files = 0;   // read and indexed
  size_t failed = 0;  // reported as errors
  size_t pages = 0;   // of paged formats
  size_t passages = 0;
  void Add(const FileStats& other);
};

// Where the bytes of `ref` are on disk: the one place a FileRef becomes a
// path. A ref with a sha256 is the store's blob when `store_files` (the
// store's blob folder) is given; otherwise the path is relative to the folder
// of the record's file `record_source`.
std::string ResolveFilePath(const std::string& record_source, const FileRef& ref, const std::string& store_files);

// Resolves every file of `doc` and reads its SHA-256 (or the reason it
// cannot be read: missing, over the size limit, or not the content its
// declared sha256 names). Reads each file once, which
// is cheap next to extracting it; done on every run so a changed file is
// noticed even when its record is not.
std::vector<FileFacts> DigestRecordFiles(const Document& doc, const FileOptions& options);

// One string that changes when any file's path, language or content does;
// empty for a record without files.
std::string FilesKey(const Document& doc, const std::vector<FileFacts>& facts);

// What a record's Xapian document keeps about its files: the files key of
// layout::kSlotSource ("!" when a file failed, so the record is retried on
// the next run) and the facts of layout::kSlotFiles (a JSON array).
struct RecordFilesState {
  std::string key;
  std::string facts_json;
};

// Extracts the files of `doc` whose digest succeeded (*facts comes from
// DigestRecordFiles), cuts them into passages and, if `db` is not null, adds
// one passage document per passage to it. A file that fails adds nothing
// (passages already added for it are removed); its error is set in *facts
// and reported in *diagnostics, as is a detected language that differs from
// the record's. The record must have no passages in `db` yet. Thread-
// compatible: one call per database at a time.
RecordFilesState IndexRecordFiles(const Document& doc, const Analyzer& analyzer, const FileOptions& options,
                                  Xapian::WritableDatabase* db, std::vector<FileFacts>* facts, Diagnostics* diagnostics,
                                  FileStats* stats);

// What a curator should know of a file before its record is published: what
// it is, its own metadata, the language its text reads as (when `ref` gives
// none), or why it would not be searchable (FileFacts::error). Reads and
// extracts the file at `path` fully, as indexing would, writing nothing.
// `record_lang` is the language of the record it is attached to. Leaves
// sha256 and bytes empty: the caller has just hashed what it stored.
FileFacts InspectFile(const std::string& path, const FileRef& ref, const std::string& record_lang,
                      const FileOptions& options);

// One file's facts as the index keeps them (an element of layout::kSlotFiles).
nlohmann::json FileFactsJson(const FileFacts& facts);

// The Xapian document of one passage of file `file` of `doc`.
Xapian::Document BuildPassageDocument(const Document& doc, int file, const files::Passage& passage,
                                      const std::string& lang, const Analyzer& analyzer);

// Gives every passage of `doc` the record's current tags and sort values
// (after a change to the record alone), without analysing their text again.
void RestampPassages(Xapian::WritableDatabase& db, const Document& doc);

// Deletes every passage of the record with this id.
void DeletePassages(Xapian::WritableDatabase& db, const std::string& record_id);

}  // namespace bridges

#endif  // BRIDGES_CORE_RECORD_FILES_H_
