// Curation: the workflow over the store (core/store.h) and the one writer that
// keeps the Xapian index in step with it.
//
// The rules:
// * A curator's PUT makes a draft revision; an editor's PUT is published at
//   once. An editor publishes a pending draft. Readers see only published
//   revisions: drafts are never indexed (docs/curation.md says why).
// * A document has at most one pending draft, and it is always the newest
//   revision (the head). If-Match names the head the caller last saw.
// * Archiving publishes a copy of the published record with status
//   "archived"; deleting takes the document out of the index and keeps every
//   revision, and the last published one stays readable in the store.
// * Every change is one store transaction that appends its audit entry; a
//   change readers can see is then applied to the index, which records the
//   store's sequence number in the same Xapian commit. A crash between the two
//   commits is repaired by the next catch-up (at the latest at start-up).
#ifndef BRIDGES_CORE_CURATION_H_
#define BRIDGES_CORE_CURATION_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"
#include "core/index_writer.h"
#include "core/store.h"
#include "core/vocabulary.h"

namespace bridges {

// What a role may do: the one table of permissions.
enum class Permission {
  kReadDrafts,     // drafts, revisions, diffs, the change list: curator, editor
  kPropose,        // PUT (a curator's becomes a draft): curator, editor
  kArchive,        // curator, editor
  kPublish,        // editor
  kDelete,         // editor
  kRecordEdition,  // editor
  kReadAudit,      // editor
};

// kOk, kUnauthenticated for a reader (no token), or kPermissionDenied for a
// role that lacks the permission.
Status Authorize(const Actor& actor, Permission permission);

// The outcome of a write.
struct WriteResult {
  std::string action;   // action::k*
  int64_t revision = 0; // the revision the change made, published or (for delete) last published
  int64_t seq = 0;      // the change's sequence number
  DocumentState state;  // the document after the change
};

struct SyncStats {
  bool full = false;   // every document was re-applied
  size_t applied = 0;  // documents upserted or deleted
  int64_t seq = 0;     // the store's change the index now reflects
};

// Brings the index in step with the store in one commit: re-applies the
// current state of every document with a visible change after the seq the
// index records; or, with `full`, or when the index records no seq or
// another store's, of every published document, deleting whatever else the
// index holds. Records the store's id and last seq in the same commit.
Status SyncIndex(Store& store, IndexWriter& writer, bool full, SyncStats* stats);

struct CurationOptions {
  std::string store_path;
  std::string index_path;
  // Files or folders that seed a store holding no document yet; every record
  // must be valid, or nothing is stored.
  // Seeded records' files named by a relative path are copied into the
  // store's blobs (core/file_store.h) and their refs given their sha256, so
  // the store is self-contained.
  std::vector<std::string> seed_paths;
  int flush_threshold = 500;
  // The largest attached file the index extracts (and searchd accepts).
  uint64_t max_file_bytes = 100ull << 20;
};

// kNotFound if the document does not exist or was deleted, kConflict if
// if_match is not its head: what a file upload checks before it reads the
// body, so that a request bound to fail does not store bytes first.
Status CheckChangeable(Store& store, const std::string& id, std::optional<int64_t> if_match);

class Curation {
 public:
  // Opens the store (seeding it if it is empty), opens the index for writing
  // (holding Xapian's write lock until the Curation goes, so a concurrent
  // bridges-indexer gets a clear "locked" error) and reconciles it with the
  // store. *report says what start-up did, for the operator.
  static Status Open(const CurationOptions& options, const Vocabularies* vocabularies,
                     std::unique_ptr<Curation>* out, std::string* report);

  // Every method below is thread-safe: changes are made one at a time.
  // Each fails with kUnauthenticated/kPermissionDenied (Authorize), kNotFound
  // (no such document, or deleted), or kConflict (if_match is not the head,
  // or the document's state does not allow the change), changing nothing.
  // A failure after the store commit (the index could not be updated) is
  // kUnavailable: the change is stored and is indexed by the next catch-up.

  // Creates or replaces `doc` (already read and validated by ReadOneRecord).
  // if_match 0 means "the document must not exist yet".
  Status Put(const Actor& actor, const Document& doc, std::optional<int64_t> if_match, WriteResult* out);
  // Attaches a file whose bytes are in the store's blobs already
  // (ReceiveUpload in core/file_store.h), recording `file` in the store: a
  // new revision whose record is the head's with the entry whose path is
  // ref.path replaced, or ref appended. ref.sha256 is file.sha256. A
  // curator's revision is a draft, an editor's is published, as with Put.
  // kInvalidArgument for a bad name, role or language; kNotFound for an
  // unknown or deleted document.
  Status PutFile(const Actor& actor, const std::string& id, FileRef ref, const StoredFile& file,
                 std::optional<int64_t> if_match, WriteResult* out);
  // Detaches the file whose path is `name` in the same way; kNotFound if the
  // head's record has none. Its bytes stay: earlier revisions name them.
  Status DeleteFile(const Actor& actor, const std::string& id, const std::string& name, std::optional<int64_t> if_match,
                    WriteResult* out);
  // The store's blob folder (StoreFilesDir).
  const std::string& files_dir() const { return files_dir_; }
  // How the index reads files (limits, passages, the store's files folder).
  FileOptions file_options() const { return WriterOptions().files; }
  // Publishes the pending draft.
  Status Publish(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out);
  // Publishes the published record with status "archived". kConflict if it
  // is archived already, never published, or has a pending draft.
  Status Archive(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out);
  // Removes the document from the index and discards a pending draft.
  Status Delete(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out);
  // Records an edition: name (1-100 characters), date (YYYY-MM-DD, empty:
  // today), note. kInvalidArgument for bad values, kConflict for a taken name.
  Status RecordEdition(const Actor& actor, Edition edition, Edition* out);

  ~Curation();

 private:
  struct Change;
  Curation(const CurationOptions& options, const Vocabularies* vocabularies);
  Status Seed(std::string* report);
  Status OpenWriter();
  Status CatchUp();
  template <typename Decide>
  Status Run(const Actor& actor, Permission permission, const std::string& id, std::optional<int64_t> if_match,
             bool may_be_new, Decide decide, WriteResult* out);
  Status Commit(Store::Transaction& tx, const Actor& actor, DocumentState state, const Change& change,
                WriteResult* out);

  // A new revision of the head's record changed by `edit`, as PutFile and
  // DeleteFile make it.
  template <typename Edit>
  Status ChangeHeadRecord(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, Edit edit,
                          WriteResult* out);
  IndexWriterOptions WriterOptions() const;

  CurationOptions options_;
  std::string files_dir_;
  const Vocabularies* vocabularies_;
  std::mutex mutex_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<IndexWriter> writer_;  // null after an index failure, until reopened
  int64_t index_seq_ = 0;
};

// A pending draft that matched a search.
struct DraftMatch {
  DocumentState state;
  Revision revision;  // the draft
};

// The pending drafts whose text matches `q` (every draft when `q` is empty),
// analysed and parsed exactly as a search is (core/query_builder.h), best
// first, at most `limit`. kInvalidArgument for a query the searcher would
// refuse too.
Status MatchDrafts(Store& store, const Vocabularies& vocabularies, const std::string& q, const std::string& qlang,
                   size_t limit, std::vector<DraftMatch>* out);

}  // namespace bridges

#endif  // BRIDGES_CORE_CURATION_H_
