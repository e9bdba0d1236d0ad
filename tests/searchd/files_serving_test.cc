// The files attached to records, over searchd's HTTP API: hits carry the
// best passages with their page and a link to it, the file itself is served
// with its type, name, validator and byte ranges (what browsers' PDF viewers
// ask for), and the text of a file can be read passage by passage. Real
// fixtures (Chromium-printed PDFs, pandoc's DOCX), the real indexer and the
// real daemon on loopback.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/files_fixtures.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using nlohmann::json;
using testing::Http;
using testing::HttpRequest;
using testing::HttpResult;
using testing::Send;
using testing::TempDir;

std::string Sha256Of(const std::string& path) {
  testing::CommandResult r = testing::Run({"/usr/bin/sha256sum", path});
  return r.out.substr(0, 64);
}

const std::string kGuideMarkdown =
    "# Storytelling marquees\n\nResidents tell the stories of their streets in tents on the square.\n\n"
    "## Evaluation\n\nSurveys measure what changed in the neighbourhood.\n";

class FilesServed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const std::string files = dir_->path() + "/corpus/files/";
    Produce(testing::PrintPageSevenHandbooks(files));
    Produce(testing::Pandoc(kGuideMarkdown, "Intercultural guide", files + "Guide à la française.docx"));
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n";
    for (const testing::PageSentence& p : testing::PageSevenSentences())
      x += std::string("  <document id=\"handbook-") + p.lang + "\" work=\"handbook\" type=\"handbook\" lang=\"" + p.lang +
           "\">\n    <title>Anti-rumours handbook " + p.lang +
           "</title>\n    <domains><domain>anti-rumours</domain></domains>\n    <year>2018</year>\n" +
           "    <files><file path=\"files/handbook." + p.lang + ".pdf\"/></files>\n  </document>\n";
    x += "  <document id=\"guide-en\" work=\"guide\" type=\"guide\" lang=\"en\">\n"
         "    <title>Intercultural guide</title>\n    <domains><domain>participation</domain></domains>\n"
         "    <year>2019</year>\n    <files><file path=\"files/Guide à la française.docx\"/></files>\n"
         "  </document>\n</collection>\n";
    dir_->Write("corpus/records.xml", x);
    if (!error_.empty()) return;
    testing::CommandResult r = testing::Index(dir_->path() + "/db", {dir_->path() + "/corpus"});
    if (r.exit_code != 0) {
      error_ = "indexing failed: " + r.err;
      return;
    }
    daemon_ = new testing::Daemon(dir_->path() + "/db");
  }
  static void Produce(const std::string& error) {
    if (error_.empty()) error_ = error;
  }
  static void TearDownTestSuite() {
    delete daemon_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(error_.empty()) << error_; }

  static int port() { return daemon_->port(); }
  static std::string FilePath(const std::string& name) { return dir_->path() + "/corpus/files/" + name; }
  static HttpResult Get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {},
                        const std::string& method = "GET") {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    return Send(port(), request);
  }

  static TempDir* dir_;
  static testing::Daemon* daemon_;
  static std::string error_;
};
TempDir* FilesServed::dir_ = nullptr;
testing::Daemon* FilesServed::daemon_ = nullptr;
std::string FilesServed::error_;

TEST_F(FilesServed, AHitCarriesThePassageOnPageSevenWithALinkToThatPage) {
  const std::tuple<const char*, const char*, const char*> cases[] = {{"quillwort", "handbook-en", "quillwort"},
                                                                     {"вишиванка", "handbook-uk", "вишиванкою"},
                                                                     {"καλλιγραφίας", "handbook-el", "καλλιγραφία"},
                                                                     {"茶道", "handbook-ja", "茶道"}};
  for (const auto& [word, id, marked] : cases) {
    SCOPED_TRACE(word);
    HttpResult r = Http(port(), "/v1/search?q=" + testing::Encode(word));
    ASSERT_EQ(r.status, 200) << r.body;
    json body = r.json();
    ASSERT_EQ(body["hits"].size(), 1u) << r.body;
    const json& hit = body["hits"][0];
    EXPECT_EQ(hit["id"], id);
    ASSERT_EQ(hit["passages"].size(), 1u) << "the word is on page 7 only";
    const json& p = hit["passages"][0];
    EXPECT_EQ(p["file"], 0);
    EXPECT_EQ(p["page"], 7);
    EXPECT_EQ(p["media_type"], "application/pdf");
    EXPECT_EQ(p["url"], std::string("/v1/documents/") + id + "/files/0#page=7");
    EXPECT_NE(p["snippet"].get<std::string>().find(std::string("<mark>") + marked), std::string::npos) << p["snippet"];
  }
}

// A query that names the publication and a word of one of its pages finds
// the page: passages carry their record's title words.
TEST_F(FilesServed, TitleWordsAndAPageWordTogetherFindThePage) {
  json body = Http(port(), "/v1/search?q=" + testing::Encode("anti-rumours handbook quillwort")).json();
  ASSERT_EQ(body["hits"].size(), 1u) << body.dump();
  EXPECT_EQ(body["hits"][0]["id"], "handbook-en");
  EXPECT_EQ(body["hits"][0]["passages"].at(0)["page"], 7);
  EXPECT_EQ(Http(port(), "/v1/search?q=" + testing::Encode("\"handbook en quillwort\"")).json()["total"], 0)
      << "no phrase spans the title and the page";
}

TEST_F(FilesServed, AtMostThreePassagesAndNoneWhenAsked) {
  // Every page of the English handbook has the sample text.
  json body = Http(port(), "/v1/search?q=volunteers&lang=en").json();
  ASSERT_EQ(body["hits"].size(), 1u);
  const json& passages = body["hits"][0]["passages"];
  EXPECT_EQ(passages.size(), 3u);
  for (const json& p : passages) EXPECT_NE(p["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  EXPECT_TRUE(Http(port(), "/v1/search?q=volunteers&lang=en&passages=0").json()["hits"][0]["passages"].empty());
  EXPECT_EQ(Http(port(), "/v1/search?q=volunteers&passages=11").status, 400);
  EXPECT_TRUE(Http(port(), "/v1/search?q=&lang=en").json()["hits"][0]["passages"].empty())
      << "listing without words shows no passages";
}

TEST_F(FilesServed, ADocxPassageLinksToItsPlaceOnTheDocumentPage) {
  json body = Http(port(), "/v1/search?q=" + testing::Encode("surveys measure")).json();
  ASSERT_EQ(body["hits"].size(), 1u);
  const json& p = body["hits"][0]["passages"].at(0);
  EXPECT_TRUE(p["page"].is_null()) << "DOCX has no pages";
  std::string url = p["url"];
  EXPECT_EQ(url, "/doc/guide-en?file=0#passage-0-" + std::to_string(p["passage"].get<int>()));

  HttpResult text = Http(port(), "/v1/documents/guide-en/files/0/passages");
  ASSERT_EQ(text.status, 200) << text.body;
  json t = text.json();
  EXPECT_EQ(t["name"], "Guide à la française.docx");
  EXPECT_EQ(t["media_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  ASSERT_GE(t["passages"].size(), 1u);
  EXPECT_EQ(t["total"].get<size_t>(), t["passages"].size());
  std::string all;
  for (const json& q : t["passages"]) all += q["text"].get<std::string>() + "\n";
  EXPECT_LT(all.find("Storytelling marquees"), all.find("Surveys measure")) << "in the file's order: " << all;
  EXPECT_FALSE(t["passages"][0].contains("marked")) << "without q, the text only";

  // With the search's words, each passage says where they are, stems included.
  json marked = Http(port(), "/v1/documents/guide-en/files/0/passages?q=" + testing::Encode("survey marquee")).json();
  std::string html;
  for (const json& q : marked["passages"]) html += q["marked"].get<std::string>() + "\n";
  EXPECT_NE(html.find("<mark>Surveys</mark>"), std::string::npos) << html;
  EXPECT_NE(html.find("<mark>marquees</mark>"), std::string::npos) << html;
  EXPECT_EQ(Http(port(), "/v1/documents/guide-en/files/0/passages?q=%22open").status, 400) << "a query a search refuses";
  EXPECT_EQ(Http(port(), "/v1/documents/guide-en/files/0/passages?limit=0").status, 400);
  EXPECT_EQ(Http(port(), "/v1/documents/guide-en/files/0/passages?around=1").status, 400);
}

TEST_F(FilesServed, TheFileIsServedWithItsTypeNameAndContentHash) {
  const std::string path = FilePath("handbook.en.pdf");
  const std::string bytes = testing::ReadFile(path);
  HttpResult r = Get("/v1/documents/handbook-en/files/0");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_EQ(r.body, bytes);
  EXPECT_EQ(r.header("etag"), "\"" + Sha256Of(path) + "\"");
  EXPECT_EQ(r.header("accept-ranges"), "bytes");
  EXPECT_EQ(r.header("content-disposition"), "inline; filename=\"handbook.en.pdf\"; filename*=UTF-8''handbook.en.pdf");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");

  HttpResult docx = Get("/v1/documents/guide-en/files/0");
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body, testing::ReadFile(FilePath("Guide à la française.docx")));
  EXPECT_EQ(docx.header("content-disposition"),
            "attachment; filename=\"Guide _ la fran_aise.docx\"; filename*=UTF-8''Guide%20%C3%A0%20la%20fran%C3%A7aise.docx")
      << "an exact UTF-8 name and an ASCII fallback; Word files are downloaded";
  EXPECT_EQ(docx.header("content-security-policy"), "sandbox") << "a served file never runs as our page";

  HttpResult head = Get("/v1/documents/handbook-en/files/0", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(bytes.size()));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(FilesServed, RangeRequestsAsPdfViewersMakeThem) {
  const std::string bytes = testing::ReadFile(FilePath("handbook.en.pdf"));
  const std::string size = std::to_string(bytes.size());
  HttpResult first = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=0-99"}});
  ASSERT_EQ(first.status, 206) << first.body;
  EXPECT_EQ(first.body, bytes.substr(0, 100));
  EXPECT_EQ(first.header("content-range"), "bytes 0-99/" + size);
  EXPECT_EQ(first.content_type, "application/pdf");

  HttpResult tail = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=-64"}});
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, bytes.substr(bytes.size() - 64)) << "a PDF's cross-reference table is at its end";

  HttpResult rest = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=1000-"}});
  ASSERT_EQ(rest.status, 206);
  EXPECT_EQ(rest.body, bytes.substr(1000));

  HttpResult past = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=" + size + "-"}});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(past.header("content-range"), "bytes */" + size);
  EXPECT_EQ(past.json()["error"]["code"], "range_not_satisfiable");

  std::string etag = first.header("etag");
  HttpResult same = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=0-9"}, {"If-Range", etag}});
  EXPECT_EQ(same.status, 206) << "If-Range names the current content";
  HttpResult changed = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
  EXPECT_EQ(changed.status, 200) << "a stale If-Range gets the whole file";
  EXPECT_EQ(changed.body, bytes);
  HttpResult several = Get("/v1/documents/handbook-en/files/0", {{"Range", "bytes=0-9,20-29"}});
  EXPECT_EQ(several.status, 200);
  EXPECT_EQ(several.body, bytes);

  HttpResult cached = Get("/v1/documents/handbook-en/files/0", {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
}

TEST_F(FilesServed, UnknownFilesAndRoutesAreJsonErrors) {
  for (const char* path : {"/v1/documents/handbook-en/files/1", "/v1/documents/nobody/files/0",
                           "/v1/documents/handbook-en/files/x", "/v1/documents/handbook-en/files/0/other",
                           "/v1/documents/handbook-en%230.1/files/0"}) {
    HttpResult r = Http(port(), path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(r.json()["error"].is_object()) << path << ": " << r.body;
  }
  EXPECT_EQ(Http(port(), "/v1/documents/handbook-en/files/0?download=1").status, 400);
  EXPECT_EQ(Http(port(), "/v1/documents/handbook-en/files/0", "POST").status, 405);
}

}  // namespace
}  // namespace bridges
