// The curation API on the real daemon over real HTTP on loopback, with a real
// store (SQLite) seeded from the corpus and tokens made by bridges-admin.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/store.h"
#include "core/tokens.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using nlohmann::json;
using testing::Encode;

// A valid record as JSON, with `extra` fields merged in.
std::string Record(const std::string& id, const std::string& title, const json& extra = json::object()) {
  json r = {{"id", id}, {"work", id}, {"type", "good-practice"}, {"lang", "en"}, {"title", title}};
  r.update(extra);
  return r.dump();
}

std::string NewToken(const std::string& store, const std::string& role, const std::string& name) {
  testing::CommandResult r = testing::Admin({"token", "create", "--role", role, "--name", name, "--store", store});
  if (r.exit_code != 0) throw std::runtime_error("bridges-admin failed: " + r.err);
  return r.out.substr(0, r.out.find('\n'));
}

class CurationTest : public ::testing::Test {
 protected:
  // A failure here must fail every test, not skip them.
  static void SetUpTestSuite() {
    try {
      dir_ = new testing::TempDir;
      store_ = dir_->path() + "/store.sqlite";
      curator_ = NewToken(store_, "curator", "carla");
      editor_ = NewToken(store_, "editor", "edith");
      revoked_ = NewToken(store_, "curator", "gone");
      if (testing::Admin({"token", "revoke", "gone", "--store", store_}).exit_code != 0)
        throw std::runtime_error("revoke failed");
      daemon_ = new testing::Daemon(dir_->path() + "/index",
                                    {"--store", store_, "--seed", testing::CorpusDir()});
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static void TearDownTestSuite() {
    delete daemon_;
    delete dir_;
  }

  static testing::HttpResult Call(const std::string& method, const std::string& path, const std::string& token = "",
                                  const std::string& body = "",
                                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty() && std::none_of(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Content-Type"; }))
      headers.emplace_back("Content-Type", "application/json");
    return testing::Send(daemon_->port(), {method, path, headers, body});
  }
  static json Ok(const testing::HttpResult& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static json Put(const std::string& token, const std::string& id, const std::string& body,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Ok(Call("PUT", "/v1/documents/" + id, token, body, std::move(headers)));
  }
  static int Total(const std::string& q) { return Ok(Call("GET", "/v1/search?q=" + Encode(q)))["total"]; }

  static testing::TempDir* dir_;
  static std::string store_, curator_, editor_, revoked_, setup_error_;
  static testing::Daemon* daemon_;
};
testing::TempDir* CurationTest::dir_ = nullptr;
std::string CurationTest::store_, CurationTest::curator_, CurationTest::editor_, CurationTest::revoked_,
    CurationTest::setup_error_;
testing::Daemon* CurationTest::daemon_ = nullptr;

// Reader (no token), curator and editor against every route. Paths name a
// document per role ({who}), so each role's write acts on its own document.
TEST_F(CurationTest, EachRoleGetsItsStatusOnEachRoute) {
  for (const char* who : {"reader", "curator", "editor"})
    Put(editor_, std::string(who) + "-doc", Record(std::string(who) + "-doc", "Role check"));
  struct Row {
    std::string method, path, body;
    int reader, curator, editor;
    std::function<void()> prepare;
  };
  auto draft_everywhere = [] {
    for (const char* who : {"curator", "editor"})
      Put(curator_, std::string(who) + "-doc", Record(std::string(who) + "-doc", "Draft"));
  };
  auto publish_everywhere = [] {
    for (const char* who : {"curator", "editor"})
      Put(editor_, std::string(who) + "-doc", Record(std::string(who) + "-doc", "Published"));
  };
  const Row rows[] = {
      {"GET", "/v1/search?q=role", "", 200, 200, 200, nullptr},
      {"GET", "/v1/documents/{who}-doc", "", 200, 200, 200, nullptr},
      {"GET", "/v1/export?format=jsonl", "", 200, 200, 200, nullptr},
      {"GET", "/v1/editions", "", 200, 200, 200, nullptr},
      {"PUT", "/v1/documents/{who}-doc", Record("{who}-doc", "Changed"), 401, 200, 200, nullptr},
      {"GET", "/v1/documents/{who}-doc?include=drafts", "", 401, 200, 200, nullptr},
      {"GET", "/v1/search?q=role&include=drafts", "", 401, 200, 200, nullptr},
      {"GET", "/v1/documents/{who}-doc/revisions", "", 401, 200, 200, nullptr},
      {"GET", "/v1/documents/{who}-doc/revisions/1", "", 401, 200, 200, nullptr},
      {"GET", "/v1/documents/{who}-doc/diff", "", 401, 200, 200, nullptr},
      {"GET", "/v1/changes?since=2000-01-01", "", 401, 200, 200, nullptr},
      {"POST", "/v1/documents/{who}-doc/publish", "", 401, 403, 200, draft_everywhere},
      {"POST", "/v1/documents/{who}-doc/archive", "", 401, 200, 200, publish_everywhere},
      {"DELETE", "/v1/documents/{who}-doc", "", 401, 403, 200, nullptr},
      {"POST", "/v1/editions", R"({"name":"{who}-edition"})", 401, 403, 200, nullptr},
      {"GET", "/v1/audit", "", 401, 403, 200, nullptr},
  };
  auto fill = [](std::string text, const std::string& who) {
    for (size_t at; (at = text.find("{who}")) != std::string::npos;) text.replace(at, 5, who);
    return text;
  };
  for (const Row& row : rows) {
    if (row.prepare) row.prepare();
    const std::pair<const char*, std::string> roles[] = {{"reader", ""}, {"curator", curator_}, {"editor", editor_}};
    const int expected[] = {row.reader, row.curator, row.editor};
    for (int i = 0; i < 3; ++i) {
      testing::HttpResult r = Call(row.method, fill(row.path, roles[i].first), roles[i].second, fill(row.body, roles[i].first));
      EXPECT_EQ(r.status, expected[i]) << row.method << " " << row.path << " as " << roles[i].first << ": " << r.body;
      if (r.status == 401) {
        EXPECT_EQ(json::parse(r.body)["error"]["code"], "unauthorized");
        EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"bridges\"");
      }
      if (r.status == 403) {
        EXPECT_EQ(json::parse(r.body)["error"]["code"], "forbidden");
      }
    }
  }
}

TEST_F(CurationTest, ExpiredRevokedAndUnknownTokensAreRefused) {
  {
    std::unique_ptr<Store> store;
    ASSERT_TRUE(Store::Open(store_, &store).ok());
    Store::Transaction tx(*store);
    ASSERT_TRUE(store->AddToken({"old", Role::kEditor, HashToken("bridges_expired"), "2020-01-01T00:00:00Z",
                                 "2020-06-01T00:00:00Z", ""}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  const std::string body = Record("token-check", "Token check");
  const std::pair<std::string, std::string> refused[] = {
      {"Bearer bridges_expired", "the token has expired"},
      {"Bearer " + revoked_, "the token was revoked"},
      {"Bearer " + curator_ + "0", "the token is not valid"},
      {"Basic " + curator_, "the Authorization header must be 'Bearer <token>'"},
  };
  for (const auto& [header, message] : refused) {
    testing::HttpResult r = testing::Send(daemon_->port(), {"PUT", "/v1/documents/token-check",
                                                            {{"Authorization", header}, {"Content-Type", "application/json"}}, body});
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(json::parse(r.body)["error"]["message"], message);
  }
  EXPECT_EQ(Call("GET", "/v1/documents/token-check/revisions", curator_).status, 404) << "nothing was stored";
  EXPECT_EQ(Call("PUT", "/v1/documents/token-check", curator_, body).status, 200);
}

TEST_F(CurationTest, InvalidDocumentsAreRefusedWithFieldErrorsAndNothingIsStored) {
  struct Case {
    const char* name;
    std::string content_type, body;
    int status;
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {"vocabulary and range", "application/json",
       Record("bad-doc", "Bad", {{"domains", {"youthh"}}, {"year", 1800}}), 422, {"domains/0", "year"}},
      {"missing field", "application/json", R"({"id":"bad-doc","work":"bad-doc","type":"guide","lang":"en"})", 422, {"title"}},
      {"unknown field", "application/json", Record("bad-doc", "Bad", {{"colour", "red"}}), 422, {"colour"}},
      {"malformed JSON", "application/json", R"({"id": "bad-doc",)", 422, {""}},
      {"id differs from the URL", "application/json", Record("other-doc", "Bad"), 422, {"id"}},
      {"XML schema", "application/xml",
       R"(<document id="bad-doc" work="bad-doc" type="guide" lang="en"><title>T</title><year>20x4</year></document>)", 422, {"year"}},
      {"XML vocabulary", "text/xml; charset=utf-8",
       R"(<document id="bad-doc" work="bad-doc" type="guide" lang="en"><title>T</title><networks><network>nope</network></networks></document>)",
       422, {"networks/0"}},
      {"DOCTYPE", "application/xml", R"(<!DOCTYPE x [<!ENTITY a "b">]><document/>)", 422, {""}},
      {"neither JSON nor XML", "text/plain", "id: bad-doc", 415, {}},
  };
  for (const Case& c : cases) {
    testing::HttpResult r = Call("PUT", "/v1/documents/bad-doc", curator_, c.body, {{"Content-Type", c.content_type}});
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    json error = json::parse(r.body)["error"];
    std::vector<std::string> fields;
    for (const json& e : error.value("errors", json::array())) {
      fields.push_back(e["field"]);
      EXPECT_FALSE(e["reason"].get<std::string>().empty()) << c.name;
    }
    EXPECT_EQ(fields, c.fields) << c.name << ": " << r.body;
  }
  EXPECT_EQ(Call("GET", "/v1/documents/bad-doc/revisions", curator_).status, 404) << "nothing was stored";
  // An existing document keeps its revision when a bad one is refused.
  json before = Ok(Call("GET", "/v1/documents/model-framework-en/revisions", curator_));
  EXPECT_EQ(Call("PUT", "/v1/documents/model-framework-en", editor_, Record("model-framework-en", "")).status, 422);
  EXPECT_EQ(Ok(Call("GET", "/v1/documents/model-framework-en/revisions", curator_)), before);
  EXPECT_GT(Total("title:\"model framework\""), 0);
}

TEST_F(CurationTest, IfMatchRefusesToOverwriteSomeoneElsesEdit) {
  testing::HttpResult created = Call("PUT", "/v1/documents/shared-doc", editor_, Record("shared-doc", "First"), {{"If-Match", "0"}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.header("etag"), "\"1\"");
  // Two curators read revision 1; the first to save wins.
  testing::HttpResult read = Call("GET", "/v1/documents/shared-doc?include=drafts", curator_);
  EXPECT_EQ(read.header("etag"), "\"1\"");
  testing::HttpResult first = Call("PUT", "/v1/documents/shared-doc", curator_, Record("shared-doc", "Anna's"), {{"If-Match", read.header("etag")}});
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("etag"), "\"2\"");
  testing::HttpResult second = Call("PUT", "/v1/documents/shared-doc", editor_, Record("shared-doc", "Ben's"), {{"If-Match", "1"}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(json::parse(second.body)["error"]["code"], "conflict");
  EXPECT_EQ(Ok(Call("GET", "/v1/documents/shared-doc?include=drafts", curator_))["title"], "Anna's");
  EXPECT_EQ(Call("PUT", "/v1/documents/shared-doc", editor_, Record("shared-doc", "X"), {{"If-Match", "0"}}).status, 409)
      << "If-Match: 0 creates only";
  EXPECT_EQ(Call("POST", "/v1/documents/shared-doc/publish", editor_, "", {{"If-Match", "1"}}).status, 409)
      << "publishing checks the revision reviewed too";
  EXPECT_EQ(Call("PUT", "/v1/documents/shared-doc", editor_, Record("shared-doc", "X"), {{"If-Match", "two"}}).status, 400);
  EXPECT_EQ(Call("POST", "/v1/documents/shared-doc/publish", editor_, "", {{"If-Match", "W/\"2\""}}).status, 200);
}

TEST_F(CurationTest, DraftsStayInvisibleToReadersUntilAnEditorPublishes) {
  Put(curator_, "quokka-doc", Record("quokka-doc", "Quokkaland welcome desks", {{"summary", "Newcomers meet quokkas."}}));
  EXPECT_EQ(Total("quokkaland"), 0);
  EXPECT_EQ(Call("GET", "/v1/documents/quokka-doc").status, 404);
  json draft = Ok(Call("GET", "/v1/documents/quokka-doc?include=drafts", curator_));
  EXPECT_EQ(draft["title"], "Quokkaland welcome desks");
  EXPECT_EQ(draft["curation"]["draft_revision"], 1);
  EXPECT_TRUE(draft["curation"]["published_revision"].is_null());
  json search = Ok(Call("GET", "/v1/search?q=quokkaland&include=drafts", curator_));
  EXPECT_EQ(search["total"], 0) << "hits are what readers see";
  ASSERT_EQ(search["drafts"].size(), 1u);
  EXPECT_EQ(search["drafts"][0]["id"], "quokka-doc");
  EXPECT_EQ(search["drafts"][0]["author"], "carla");

  testing::HttpResult published = Call("POST", "/v1/documents/quokka-doc/publish", editor_);
  ASSERT_EQ(published.status, 200) << published.body;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (Total("quokkaland") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(Total("quokkaland"), 1) << "searchable within a second of the 200";
  EXPECT_EQ(Ok(Call("GET", "/v1/documents/quokka-doc"))["title"], "Quokkaland welcome desks");

  Put(curator_, "quokka-doc", Record("quokka-doc", "Wombatland welcome desks"));
  EXPECT_EQ(Total("wombatland"), 0);
  EXPECT_EQ(Ok(Call("GET", "/v1/documents/quokka-doc"))["title"], "Quokkaland welcome desks");
  json mine = Ok(Call("GET", "/v1/documents/quokka-doc?include=drafts", curator_));
  EXPECT_EQ(mine["title"], "Wombatland welcome desks");
  EXPECT_EQ(mine["curation"]["published_revision"], 1);
  EXPECT_TRUE(mine.contains("translations") && mine.contains("related"));
  EXPECT_EQ(Call("GET", "/v1/documents/quokka-doc?include=everything", curator_).status, 400);
}

TEST_F(CurationTest, RevisionsAndFieldByFieldDiffs) {
  Put(editor_, "rev-doc", Record("rev-doc", "Original", {{"domains", {"youth"}}, {"year", 2022}}));
  Put(curator_, "rev-doc", Record("rev-doc", "Revised", {{"domains", {"youth", "refugees"}}, {"summary", "New summary"}}));
  json list = Ok(Call("GET", "/v1/documents/rev-doc/revisions", curator_));
  ASSERT_EQ(list["revisions"].size(), 2u);
  EXPECT_EQ(list["revisions"][0]["revision"], 2) << "newest first";
  EXPECT_EQ(list["revisions"][0]["draft"], true);
  EXPECT_EQ(list["revisions"][0]["author"], "carla");
  EXPECT_EQ(list["revisions"][1]["published"], true);
  EXPECT_EQ(list["revisions"][1]["role"], "editor");
  json one = Ok(Call("GET", "/v1/documents/rev-doc/revisions/1", curator_));
  EXPECT_EQ(one["record"]["title"], "Original");
  EXPECT_EQ(Call("GET", "/v1/documents/rev-doc/revisions/9", curator_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/documents/rev-doc/revisions/x", curator_).status, 404);

  json diff = Ok(Call("GET", "/v1/documents/rev-doc/diff", curator_));
  EXPECT_EQ(diff["from"], 1) << "a draft is compared with what readers see";
  EXPECT_EQ(diff["to"], 2);
  json expected = json::array({
      {{"field", "title"}, {"change", "changed"}, {"from", "Original"}, {"to", "Revised"}},
      {{"field", "summary"}, {"change", "added"}, {"from", nullptr}, {"to", "New summary"}},
      {{"field", "domains"}, {"change", "changed"}, {"from", {"youth"}}, {"to", {"youth", "refugees"}}},
      {{"field", "year"}, {"change", "removed"}, {"from", 2022}, {"to", nullptr}},
  });
  EXPECT_EQ(diff["changes"], expected);
  EXPECT_TRUE(Ok(Call("GET", "/v1/documents/rev-doc/diff?from=2&to=2", curator_))["changes"].empty());
  EXPECT_EQ(Call("GET", "/v1/documents/rev-doc/diff?from=a", curator_).status, 400);
}

TEST_F(CurationTest, ChangesSinceAnEditionAreWhatCuratorsReview) {
  json edition = Ok(Call("POST", "/v1/editions", editor_, R"({"name":"2024","date":"2024-10-15","note":"Adopted by the steering committee"})"));
  EXPECT_EQ(edition["date"], "2024-10-15");
  EXPECT_EQ(Call("POST", "/v1/editions", editor_, R"({"name":"2024"})").status, 409);
  EXPECT_EQ(Call("POST", "/v1/editions", editor_, R"({"name":"x","date":"2024-13-01"})").status, 400);
  Put(editor_, "new-practice", Record("new-practice", "A new practice"));
  Put(editor_, "model-framework-en", Record("model-framework-en", "Model framework, revised"));
  ASSERT_EQ(Call("POST", "/v1/documents/pamplona-joins-reci-es/archive", curator_).status, 200);
  ASSERT_EQ(Call("DELETE", "/v1/documents/pamplona-joins-reci-en", editor_).status, 200);
  Put(curator_, "hamamatsu-declaration-en", Record("hamamatsu-declaration-en", "Hamamatsu, draft"));

  json changes = Ok(Call("GET", "/v1/changes?edition=2024", curator_));
  auto ids = [&](const char* list) {
    std::set<std::string> out;
    for (const json& item : changes[list]) out.insert(item["id"]);
    return out;
  };
  EXPECT_EQ(ids("added"), std::set<std::string>{"new-practice"});
  EXPECT_EQ(ids("changed"), std::set<std::string>{"model-framework-en"});
  EXPECT_EQ(ids("archived"), std::set<std::string>{"pamplona-joins-reci-es"});
  EXPECT_EQ(ids("removed"), std::set<std::string>{"pamplona-joins-reci-en"});
  EXPECT_EQ(ids("pending"), std::set<std::string>{"hamamatsu-declaration-en"});
  EXPECT_EQ(changes["from"]["edition"]["name"], "2024");
  EXPECT_NE(changes["changed"][0]["fields"], json::array());

  json none = Ok(Call("GET", "/v1/changes?since=2999-01-01", curator_));
  EXPECT_TRUE(none["added"].empty() && none["changed"].empty() && none["removed"].empty());
  json all = Ok(Call("GET", "/v1/changes?since=2000-01-01T00:00:00Z", curator_));
  EXPECT_GT(all["added"].size(), 200u) << "the seeded corpus counts as added";
  EXPECT_EQ(Call("GET", "/v1/changes?since=yesterday", curator_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/changes?since=2024-01-01&edition=2024", curator_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/changes?edition=1999", curator_).status, 404);
  json editions = Ok(Call("GET", "/v1/editions"));
  EXPECT_EQ(editions["editions"][0]["name"], "2024");
}

TEST_F(CurationTest, ArchivedStaysSearchableMarkedAndDeletedLeavesSearchKeepingRevisions) {
  ASSERT_EQ(Call("POST", "/v1/documents/model-framework-fr/archive", curator_).status, 200);
  json hit = Ok(Call("GET", "/v1/search?q=&status=archived&collapse=none&per_page=100"));
  bool marked = false;
  for (const json& h : hit["hits"]) marked |= h["id"] == "model-framework-fr" && h["status"] == "archived";
  EXPECT_TRUE(marked);
  EXPECT_EQ(Call("POST", "/v1/documents/model-framework-fr/archive", curator_).status, 409);

  int before = Ok(Call("GET", "/healthz"))["documents"];
  testing::HttpResult deleted = Call("DELETE", "/v1/documents/model-framework-ro", editor_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json::parse(deleted.body)["document"]["deleted"], true);
  EXPECT_EQ(Ok(Call("GET", "/healthz"))["documents"], before - 1);
  EXPECT_EQ(Call("GET", "/v1/documents/model-framework-ro").status, 404);
  json revisions = Ok(Call("GET", "/v1/documents/model-framework-ro/revisions", curator_));
  EXPECT_EQ(revisions["revisions"].size(), 1u);
  EXPECT_EQ(revisions["document"]["deleted"], true);
  EXPECT_EQ(Call("DELETE", "/v1/documents/model-framework-ro", editor_).status, 404);
  EXPECT_EQ(Call("DELETE", "/v1/documents/never-was", editor_).status, 404);
}

TEST_F(CurationTest, AuditTrailSaysWhoDidWhatWhenAndFromWhere) {
  Put(curator_, "audited-doc", Record("audited-doc", "Audited"));
  ASSERT_EQ(Call("POST", "/v1/documents/audited-doc/publish", editor_).status, 200);
  json audit = Ok(Call("GET", "/v1/audit?since=2000-01-01&limit=1000", editor_));
  std::vector<json> mine;
  for (const json& e : audit["entries"])
    if (e["id"] == "audited-doc") mine.push_back(e);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0]["actor"], "carla");
  EXPECT_EQ(mine[0]["role"], "curator");
  EXPECT_EQ(mine[0]["action"], "draft");
  EXPECT_EQ(mine[0]["revision"], 1);
  EXPECT_EQ(mine[0]["address"], "127.0.0.1");
  EXPECT_EQ(mine[0]["visible"], false);
  EXPECT_EQ(mine[1]["actor"], "edith");
  EXPECT_EQ(mine[1]["action"], "publish");
  EXPECT_EQ(mine[1]["visible"], true);
  std::string at = mine[1]["at"];
  EXPECT_EQ(at.size(), 20u);
  EXPECT_EQ(at.back(), 'Z');
  bool token_audited = false;
  for (const json& e : audit["entries"]) token_audited |= e["action"] == "token-revoke" && e["detail"] == "gone";
  EXPECT_TRUE(token_audited) << "bridges-admin's changes are in the same trail";
  json page = Ok(Call("GET", "/v1/audit?limit=2", editor_));
  ASSERT_EQ(page["entries"].size(), 2u);
  json next = Ok(Call("GET", "/v1/audit?limit=2&after=" + std::to_string(page["next_after"].get<int64_t>()), editor_));
  EXPECT_EQ(next["entries"][0]["seq"], page["entries"][1]["seq"].get<int64_t>() + 1);
  EXPECT_EQ(Call("GET", "/v1/audit?limit=0", editor_).status, 400);
}

// The searches whose results must survive an export and a re-import.
const char* const kQueries[] = {
    "/v1/search?q=rumours",
    "/v1/search?q=" "intercultural%20cities&per_page=20",
    "/v1/search?q=rumores&qlang=es&collapse=none",
    "/v1/search?q=youth%20OR%20refugees&per_page=30",
    "/v1/search?q=&sort=newest&per_page=50",
    "/v1/search?q=title:handbook&collapse=none",
    "/v1/search?q=city:Breslau",
    "/v1/search?q=participation&domain=youth&lang=en",
    "/v1/search?q=policy&sort=title&collapse=none&per_page=40",
    "/v1/search?q=quokkaland%20OR%20revised",
    "/v1/facets?facet_limit=100",
    "/v1/suggest?q=han",
    "/v1/documents/anti-rumours-handbook-es",
};

json Results(int port) {
  json all = json::array();
  for (const char* q : kQueries) {
    json r = testing::Http(port, q).json();
    r.erase("took_ms");
    all.push_back(r);
  }
  return all;
}

TEST_F(CurationTest, ExportAndReimportGiveTheSameSearchResults) {
  Put(editor_, "quokka-export", Record("quokka-export", "Quokkaland export check"));
  Put(editor_, "model-framework-en", Record("model-framework-en", "Model framework, revised for export"));
  ASSERT_EQ(Call("DELETE", "/v1/documents/anti-rumours-handbook-fi", editor_).status, 200);
  ASSERT_EQ(Call("POST", "/v1/documents/model-framework-it/archive", curator_).status, 200);
  Put(curator_, "draft-only", Record("draft-only", "Never exported"));
  const json expected = Results(daemon_->port());

  for (const char* format : {"jsonl", "xml"}) {
    testing::HttpResult exported = Call("GET", std::string("/v1/export?format=") + format);
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.body.find("draft-only"), std::string::npos) << "drafts are not exported";
    EXPECT_EQ(exported.body.find("anti-rumours-handbook-fi"), std::string::npos) << "deleted documents are not";
    testing::TempDir other;
    std::string file = other.Write(std::string("export.") + format, exported.body);
    testing::Daemon reimported(other.path() + "/index", {"--store", other.path() + "/store.sqlite", "--seed", file});
    EXPECT_EQ(Results(reimported.port()), expected) << format;
  }
  // The index rebuilt from the live store answers the same too.
  testing::TempDir rebuilt;
  testing::CommandResult r = testing::Run({BRIDGES_INDEXER, "--db", rebuilt.path() + "/index", "--from-store", store_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  testing::Daemon from_store(rebuilt.path() + "/index");
  EXPECT_EQ(Results(from_store.port()), expected);
}

TEST_F(CurationTest, TheIndexerRefusesToWriteUnderSearchd) {
  testing::CommandResult r = testing::Index(dir_->path() + "/index", {testing::CorpusDir() + "/adi-int"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is locked"), std::string::npos) << r.err;
  r = testing::Run({BRIDGES_INDEXER, "--db", dir_->path() + "/index", "--from-store", store_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is locked"), std::string::npos) << r.err;
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST(CurationLimits, FailedAttemptsFromOneAddressAreLimited) {
  testing::TempDir dir;
  std::string store = dir.path() + "/store.sqlite";
  std::string token = NewToken(store, "editor", "ed");
  std::string seed = dir.Write("seed.jsonl", Record("seed-doc", "Seed") + "\n");
  std::string config = dir.Write("c.json", R"({"auth_failures_per_minute": 3})");
  testing::Daemon daemon(dir.path() + "/index", {"--store", store, "--seed", seed, "--config", config});
  auto audit = [&](const std::string& secret) {
    return testing::Send(daemon.port(), {"GET", "/v1/audit", {{"Authorization", "Bearer " + secret}}, ""});
  };
  EXPECT_EQ(audit(token).status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(audit("bridges_guess" + std::to_string(i)).status, 401);
  testing::HttpResult limited = audit("bridges_guess4");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(json::parse(limited.body)["error"]["code"], "too_many_requests");
  int retry = std::atoi(limited.header("retry-after").c_str());
  EXPECT_GT(retry, 30);
  EXPECT_LE(retry, 61);
  EXPECT_EQ(audit(token).status, 429) << "even a valid token waits out the minute";
  EXPECT_EQ(testing::Http(daemon.port(), "/v1/search?q=seed").status, 200) << "reading needs no token and is not limited";
}

// searchd killed after a store commit and before the index commit: the next
// start applies what the index missed.
TEST(CurationStart, StartUpReconcilesTheIndexWithTheStore) {
  testing::TempDir dir;
  std::string store_path = dir.path() + "/store.sqlite";
  std::string seed = dir.Write("seed.jsonl", Record("seed-doc", "Seed") + "\n");
  {
    testing::Daemon daemon(dir.path() + "/index", {"--store", store_path, "--seed", seed});
    daemon.Kill();
  }
  {
    std::unique_ptr<Store> store;
    ASSERT_TRUE(Store::Open(store_path, &store).ok());
    Store::Transaction tx(*store);
    const Actor edith{"edith", Role::kEditor, "127.0.0.1"};
    AuditEntry audit{0, "", edith, "publish", "missed-doc", 1, "", true};
    ASSERT_TRUE(store->AppendAudit(&audit).ok());
    ASSERT_TRUE(store->AddRevision({"missed-doc", 1, Record("missed-doc", "Wombatland missed"), audit.at, "edith",
                                    Role::kEditor, audit.seq, audit.at}).ok());
    ASSERT_TRUE(store->SaveDocument({"missed-doc", 1, 1, 1, 0, audit.at, "", audit.seq}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  testing::Daemon daemon(dir.path() + "/index", {"--store", store_path});
  EXPECT_EQ(testing::Http(daemon.port(), "/v1/search?q=wombatland").json()["total"], 1);
}

TEST(CurationStart, WithoutAStoreTheWriteRoutesAreOff) {
  testing::TempDir dir;
  ASSERT_EQ(testing::Index(dir.path() + "/index", {testing::CorpusDir() + "/adi-int"}).exit_code, 0);
  testing::Daemon daemon(dir.path() + "/index");
  testing::HttpResult put = testing::Send(daemon.port(), {"PUT", "/v1/documents/x", {}, "{}"});
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.header("allow"), "GET, HEAD");
  testing::HttpResult changes = testing::Http(daemon.port(), "/v1/changes?since=2024-01-01");
  EXPECT_EQ(changes.status, 404);
  EXPECT_NE(changes.body.find("--store"), std::string::npos) << changes.body;
  EXPECT_EQ(testing::Http(daemon.port(), "/v1/search?q=model&include=drafts").status, 400);
}

}  // namespace
}  // namespace bridges
