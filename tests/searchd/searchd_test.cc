// The real daemon over real HTTP on loopback, on an index of the real corpus.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <functional>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/language.h"
#include "core/loader.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using nlohmann::json;
using testing::Encode;
using testing::Http;

class SearchdTest : public ::testing::Test {
 protected:
  // A failure here must fail every test, not skip them (gtest skips the tests
  // of a suite whose SetUpTestSuite fails, and ctest counts skips as passes).
  static void SetUpTestSuite() {
    try {
      dir_ = new testing::TempDir;
      db_ = dir_->path() + "/db";
      testing::CommandResult r = testing::Index(db_, {testing::CorpusDir()});
      if (r.exit_code != 0) throw std::runtime_error("indexing the corpus failed: " + r.err);
      daemon_ = new testing::Daemon(db_);
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static void TearDownTestSuite() {
    delete daemon_;
    delete dir_;
  }
  static json Get(const std::string& path, int expected_status = 200) {
    testing::HttpResult r = Http(daemon_->port(), path);
    EXPECT_EQ(r.status, expected_status) << path << ": " << r.body;
    EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u) << path;
    return r.json();
  }
  static const std::vector<Document>& Corpus() {
    static const std::vector<Document> docs = LoadPaths({testing::CorpusDir()}, testing::ShippedVocabularies()).documents;
    return docs;
  }
  static testing::TempDir* dir_;
  static std::string db_;
  static testing::Daemon* daemon_;
  static std::string setup_error_;
};
std::string SearchdTest::setup_error_;
testing::TempDir* SearchdTest::dir_ = nullptr;
std::string SearchdTest::db_;
testing::Daemon* SearchdTest::daemon_ = nullptr;

TEST_F(SearchdTest, HealthReportsDocumentsAndRevision) {
  json h = Get("/healthz");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["documents"], Corpus().size());
  EXPECT_GE(h["revision"].get<int>(), 1);
}

TEST_F(SearchdTest, SearchResponseCarriesEveryField) {
  json r = Get("/v1/search?q=" + Encode("anti-rumours handbook") + "&qlang=en&per_page=5");
  EXPECT_EQ(r["query"]["q"], "anti-rumours handbook");
  EXPECT_EQ(r["query"]["qlang"], "en");
  EXPECT_EQ(r["query"]["detected"], false);
  EXPECT_TRUE(r["query"]["corrected"].is_null());
  EXPECT_GE(r["total"].get<int>(), 1);
  EXPECT_EQ(r["page"], 1);
  EXPECT_EQ(r["per_page"], 5);
  EXPECT_TRUE(r["took_ms"].is_number());
  ASSERT_FALSE(r["hits"].empty());
  json hit = r["hits"][0];
  EXPECT_EQ(hit["id"], "anti-rumours-handbook-en");
  EXPECT_EQ(hit["work"], "anti-rumours-handbook");
  EXPECT_EQ(hit["lang"], "en");
  EXPECT_EQ(hit["type"], "handbook");
  EXPECT_EQ(hit["status"], "current");
  for (const char* key : {"title", "snippet", "score", "domains", "cities", "countries", "networks", "translations", "year"})
    EXPECT_TRUE(hit.contains(key)) << key;
  EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>"), std::string::npos) << hit["snippet"];
  EXPECT_GT(hit["score"].get<double>(), 0);
  for (const char* facet : {"domain", "lang", "city", "country", "type", "network", "year", "status", "edition"})
    EXPECT_TRUE(r["facets"].contains(facet)) << facet;
}

TEST_F(SearchdTest, CollapseByWorkListsTranslations) {
  json r = Get("/v1/search?q=" + Encode("anti-rumours handbook") + "&qlang=en");
  json hit = r["hits"][0];
  std::set<std::string> langs;
  for (const json& t : hit["translations"]) langs.insert(t["lang"]);
  EXPECT_EQ(langs, (std::set<std::string>{"ar", "es", "fi", "it", "ja", "pl", "pt", "uk"}));
  int handbook_hits = 0;
  for (const json& h : r["hits"]) handbook_hits += h["work"] == "anti-rumours-handbook";
  EXPECT_EQ(handbook_hits, 1);

  json none = Get("/v1/search?q=" + Encode("handbook") + "&collapse=none&work_unused=1", 400);
  EXPECT_EQ(none["error"]["message"], "unknown parameter 'work_unused'");
  json all = Get("/v1/search?q=" + Encode("title:handbook") + "&collapse=none&lang=ja&lang=pl");
  std::set<std::string> ids;
  for (const json& h : all["hits"]) ids.insert(h["id"]);
  EXPECT_TRUE(ids.empty() || ids.count("anti-rumours-handbook-pl") || ids.count("anti-rumours-handbook-ja"));
}

TEST_F(SearchdTest, UiLanguagePicksTheShownVersionAndLabels) {
  json r = Get("/v1/search?q=" + Encode("model framework") + "&qlang=en&ui=fr");
  ASSERT_FALSE(r["hits"].empty());
  EXPECT_EQ(r["hits"][0]["work"], "model-framework");
  EXPECT_EQ(r["hits"][0]["lang"], "fr") << "the French version is shown to a French interface";
  bool labelled = false;
  for (const json& d : r["facets"]["domain"]) labelled |= d["value"] == "governance" && d["label"] == "Gouvernance";
  EXPECT_TRUE(labelled) << r["facets"]["domain"];
}

// Disjunctive counts computed independently from the loaded corpus: a facet's
// count ignores its own filter, applies the others, and counts works.
TEST_F(SearchdTest, DisjunctiveFacetCountsMatchTheCorpus) {
  json r = Get("/v1/search?q=&lang=es&type=handbook&type=guide&facet_limit=100");
  auto works_where = [&](auto pred) {
    std::set<std::string> works;
    for (const Document& d : Corpus())
      if (pred(d)) works.insert(d.work);
    return works.size();
  };
  auto is_type = [](const Document& d) { return d.type == "handbook" || d.type == "guide"; };
  EXPECT_EQ(r["total"], works_where([&](const Document& d) { return d.lang == "es" && is_type(d); }));
  std::map<std::string, uint64_t> lang_counts, type_counts;
  for (const json& f : r["facets"]["lang"]) lang_counts[f["value"]] = f["count"];
  for (const json& f : r["facets"]["type"]) type_counts[f["value"]] = f["count"];
  for (const char* lang : {"en", "es", "it", "pl", "uk", "ja"})
    EXPECT_EQ(lang_counts[lang], works_where([&](const Document& d) { return d.lang == lang && is_type(d); })) << lang;
  for (const char* type : {"handbook", "guide", "policy-brief", "manual"})
    EXPECT_EQ(type_counts[type], works_where([&](const Document& d) { return d.type == type && d.lang == "es"; })) << type;
  uint64_t previous = UINT64_MAX;
  for (const json& f : r["facets"]["lang"]) {
    EXPECT_LE(f["count"].get<uint64_t>(), previous) << "sorted by count";
    previous = f["count"];
  }
}

// Every filter parameter narrows the set to exactly the documents carrying it.
TEST_F(SearchdTest, EachFilterSelectsExactlyItsDocuments) {
  struct Filter {
    const char* param;
    const char* value;
    std::function<bool(const Document&)> has;
  };
  auto in = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  const Filter filters[] = {
      {"domain", "anti-rumours", [&](const Document& d) { return in(d.domains, "anti-rumours"); }},
      {"lang", "es-MX", [](const Document& d) { return d.lang == "es-MX"; }},
      {"city", "wroclaw", [](const Document& d) { return std::any_of(d.cities.begin(), d.cities.end(), [](const City& c) { return c.id == "wroclaw"; }); }},
      {"country", "FI", [&](const Document& d) { return in(d.countries, "FI"); }},
      {"type", "policy-brief", [](const Document& d) { return d.type == "policy-brief"; }},
      {"network", "icc-ua", [&](const Document& d) { return in(d.networks, "icc-ua"); }},
      {"year", "2023", [](const Document& d) { return d.year == 2023; }},
      {"status", "archived", [](const Document& d) { return d.status == "archived"; }},
      {"edition", "2024", [](const Document& d) { return d.edition == "2024"; }},
  };
  for (const Filter& f : filters) {
    json r = Get(std::string("/v1/search?q=&collapse=none&per_page=100&") + f.param + "=" + f.value);
    std::set<std::string> expected, got;
    for (const Document& d : Corpus())
      if (f.has(d)) expected.insert(d.id);
    for (const json& h : r["hits"]) got.insert(h["id"]);
    EXPECT_EQ(got, expected) << f.param << "=" << f.value;
    EXPECT_EQ(r["total"], expected.size()) << f.param;
    EXPECT_FALSE(expected.empty()) << f.param << "=" << f.value << " selects nothing in the corpus";
  }
}

TEST_F(SearchdTest, PagesDoNotOverlapAndFacetLimitCuts) {
  json p1 = Get("/v1/search?q=&per_page=10&page=1&sort=title");
  json p2 = Get("/v1/search?q=&per_page=10&page=2&sort=title");
  std::set<std::string> a, b;
  for (const json& h : p1["hits"]) a.insert(h["work"]);
  for (const json& h : p2["hits"]) b.insert(h["work"]);
  EXPECT_EQ(a.size(), 10u);
  EXPECT_EQ(b.size(), 10u);
  for (const std::string& w : b) EXPECT_FALSE(a.count(w)) << w;
  EXPECT_EQ(p2["page"], 2);
  json limited = Get("/v1/search?q=&facet_limit=3");
  EXPECT_EQ(limited["facets"]["city"].size(), 3u);
}

// Regression: filter values were matched only in their stored form.
TEST_F(SearchdTest, FilterValuesAreNormalisedLikeTheIndex) {
  EXPECT_EQ(Get("/v1/search?q=&city=Breslau")["total"], Get("/v1/search?q=&city=wroclaw")["total"]);
  EXPECT_EQ(Get("/v1/search?q=&country=fi")["total"], Get("/v1/search?q=&country=FI")["total"]);
  EXPECT_EQ(Get("/v1/search?q=lang:es-mx")["total"], 1);
  EXPECT_GT(Get("/v1/search?q=&country=fi")["total"].get<int>(), 0);
}

// Regression: a negative field term made the query "positive" (relevance-sorted).
TEST_F(SearchdTest, NegativeFieldTermListsTheRest) {
  json r = Get("/v1/search?q=" + Encode("-domain:youth") + "&collapse=none&per_page=1");
  size_t without_youth = 0;
  for (const Document& d : Corpus())
    without_youth += std::find(d.domains.begin(), d.domains.end(), "youth") == d.domains.end();
  EXPECT_EQ(r["total"], without_youth);
  EXPECT_EQ(r["hits"][0]["score"], 0.0);
}

// Regression: sort=oldest listed undated documents first.
TEST_F(SearchdTest, OldestSortPutsUndatedLast) {
  json r = Get("/v1/search?q=&sort=oldest&collapse=none&per_page=5");
  for (const json& h : r["hits"]) EXPECT_FALSE(h["year"].is_null()) << h["id"];
}

TEST_F(SearchdTest, YearRangeAndSortWork) {
  json r = Get("/v1/search?q=&year_from=2024&year_to=2024&sort=title&collapse=none&per_page=100");
  size_t expected = 0;
  for (const Document& d : Corpus()) expected += d.year == 2024;
  EXPECT_EQ(r["total"], expected);
  std::string previous;
  for (const json& h : r["hits"]) EXPECT_EQ(h["year"], 2024);
  json newest = Get("/v1/search?q=&sort=newest&per_page=3&collapse=none");
  json oldest = Get("/v1/search?q=&sort=oldest&per_page=3&collapse=none");
  EXPECT_GE(newest["hits"][0]["year"].get<int>(), oldest["hits"][0]["year"].is_null() ? 0 : oldest["hits"][0]["year"].get<int>());
}

TEST_F(SearchdTest, QueriesInSixLanguagesFindTheirVersions) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"es", "narrativas alternativas", "alternative-narratives-migration-integration-es"},
      {"it", "discriminazione sistemica", "systemic-discrimination-policy-brief-it"},
      {"pl", "strategia integracji międzykulturowej", "model-framework-pl"},
      {"uk", "протидії чуткам", "anti-rumours-handbook-uk"},
      {"el", "διαπολιτισμική ένταξη", "model-framework-el"},
      {"ja", "浜松宣言", "hamamatsu-declaration-ja"},
  };
  for (const auto& [lang, q, id] : cases) {
    json r = Get("/v1/search?q=" + Encode(q) + "&qlang=" + lang);
    std::set<std::string> ids;
    for (const json& h : r["hits"]) {
      ids.insert(h["id"]);
      if (h["id"] == id) {
        EXPECT_EQ(h["lang"], lang);
      }
    }
    EXPECT_TRUE(ids.count(id)) << lang << " '" << q << "' should show " << id << "; got " << r["hits"].size() << " hits";
  }
}

TEST_F(SearchdTest, QueryLanguageIsDetectedWhenLongEnough) {
  json r = Get("/v1/search?q=" + Encode("cómo combatir los rumores en los barrios"));
  EXPECT_EQ(r["query"]["qlang"], "es");
  EXPECT_EQ(r["query"]["detected"], true);
  json short_q = Get("/v1/search?q=rumores");
  EXPECT_TRUE(short_q["query"]["qlang"].is_null()) << "one word is searched in every language";
  EXPECT_GT(short_q["total"].get<int>(), 0);
}

TEST_F(SearchdTest, SpellingCorrection) {
  json r = Get("/v1/search?q=" + Encode("intercultral citties") + "&qlang=en");
  EXPECT_EQ(r["query"]["corrected"], "intercultural cities");
  EXPECT_GT(r["total"].get<int>(), 0) << "the corrected query's hits are returned";
}

TEST_F(SearchdTest, DocumentHasTranslationsAndRelated) {
  json d = Get("/v1/documents/anti-rumours-handbook-pl");
  EXPECT_EQ(d["title"], "Podręcznik przeciwdziałania plotkom");
  EXPECT_EQ(d["translations"].size(), 8u);
  ASSERT_FALSE(d["related"].empty());
  EXPECT_LE(d["related"].size(), 5u);
  for (const json& r : d["related"]) EXPECT_NE(r["id"].get<std::string>().rfind("anti-rumours-handbook", 0), 0u);
  json missing = Get("/v1/documents/no-such-id", 404);
  EXPECT_EQ(missing["error"]["status"], 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
}

TEST_F(SearchdTest, FacetsOverTheWholeRepository) {
  json f = Get("/v1/facets?ui=es&facet_limit=500");
  std::set<std::string> works, languages;
  for (const Document& d : Corpus()) {
    works.insert(d.work);
    languages.insert(d.lang);
  }
  EXPECT_EQ(f["total"], works.size());
  EXPECT_EQ(f["facets"]["lang"].size(), languages.size());
  bool spanish_label = false;
  for (const json& d : f["facets"]["domain"]) spanish_label |= d["label"] == "Antirrumores";
  EXPECT_TRUE(spanish_label);
}

TEST_F(SearchdTest, SuggestCompletesTitlesCitiesAndLabels) {
  json s = Get("/v1/suggest?q=" + Encode("Bresl"));
  ASSERT_FALSE(s["suggestions"].empty());
  EXPECT_EQ(s["suggestions"][0]["kind"], "city");
  EXPECT_EQ(s["suggestions"][0]["value"], "wroclaw");
  json t = Get("/v1/suggest?q=" + Encode("handb"));
  bool title = false;
  for (const json& x : t["suggestions"]) title |= x["kind"] == "title";
  EXPECT_TRUE(title) << t;
}

TEST_F(SearchdTest, ErrorsAreJsonWithTheRightStatus) {
  auto error = [&](const std::string& path, int status, const std::string& method = "GET") {
    testing::HttpResult r = Http(daemon_->port(), path, method);
    EXPECT_EQ(r.status, status) << path;
    json body = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body["error"]["status"] == status && !body["error"]["message"].get<std::string>().empty())
        << path << ": " << r.body;
    return body.is_object() ? body["error"]["message"].get<std::string>() : "";
  };
  EXPECT_EQ(error("/v1/search?q=" + Encode("\"open"), 400), "unbalanced quote in query");
  EXPECT_EQ(error("/v1/search?per_page=101", 400), "per_page must be between 1 and 100");
  EXPECT_EQ(error("/v1/search?page=200&per_page=100", 400), "page × per_page must not exceed 10000");
  EXPECT_EQ(error("/v1/search?page=abc", 400), "parameter 'page' must be an integer, got 'abc'");
  EXPECT_EQ(error("/v1/search?sort=random", 400), "parameter 'sort' must be relevance, newest, oldest or title");
  std::string many;
  for (int i = 0; i < 70; ++i) many += "w" + std::to_string(i) + "+";
  EXPECT_EQ(error("/v1/search?q=" + many, 400), "query has more than 64 terms");
  error("/v1/search?q=" + std::string(3000, 'a'), 414);
  error("/nowhere", 404);
  error("/v1/search?q=x", 405, "POST");
  {
    // A body over the limit is refused from its Content-Length, before it is read.
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(daemon_->port()));
    Poco::Net::HTTPRequest request("POST", "/v1/search", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentLength(8 << 20);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    EXPECT_EQ(static_cast<int>(response.getStatus()), 413);
    EXPECT_EQ(json::parse(body)["error"]["code"], "payload_too_large");
  }
  error("/v1/search?q=x", 405, "DELETE");
}

TEST_F(SearchdTest, HostileQueriesAnswerQuickly) {
  std::string phrase = "\"";
  for (int i = 0; i < 16; ++i) phrase += "the ";
  phrase += "\"";
  for (const std::string& q : {phrase, std::string("a* b* c* d* e* f* g* h*"), std::string("((((((((a))))))))"),
                               std::string("NOT NOT NOT"), std::string("-a -b -c"), std::string("\"\""), std::string("*")}) {
    auto start = std::chrono::steady_clock::now();
    testing::HttpResult r = Http(daemon_->port(), "/v1/search?q=" + Encode(q));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << ": " << r.status << " " << r.body;
    EXPECT_NO_THROW(json::parse(r.body)) << q;
    EXPECT_LT(ms, 5000) << q;
  }
  EXPECT_EQ(Http(daemon_->port(), "/healthz").status, 200) << "still serving";
}

TEST_F(SearchdTest, MetricsCountRequests) {
  Get("/healthz");
  testing::HttpResult m = Http(daemon_->port(), "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("bridges_requests_total{route=\"/healthz\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(m.body.find("bridges_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("bridges_documents " + std::to_string(Corpus().size())), std::string::npos);
}

TEST(SearchdLive, NewRevisionIsServedWithoutAFailedRequest) {
  testing::TempDir dir;
  std::string db = dir.path() + "/db";
  ASSERT_EQ(testing::Index(db, {testing::CorpusDir()}).exit_code, 0);
  testing::Daemon daemon(db);
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < 5000 && !stop; ++i) {
        testing::HttpResult r = Http(daemon.port(), "/v1/search?q=" + Encode("intercultural cities") + "&lang=en");
        (r.status == 200 ? ok : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string file = dir.Write("new.jsonl", R"({"id":"zz-new","work":"zz-new","type":"report","lang":"en","title":"Quokkaland intercultural cities"})" "\n");
  ASSERT_EQ(testing::Index(db, {file}).exit_code, 0);
  auto committed = std::chrono::steady_clock::now();
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() - committed < std::chrono::seconds(1)) {
    seen = Http(daemon.port(), "/v1/search?q=quokkaland").json()["total"] == 1;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (std::thread& c : clients) c.join();
  EXPECT_TRUE(seen) << "the new document is searchable within one second of the commit";
  EXPECT_EQ(failed, 0);
  EXPECT_GT(ok, 20);
  EXPECT_EQ(daemon.Stop(), 0) << "SIGTERM drains and exits 0";
}

TEST(SearchdLive, UnopenableIndexGives503) {
  testing::TempDir dir;
  std::string db = dir.path() + "/db";
  ASSERT_EQ(testing::Index(db, {testing::CorpusDir()}).exit_code, 0);
  testing::Daemon daemon(db);
  std::filesystem::remove_all(db);
  testing::HttpResult r = Http(daemon.port(), "/v1/search?q=city");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "unavailable");
}

TEST(SearchdLive, SaturatedServerAnswers429) {
  testing::TempDir dir;
  std::string db = dir.path() + "/db";
  ASSERT_EQ(testing::Index(db, {testing::CorpusDir()}).exit_code, 0);
  std::string config = dir.Write("c.json", R"({"threads": 1, "max_queued": 1})");
  testing::Daemon daemon(db, {"--config", config});
  // An idle keep-alive connection holds the only thread.
  Poco::Net::StreamSocket idle(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(daemon.port())));
  std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  idle.sendBytes(request.data(), static_cast<int>(request.size()));
  char buffer[1024];
  ASSERT_GT(idle.receiveBytes(buffer, sizeof buffer), 0);
  std::vector<int> statuses(2);
  std::vector<std::thread> waiting;
  for (int i = 0; i < 2; ++i)
    waiting.emplace_back([&, i] { statuses[i] = Http(daemon.port(), "/v1/search?q=city").status; });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // both are queued now, even on a busy machine
  idle.close();  // frees the thread
  for (std::thread& t : waiting) t.join();
  std::sort(statuses.begin(), statuses.end());
  EXPECT_EQ(statuses, (std::vector<int>{200, 429}));
}

TEST(SearchdStart, BadConfigStopsStartupWithTheReason) {
  testing::TempDir dir;
  std::string config = dir.Write("c.json", R"({"threads": 0})");
  testing::CommandResult r = testing::Run({BRIDGES_SEARCHD, "--config", config, "--db", "/nonexistent"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("threads must be between 1 and 1024"), std::string::npos) << r.err;
  testing::CommandResult no_db = testing::Run({BRIDGES_SEARCHD, "--db", dir.path() + "/none", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find("cannot open the index"), std::string::npos) << no_db.err;
}

}  // namespace
}  // namespace bridges
