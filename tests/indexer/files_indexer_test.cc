// Files attached to records, through the real indexer into a real Xapian
// database, searched with the core Searcher that searchd uses: passages are
// found by page and language, never shown or counted as hits of their own;
// bad files are reported and their records still indexed; re-runs extract
// only changed files; intake proposes works from a folder of files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/passage_lookup.h"
#include "core/query_builder.h"
#include "core/searcher.h"
#include "tests/files_fixtures.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

namespace fs = std::filesystem;
using testing::Index;
using testing::TempDir;

struct Found {
  std::vector<std::string> ids;
  uint64_t total = 0;
  std::map<std::string, uint64_t> domains, langs;
  std::vector<PassageHit> passages;  // of the first hit
};

Found Search(const std::string& db, const std::string& q, bool collapse = true,
             std::map<layout::Facet, std::vector<std::string>> filters = {}) {
  Found found;
  std::unique_ptr<Searcher> searcher;
  Status s = Searcher::Open(db, &testing::ShippedVocabularies(), {}, &searcher);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return found;
  SearchRequest request;
  request.q = q;
  request.collapse_works = collapse;
  request.per_page = 50;
  request.filters = std::move(filters);
  SearchResponse response;
  s = searcher->Search(request, &response);
  EXPECT_TRUE(s.ok()) << s.message();
  for (const Hit& h : response.hits) found.ids.push_back(h.record["id"]);
  found.total = response.total;
  for (const FacetEntry& e : response.facets[static_cast<int>(layout::Facet::kDomain)])
    found.domains[e.value] = e.count;
  for (const FacetEntry& e : response.facets[static_cast<int>(layout::Facet::kLang)]) found.langs[e.value] = e.count;
  if (found.ids.empty()) return found;
  Analyzer analyzer;
  BuiltQuery built;
  EXPECT_TRUE(BuildQuery(q, "", analyzer, testing::ShippedVocabularies(), {}, &built).ok());
  found.passages = BestPassages(Xapian::Database(db), built.query, found.ids[0], 3);
  return found;
}

std::string Record(const std::string& id, const std::string& work, const std::string& lang, const std::string& title,
                   const std::vector<std::string>& files, const std::string& domain = "anti-rumours") {
  std::string x = "  <document id=\"" + id + "\" work=\"" + work + "\" type=\"handbook\" lang=\"" + lang + "\">\n" +
                  "    <title>" + title + "</title>\n    <domains><domain>" + domain + "</domain></domains>\n" +
                  "    <year>2018</year>\n    <files>\n";
  for (const std::string& f : files) x += "      <file path=\"" + f + "\"/>\n";
  return x + "    </files>\n  </document>\n";
}

std::string Collection(const std::vector<std::string>& records) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n";
  for (const std::string& r : records) x += r;
  return x + "</collection>\n";
}

// A word that only page `page` of an 8-page PDF in `lang` has.
std::string PdfWithWordOnPage(const std::string& lang, const std::string& sentence, int page, const std::string& dest) {
  return testing::PrintPdf(testing::PagedHtml(lang, "Handbook " + lang, testing::SamplePages(lang, 8, page, sentence)),
                           dest);
}

const std::string kGuideMarkdown =
    "# Storytelling marquees\n\nResidents tell the stories of their streets in tents on the square.\n\n"
    "## Evaluation\n\nSurveys measure what changed in the neighbourhood.\n";
const std::string kWalksMarkdown = "# Lantern processions\n\nNeighbours walk together through the old town at dusk.\n";

// The shared corpus: a work "handbook" in four languages (one PDF each, a
// word only on page 7) and a work "guide" with a DOCX and an ODT.
class FilesIndexed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const std::string files = dir_->path() + "/corpus/files/";
    Produce(testing::PrintPageSevenHandbooks(files));
    Produce(testing::Pandoc(kGuideMarkdown, "Intercultural guide", files + "guide.docx"));
    Produce(testing::Pandoc(kWalksMarkdown, "Walks", files + "walks.odt"));
    std::vector<std::string> records;
    for (const testing::PageSentence& p : testing::PageSevenSentences())
      records.push_back(Record(std::string("handbook-") + p.lang, "handbook", p.lang,
                               std::string("Anti-rumours handbook ") + p.lang,
                               {std::string("files/handbook.") + p.lang + ".pdf"}));
    records.push_back(Record("guide-en", "guide", "en", "Intercultural guide", {"files/guide.docx", "files/walks.odt"},
                             "participation"));
    dir_->Write("corpus/records.xml", Collection(records));
    db_ = dir_->path() + "/db";
    testing::CommandResult r = Index(db_, {dir_->path() + "/corpus"});
    if (error_.empty() && r.exit_code != 0) error_ = "indexing failed: " + r.err;
    if (error_.empty()) out_ = r.out;
  }
  static void Produce(const std::string& error) {
    if (error_.empty()) error_ = error;
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

  static TempDir* dir_;
  static std::string db_, error_, out_;
};
TempDir* FilesIndexed::dir_ = nullptr;
std::string FilesIndexed::db_, FilesIndexed::error_, FilesIndexed::out_;

TEST_F(FilesIndexed, SummaryCountsFilesPagesAndPassages) {
  EXPECT_NE(out_.find("indexed 5 (added 5, updated 0, unchanged 0)"), std::string::npos) << out_;
  EXPECT_NE(out_.find("files: 6 read, 0 failed, 32 pages"), std::string::npos) << out_;
}

TEST_F(FilesIndexed, AWordOnlyOnPageSevenFindsItsRecordWithAPassageOnPageSeven) {
  // The word typed, the record, the word on page 7.
  const std::tuple<const char*, const char*, const char*> cases[] = {{"quillwort", "handbook-en", "quillwort"},
                                                                     {"quillworts", "handbook-en", "quillwort"},
                                                                     {"вишиванкою", "handbook-uk", "вишиванкою"},
                                                                     {"вишиванка", "handbook-uk", "вишиванкою"},
                                                                     {"καλλιγραφία", "handbook-el", "καλλιγραφία"},
                                                                     {"καλλιγραφίας", "handbook-el", "καλλιγραφία"},
                                                                     {"茶道", "handbook-ja", "茶道教室"}};
  for (const auto& [word, id, on_page] : cases) {
    Found f = Search(db_, word, false);
    EXPECT_EQ(f.ids, std::vector<std::string>{id}) << word;
    ASSERT_FALSE(f.passages.empty()) << word;
    EXPECT_EQ(f.passages[0].place, (PassagePlace{0, 7, 7})) << word << ": file 0, page 7, the 7th passage";
    EXPECT_NE(f.passages[0].text.find(on_page), std::string::npos) << word << " in " << f.passages[0].text;
    EXPECT_EQ(f.passages.size(), 1u) << word << " is on no other page";
  }
}

TEST_F(FilesIndexed, DocxAndOdtHeadingsAreFound) {
  for (const char* q : {"storytelling marquees", "\"lantern processions\"", "surveys measure"}) {
    Found f = Search(db_, q);
    EXPECT_EQ(f.ids, std::vector<std::string>{"guide-en"}) << q;
    ASSERT_FALSE(f.passages.empty()) << q;
    EXPECT_EQ(f.passages[0].place.page, 0) << "DOCX and ODT have no pages";
  }
  EXPECT_EQ(Search(db_, "lantern").passages.at(0).place.file, 1) << "the ODT is the record's second file";
}

// Passages fold into their record: one hit, counted once, whether results
// are collapsed by work or not, for a word of the record and of its file.
TEST_F(FilesIndexed, PassagesNeverAppearAsHitsNorCountTwice) {
  for (bool collapse : {true, false}) {
    for (const char* q : {"intercultural guide", "storytelling", "neighbours"}) {
      Found f = Search(db_, q, collapse);
      SCOPED_TRACE(std::string(q) + (collapse ? " (works)" : " (records)"));
      EXPECT_EQ(f.ids, std::vector<std::string>{"guide-en"});
      EXPECT_EQ(f.total, 1u);
      EXPECT_EQ(f.domains, (std::map<std::string, uint64_t>{{"participation", 1}}));
      EXPECT_EQ(f.langs, (std::map<std::string, uint64_t>{{"en", 1}}));
    }
  }
  // Every handbook's file has the sample text: one work, or four records.
  Found works = Search(db_, "volunteers OR волонтерів OR εθελοντές OR ボランティア");
  EXPECT_EQ(works.total, 1u);
  EXPECT_EQ(works.ids.size(), 1u);
  Found records = Search(db_, "volunteers OR волонтерів OR εθελοντές OR ボランティア", false);
  EXPECT_EQ(records.total, 4u);
  EXPECT_EQ(records.ids.size(), 4u);
  EXPECT_EQ(records.domains, (std::map<std::string, uint64_t>{{"anti-rumours", 4}}));
  EXPECT_EQ(Search(db_, "", false).total, 5u) << "an empty query lists records, not passages";
  std::unique_ptr<Searcher> searcher;
  ASSERT_TRUE(Searcher::Open(db_, &testing::ShippedVocabularies(), {}, &searcher).ok());
  EXPECT_EQ(searcher->document_count(), 5u) << "/v1/health counts records, not passages";
  EXPECT_EQ(Search(db_, "").total, 2u);
  EXPECT_EQ(Search(db_, "quillwort", false, {{layout::Facet::kDomain, {"participation"}}}).total, 0u)
      << "a passage passes the filters its record passes";
}

TEST(FilesIndexer, BadFilesAreReportedAndTheirRecordsStillIndexed) {
  TempDir dir;
  const std::string files = dir.path() + "/corpus/files/";
  std::string good = files + "good.pdf";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "Good", testing::SamplePages("en", 2, 0, "")), good), "");
  ASSERT_EQ(testing::EncryptPdf(good, files + "encrypted.pdf"), "");
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  dir.Write("corpus/files/truncated.pdf", bytes.substr(0, bytes.size() * 2 / 3));
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "",
                                                 {"<svg width='300' height='200'><circle cx='90' cy='90' "
                                                  "r='80' fill='teal'/></svg>"}),
                              files + "scanned.pdf"),
            "");
  dir.Write("corpus/files/report.docx", std::string("Not a zip archive: text and a few binary bytes \0\x01\x02", 50));
  ASSERT_EQ(testing::RatioBomb(files + "bomb.docx", 20), "");
  ASSERT_EQ(testing::EntryBomb(files + "entries.docx", 10001), "");
  ASSERT_EQ(testing::WritePng(files + "photo.pdf"), "");
  std::string big;
  while (big.size() < 2 * 1024 * 1024) big += testing::SampleText("en") + "\n\n";
  dir.Write("corpus/files/big.txt", big);
  const std::pair<const char*, const char*> cases[] = {
      {"encrypted.pdf", "encrypted PDF: a password is required to open it"},
      {"truncated.pdf", "corrupt PDF: "},
      {"scanned.pdf", "no text layer: scanned document"},
      {"report.docx", "unsupported type: binary data (named .docx, but it is not a zip archive)"},
      {"bomb.docx", "zip bomb: entry 'word/document.xml' expands"},
      {"entries.docx", "zip bomb: 10003 entries (limit 10000)"},
      {"photo.pdf", "unsupported type: PNG image"},
      {"big.txt", "file is "},
      {"missing.pdf", "cannot read file: no such file"},
  };
  std::vector<std::string> records;
  for (const auto& [name, message] : cases) {
    std::string id = "broken-" + fs::path(name).stem().string();
    records.push_back(Record(id, id, "en", "Brokenfile record " + id, {std::string("files/") + name}));
  }
  dir.Write("corpus/records.xml", Collection(records));
  testing::CommandResult r = Index(dir.path() + "/db", {dir.path() + "/corpus"}, {"--max-file-size", "1500K"});
  EXPECT_EQ(r.exit_code, 1) << "files rejected, the rest committed";
  for (const auto& [name, message] : cases) {
    std::string prefix = dir.path() + "/corpus/files/" + name + ": error: " + message;
    EXPECT_NE(r.err.find(prefix), std::string::npos) << "expected " << prefix << "\nin\n" << r.err;
  }
  EXPECT_NE(r.out.find("files: 0 read, 9 failed"), std::string::npos) << r.out;
  Found f = Search(dir.path() + "/db", "brokenfile", false);
  EXPECT_EQ(f.total, 9u) << "every record is searchable";
  // A record whose file failed is tried again, and reported again, next run.
  testing::CommandResult again = Index(dir.path() + "/db", {dir.path() + "/corpus"}, {"--max-file-size", "1500K"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("updated 9"), std::string::npos) << again.out;
  // --strict commits nothing when a file fails.
  testing::CommandResult strict = Index(dir.path() + "/strict", {dir.path() + "/corpus"}, {"--strict"});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_TRUE(!fs::exists(dir.path() + "/strict") || Xapian::Database(dir.path() + "/strict").get_doccount() == 0);
}

TEST(FilesIndexer, LanguageMismatchIsAWarningWithTheFilesPath) {
  TempDir dir;
  std::string pdf = dir.path() + "/corpus/files/plotki.pdf";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("pl", "Plotki", testing::SamplePages("pl", 2, 0, "")), pdf), "");
  dir.Write("corpus/records.xml", Collection({Record("rumours-en", "rumours", "en", "Rumours", {"files/plotki.pdf"})}));
  testing::CommandResult r = Index(dir.path() + "/db", {dir.path() + "/corpus"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, pdf +
                       ": warning: language mismatch: the text reads as 'pl', the record 'rumours-en' says 'en'; "
                       "analysed as 'pl' (give the file a lang to override)\n");
  EXPECT_EQ(Search(dir.path() + "/db", "wolontariusz").ids, std::vector<std::string>{"rumours-en"})
      << "analysed as Polish: another form of 'wolontariuszy' finds it";
}

// Re-runs extract a file again only when its content changed; a change to
// the record alone restamps its passages; deleting the record deletes them.
TEST(FilesIndexer, RerunsExtractOnlyChangedFiles) {
  TempDir dir;
  const std::string corpus = dir.path() + "/corpus", db = dir.path() + "/db";
  ASSERT_EQ(PdfWithWordOnPage("en", "The quillwort workshop.", 7, corpus + "/files/a.pdf"), "");
  ASSERT_EQ(testing::Pandoc(kGuideMarkdown, "Guide", corpus + "/files/b.docx"), "");
  auto write_records = [&](const std::string& domain, const std::string& title = "Handbook") {
    dir.Write("corpus/records.xml", Collection({Record("a-en", "a", "en", title, {"files/a.pdf"}, domain),
                                                Record("b-en", "b", "en", "Guide", {"files/b.docx"})}));
  };
  write_records("anti-rumours");
  ASSERT_EQ(Index(db, {corpus}, {"--jobs", "1"}).exit_code, 0);

  testing::CommandResult same = Index(db, {corpus});
  EXPECT_EQ(same.out.substr(0, same.out.find(" in ")),
            "indexed 2 (added 0, updated 0, unchanged 2), deleted 0, rejected 0");
  EXPECT_EQ(same.out.find("files:"), std::string::npos) << "no file was read again: " << same.out;

  write_records("education");
  testing::CommandResult retagged = Index(db, {corpus});
  EXPECT_NE(retagged.out.find("updated 1, unchanged 1"), std::string::npos) << retagged.out;
  EXPECT_EQ(retagged.out.find("files:"), std::string::npos) << "restamped, not extracted: " << retagged.out;
  EXPECT_EQ(Search(db, "quillwort", false, {{layout::Facet::kDomain, {"education"}}}).ids,
            std::vector<std::string>{"a-en"});
  EXPECT_EQ(Search(db, "quillwort", false, {{layout::Facet::kDomain, {"anti-rumours"}}}).total, 0u);

  // Passages carry their record's title words: a new title re-indexes them.
  EXPECT_EQ(Search(db, "handbook quillwort").ids, std::vector<std::string>{"a-en"});
  write_records("education", "Toolkit");
  testing::CommandResult retitled = Index(db, {corpus});
  EXPECT_NE(retitled.out.find("files: 1 read"), std::string::npos) << retitled.out;
  EXPECT_EQ(Search(db, "toolkit quillwort").ids, std::vector<std::string>{"a-en"});
  EXPECT_FALSE(Xapian::Database(db).term_exists("handbook")) << "the old title is gone from the passages";

  ASSERT_EQ(PdfWithWordOnPage("en", "The bladderwort workshop.", 3, corpus + "/files/a.pdf"), "");
  testing::CommandResult changed = Index(db, {corpus});
  EXPECT_NE(changed.out.find("updated 1, unchanged 1"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("files: 1 read, 0 failed, 8 pages"), std::string::npos) << changed.out;
  EXPECT_EQ(Search(db, "quillwort").total, 0u) << "the old text is gone";
  Found f = Search(db, "bladderwort");
  ASSERT_EQ(f.ids, std::vector<std::string>{"a-en"});
  ASSERT_FALSE(f.passages.empty());
  EXPECT_EQ(f.passages[0].place.page, 3);

  dir.Write("corpus/records.xml", Collection({Record("b-en", "b", "en", "Guide", {"files/b.docx"})}));
  testing::CommandResult pruned = Index(db, {corpus}, {"--prune"});
  EXPECT_NE(pruned.out.find("deleted 1"), std::string::npos) << pruned.out;
  Xapian::Database x(db);
  EXPECT_FALSE(x.term_exists("XPa-en")) << "the record's passages went with it";
  EXPECT_TRUE(x.term_exists("XPb-en"));
  EXPECT_EQ(Search(db, "bladderwort").total, 0u);
}

// JSON lines are skipped unparsed when their digest is unchanged, except
// lines with files: their files may have changed while the line did not.
TEST(FilesIndexer, JsonLinesWithFilesNoticeAChangedFile) {
  TempDir dir;
  const std::string corpus = dir.path() + "/corpus", db = dir.path() + "/db";
  dir.Write("corpus/notes/walks.md", "# Walks\n\nThe lantern procession starts at dusk.\n");
  dir.Write("corpus/records.jsonl",
            "{\"id\":\"walks-en\",\"work\":\"walks\",\"type\":\"guide\",\"lang\":\"en\",\"title\":\"Walks\","
            "\"files\":[{\"path\":\"notes/walks.md\"}]}\n"
            "{\"id\":\"plain-en\",\"work\":\"plain\",\"type\":\"guide\",\"lang\":\"en\",\"title\":\"Plain\"}\n");
  ASSERT_EQ(Index(db, {corpus}).exit_code, 0);
  EXPECT_EQ(Search(db, "lantern").ids, std::vector<std::string>{"walks-en"});
  testing::CommandResult same = Index(db, {corpus});
  EXPECT_NE(same.out.find("unchanged 2"), std::string::npos) << same.out;
  dir.Write("corpus/notes/walks.md", "# Walks\n\nThe candle procession starts at dusk.\n");
  testing::CommandResult changed = Index(db, {corpus});
  EXPECT_NE(changed.out.find("updated 1, unchanged 1"), std::string::npos) << changed.out;
  EXPECT_EQ(Search(db, "candle").ids, std::vector<std::string>{"walks-en"});
  EXPECT_EQ(Search(db, "lantern").total, 0u);
}

TEST(FilesIndexer, CheckReadsFilesWithoutWriting) {
  TempDir dir;
  ASSERT_EQ(testing::WritePng(dir.path() + "/corpus/files/x.pdf"), "");
  dir.Write("corpus/records.xml", Collection({Record("x-en", "x", "en", "X", {"files/x.pdf"})}));
  testing::CommandResult r = testing::Run({BRIDGES_INDEXER, "--quiet", "--check", dir.path() + "/corpus"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("x.pdf: error: unsupported type: PNG image"), std::string::npos) << r.err;
}

// Six files in three works: names with ".lang", "-lang" and no language,
// made by Chromium, pandoc and written as Markdown.
TEST(FilesIntake, ProposesOneRecordPerFileGroupedIntoWorks) {
  TempDir dir;
  const std::string in = dir.path() + "/incoming/";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "Anti-rumours handbook", testing::SamplePages("en", 2, 0, "")),
                              in + "anti-rumours-handbook.en.pdf"),
            "");
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("pl", "Podręcznik antyplotkowy", testing::SamplePages("pl", 2, 0, "")),
                              in + "anti-rumours-handbook.pl.pdf"),
            "");
  ASSERT_EQ(testing::Pandoc("# Міжкультурний посібник\n\n" + testing::SampleText("uk"), "", in + "city-guide-uk.docx"),
            "");
  ASSERT_EQ(testing::Pandoc("# Οδηγός\n\n" + testing::SampleText("el"), "", in + "city-guide-el.odt"), "");
  dir.Write("incoming/annual-report.md", "# Annual report\n\n" + testing::SampleText("en") + "\n");
  dir.Write("incoming/annual-report.ja.md", "# 年次報告\n\n" + testing::SampleText("ja") + "\n");
  const std::string out = dir.path() + "/drafts";
  testing::CommandResult r = testing::Run({BRIDGES_INDEXER, "intake", in, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("proposed 3 works (6 records)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("anti-rumours-handbook-pl: type, domains, cities, countries"), std::string::npos) << r.out;

  std::map<std::string, std::set<std::string>> works;  // work -> "id lang"
  std::regex document("<document id=\"([^\"]+)\" work=\"([^\"]+)\" type=\"to-fill-in\" lang=\"([^\"]+)\">");
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() != ".xml") continue;
    std::ifstream file(entry.path());
    std::string xml((std::istreambuf_iterator<char>(file)), {});
    for (std::sregex_iterator m(xml.begin(), xml.end(), document), end; m != end; ++m)
      works[(*m)[2]].insert((*m)[1].str() + " " + (*m)[3].str());
  }
  EXPECT_EQ(works, (std::map<std::string, std::set<std::string>>{
                       {"anti-rumours-handbook", {"anti-rumours-handbook-en en", "anti-rumours-handbook-pl pl"}},
                       {"city-guide", {"city-guide-el el", "city-guide-uk uk"}},
                       {"annual-report", {"annual-report-en en", "annual-report-ja ja"}}}));
  std::ifstream handbook(out + "/anti-rumours-handbook.xml");
  std::string xml((std::istreambuf_iterator<char>(handbook)), {});
  EXPECT_NE(xml.find("<title>Podręcznik antyplotkowy</title>"), std::string::npos) << "title from the PDF's metadata";
  EXPECT_NE(xml.find("<file path=\"files/anti-rumours-handbook.pl.pdf\" role=\"full-text\" label=\"PDF\"/>"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(out + "/files/anti-rumours-handbook.pl.pdf")) << "the drafts' folder is self-contained";

  // Guesses are never indexed: the placeholders are rejected...
  testing::CommandResult check = testing::Run({BRIDGES_INDEXER, "--quiet", "--check", out});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("unknown type 'to-fill-in'"), std::string::npos) << check.err;
  // ...until a curator fills them in.
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() != ".xml") continue;
    std::ifstream file(entry.path());
    std::string text((std::istreambuf_iterator<char>(file)), {});
    text = std::regex_replace(text, std::regex("type=\"to-fill-in\""), "type=\"handbook\"");
    std::ofstream(entry.path()) << text;
  }
  testing::CommandResult filled = Index(dir.path() + "/db", {out});
  EXPECT_EQ(filled.exit_code, 0) << filled.err;
  EXPECT_EQ(Search(dir.path() + "/db", "Οδηγός").ids, std::vector<std::string>{"city-guide-el"});

  testing::CommandResult again = testing::Run({BRIDGES_INDEXER, "intake", in, "--out", out});
  EXPECT_EQ(again.exit_code, 1) << "drafts are never overwritten";
  EXPECT_NE(again.err.find("anti-rumours-handbook.xml: error: exists already; not overwritten"), std::string::npos);
}

}  // namespace
}  // namespace bridges
