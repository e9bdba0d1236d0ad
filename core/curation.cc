#include "core/curation.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/analyzer.h"
#include "core/document_json.h"
#include "core/file_store.h"
#include "core/index_layout.h"
#include "core/loader.h"
#include "core/query_builder.h"
#include "core/record_files.h"
#include "core/unicode.h"
#include "core/validator.h"

namespace bridges {

namespace {

int Rank(Role role) {
  switch (role) {
    case Role::kReader: return 0;
    case Role::kCurator: return 1;
    case Role::kEditor: return 2;
    case Role::kAdmin: return 3;
  }
  return 0;
}

struct Rule {
  Permission permission;
  Role least;
  const char* what;
};

constexpr Rule kRules[] = {
    {Permission::kReadDrafts, Role::kCurator, "read drafts, revisions and changes"},
    {Permission::kPropose, Role::kCurator, "create or change documents"},
    {Permission::kArchive, Role::kCurator, "archive documents"},
    {Permission::kPublish, Role::kEditor, "publish drafts"},
    {Permission::kDelete, Role::kEditor, "delete documents"},
    {Permission::kRecordEdition, Role::kEditor, "record editions"},
    {Permission::kReadAudit, Role::kEditor, "read the audit trail"},
};

Status RecordDocument(const Revision& revision, Document* doc) {
  nlohmann::json json = nlohmann::json::parse(revision.record, nullptr, false);
  std::vector<FieldError> errors;
  *doc = FromJson(json, &errors);
  if (!errors.empty() || json.is_discarded())
    return Status::Error("stored revision " + std::to_string(revision.n) + " of '" + revision.id + "' is not a record");
  return Status::Ok();
}

// Puts the document's current state into the index: its published record, or
// nothing.
Status ApplyCurrent(Store& store, IndexWriter& writer, const std::string& id) {
  DocumentState state;
  Status s = store.LoadDocument(id, &state);
  if (!s.ok()) return s;
  if (state.published == 0) {
    writer.Delete(id);
    return Status::Ok();
  }
  Revision revision;
  Document doc;
  if (s = store.GetRevision(id, state.published, &revision); !s.ok()) return s;
  if (s = RecordDocument(revision, &doc); !s.ok()) return s;
  return writer.Upsert(doc);
}

Status FullSync(Store& store, IndexWriter& writer, SyncStats* stats) {
  std::set<std::string> listed;
  Status failed = Status::Ok();
  Status s = store.ForEachPublished([&](const DocumentState& state, const Revision& revision) {
    Document doc;
    if (failed.ok()) failed = RecordDocument(revision, &doc);
    if (failed.ok()) failed = writer.Upsert(doc);
    listed.insert(state.id);
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  std::vector<std::string> stale;
  const std::string prefix(layout::kId);
  Xapian::WritableDatabase& db = writer.database();
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    if ((*it).find('#') != std::string::npos) continue;  // a passage of a file; it goes with its record
    if (!listed.count((*it).substr(prefix.size()))) stale.push_back((*it).substr(prefix.size()));
  }
  for (const std::string& id : stale) writer.Delete(id);
  stats->full = true;
  stats->applied = listed.size() + stale.size();
  return Status::Ok();
}

Status CheckIfMatch(const DocumentState& state, std::optional<int64_t> if_match) {
  if (!if_match || *if_match == state.head) return Status::Ok();
  if (state.head == 0) return Status::Conflict("document '" + state.id + "' does not exist yet (If-Match: " + std::to_string(*if_match) + ")");
  if (*if_match == 0) return Status::Conflict("document '" + state.id + "' exists already (If-Match: 0 only creates)");
  return Status::Conflict("the current revision of '" + state.id + "' is " + std::to_string(state.head) +
                          ", not " + std::to_string(*if_match) + ": someone else changed it");
}

}  // namespace

Status CheckChangeable(Store& store, const std::string& id, std::optional<int64_t> if_match) {
  DocumentState state;
  Status s = store.LoadDocument(id, &state);
  if (s.ok() && state.deleted()) s = Status::NotFound("document '" + id + "' was deleted");
  return s.ok() ? CheckIfMatch(state, if_match) : s;
}

Status Authorize(const Actor& actor, Permission permission) {
  for (const Rule& rule : kRules) {
    if (rule.permission != permission) continue;
    if (Rank(actor.role) >= Rank(rule.least)) return Status::Ok();
    if (actor.role == Role::kReader) return Status::Unauthenticated(std::string("a token is needed to ") + rule.what);
    return Status::PermissionDenied("a " + std::string(RoleName(actor.role)) + " may not " + rule.what + "; " +
                                    std::string(RoleName(rule.least)) + "s may");
  }
  return Status::PermissionDenied("unknown permission");
}

Status SyncIndex(Store& store, IndexWriter& writer, bool full, SyncStats* stats) {
  *stats = SyncStats{};
  try {
    Xapian::WritableDatabase& db = writer.database();
    std::string indexed_store = db.get_metadata(std::string(layout::kStoreIdKey));
    std::string indexed_seq = db.get_metadata(std::string(layout::kStoreSeqKey));
    int64_t last = 0;
    Status s = store.LastSeq(&last);
    if (!s.ok()) return s;
    if (full || indexed_store != store.id() || indexed_seq.empty()) {
      s = FullSync(store, writer, stats);
    } else {
      std::vector<std::string> ids;
      s = store.VisibleChangesAfter(std::stoll(indexed_seq), &ids);
      for (size_t i = 0; s.ok() && i < ids.size(); ++i) s = ApplyCurrent(store, writer, ids[i]);
      stats->applied = ids.size();
      if (s.ok() && ids.empty() && std::stoll(indexed_seq) == last) {
        stats->seq = last;
        return Status::Ok();
      }
    }
    if (!s.ok()) return s;
    db.set_metadata(std::string(layout::kStoreIdKey), store.id());
    db.set_metadata(std::string(layout::kStoreSeqKey), std::to_string(last));
    s = writer.Commit();
    if (s.ok()) stats->seq = last;
    return s;
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot update the index: " + e.get_description());
  } catch (const std::logic_error& e) {
    return Status::Error("the index's store sequence number is unreadable: " + std::string(e.what()));
  }
}

// What one change does to one document.
struct Curation::Change {
  enum class Effect { kDraft, kPublishNew, kPublishDraft, kRemove };
  std::string_view action;
  Effect effect;
  std::string record;  // the new revision's record (kDraft, kPublishNew)
};

Curation::Curation(const CurationOptions& options, const Vocabularies* vocabularies)
    : options_(options), files_dir_(StoreFilesDir(options.store_path)), vocabularies_(vocabularies) {}

IndexWriterOptions Curation::WriterOptions() const {
  IndexWriterOptions options{options_.index_path, options_.flush_threshold, {}};
  options.files.limits.max_file_bytes = options_.max_file_bytes;
  options.files.store_files = files_dir_;
  return options;
}

Curation::~Curation() = default;

Status Curation::Open(const CurationOptions& options, const Vocabularies* vocabularies, std::unique_ptr<Curation>* out,
                      std::string* report) {
  std::unique_ptr<Curation> c(new Curation(options, vocabularies));
  Status s = Store::Open(options.store_path, &c->store_);
  if (s.ok()) s = c->Seed(report);
  if (!s.ok()) return s;
  if (s = IndexWriter::Open(c->WriterOptions(), &c->writer_); !s.ok()) return s;
  SyncStats stats;
  if (s = SyncIndex(*c->store_, *c->writer_, false, &stats); !s.ok()) return s;
  c->index_seq_ = stats.seq;
  *report += (report->empty() ? "" : "; ") + std::string(stats.full ? "index rebuilt from the store" : "index reconciled") +
             " (" + std::to_string(stats.applied) + " documents applied, store change " + std::to_string(stats.seq) + ")";
  *out = std::move(c);
  return Status::Ok();
}

Status Curation::Seed(std::string* report) {
  int64_t count = 0;
  Status s = store_->DocumentCount(&count);
  if (!s.ok() || count > 0 || options_.seed_paths.empty()) return s;
  LoadResult loaded = LoadPaths(options_.seed_paths, *vocabularies_);
  if (loaded.rejected > 0) {
    std::string message = "the seed has " + std::to_string(loaded.rejected) + " invalid record(s); nothing was stored:";
    for (size_t i = 0; i < loaded.diagnostics.size() && i < 20; ++i) message += "\n" + loaded.diagnostics[i].ToString();
    return Status::InvalidRecord(message);
  }
  // Files first, each durable before the transaction that names it.
  std::vector<StoredFile> stored;
  std::vector<std::string> not_copied;
  for (Document& doc : loaded.documents) {
    for (FileRef& ref : doc.files) {
      if (!ref.sha256.empty() && std::filesystem::exists(BlobPath(files_dir_, ref.sha256))) continue;
      std::string path = ResolveFilePath(doc.source.path, ref, "");
      ReceivedFile copy;
      Status copied = StoreFileCopy(files_dir_, path, &copy);
      if (copied.ok() && !ref.sha256.empty() && copy.file.sha256 != ref.sha256)
        copied = Status::Invalid(path + " does not have the content its sha256 names");
      if (!copied.ok()) {
        not_copied.push_back(copied.message());  // the indexer reports the file as it does any missing file
        continue;
      }
      ref.sha256 = copy.file.sha256;
      stored.push_back(copy.file);
    }
  }
  Store::Transaction tx(*store_);
  if (!tx.status().ok()) return tx.status();
  for (const StoredFile& file : stored)
    if (s = store_->AddFile(file); !s.ok()) return s;
  const Actor seeder{"seed", Role::kAdmin, "local"};
  for (const Document& doc : loaded.documents) {
    AuditEntry audit{0, "", seeder, std::string(action::kSeed), doc.id, 1, "", true};
    if (s = store_->AppendAudit(&audit); !s.ok()) return s;
    Revision revision{doc.id, 1, ToJson(doc).dump(), audit.at, seeder.name, seeder.role, audit.seq, audit.at};
    if (s = store_->AddRevision(revision); !s.ok()) return s;
    if (s = store_->SaveDocument({doc.id, 1, 1, 1, 0, audit.at, "", audit.seq}); !s.ok()) return s;
  }
  if (s = tx.Commit(); !s.ok()) return s;
  *report = "store seeded with " + std::to_string(loaded.documents.size()) + " documents";
  if (!stored.empty()) *report += " and " + std::to_string(stored.size()) + " files";
  if (!not_copied.empty())
    *report += "; " + std::to_string(not_copied.size()) + " file(s) not copied (" + not_copied.front() + ")";
  return Status::Ok();
}

Status Curation::OpenWriter() {
  writer_.reset();
  Status s = IndexWriter::Open(WriterOptions(), &writer_);
  SyncStats stats;
  if (s.ok()) s = SyncIndex(*store_, *writer_, false, &stats);
  if (!s.ok()) {
    writer_.reset();
    return Status::Unavailable("the index cannot be written: " + s.message());
  }
  index_seq_ = stats.seq;
  return Status::Ok();
}

Status Curation::CatchUp() {
  if (!writer_) return OpenWriter();
  int64_t last = 0;
  std::vector<std::string> ids;
  Status s = store_->LastSeq(&last);
  if (s.ok()) s = store_->VisibleChangesAfter(index_seq_, &ids);
  if (!s.ok() || ids.empty()) return s;
  try {
    for (size_t i = 0; s.ok() && i < ids.size(); ++i) s = ApplyCurrent(*store_, *writer_, ids[i]);
    writer_->database().set_metadata(std::string(layout::kStoreSeqKey), std::to_string(last));
    if (s.ok()) s = writer_->Commit();
  } catch (const Xapian::Error& e) {
    s = Status::Error(e.get_description());
  }
  if (!s.ok()) {
    writer_.reset();  // its run is lost; the next change reopens it and catches up
    return Status::Unavailable("the change is stored, but the index could not be updated (" + s.message() +
                               "); it is applied with the next change or at restart");
  }
  index_seq_ = last;
  return Status::Ok();
}

Status Curation::Commit(Store::Transaction& tx, const Actor& actor, DocumentState state, const Change& change,
                        WriteResult* out) {
  using Effect = Change::Effect;
  const bool new_revision = change.effect == Effect::kDraft || change.effect == Effect::kPublishNew;
  int64_t revision = new_revision ? state.head + 1
                     : change.effect == Effect::kPublishDraft ? state.draft
                     : state.last_published     ? state.last_published
                                                : state.head;
  bool visible = change.effect != Effect::kDraft && (change.effect != Effect::kRemove || state.published > 0);
  AuditEntry audit{0, "", actor, std::string(change.action), state.id, revision, "", visible};
  Status s = store_->AppendAudit(&audit);
  if (!s.ok()) return s;
  const bool publishes = change.effect == Effect::kPublishNew || change.effect == Effect::kPublishDraft;
  if (new_revision) {
    Revision r{state.id, revision, change.record, audit.at, actor.name, actor.role, audit.seq,
               publishes ? audit.at : ""};
    if (s = store_->AddRevision(r); !s.ok()) return s;
    state.head = revision;
  }
  if (change.effect == Effect::kPublishDraft && !(s = store_->MarkPublished(state.id, revision, audit.at)).ok()) return s;
  if (publishes) {
    if (state.published == 0) state.listed_seq = audit.seq;
    state.published = state.last_published = revision;
    state.draft = 0;
    state.deleted_at.clear();
    state.datestamp = audit.at;
  } else if (change.effect == Effect::kDraft) {
    state.draft = revision;
    if (state.datestamp.empty()) state.datestamp = audit.at;
  } else {
    state.published = state.draft = 0;
    state.deleted_at = state.datestamp = audit.at;
  }
  if (s = store_->SaveDocument(state); !s.ok()) return s;
  if (s = tx.Commit(); !s.ok()) return s;
  *out = {std::string(change.action), revision, audit.seq, state};
  return visible ? CatchUp() : Status::Ok();
}

// Runs `decide` on the document's state inside a write transaction: it checks
// the state and fills the change, or fails, and then nothing is written.
template <typename Decide>
Status Curation::Run(const Actor& actor, Permission permission, const std::string& id, std::optional<int64_t> if_match,
                     bool may_be_new, Decide decide, WriteResult* out) {
  Status s = Authorize(actor, permission);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!writer_ && !(s = OpenWriter()).ok()) return s;
  Store::Transaction tx(*store_);
  if (!tx.status().ok()) return tx.status();
  DocumentState state;
  s = store_->LoadDocument(id, &state);
  if (s.code() == StatusCode::kNotFound && may_be_new) {
    state = DocumentState{};
    state.id = id;
  } else if (!s.ok()) {
    return s;
  }
  if (s = CheckIfMatch(state, if_match); !s.ok()) return s;
  Change change;
  if (s = decide(state, &change); !s.ok()) return s;
  return Commit(tx, actor, state, change, out);
}

Status Curation::Put(const Actor& actor, const Document& doc, std::optional<int64_t> if_match, WriteResult* out) {
  bool publish = Authorize(actor, Permission::kPublish).ok();
  return Run(actor, Permission::kPropose, doc.id, if_match, true, [&](const DocumentState&, Change* change) {
    *change = {publish ? action::kPublish : action::kDraft, publish ? Change::Effect::kPublishNew : Change::Effect::kDraft,
               ToJson(doc).dump()};
    return Status::Ok();
  }, out);
}

template <typename Edit>
Status Curation::ChangeHeadRecord(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, Edit edit,
                                  WriteResult* out) {
  bool publish = Authorize(actor, Permission::kPublish).ok();
  return Run(actor, Permission::kPropose, id, if_match, false, [&](const DocumentState& state, Change* change) {
    if (state.deleted()) return Status::NotFound("document '" + id + "' was deleted");
    Revision head;
    Document doc;
    Status s = store_->GetRevision(id, state.head, &head);
    if (s.ok()) s = RecordDocument(head, &doc);
    if (s.ok()) s = edit(doc);
    if (!s.ok()) return s;
    *change = {publish ? action::kPublish : action::kDraft, publish ? Change::Effect::kPublishNew : Change::Effect::kDraft,
               ToJson(doc).dump()};
    return Status::Ok();
  }, out);
}

Status Curation::PutFile(const Actor& actor, const std::string& id, FileRef ref, const StoredFile& file,
                         std::optional<int64_t> if_match, WriteResult* out) {
  if (ref.role.empty()) ref.role = "full-text";
  Status s = CheckUploadRef(ref);
  if (s.ok() && !IsSha256Hex(file.sha256)) s = Status::Invalid("not a SHA-256: '" + file.sha256 + "'");
  if (!s.ok()) return s;
  ref.sha256 = file.sha256;
  return ChangeHeadRecord(actor, id, if_match, [&](Document& doc) {
    Status added = store_->AddFile(file);
    if (!added.ok()) return added;
    auto same = std::find_if(doc.files.begin(), doc.files.end(), [&](const FileRef& f) { return f.path == ref.path; });
    if (same != doc.files.end()) *same = ref;
    else doc.files.push_back(ref);
    return Status::Ok();
  }, out);
}

Status Curation::DeleteFile(const Actor& actor, const std::string& id, const std::string& name,
                            std::optional<int64_t> if_match, WriteResult* out) {
  return ChangeHeadRecord(actor, id, if_match, [&](Document& doc) {
    auto same = std::find_if(doc.files.begin(), doc.files.end(), [&](const FileRef& f) { return f.path == name; });
    if (same == doc.files.end()) return Status::NotFound("document '" + id + "' has no file named '" + name + "'");
    doc.files.erase(same);
    return Status::Ok();
  }, out);
}

Status Curation::Publish(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out) {
  return Run(actor, Permission::kPublish, id, if_match, false, [&](const DocumentState& state, Change* change) {
    if (state.draft == 0) return Status::Conflict("document '" + id + "' has no draft to publish");
    *change = {action::kPublish, Change::Effect::kPublishDraft, ""};
    return Status::Ok();
  }, out);
}

Status Curation::Archive(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out) {
  return Run(actor, Permission::kArchive, id, if_match, false, [&](const DocumentState& state, Change* change) {
    if (state.deleted()) return Status::NotFound("document '" + id + "' was deleted");
    if (state.published == 0) return Status::Conflict("document '" + id + "' is not published yet");
    if (state.draft != 0)
      return Status::Conflict("document '" + id + "' has a pending draft (revision " + std::to_string(state.draft) +
                              "): publish or replace it first");
    Revision published;
    Document doc;
    Status s = store_->GetRevision(id, state.published, &published);
    if (s.ok()) s = RecordDocument(published, &doc);
    if (!s.ok()) return s;
    if (doc.status == "archived") return Status::Conflict("document '" + id + "' is archived already");
    doc.status = "archived";
    *change = {action::kArchive, Change::Effect::kPublishNew, ToJson(doc).dump()};
    return Status::Ok();
  }, out);
}

Status Curation::Delete(const Actor& actor, const std::string& id, std::optional<int64_t> if_match, WriteResult* out) {
  return Run(actor, Permission::kDelete, id, if_match, false, [&](const DocumentState& state, Change* change) {
    if (state.deleted()) return Status::NotFound("document '" + id + "' was deleted already");
    *change = {action::kDelete, Change::Effect::kRemove, ""};
    return Status::Ok();
  }, out);
}

Status Curation::RecordEdition(const Actor& actor, Edition edition, Edition* out) {
  Status s = Authorize(actor, Permission::kRecordEdition);
  if (!s.ok()) return s;
  if (edition.name.empty() || edition.name.size() > 100 || !IsValidUtf8(edition.name))
    return Status::Invalid("an edition's name must be 1-100 characters");
  if (edition.date.empty()) edition.date = UtcTimestamp().substr(0, 10);
  if (!IsIsoDate(edition.date)) return Status::Invalid("an edition's date must be YYYY-MM-DD, not '" + edition.date + "'");
  if (edition.note.size() > 10000 || !IsValidUtf8(edition.note)) return Status::Invalid("an edition's note must be at most 10000 bytes of UTF-8");
  std::lock_guard<std::mutex> lock(mutex_);
  Store::Transaction tx(*store_);
  if (!tx.status().ok()) return tx.status();
  AuditEntry audit{0, "", actor, std::string(action::kEdition), "", 0, edition.name, false};
  if (s = store_->AppendAudit(&audit); !s.ok()) return s;
  edition.seq = audit.seq;
  edition.recorded_at = audit.at;
  if (s = store_->AddEdition(edition); !s.ok()) return s;
  if (s = tx.Commit(); !s.ok()) return s;
  *out = edition;
  return Status::Ok();
}

Status MatchDrafts(Store& store, const Vocabularies& vocabularies, const std::string& q, const std::string& qlang,
                   size_t limit, std::vector<DraftMatch>* out) {
  out->clear();
  std::vector<DocumentState> drafts;
  Status s = store.PendingDrafts(&drafts);
  if (!s.ok()) return s;
  std::vector<DraftMatch> all;
  for (const DocumentState& state : drafts) {
    DraftMatch m{state, {}};
    if (!(s = store.GetRevision(state.id, state.draft, &m.revision)).ok()) return s;
    all.push_back(std::move(m));
  }
  if (q.empty()) {
    for (size_t i = 0; i < all.size() && out->size() < limit; ++i) out->push_back(all[i]);
    return Status::Ok();
  }
  // Drafts are few: a throwaway in-memory index of them is searched with the
  // very query a search would run.
  try {
    Analyzer analyzer;
    Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const DraftMatch& m : all) {
      Document doc;
      if (!(s = RecordDocument(m.revision, &doc)).ok()) return s;
      memory.add_document(BuildXapianDocument(doc, analyzer, ""));
    }
    BuiltQuery built;
    if (!(s = BuildQuery(q, qlang, analyzer, vocabularies, QueryLimits{}, &built)).ok()) return s;
    Xapian::Enquire enquire(memory);
    enquire.set_query(built.query);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it) out->push_back(all[*it - 1]);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot search the drafts: " + e.get_description());
  }
}

}  // namespace bridges
