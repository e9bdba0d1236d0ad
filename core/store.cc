#include "core/store.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <ctime>
#include <mutex>

#include "core/tokens.h"

namespace bridges {

using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::now;

namespace {

// Attached files' contents, each once, keyed by SHA-256; revisions' records
// name the hash (FileRef::sha256). The bytes are files in StoreFilesDir(),
// not BLOBs: a 100 MB PDF would otherwise pass through memory on every read
// and bloat the WAL, and the indexer's extractors read files by path.
constexpr const char* kFilesTable =
    "CREATE TABLE files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL,"
    " created_at TEXT NOT NULL)";

// Revisions, documents and audit rows use 0 and '' for "none", never NULL, so
// every column reads back as a plain value.
constexpr const char* kSchema[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,"
    " role TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, doc_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL, detail TEXT NOT NULL, visible INTEGER NOT NULL)",
    "CREATE INDEX audit_doc ON audit (doc_id, seq)",
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE TABLE documents (id TEXT PRIMARY KEY, head INTEGER NOT NULL, published INTEGER NOT NULL,"
    " last_published INTEGER NOT NULL, draft INTEGER NOT NULL, datestamp TEXT NOT NULL,"
    " deleted_at TEXT NOT NULL, listed_seq INTEGER NOT NULL)",
    "CREATE INDEX documents_listed ON documents (listed_seq)",
    // OAI-PMH lists records by (datestamp, id).
    "CREATE INDEX documents_datestamp ON documents (datestamp, id)",
    "CREATE TABLE revisions (doc_id TEXT NOT NULL, n INTEGER NOT NULL, record TEXT NOT NULL,"
    " created_at TEXT NOT NULL, author TEXT NOT NULL, role TEXT NOT NULL, seq INTEGER NOT NULL,"
    " published_at TEXT NOT NULL, PRIMARY KEY (doc_id, n))",
    "CREATE TABLE editions (name TEXT PRIMARY KEY, date TEXT NOT NULL, note TEXT NOT NULL,"
    " seq INTEGER NOT NULL, recorded_at TEXT NOT NULL)",
    "CREATE TABLE tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,"
    " created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT NOT NULL)",
    kFilesTable,
};

constexpr size_t kPageSize = 500;

// Runs `sql` with `args` bound in order and returns its rows.
template <typename... Args>
RecordSet Query(Session& session, const std::string& sql, Args... args) {
  Statement statement(session);
  statement << sql;
  (statement.addBind(bind(args)), ...);
  statement.execute();
  return RecordSet(statement);
}

template <typename... Args>
size_t Execute(Session& session, const std::string& sql, Args... args) {
  Statement statement(session);
  statement << sql;
  (statement.addBind(bind(args)), ...);
  return statement.execute();
}

std::string Text(const RecordSet& rows, size_t column, size_t row) {
  Poco::Dynamic::Var v = rows.value(column, row);
  return v.isEmpty() ? std::string() : v.convert<std::string>();
}

int64_t Int(const RecordSet& rows, size_t column, size_t row) {
  Poco::Dynamic::Var v = rows.value(column, row);
  return v.isEmpty() ? 0 : v.convert<Poco::Int64>();
}

Role RoleOr(const std::string& name) { return ParseRole(name).value_or(Role::kReader); }

// Poco reports every SQLite failure as an exception; here they become the
// Status the rest of the core expects. A busy database is worth a retry.
template <typename F>
Status Guard(const char* what, F f) {
  try {
    return f();
  } catch (const Poco::Data::SQLite::DBLockedException& e) {
    return Status::Unavailable(std::string(what) + ": the store is busy: " + e.displayText());
  } catch (const Poco::Data::SQLite::TableLockedException& e) {
    return Status::Unavailable(std::string(what) + ": the store is busy: " + e.displayText());
  } catch (const Poco::Exception& e) {
    return Status::Error(std::string(what) + ": " + e.displayText());
  }
}

const char* const kDocumentColumns =
    "id, head, published, last_published, draft, datestamp, deleted_at, listed_seq";

DocumentState DocumentAt(const RecordSet& rows, size_t r) {
  return {Text(rows, 0, r), Int(rows, 1, r), Int(rows, 2, r), Int(rows, 3, r), Int(rows, 4, r),
          Text(rows, 5, r), Text(rows, 6, r), Int(rows, 7, r)};
}

const char* const kRevisionColumns = "doc_id, n, record, created_at, author, role, seq, published_at";

// A document joined with one of its revisions as `d` and `r`: DocumentAt(),
// then RevisionAt(…, 8).
const char* const kDocumentAndRevisionColumns =
    "d.id, d.head, d.published, d.last_published, d.draft, d.datestamp, d.deleted_at, d.listed_seq,"
    " r.doc_id, r.n, r.record, r.created_at, r.author, r.role, r.seq, r.published_at";

Revision RevisionAt(const RecordSet& rows, size_t r, size_t first = 0) {
  return {Text(rows, first, r),     Int(rows, first + 1, r),  Text(rows, first + 2, r),
          Text(rows, first + 3, r), Text(rows, first + 4, r), RoleOr(Text(rows, first + 5, r)),
          Int(rows, first + 6, r),  Text(rows, first + 7, r)};
}

const char* const kAuditColumns = "seq, at, actor, role, address, action, doc_id, revision, detail, visible";

AuditEntry AuditAt(const RecordSet& rows, size_t r) {
  AuditEntry e;
  e.seq = Int(rows, 0, r);
  e.at = Text(rows, 1, r);
  e.actor = {Text(rows, 2, r), RoleOr(Text(rows, 3, r)), Text(rows, 4, r)};
  e.action = Text(rows, 5, r);
  e.doc_id = Text(rows, 6, r);
  e.revision = Int(rows, 7, r);
  e.detail = Text(rows, 8, r);
  e.visible = Int(rows, 9, r) != 0;
  return e;
}

TokenRecord TokenAt(const RecordSet& rows, size_t r) {
  return {Text(rows, 0, r), RoleOr(Text(rows, 1, r)), Text(rows, 2, r), Text(rows, 3, r), Text(rows, 4, r),
          Text(rows, 5, r)};
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader: return "reader";
    case Role::kCurator: return "curator";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "reader";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kReader, Role::kCurator, Role::kEditor, Role::kAdmin})
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

std::string UtcTimestamp(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string StoreFilesDir(const std::string& store_path) { return store_path + ".files"; }

Store::Store(std::string path) : path_(std::move(path)) {}
Store::~Store() = default;

Status Store::Open(const std::string& path, std::unique_ptr<Store>* out) {
  static std::once_flag registered;
  std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
  std::unique_ptr<Store> store(new Store(path));
  Status s = Guard("cannot open the store", [&] {
    store->session_ = std::make_unique<Session>("SQLite", path);
    Session& session = *store->session_;
    // WAL lets readers go on while one writer commits; FULL makes every
    // commit durable before it returns.
    session << "PRAGMA busy_timeout = 10000", now;
    session << "PRAGMA journal_mode = WAL", now;
    session << "PRAGMA synchronous = FULL", now;
    return Status::Ok();
  });
  if (s.ok()) s = store->CreateOrCheckSchema();
  if (!s.ok()) return s.code() == StatusCode::kUnavailable ? s : Status::Error(path + ": " + s.message());
  *out = std::move(store);
  return Status::Ok();
}

Status Store::CreateOrCheckSchema() {
  Transaction tx(*this);
  if (!tx.status().ok()) return tx.status();
  Status s = Guard("cannot read the store's schema", [&] {
    RecordSet tables = Query(*session_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    if (Int(tables, 0, 0) == 0) {
      for (const char* statement : kSchema) Execute(*session_, statement);
      std::string id;
      Status random = RandomHex(16, &id);
      if (!random.ok()) return random;
      Execute(*session_, "INSERT INTO meta (key, value) VALUES ('schema', ?), ('store_id', ?)",
              std::to_string(kSchemaVersion), id);
    }
    RecordSet meta = Query(*session_, "SELECT key, value FROM meta");
    std::string version;
    for (size_t r = 0; r < meta.rowCount(); ++r) {
      if (Text(meta, 0, r) == "schema") version = Text(meta, 1, r);
      if (Text(meta, 0, r) == "store_id") id_ = Text(meta, 1, r);
    }
    if (version == "1") {
      // Version 1 created `files` with a content BLOB column and never wrote
      // it. A row there would be data this migration does not understand.
      if (Int(Query(*session_, "SELECT count(*) FROM files"), 0, 0) != 0)
        return Status::Error("store schema 1 has rows in its reserved files table; refusing to migrate it");
      Execute(*session_, "DROP TABLE files");
      Execute(*session_, kFilesTable);
      Execute(*session_, "UPDATE meta SET value = ? WHERE key = 'schema'", std::to_string(kSchemaVersion));
      version = std::to_string(kSchemaVersion);
    }
    if (version != std::to_string(kSchemaVersion) || id_.empty())
      return Status::Error("store schema '" + version + "' is not the one this build knows (" +
                           std::to_string(kSchemaVersion) + ")");
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return tx.Commit();
}

Store::Transaction::Transaction(Store& store) : store_(store) {
  status_ = Guard("cannot begin a transaction", [&] {
    *store_.session_ << "BEGIN IMMEDIATE", now;
    return Status::Ok();
  });
  open_ = status_.ok();
}

Store::Transaction::~Transaction() {
  if (!open_) return;
  try {
    *store_.session_ << "ROLLBACK", now;
  } catch (const Poco::Exception&) {
    // SQLite has already rolled back a transaction whose statement failed hard.
  }
}

Status Store::Transaction::Commit() {
  if (!open_) return status_.ok() ? Status::Error("transaction already ended") : status_;
  Status s = Guard("commit failed", [&] {
    *store_.session_ << "COMMIT", now;
    return Status::Ok();
  });
  if (s.ok()) open_ = false;
  return s;
}

Status Store::AppendAudit(AuditEntry* e) {
  return Guard("cannot append to the audit trail", [&] {
    e->at = UtcTimestamp();
    Execute(*session_,
            "INSERT INTO audit (at, actor, role, address, action, doc_id, revision, detail, visible)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            e->at, e->actor.name, std::string(RoleName(e->actor.role)), e->actor.address, e->action, e->doc_id,
            Poco::Int64(e->revision), e->detail, Poco::Int64(e->visible ? 1 : 0));
    e->seq = Int(Query(*session_, "SELECT last_insert_rowid()"), 0, 0);
    return Status::Ok();
  });
}

Status Store::SaveDocument(const DocumentState& d) {
  return Guard("cannot save the document", [&] {
    Execute(*session_, std::string("INSERT OR REPLACE INTO documents (") + kDocumentColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            d.id, Poco::Int64(d.head), Poco::Int64(d.published), Poco::Int64(d.last_published), Poco::Int64(d.draft),
            d.datestamp, d.deleted_at, Poco::Int64(d.listed_seq));
    return Status::Ok();
  });
}

Status Store::AddRevision(const Revision& r) {
  return Guard("cannot add the revision", [&] {
    Execute(*session_, std::string("INSERT INTO revisions (") + kRevisionColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            r.id, Poco::Int64(r.n), r.record, r.created_at, r.author, std::string(RoleName(r.role)),
            Poco::Int64(r.seq), r.published_at);
    return Status::Ok();
  });
}

Status Store::MarkPublished(const std::string& id, int64_t n, const std::string& at) {
  return Guard("cannot mark the revision published", [&] {
    Execute(*session_, "UPDATE revisions SET published_at = ? WHERE doc_id = ? AND n = ? AND published_at = ''", at,
            id, Poco::Int64(n));
    return Status::Ok();
  });
}

Status Store::AddEdition(const Edition& e) {
  return Guard("cannot record the edition", [&] {
    if (Int(Query(*session_, "SELECT count(*) FROM editions WHERE name = ?", e.name), 0, 0) > 0)
      return Status::Conflict("an edition named '" + e.name + "' is already recorded");
    Execute(*session_, "INSERT INTO editions (name, date, note, seq, recorded_at) VALUES (?, ?, ?, ?, ?)", e.name,
            e.date, e.note, Poco::Int64(e.seq), e.recorded_at);
    return Status::Ok();
  });
}

Status Store::AddToken(const TokenRecord& t) {
  return Guard("cannot add the token", [&] {
    if (Int(Query(*session_, "SELECT count(*) FROM tokens WHERE name = ?", t.name), 0, 0) > 0)
      return Status::Conflict("a token named '" + t.name + "' exists (revoked tokens keep their names)");
    Execute(*session_,
            "INSERT INTO tokens (name, role, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
            t.name, std::string(RoleName(t.role)), t.hash, t.created_at, t.expires_at, t.revoked_at);
    return Status::Ok();
  });
}

Status Store::RevokeToken(const std::string& name, const std::string& at) {
  return Guard("cannot revoke the token", [&] {
    RecordSet rows = Query(*session_, "SELECT revoked_at FROM tokens WHERE name = ?", name);
    if (rows.rowCount() == 0) return Status::NotFound("no token named '" + name + "'");
    if (!Text(rows, 0, 0).empty()) return Status::Conflict("token '" + name + "' was revoked at " + Text(rows, 0, 0));
    Execute(*session_, "UPDATE tokens SET revoked_at = ? WHERE name = ?", at, name);
    return Status::Ok();
  });
}

Status Store::LoadDocument(const std::string& id, DocumentState* out) {
  return Guard("cannot read the document", [&] {
    RecordSet rows = Query(*session_, std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ?", id);
    if (rows.rowCount() == 0) return Status::NotFound("no document with id '" + id + "'");
    *out = DocumentAt(rows, 0);
    return Status::Ok();
  });
}

Status Store::GetRevision(const std::string& id, int64_t n, Revision* out) {
  return Guard("cannot read the revision", [&] {
    RecordSet rows = Query(*session_, std::string("SELECT ") + kRevisionColumns + " FROM revisions WHERE doc_id = ? AND n = ?",
                           id, Poco::Int64(n));
    if (rows.rowCount() == 0) return Status::NotFound("document '" + id + "' has no revision " + std::to_string(n));
    *out = RevisionAt(rows, 0);
    return Status::Ok();
  });
}

Status Store::ListRevisions(const std::string& id, std::vector<Revision>* out) {
  return Guard("cannot list revisions", [&] {
    RecordSet rows = Query(*session_, std::string("SELECT ") + kRevisionColumns + " FROM revisions WHERE doc_id = ? ORDER BY n", id);
    out->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r) out->push_back(RevisionAt(rows, r));
    return Status::Ok();
  });
}

Status Store::ForEachPublished(const std::function<void(const DocumentState&, const Revision&)>& visit) {
  return Guard("cannot read the published documents", [&] {
    int64_t after = -1;
    for (;;) {
      RecordSet rows = Query(*session_,
                             std::string("SELECT ") + kDocumentAndRevisionColumns +
                                 " FROM documents d JOIN revisions r ON r.doc_id = d.id AND r.n = d.published"
                                 " WHERE d.published > 0 AND d.listed_seq > ? ORDER BY d.listed_seq LIMIT ?",
                             Poco::Int64(after), Poco::Int64(kPageSize));
      for (size_t r = 0; r < rows.rowCount(); ++r) {
        DocumentState state = DocumentAt(rows, r);
        visit(state, RevisionAt(rows, r, 8));
        after = state.listed_seq;
      }
      if (rows.rowCount() < kPageSize) return Status::Ok();
    }
  });
}

namespace {
// "~" sorts after every timestamp, so an empty `until` bounds nothing.
std::string UntilOrEnd(const std::string& until) { return until.empty() ? "~" : until; }
}  // namespace

Status Store::EarliestDatestamp(std::string* out) {
  return Guard("cannot read the datestamps", [&] {
    RecordSet rows = Query(*session_, "SELECT min(datestamp) FROM documents WHERE last_published > 0");
    out->clear();
    if (rows.rowCount() > 0 && !rows.value(0, 0).isEmpty()) *out = rows.value(0, 0).convert<std::string>();
    return Status::Ok();
  });
}

Status Store::CountByDatestamp(const std::string& from, const std::string& until, size_t* out) {
  return Guard("cannot count the documents", [&] {
    RecordSet rows = Query(*session_,
                           "SELECT count(*) FROM documents WHERE last_published > 0 AND datestamp >= ? AND datestamp <= ?",
                           from, UntilOrEnd(until));
    *out = rows.rowCount() > 0 ? rows.value(0, 0).convert<size_t>() : 0;
    return Status::Ok();
  });
}

Status Store::ForEachByDatestamp(const std::string& from, const std::string& until, const std::string& after_datestamp,
                                 const std::string& after_id,
                                 const std::function<bool(const DocumentState&, const Revision&)>& visit) {
  return Guard("cannot list the documents by datestamp", [&] {
    std::string datestamp = after_datestamp, id = after_id;
    for (;;) {
      RecordSet rows = Query(*session_,
                             std::string("SELECT ") + kDocumentAndRevisionColumns +
                                 " FROM documents d JOIN revisions r ON r.doc_id = d.id AND r.n = d.last_published"
                                 " WHERE d.last_published > 0 AND d.datestamp >= ? AND d.datestamp <= ?"
                                 " AND (d.datestamp > ? OR (d.datestamp = ? AND d.id > ?))"
                                 " ORDER BY d.datestamp, d.id LIMIT ?",
                             from, UntilOrEnd(until), datestamp, datestamp, id, Poco::Int64(kPageSize));
      for (size_t r = 0; r < rows.rowCount(); ++r) {
        DocumentState state = DocumentAt(rows, r);
        if (!visit(state, RevisionAt(rows, r, 8))) return Status::Ok();
        datestamp = state.datestamp;
        id = state.id;
      }
      if (rows.rowCount() < kPageSize) return Status::Ok();
    }
  });
}

Status Store::PendingDrafts(std::vector<DocumentState>* out) {
  return Guard("cannot list drafts", [&] {
    RecordSet rows = Query(*session_, std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE draft > 0 ORDER BY id");
    out->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r) out->push_back(DocumentAt(rows, r));
    return Status::Ok();
  });
}

Status Store::VisibleChangesAfter(int64_t seq, std::vector<std::string>* ids) {
  return Guard("cannot read the changes", [&] {
    RecordSet rows = Query(*session_,
                           "SELECT doc_id, min(seq) AS first FROM audit WHERE visible = 1 AND seq > ?"
                           " GROUP BY doc_id ORDER BY first",
                           Poco::Int64(seq));
    ids->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r) ids->push_back(Text(rows, 0, r));
    return Status::Ok();
  });
}

Status Store::LastVisibleChange(const std::string& id, int64_t seq, std::optional<AuditEntry>* out) {
  return Guard("cannot read the changes", [&] {
    RecordSet rows = Query(*session_,
                           std::string("SELECT ") + kAuditColumns +
                               " FROM audit WHERE doc_id = ? AND visible = 1 AND seq <= ? ORDER BY seq DESC LIMIT 1",
                           id, Poco::Int64(seq));
    *out = rows.rowCount() ? std::optional<AuditEntry>(AuditAt(rows, 0)) : std::nullopt;
    return Status::Ok();
  });
}

Status Store::ListAudit(const AuditQuery& q, std::vector<AuditEntry>* out) {
  return Guard("cannot read the audit trail", [&] {
    std::string sql = std::string("SELECT ") + kAuditColumns +
                      " FROM audit WHERE seq > ? AND at >= ? AND (? = '' OR doc_id = ?) AND visible >= ? ORDER BY seq";
    if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
    RecordSet rows = Query(*session_, sql, Poco::Int64(q.after_seq), q.since, q.doc_id, q.doc_id,
                           Poco::Int64(q.visible_only ? 1 : 0));
    out->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r) out->push_back(AuditAt(rows, r));
    return Status::Ok();
  });
}

Status Store::LastSeq(int64_t* out) {
  return Guard("cannot read the audit trail", [&] {
    *out = Int(Query(*session_, "SELECT coalesce(max(seq), 0) FROM audit"), 0, 0);
    return Status::Ok();
  });
}

Status Store::SeqBefore(const std::string& utc, int64_t* out) {
  return Guard("cannot read the audit trail", [&] {
    *out = Int(Query(*session_, "SELECT coalesce(max(seq), 0) FROM audit WHERE at < ?", utc), 0, 0);
    return Status::Ok();
  });
}

Status Store::DocumentCount(int64_t* out) {
  return Guard("cannot count documents", [&] {
    *out = Int(Query(*session_, "SELECT count(*) FROM documents"), 0, 0);
    return Status::Ok();
  });
}

Status Store::GetEdition(const std::string& name, Edition* out) {
  return Guard("cannot read the edition", [&] {
    RecordSet rows = Query(*session_, "SELECT name, date, note, seq, recorded_at FROM editions WHERE name = ?", name);
    if (rows.rowCount() == 0) return Status::NotFound("no edition named '" + name + "'");
    *out = {Text(rows, 0, 0), Text(rows, 1, 0), Text(rows, 2, 0), Int(rows, 3, 0), Text(rows, 4, 0)};
    return Status::Ok();
  });
}

Status Store::ListEditions(std::vector<Edition>* out) {
  return Guard("cannot list editions", [&] {
    RecordSet rows = Query(*session_, "SELECT name, date, note, seq, recorded_at FROM editions ORDER BY seq");
    out->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r)
      out->push_back({Text(rows, 0, r), Text(rows, 1, r), Text(rows, 2, r), Int(rows, 3, r), Text(rows, 4, r)});
    return Status::Ok();
  });
}

Status Store::AddFile(const StoredFile& f) {
  return Guard("cannot record the file", [&] {
    Execute(*session_, "INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
            f.sha256, Poco::Int64(f.bytes), f.media_type, f.created_at);
    return Status::Ok();
  });
}

Status Store::GetFile(const std::string& sha256, StoredFile* out) {
  return Guard("cannot read the file's facts", [&] {
    RecordSet rows = Query(*session_, "SELECT sha256, size, media_type, created_at FROM files WHERE sha256 = ?", sha256);
    if (rows.rowCount() == 0) return Status::NotFound("no file with sha256 " + sha256);
    *out = {Text(rows, 0, 0), Int(rows, 1, 0), Text(rows, 2, 0), Text(rows, 3, 0)};
    return Status::Ok();
  });
}

Status Store::FileCount(int64_t* out) {
  return Guard("cannot count files", [&] {
    *out = Int(Query(*session_, "SELECT count(*) FROM files"), 0, 0);
    return Status::Ok();
  });
}

Status Store::FindToken(const std::string& hash, TokenRecord* out) {
  return Guard("cannot read tokens", [&] {
    RecordSet rows = Query(*session_, "SELECT name, role, hash, created_at, expires_at, revoked_at FROM tokens WHERE hash = ?", hash);
    if (rows.rowCount() == 0) return Status::NotFound("no such token");
    *out = TokenAt(rows, 0);
    return Status::Ok();
  });
}

Status Store::ListTokens(std::vector<TokenRecord>* out) {
  return Guard("cannot list tokens", [&] {
    RecordSet rows = Query(*session_, "SELECT name, role, hash, created_at, expires_at, revoked_at FROM tokens ORDER BY name");
    out->clear();
    for (size_t r = 0; r < rows.rowCount(); ++r) out->push_back(TokenAt(rows, r));
    return Status::Ok();
  });
}

}  // namespace bridges
