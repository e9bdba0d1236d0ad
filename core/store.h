// The store of record for curation: documents, their revisions, the audit
// trail, editions and API tokens, in one SQLite file reached through
// Poco::Data's SQLite connector (WAL journal, synchronous=FULL, so a committed
// transaction survives kill -9 and power loss). The Xapian index is derived
// from it and can always be rebuilt from it (core/curation.h).
//
// The Store is tables and queries; the workflow rules (who may publish, what
// a draft is) are in core/curation.h. Every mutation runs inside a
// Store::Transaction and appends its audit row in it, so a change and its
// audit entry are committed together or not at all.
//
// A Store is one SQLite connection: use it from one thread at a time (searchd
// gives each worker thread its own). Several connections, in one process or
// several, may share a file: writers wait for each other (busy timeout),
// readers see the last committed state.
#ifndef BRIDGES_CORE_STORE_H_
#define BRIDGES_CORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace Poco::Data {
class Session;
}

namespace bridges {

// Readers need no token. kAdmin is the local operator (bridges-admin, the
// seeding at first start): it appears in the audit trail, never on a token.
enum class Role { kReader, kCurator, kEditor, kAdmin };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Who made a change, as the audit trail records it.
struct Actor {
  std::string name;     // the token's name, or the local user of a command-line tool
  Role role = Role::kReader;
  std::string address;  // the client's IP address, or "local"
};

// "YYYY-MM-DDTHH:MM:SSZ" (UTC, to the second): every time the store records.
std::string UtcTimestamp(std::chrono::system_clock::time_point when = std::chrono::system_clock::now());

// The actions the audit trail records.
namespace action {
inline constexpr std::string_view kDraft = "draft";      // a curator's PUT: a new draft revision
inline constexpr std::string_view kPublish = "publish";  // an editor's PUT, or the publish endpoint
inline constexpr std::string_view kArchive = "archive";
inline constexpr std::string_view kDelete = "delete";
inline constexpr std::string_view kSeed = "seed";        // published from the seed folder at first start
inline constexpr std::string_view kEdition = "edition";
inline constexpr std::string_view kTokenCreate = "token-create";
inline constexpr std::string_view kTokenRevoke = "token-revoke";
}  // namespace action

// One document's place in the workflow. Revision numbers count from 1 per
// document; 0 means "none".
struct DocumentState {
  std::string id;
  int64_t head = 0;            // the newest revision
  int64_t published = 0;       // the revision readers see; 0 if never published, or deleted
  int64_t last_published = 0;  // kept after deletion: the record that was last public
  int64_t draft = 0;           // a pending draft; when set it is always the head
  std::string datestamp;       // moves on every publish, archive and delete
  std::string deleted_at;      // empty unless deleted
  // The change that last put the document into the index (its first
  // publication, or its first after a deletion). Export and rebuilds list
  // documents in this order, so a rebuilt index numbers them as the live one
  // does and ties rank the same.
  int64_t listed_seq = 0;
  bool deleted() const { return !deleted_at.empty(); }
};

// One immutable version of a document's record.
struct Revision {
  std::string id;
  int64_t n = 0;
  std::string record;     // the record as JSON (core/document_json.h)
  std::string created_at;
  std::string author;     // Actor::name
  Role role = Role::kReader;
  int64_t seq = 0;        // the change that created it
  std::string published_at;  // when it was first published; empty if never
};

// One change. Every mutation appends exactly one, in its own transaction;
// `seq` is strictly increasing and never reused.
struct AuditEntry {
  int64_t seq = 0;
  std::string at;
  Actor actor;
  std::string action;      // one of action::k*
  std::string doc_id;      // empty for editions and tokens
  int64_t revision = 0;    // the revision it made or published; for delete, the last published one
  std::string detail;      // the edition or token name, the failure reason...
  bool visible = false;    // it changed what readers see (publish, archive, delete, seed)
};

struct AuditQuery {
  std::string since;         // UTC timestamp; empty: from the start
  int64_t after_seq = 0;     // entries with a larger seq only
  std::string doc_id;        // empty: every document
  bool visible_only = false;
  size_t limit = 0;          // 0: no limit
};

struct Edition {
  std::string name;
  std::string date;  // YYYY-MM-DD, the adoption date
  std::string note;
  int64_t seq = 0;   // the store's last change when it was recorded: "since the edition" means after it
  std::string recorded_at;
};

// The facts kept about one attached file's content (the `files` table). The
// bytes are not in SQLite: they are a file named by their SHA-256 in
// StoreFilesDir() (core/file_store.h writes and finds them).
struct StoredFile {
  std::string sha256;      // 64 lowercase hex digits
  int64_t bytes = 0;
  std::string media_type;  // as sniffed from the bytes (files::SniffFile)
  std::string created_at;  // when the store first recorded this content
};

// The folder that holds the store's file contents: "<store path>.files".
std::string StoreFilesDir(const std::string& store_path);

struct TokenRecord {
  std::string name;
  Role role = Role::kCurator;
  std::string hash;        // SHA-256 of the secret, hex; the secret itself is never stored
  std::string created_at;
  std::string expires_at;  // empty: never
  std::string revoked_at;  // empty: valid
};

class Store {
 public:
  // 2: the `files` table holds facts only (its bytes live in StoreFilesDir).
  // A version 1 store (whose `files` table was never written) is migrated at
  // open, in the open's transaction.
  inline static constexpr int kSchemaVersion = 2;

  // Opens the store at `path`, creating the file and its tables if needed.
  // Fails if the file is not a store, or has a schema this build does not
  // know; nothing is changed then.
  static Status Open(const std::string& path, std::unique_ptr<Store>* out);
  ~Store();

  const std::string& path() const { return path_; }
  // A random id fixed when the store was created; an index records it, so a
  // store swapped under an index is noticed.
  const std::string& id() const { return id_; }

  // A write transaction (BEGIN IMMEDIATE: it waits for other writers, up to
  // the busy timeout). Rolled back when it goes without Commit().
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    const Status& status() const { return status_; }  // of BEGIN
    Status Commit();

   private:
    Store& store_;
    Status status_ = Status::Ok();
    bool open_ = false;
  };

  // ---- Mutations: call inside a Transaction. ----
  // Fills out->seq and out->at (now).
  Status AppendAudit(AuditEntry* entry);
  Status SaveDocument(const DocumentState& state);  // insert or replace
  Status AddRevision(const Revision& revision);
  Status MarkPublished(const std::string& id, int64_t n, const std::string& at);  // keeps an earlier date
  Status AddEdition(const Edition& edition);  // kConflict if the name is taken
  Status AddToken(const TokenRecord& token);  // kConflict if the name is taken
  Status RevokeToken(const std::string& name, const std::string& at);  // kNotFound, or kConflict if revoked
  // Records a content's facts; a content recorded already keeps its first row.
  // The bytes must be in StoreFilesDir() before the transaction commits.
  Status AddFile(const StoredFile& file);

  // ---- Queries. ----
  Status LoadDocument(const std::string& id, DocumentState* out);  // kNotFound
  Status GetRevision(const std::string& id, int64_t n, Revision* out);  // kNotFound
  Status ListRevisions(const std::string& id, std::vector<Revision>* out);  // oldest first, with records
  // Every document with a published revision, in listed_seq order, with that
  // revision. Reads in pages, so memory stays small whatever the store's size.
  Status ForEachPublished(const std::function<void(const DocumentState&, const Revision&)>& visit);
  Status PendingDrafts(std::vector<DocumentState>* out);
  // Ids of documents with a visible change after `seq`, in order of their
  // first such change.
  Status VisibleChangesAfter(int64_t seq, std::vector<std::string>* ids);
  // The document's last visible change at or before `seq`; nullopt if none.
  Status LastVisibleChange(const std::string& id, int64_t seq, std::optional<AuditEntry>* out);
  Status ListAudit(const AuditQuery& query, std::vector<AuditEntry>* out);  // oldest first
  Status LastSeq(int64_t* out);
  // The last seq recorded before `utc` (a UTC timestamp), 0 if none.
  Status SeqBefore(const std::string& utc, int64_t* out);
  Status DocumentCount(int64_t* out);  // every id ever stored, deleted ones included

  // ---- For OAI-PMH: every document ever published, deleted ones included,
  // by (datestamp, id). `from` and `until` are inclusive UTC timestamps,
  // empty for no bound. ----
  Status EarliestDatestamp(std::string* out);  // empty if nothing was ever published
  Status CountByDatestamp(const std::string& from, const std::string& until, size_t* out);
  // Visits each such document strictly after (after_datestamp, after_id)
  // (empty: from the start) with its last published revision, ascending,
  // until `visit` returns false. Reads in pages: memory stays flat.
  Status ForEachByDatestamp(const std::string& from, const std::string& until, const std::string& after_datestamp,
                            const std::string& after_id,
                            const std::function<bool(const DocumentState&, const Revision&)>& visit);
  Status GetEdition(const std::string& name, Edition* out);  // kNotFound
  Status ListEditions(std::vector<Edition>* out);  // by seq
  Status GetFile(const std::string& sha256, StoredFile* out);  // kNotFound
  Status FileCount(int64_t* out);
  Status FindToken(const std::string& hash, TokenRecord* out);  // kNotFound
  Status ListTokens(std::vector<TokenRecord>* out);  // by name

 private:
  explicit Store(std::string path);
  Status CreateOrCheckSchema();

  std::string path_;
  std::string id_;
  std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace bridges

#endif  // BRIDGES_CORE_STORE_H_
