// The store of record and the curation workflow on a real SQLite file and a
// real Xapian index: rules, audit, tokens, catch-up, reviews and record forms.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <xapian.h>

#include "core/curation.h"
#include "core/document_json.h"
#include "core/index_layout.h"
#include "core/loader.h"
#include "core/review.h"
#include "core/tokens.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using nlohmann::json;

const Actor kCurator{"cur", Role::kCurator, "10.0.0.1"};
const Actor kEditor{"ed", Role::kEditor, "10.0.0.2"};
const Actor kReader{"", Role::kReader, "10.0.0.3"};

Document Doc(const std::string& id, const std::string& title) {
  Document d;
  d.id = id;
  d.work = id;
  d.type = "report";
  d.lang = "en";
  d.title = title;
  return d;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CurationCore : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(std::vector<std::string> seed = {}) {
    curation_.reset();
    std::string report;
    Status s = Curation::Open({store_path(), index_path(), seed, 500}, &testing::ShippedVocabularies(), &curation_, &report);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::unique_ptr<Store> OpenStore() {
    std::unique_ptr<Store> store;
    Status s = Store::Open(store_path(), &store);
    EXPECT_TRUE(s.ok()) << s.message();
    return store;
  }
  // The title the index holds for `id`, or "" if it holds none.
  std::string IndexedTitle(const std::string& id) {
    Xapian::Database db(index_path());
    std::string term = std::string(layout::kId) + id;
    if (!db.term_exists(term)) return "";
    return json::parse(db.get_document(*db.postlist_begin(term)).get_data()).value("title", "");
  }
  WriteResult Put(const Actor& a, const Document& d, std::optional<int64_t> if_match = std::nullopt) {
    WriteResult r;
    Status s = curation_->Put(a, d, if_match, &r);
    EXPECT_TRUE(s.ok()) << d.id << ": " << s.message();
    return r;
  }
  std::string store_path() const { return dir_.path() + "/store.sqlite"; }
  std::string index_path() const { return dir_.path() + "/index"; }

  testing::TempDir dir_;
  std::unique_ptr<Curation> curation_;
};

TEST(Permissions, EachRoleMayDoWhatTheTableSays) {
  struct Row {
    Permission permission;
    StatusCode reader, curator, editor;
  };
  const StatusCode ok = StatusCode::kOk, no = StatusCode::kPermissionDenied, who = StatusCode::kUnauthenticated;
  const Row rows[] = {
      {Permission::kReadDrafts, who, ok, ok}, {Permission::kPropose, who, ok, ok},
      {Permission::kArchive, who, ok, ok},    {Permission::kPublish, who, no, ok},
      {Permission::kDelete, who, no, ok},     {Permission::kRecordEdition, who, no, ok},
      {Permission::kReadAudit, who, no, ok},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(Authorize(kReader, r.permission).code(), r.reader) << static_cast<int>(r.permission);
    EXPECT_EQ(Authorize(kCurator, r.permission).code(), r.curator) << static_cast<int>(r.permission);
    EXPECT_EQ(Authorize(kEditor, r.permission).code(), r.editor) << static_cast<int>(r.permission);
  }
}

TEST_F(CurationCore, StoreKeepsItsIdAndRefusesAForeignFile) {
  std::string id = OpenStore()->id();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(OpenStore()->id(), id);
  std::string other = dir_.Write("not-a-store.sqlite", "this is not SQLite, just text that is long enough to read");
  std::unique_ptr<Store> store;
  Status s = Store::Open(other, &store);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(other), std::string::npos) << s.message();
}

TEST_F(CurationCore, AChangeAndItsAuditEntryCommitTogetherOrNotAtAll) {
  std::unique_ptr<Store> store = OpenStore();
  int64_t before = 0, after = 0;
  ASSERT_TRUE(store->LastSeq(&before).ok());
  {
    Store::Transaction tx(*store);
    AuditEntry audit{0, "", kEditor, std::string(action::kPublish), "ghost", 1, "", true};
    ASSERT_TRUE(store->AppendAudit(&audit).ok());
    ASSERT_TRUE(store->SaveDocument({"ghost", 1, 1, 1, 0, audit.at, "", audit.seq}).ok());
    // No Commit(): rolled back with the audit row.
  }
  DocumentState state;
  EXPECT_EQ(store->LoadDocument("ghost", &state).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store->LastSeq(&after).ok());
  EXPECT_EQ(after, before);
}

TEST_F(CurationCore, CuratorDraftReachesTheIndexOnlyWhenAnEditorPublishesIt) {
  WriteResult draft = Put(kCurator, Doc("d1", "First title"));
  EXPECT_EQ(draft.action, "draft");
  EXPECT_EQ(draft.state.draft, 1);
  EXPECT_EQ(IndexedTitle("d1"), "") << "drafts are never indexed";
  WriteResult r;
  EXPECT_EQ(curation_->Publish(kCurator, "d1", std::nullopt, &r).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(curation_->Publish(kEditor, "d1", 1, &r).ok());
  EXPECT_EQ(IndexedTitle("d1"), "First title");
  EXPECT_EQ(r.state.published, 1);
  EXPECT_EQ(r.state.draft, 0);
  Put(kCurator, Doc("d1", "Second title"), 1);
  EXPECT_EQ(IndexedTitle("d1"), "First title") << "the published version stays until the draft is published";
  Put(kEditor, Doc("d1", "Third title"), 2);
  EXPECT_EQ(IndexedTitle("d1"), "Third title") << "an editor's change is published at once";
  std::vector<Revision> revisions;
  ASSERT_TRUE(OpenStore()->ListRevisions("d1", &revisions).ok());
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_FALSE(revisions[0].published_at.empty());
  EXPECT_TRUE(revisions[1].published_at.empty()) << "the superseded draft was never published";
  EXPECT_EQ(revisions[2].author, "ed");
}

TEST_F(CurationCore, IfMatchRefusesAStaleRevisionAndStoresNothing) {
  Put(kEditor, Doc("d2", "One"), 0);
  WriteResult r;
  EXPECT_EQ(curation_->Put(kEditor, Doc("d2", "Again"), 0, &r).code(), StatusCode::kConflict) << "0: must not exist";
  Put(kCurator, Doc("d2", "Two"), 1);
  std::unique_ptr<Store> store = OpenStore();
  int64_t seq_before = 0, seq_after = 0;
  ASSERT_TRUE(store->LastSeq(&seq_before).ok());
  Status s = curation_->Put(kCurator, Doc("d2", "Based on one"), 1, &r);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("is 2, not 1"), std::string::npos) << s.message();
  ASSERT_TRUE(store->LastSeq(&seq_after).ok());
  EXPECT_EQ(seq_after, seq_before) << "no audit entry for a refused change";
  DocumentState state;
  ASSERT_TRUE(store->LoadDocument("d2", &state).ok());
  EXPECT_EQ(state.head, 2);
}

TEST_F(CurationCore, ArchiveAndDeleteFollowTheirRules) {
  Put(kEditor, Doc("d3", "Archivable"));
  Put(kCurator, Doc("d3", "Pending edit"));
  WriteResult r;
  EXPECT_EQ(curation_->Archive(kCurator, "d3", std::nullopt, &r).code(), StatusCode::kConflict) << "a draft is pending";
  ASSERT_TRUE(curation_->Publish(kEditor, "d3", std::nullopt, &r).ok());
  ASSERT_TRUE(curation_->Archive(kCurator, "d3", std::nullopt, &r).ok());
  Xapian::Database db(index_path());
  EXPECT_TRUE(db.term_exists("XSarchived")) << "archived documents stay searchable, marked";
  EXPECT_EQ(curation_->Archive(kCurator, "d3", std::nullopt, &r).code(), StatusCode::kConflict);
  EXPECT_EQ(curation_->Delete(kCurator, "d3", std::nullopt, &r).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(curation_->Delete(kEditor, "d3", 3, &r).ok());
  EXPECT_EQ(IndexedTitle("d3"), "");
  EXPECT_TRUE(r.state.deleted());
  EXPECT_EQ(r.state.last_published, 3) << "the last published record is kept for OAI-PMH";
  EXPECT_EQ(r.state.datestamp, r.state.deleted_at);
  EXPECT_EQ(curation_->Delete(kEditor, "d3", std::nullopt, &r).code(), StatusCode::kNotFound);
  std::vector<Revision> revisions;
  ASSERT_TRUE(OpenStore()->ListRevisions("d3", &revisions).ok());
  EXPECT_EQ(revisions.size(), 3u) << "deleting keeps every revision";
  Put(kEditor, Doc("d3", "Back again"));
  EXPECT_EQ(IndexedTitle("d3"), "Back again");
}

// A crash after the store commit and before the index commit leaves the
// index behind; the next start re-applies what it missed.
TEST_F(CurationCore, StartUpAppliesWhatTheIndexMissed) {
  Put(kEditor, Doc("d4", "Indexed"));
  curation_.reset();
  {
    std::unique_ptr<Store> store = OpenStore();
    Store::Transaction tx(*store);
    AuditEntry audit{0, "", kEditor, std::string(action::kPublish), "d5", 1, "", true};
    ASSERT_TRUE(store->AppendAudit(&audit).ok());
    ASSERT_TRUE(store->AddRevision({"d5", 1, ToJson(Doc("d5", "Stored only")).dump(), audit.at, "ed", Role::kEditor,
                                    audit.seq, audit.at}).ok());
    ASSERT_TRUE(store->SaveDocument({"d5", 1, 1, 1, 0, audit.at, "", audit.seq}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(IndexedTitle("d5"), "");
  Reopen();
  EXPECT_EQ(IndexedTitle("d5"), "Stored only");
  EXPECT_EQ(IndexedTitle("d4"), "Indexed");
}

TEST_F(CurationCore, AnIndexOfAnotherStoreIsRebuiltWhole) {
  Put(kEditor, Doc("d6", "Ours"));
  curation_.reset();
  std::filesystem::rename(store_path(), dir_.path() + "/old.sqlite");
  std::filesystem::remove(store_path() + "-wal");
  Reopen({testing::CorpusDir() + "/adi-int"});
  EXPECT_EQ(IndexedTitle("d6"), "") << "documents of the other store are gone";
  EXPECT_FALSE(IndexedTitle("model-framework-en").empty());
}

TEST_F(CurationCore, ChangesSinceAnEditionListEachKindOnce) {
  for (const char* id : {"keep", "edit", "retire", "drop", "draft-on"}) Put(kEditor, Doc(id, std::string("T ") + id));
  Edition edition;
  ASSERT_TRUE(curation_->RecordEdition(kEditor, {"2024", "2024-10-15", "adopted", 0, ""}, &edition).ok());
  Edition again;
  EXPECT_EQ(curation_->RecordEdition(kEditor, {"2024", "", "", 0, ""}, &again).code(), StatusCode::kConflict);
  Put(kEditor, Doc("new", "T new"));
  Document edited = Doc("edit", "T edit, revised");
  edited.domains = {"youth"};
  Put(kCurator, edited);
  WriteResult r;
  ASSERT_TRUE(curation_->Publish(kEditor, "edit", std::nullopt, &r).ok());
  ASSERT_TRUE(curation_->Archive(kCurator, "retire", std::nullopt, &r).ok());
  ASSERT_TRUE(curation_->Delete(kEditor, "drop", std::nullopt, &r).ok());
  Put(kCurator, Doc("draft-on", "T draft"));
  Put(kEditor, Doc("brief", "Added and removed in between"));
  ASSERT_TRUE(curation_->Delete(kEditor, "brief", std::nullopt, &r).ok());
  Put(kEditor, Doc("keep", "T keep"));  // republished unchanged

  ChangeList changes;
  ASSERT_TRUE(ChangesSince(*OpenStore(), edition.seq, &changes).ok());
  auto ids = [](const std::vector<ChangeItem>& items) {
    std::vector<std::string> out;
    for (const ChangeItem& i : items) out.push_back(i.id);
    return out;
  };
  EXPECT_EQ(ids(changes.added), std::vector<std::string>{"new"});
  EXPECT_EQ(ids(changes.changed), std::vector<std::string>{"edit"});
  EXPECT_EQ(changes.changed[0].fields, (std::vector<std::string>{"title", "domains"}));
  EXPECT_EQ(ids(changes.archived), std::vector<std::string>{"retire"});
  EXPECT_EQ(ids(changes.removed), std::vector<std::string>{"drop"});
  EXPECT_EQ(changes.removed[0].title, "T drop");
  EXPECT_EQ(ids(changes.pending), std::vector<std::string>{"draft-on"});
  EXPECT_EQ(changes.pending[0].fields, std::vector<std::string>{"title"});
}

TEST(DiffRecords, ListsChangedFieldsInRecordOrder) {
  json a = {{"id", "x"}, {"title", "Old"}, {"domains", {"youth"}}, {"year", 2023}, {"url", "https://a"}};
  json b = {{"id", "x"}, {"title", "New"}, {"domains", {"youth", "refugees"}}, {"summary", "Added"}, {"url", "https://a"}};
  std::vector<FieldChange> changes = DiffRecords(a, b);
  ASSERT_EQ(changes.size(), 4u);
  const std::tuple<const char*, const char*, json, json> expected[] = {
      {"title", "changed", "Old", "New"},
      {"summary", "added", nullptr, "Added"},
      {"domains", "changed", json{"youth"}, json{"youth", "refugees"}},
      {"year", "removed", 2023, nullptr},
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(changes[i].field, std::get<0>(expected[i]));
    EXPECT_EQ(changes[i].change, std::get<1>(expected[i]));
    EXPECT_EQ(changes[i].from, std::get<2>(expected[i]));
    EXPECT_EQ(changes[i].to, std::get<3>(expected[i]));
  }
  EXPECT_TRUE(DiffRecords(a, a).empty());
}

TEST_F(CurationCore, TokensAreKeptOnlyAsHashesAndRefusedOnceExpiredOrRevoked) {
  std::unique_ptr<Store> store = OpenStore();
  std::string secret;
  ASSERT_TRUE(CreateToken(*store, {"alice", Role::kCurator, 30}, {"root", Role::kAdmin, "local"}, &secret).ok());
  EXPECT_EQ(secret.rfind("bridges_", 0), 0u);
  EXPECT_EQ(secret.size(), 8u + 64u);
  store.reset();
  EXPECT_EQ(ReadAll(store_path()).find(secret.substr(8)), std::string::npos) << "the secret is not in the store";
  store = OpenStore();
  Actor actor;
  ASSERT_TRUE(Authenticate(*store, secret, "10.1.1.1", &actor).ok());
  EXPECT_EQ(actor.name, "alice");
  EXPECT_EQ(actor.role, Role::kCurator);
  EXPECT_EQ(actor.address, "10.1.1.1");
  EXPECT_EQ(Authenticate(*store, secret + "x", "a", &actor).message(), "the token is not valid");

  std::string dup;
  EXPECT_EQ(CreateToken(*store, {"alice", Role::kEditor, {}}, {}, &dup).code(), StatusCode::kConflict);
  EXPECT_EQ(CreateToken(*store, {"bad name", Role::kEditor, {}}, {}, &dup).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateToken(*store, {"r", Role::kReader, {}}, {}, &dup).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(RevokeToken(*store, "alice", {"root", Role::kAdmin, "local"}).ok());
  EXPECT_EQ(Authenticate(*store, secret, "a", &actor).message(), "the token was revoked");
  EXPECT_EQ(RevokeToken(*store, "alice", {}).code(), StatusCode::kConflict);

  TokenRecord old{"old", Role::kEditor, HashToken("bridges_old"), "2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z", ""};
  {
    Store::Transaction tx(*store);
    ASSERT_TRUE(store->AddToken(old).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(Authenticate(*store, "bridges_old", "a", &actor).message(), "the token has expired");
  std::vector<AuditEntry> audit;
  ASSERT_TRUE(store->ListAudit({}, &audit).ok());
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "token-create");
  EXPECT_EQ(audit[1].action, "token-revoke");
  EXPECT_EQ(audit[1].actor.name, "root");
}

// The API reads a body with the loaders' own rules: the same errors, now
// with the field each is in.
TEST(ReadOneRecord, ReportsFieldErrorsAsTheLoadersDo) {
  struct Case {
    const char* name;
    RecordFormat format;
    std::string body;
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {"unknown domain", RecordFormat::kJson,
       R"({"id":"a","work":"a","type":"report","lang":"en","title":"T","domains":["youthh"],"year":1800})",
       {"domains/0", "year"}},
      {"missing title", RecordFormat::kJson, R"({"id":"a","work":"a","type":"report","lang":"en"})", {"title"}},
      {"malformed", RecordFormat::kJson, R"({"id":)", {""}},
      {"schema", RecordFormat::kXml,
       R"(<document id="a" work="a" type="report" lang="en"><title>T</title><year>20x4</year></document>)", {"year"}},
      {"vocabulary in XML", RecordFormat::kXml,
       R"(<document id="a" work="a" type="nonsense" lang="en"><title>T</title></document>)", {"type"}},
      {"two documents", RecordFormat::kXml,
       R"(<collection><document id="a" work="a" type="report" lang="en"><title>T</title></document>)"
       R"(<document id="b" work="b" type="report" lang="en"><title>T</title></document></collection>)",
       {""}},
  };
  for (const Case& c : cases) {
    Document doc;
    std::vector<FieldError> errors;
    EXPECT_FALSE(ReadOneRecord(c.body, c.format, testing::ShippedVocabularies(), {}, &doc, &errors)) << c.name;
    std::vector<std::string> fields;
    for (const FieldError& e : errors) fields.push_back(e.field);
    EXPECT_EQ(fields, c.fields) << c.name;
  }
  LoadResult loaded;
  LoadJsonLines(cases[0].body, "x", testing::ShippedVocabularies(), {}, &loaded);
  Document doc;
  std::vector<FieldError> errors;
  ReadOneRecord(cases[0].body, RecordFormat::kJson, testing::ShippedVocabularies(), {}, &doc, &errors);
  ASSERT_EQ(loaded.diagnostics.size(), errors.size());
  for (size_t i = 0; i < errors.size(); ++i) EXPECT_EQ(loaded.diagnostics[i].message, errors[i].message);

  std::string pretty = "{\n  \"id\": \"b\", \"work\": \"b\", \"type\": \"report\",\n  \"lang\": \"EN\", \"title\": \"T\"\n}";
  ASSERT_TRUE(ReadOneRecord(pretty, RecordFormat::kJson, testing::ShippedVocabularies(), {}, &doc, &errors));
  EXPECT_EQ(doc.lang, "en") << "canonicalised as the loaders do";
}

TEST_F(CurationCore, DraftsMatchTheirTextOnly) {
  Put(kCurator, Doc("q1", "Quokkaland dialogue"));
  Put(kCurator, Doc("q2", "Wombat festival"));
  std::vector<DraftMatch> matches;
  ASSERT_TRUE(MatchDrafts(*OpenStore(), testing::ShippedVocabularies(), "quokkaland", "en", 10, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].state.id, "q1");
  ASSERT_TRUE(MatchDrafts(*OpenStore(), testing::ShippedVocabularies(), "", "", 10, &matches).ok());
  EXPECT_EQ(matches.size(), 2u);
}

// Regression: replacing a title left its words in the spelling data, so
// queries were "corrected" towards words no title had any more.
TEST_F(CurationCore, ReplacedTitlesLeaveTheSpellingData) {
  Put(kEditor, Doc("s1", "Quokkaland"));
  EXPECT_EQ(Xapian::Database(index_path()).get_spelling_suggestion("quokkalnd"), "quokkaland");
  Put(kEditor, Doc("s1", "Wombatland"));
  EXPECT_EQ(Xapian::Database(index_path()).get_spelling_suggestion("quokkalnd"), "");
  WriteResult r;
  ASSERT_TRUE(curation_->Delete(kEditor, "s1", std::nullopt, &r).ok());
  EXPECT_EQ(Xapian::Database(index_path()).get_spelling_suggestion("wombatlnd"), "");
}

}  // namespace
}  // namespace bridges
