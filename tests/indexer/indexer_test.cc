// The real indexer against a real Xapian database: analysis per language,
// folding, vocabulary matching, updates, pruning, errors and locking. Searches
// go through the core Searcher that searchd uses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/searcher.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using testing::Index;
using testing::TempDir;

const std::string kFixtures = std::string(BRIDGES_TEST_DATA) + "/indexer/fixtures";

std::vector<std::string> Search(const std::string& db, const std::string& q, const std::string& qlang = "",
                                std::optional<std::string>* corrected = nullptr) {
  std::unique_ptr<Searcher> searcher;
  Status s = Searcher::Open(db, &testing::ShippedVocabularies(), {}, &searcher);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return {};
  SearchRequest request;
  request.q = q;
  request.qlang = qlang;
  request.collapse_works = false;
  request.per_page = 100;
  SearchResponse response;
  s = searcher->Search(request, &response);
  EXPECT_TRUE(s.ok()) << s.message();
  std::vector<std::string> ids;
  for (const Hit& h : response.hits) ids.push_back(h.record["id"]);
  if (corrected) *corrected = response.corrected;
  return ids;
}

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class IndexedFixtures : public ::testing::Test {
 protected:
  // A failure here must fail every test rather than skip them.
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->path() + "/db";
    testing::CommandResult r = Index(db_, {kFixtures});
    if (r.exit_code != 0) setup_error_ = "indexing the fixtures failed: " + r.err;
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static std::string setup_error_;
  static void TearDownTestSuite() { delete dir_; }
  static TempDir* dir_;
  static std::string db_;
};
TempDir* IndexedFixtures::dir_ = nullptr;
std::string IndexedFixtures::setup_error_;
std::string IndexedFixtures::db_;

TEST_F(IndexedFixtures, EachLanguageIsFoundByAnotherInflection) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"fr", "ville", "lang-fr"},      {"es", "rumor", "lang-es"},        {"it", "politica", "lang-it"},
      {"pt", "cidade", "lang-pt"},     {"de", "Stadt", "lang-de"},        {"fi", "kaupunkia", "lang-fi"},
      {"sv", "städer", "lang-sv"},     {"ro", "orașul", "lang-ro"},       {"ca", "ciutat", "lang-ca"},
      {"eu", "hirietan", "lang-eu"},   {"ar", "مدن", "lang-ar"},          {"el", "κοινωνία", "lang-el"},
      {"pl", "miasto", "lang-pl"},     {"uk", "місто", "lang-uk"},        {"sk", "mesto", "lang-sk"},
      {"sr", "град", "lang-sr"},
  };
  for (const auto& [lang, query, id] : cases) {
    EXPECT_TRUE(Contains(Search(db_, query, lang), id)) << lang << ": '" << query << "' should find " << id;
    EXPECT_TRUE(Contains(Search(db_, query), id)) << lang << ": '" << query << "' without qlang should find " << id;
  }
}

TEST_F(IndexedFixtures, LanguagesWithoutMorphologyMatchExactWords) {
  EXPECT_TRUE(Contains(Search(db_, "Qytetet"), "lang-sq"));
  // Albanian is not stemmed: "qytet" does not match "qytetet" itself, only
  // through the spelling correction searchd offers.
  std::optional<std::string> corrected;
  Search(db_, "qytet", "sq", &corrected);
  EXPECT_EQ(corrected, "qytetet");
}

TEST_F(IndexedFixtures, JapaneseIsFoundByATwoKanjiSubstring) {
  EXPECT_EQ(Search(db_, "共生"), std::vector<std::string>{"lang-ja"});
  EXPECT_EQ(Search(db_, "浜松"), std::vector<std::string>{"lang-ja"});
  EXPECT_TRUE(Search(db_, "共浜").empty()) << "characters must be adjacent";
}

TEST_F(IndexedFixtures, UkrainianIsFoundByACyrillicWord) {
  EXPECT_EQ(Search(db_, "взаємодію"), std::vector<std::string>{"lang-uk"});
  std::optional<std::string> corrected;
  EXPECT_TRUE(Search(db_, "взаемодія", "uk", &corrected).size() <= 1);
  EXPECT_EQ(corrected, "взаємодія") << "є is a letter, not a diacritic: е does not match it directly";
}

TEST_F(IndexedFixtures, DiacriticsFoldBothWaysAndExactSpellingsRankFirst) {
  EXPECT_EQ(Search(db_, "Besancon"), std::vector<std::string>{"besancon-fr"});
  EXPECT_EQ(Search(db_, "Besançon"), std::vector<std::string>{"besancon-fr"});
  std::vector<std::string> wroclaw = Search(db_, "Wrocław");
  EXPECT_TRUE(Contains(wroclaw, "plain-wroclaw")) << "an accented query finds the unaccented text";
  EXPECT_TRUE(Contains(Search(db_, "kaupunkien"), "lang-fi"));
}

TEST_F(IndexedFixtures, VocabularyLabelsInAnyLanguageFindTheTag) {
  for (const char* label : {"participación", "partecipazione", "участь", "participation", "Osallisuus"})
    EXPECT_TRUE(Contains(Search(db_, label), "tagged-participation")) << label;
}

TEST(Indexer, SummaryLineAndExitStatusWithOneBadFile) {
  TempDir dir;
  std::filesystem::copy(kFixtures + "/folding.jsonl", dir.path() + "/good.jsonl");
  dir.Write("bad.xml", "<document id=\"x\" work=\"x\" type=\"report\" lang=\"en\">\n  <title>x</title>\n  <domains><domain>sportt</domain></domains>\n</document>\n");
  testing::CommandResult r = Index(dir.path() + "/db", {dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, dir.path() + "/bad.xml:3:12: error: unknown domain 'sportt'; did you mean 'sport'?\n");
  EXPECT_EQ(r.out.substr(0, r.out.find(" in ")), "indexed 3 (added 3, updated 0, unchanged 0), deleted 0, rejected 1");
  EXPECT_EQ(Search(dir.path() + "/db", "Besancon").size(), 1u) << "the good documents are committed";

  testing::CommandResult strict = Index(dir.path() + "/db2", {dir.path()}, {"--strict"});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("--strict: nothing committed"), std::string::npos);
  EXPECT_TRUE(Search(dir.path() + "/db2", "Besancon").empty());
}

TEST(Indexer, ReindexingReplacesAndSkipsUnchanged) {
  TempDir dir;
  std::string file = dir.Write("a.jsonl", R"({"id":"a","work":"a","type":"report","lang":"en","title":"Original title"})" "\n"
                                          R"({"id":"b","work":"b","type":"report","lang":"en","title":"Second"})" "\n");
  std::string db = dir.path() + "/db";
  ASSERT_EQ(Index(db, {file}).exit_code, 0);
  testing::CommandResult again = Index(db, {file});
  EXPECT_EQ(again.out.substr(0, again.out.find(" in ")), "indexed 2 (added 0, updated 0, unchanged 2), deleted 0, rejected 0");
  dir.Write("a.jsonl", R"({"id":"a","work":"a","type":"report","lang":"en","title":"Revised heading"})" "\n"
                       R"({"id":"b","work":"b","type":"report","lang":"en","title":"Second"})" "\n");
  testing::CommandResult changed = Index(db, {file});
  EXPECT_EQ(changed.out.substr(0, changed.out.find(" in ")), "indexed 2 (added 0, updated 1, unchanged 1), deleted 0, rejected 0");
  EXPECT_EQ(Search(db, "revised"), std::vector<std::string>{"a"});
  EXPECT_TRUE(Search(db, "original").empty());
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u);
}

// Unchanged JSON lines are skipped by their digest without being parsed; a
// changed line is re-indexed, and a duplicate id is still rejected.
TEST(Indexer, UnchangedJsonLinesAreSkippedWithoutParsing) {
  TempDir dir;
  std::string a = R"({"id":"a","work":"a","type":"report","lang":"en","title":"Alpha"})";
  std::string b = R"({"title":"Beta","work":"b","type":"report","id":"b","lang":"en","cities":[{"id":"barcelona"}]})";
  std::string file = dir.Write("x.jsonl", a + "\n" + b + "\n");
  std::string db = dir.path() + "/db";
  ASSERT_EQ(Index(db, {file}, {"--jobs", "1"}).exit_code, 0);
  testing::CommandResult again = Index(db, {file});
  EXPECT_EQ(again.out.substr(0, again.out.find(" in ")), "indexed 2 (added 0, updated 0, unchanged 2), deleted 0, rejected 0");
  dir.Write("x.jsonl", a + "\n" + R"({"title":"Beta two","work":"b","type":"report","id":"b","lang":"en"})" + "\n" + a + "\n");
  testing::CommandResult changed = Index(db, {file});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_EQ(changed.out.substr(0, changed.out.find(" in ")), "indexed 2 (added 0, updated 1, unchanged 1), deleted 0, rejected 1");
  EXPECT_EQ(changed.err, file + ":3:1: error: duplicate id 'a' (an earlier document of this run has it)\n");
  EXPECT_EQ(Search(db, "two"), std::vector<std::string>{"b"});
}

TEST(Indexer, PruneDeletesDocumentsWhoseSourceIsGone) {
  TempDir dir;
  dir.Write("corpus/a.jsonl", R"({"id":"a","work":"a","type":"report","lang":"en","title":"Alpha"})" "\n");
  dir.Write("corpus/b.jsonl", R"({"id":"b","work":"b","type":"report","lang":"en","title":"Beta"})" "\n");
  std::string db = dir.path() + "/db";
  ASSERT_EQ(Index(db, {dir.path() + "/corpus"}).exit_code, 0);
  std::filesystem::remove(dir.path() + "/corpus/b.jsonl");
  testing::CommandResult without_prune = Index(db, {dir.path() + "/corpus"});
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u) << "no --prune, nothing deleted";
  testing::CommandResult pruned = Index(db, {dir.path() + "/corpus"}, {"--prune"});
  EXPECT_EQ(pruned.out.substr(0, pruned.out.find(" in ")), "indexed 1 (added 0, updated 0, unchanged 1), deleted 1, rejected 0");
  EXPECT_EQ(Search(db, "beta").size(), 0u);
  EXPECT_EQ(Search(db, "alpha").size(), 1u);
}

TEST(Indexer, SecondConcurrentWriterIsRefusedWithoutHarm) {
  TempDir dir;
  std::string db = dir.path() + "/db";
  std::string file = dir.Write("a.jsonl", R"({"id":"a","work":"a","type":"report","lang":"en","title":"Alpha"})" "\n");
  ASSERT_EQ(Index(db, {file}).exit_code, 0);
  {
    Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);  // holds the write lock, as a running indexer does
    testing::CommandResult second = Index(db, {file});
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_NE(second.err.find("is locked: another indexer"), std::string::npos) << second.err;
    EXPECT_EQ(holder.get_doccount(), 1u);
  }
  EXPECT_EQ(Index(db, {file}).exit_code, 0) << "the lock is released with its holder";
}

TEST(Indexer, CheckValidatesWithoutWriting) {
  TempDir dir;
  testing::CommandResult r = testing::Run({BRIDGES_INDEXER, "--check", "--quiet", testing::CorpusDir()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("checked ", 0), 0u) << r.out;
}

TEST(Indexer, WholeCorpusIndexesWithZeroRejections) {
  TempDir dir;
  testing::CommandResult r = Index(dir.path() + "/db", {testing::CorpusDir()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("rejected 0"), std::string::npos) << r.out;
}

TEST(Indexer, ParallelBuildGivesTheSameIndexAsOneWriter) {
  TempDir dir;
  std::string one = dir.path() + "/one", two = dir.path() + "/two";
  ASSERT_EQ(Index(one, {testing::CorpusDir()}, {"--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(Index(two, {testing::CorpusDir()}, {"--jobs", "2"}).exit_code, 0);
  EXPECT_EQ(Xapian::Database(one).get_doccount(), Xapian::Database(two).get_doccount());
  for (const char* q : {"anti-rumours", "Wrocław", "participación", "浜松", "міжкультурної", "ένταξη", "handbook -youth"}) {
    std::vector<std::string> a = Search(one, q), b = Search(two, q);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << q;
    EXPECT_FALSE(a.empty()) << q;
  }
  EXPECT_EQ(Xapian::Database(two).get_spelling_suggestion("intercultral"), "intercultural");
  testing::CommandResult rerun = Index(two, {testing::CorpusDir()}, {"--jobs", "2"});
  EXPECT_NE(rerun.out.find("unchanged 217"), std::string::npos) << "an existing database is updated, not rebuilt: " << rerun.out;
}

TEST(Indexer, UsageErrorsExitTwo) {
  EXPECT_EQ(testing::Run({BRIDGES_INDEXER, "--db"}).exit_code, 2);
  EXPECT_EQ(testing::Run({BRIDGES_INDEXER, "corpus"}).exit_code, 2);
  testing::CommandResult r = testing::Run({BRIDGES_INDEXER, "--db", "/tmp/x", "/nonexistent/path"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file or folder: /nonexistent/path"), std::string::npos);
}

}  // namespace
}  // namespace bridges
