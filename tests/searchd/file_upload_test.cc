// Curators attach files through the API (PUT/DELETE
// /v1/documents/{id}/files/{name}): the real daemon over real HTTP on
// loopback, a real store and real Xapian, with PDFs printed by Chromium
// (tests/files_fixtures.h). A file's words become searchable only when its
// revision is published; its bytes are stored once, by hash, beside the
// store, and survive restarts and rebuilds.
#include <gtest/gtest.h>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/store.h"
#include "tests/files_fixtures.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Encode;
using testing::ReadFile;

constexpr const char* kUploadWord = "quetzalpoxi";  // only on page 2 of the uploaded PDF
constexpr const char* kSeedWord = "varnockeel";     // only in the seeded record's PDF

std::string Sha256(const std::string& bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string NewToken(const std::string& store, const std::string& role, const std::string& name) {
  testing::CommandResult r = testing::Admin({"token", "create", "--role", role, "--name", name, "--store", store});
  if (r.exit_code != 0) throw std::runtime_error("bridges-admin failed: " + r.err);
  return r.out.substr(0, r.out.find('\n'));
}

// Every blob in a store's files folder (temporary files included, so a
// leftover would show).
std::vector<std::string> Blobs(const std::string& store) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(StoreFilesDir(store), ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(StoreFilesDir(store)))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  return out;
}

std::string Record(const std::string& id, const std::string& title) {
  return "  <document id=\"" + id + "\" work=\"" + id + "\" type=\"handbook\" lang=\"en\">\n    <title>" + title +
         "</title>\n  </document>\n";
}

// The seed: two plain records, and one whose file is given by a path
// relative to the seed file, as a corpus would give it.
void WriteSeed(const std::string& dir, const std::string& seed_pdf) {
  fs::create_directories(dir + "/files");
  fs::copy_file(seed_pdf, dir + "/files/seed.pdf", fs::copy_options::overwrite_existing);
  std::ofstream(dir + "/seed.xml")
      << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n"
      << Record("doc-a", "Alpha handbook") << Record("doc-b", "Beta handbook") << Record("doc-c", "Gamma handbook")
      << "  <document id=\"seeded\" work=\"seeded\" type=\"handbook\" lang=\"en\">\n    <title>Seeded handbook</title>\n"
      << "    <files><file path=\"files/seed.pdf\" label=\"PDF\"/></files>\n  </document>\n</collection>\n";
}

class FileUploadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      fixtures_ = new testing::TempDir;
      std::string e = testing::PrintPdf(
          testing::PagedHtml("en", "Upload", testing::SamplePages("en", 3, 2, std::string("The ") + kUploadWord + " method helps.")),
          fixtures_->path() + "/upload.pdf");
      if (e.empty())
        e = testing::PrintPdf(testing::PagedHtml("en", "Seed", testing::SamplePages("en", 1, 1, std::string("The ") + kSeedWord + " rule.")),
                              fixtures_->path() + "/seed.pdf");
      if (e.empty()) e = testing::WritePng(fixtures_->path() + "/tiny.png");
      if (!e.empty()) throw std::runtime_error(e);
      pdf_ = ReadFile(fixtures_->path() + "/upload.pdf");
      png_ = ReadFile(fixtures_->path() + "/tiny.png");
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { delete fixtures_; }

  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    store_ = dir_.path() + "/store.sqlite";
    seed_ = dir_.path() + "/seed";
    WriteSeed(seed_, fixtures_->path() + "/seed.pdf");
    curator_ = NewToken(store_, "curator", "carla");
    editor_ = NewToken(store_, "editor", "edith");
    Start();
  }

  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--store", store_, "--seed", seed_};
    args.insert(args.end(), extra.begin(), extra.end());
    daemon_ = std::make_unique<testing::Daemon>(dir_.path() + "/index", args);
  }

  testing::HttpResult Call(const std::string& method, const std::string& path, const std::string& token = "",
                           const std::string& body = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/octet-stream");
    return testing::Send(daemon_->port(), {method, path, headers, body});
  }
  json Ok(const testing::HttpResult& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  json Search(const std::string& q) { return Ok(Call("GET", "/v1/search?q=" + Encode(q))); }
  std::vector<std::string> Ids(const std::string& q) {
    std::vector<std::string> ids;
    const json found = Search(q);  // kept: a range-for over a temporary's member would dangle
    for (const json& h : found["hits"]) ids.push_back(h["id"]);
    return ids;
  }
  json Revisions(const std::string& id) { return Ok(Call("GET", "/v1/documents/" + id + "/revisions", editor_))["revisions"]; }
  json RecordAt(const std::string& id, int64_t n) {
    return Ok(Call("GET", "/v1/documents/" + id + "/revisions/" + std::to_string(n), editor_))["record"];
  }

  testing::TempDir dir_;
  std::string store_, seed_, curator_, editor_;
  std::unique_ptr<testing::Daemon> daemon_;
  static testing::TempDir* fixtures_;
  static std::string pdf_, png_, setup_error_;
};
testing::TempDir* FileUploadTest::fixtures_ = nullptr;
std::string FileUploadTest::pdf_, FileUploadTest::png_, FileUploadTest::setup_error_;

TEST_F(FileUploadTest, ACuratorsFileIsSearchableOnlyOnceAnEditorPublishesIt) {
  ASSERT_TRUE(Ids(kUploadWord).empty());
  json put = Ok(Call("PUT", "/v1/documents/doc-a/files/handbook.pdf?lang=en&label=PDF", curator_, pdf_));
  EXPECT_EQ(put["action"], "draft");
  EXPECT_EQ(put["revision"], 2);
  EXPECT_EQ(put["file"]["name"], "handbook.pdf");
  EXPECT_EQ(put["file"]["sha256"], Sha256(pdf_));
  EXPECT_EQ(put["file"]["bytes"], pdf_.size());
  EXPECT_EQ(put["file"]["media_type"], "application/pdf");
  // Read at once, since the draft is not indexed: what it is and what it says of itself.
  EXPECT_EQ(put["file"]["format"], "PDF document");
  EXPECT_EQ(put["file"]["pages"], 3);
  EXPECT_EQ(put["file"]["title"], "Upload");
  EXPECT_EQ(put["file"]["lang"], "en");
  EXPECT_FALSE(put["file"].contains("error")) << put;
  EXPECT_TRUE(Ids(kUploadWord).empty()) << "drafts are never indexed";
  // The curator can open the draft's file; readers cannot, and the published
  // record has none yet.
  testing::HttpResult draft_file = Call("GET", "/v1/documents/doc-a/files/0?include=drafts", curator_);
  ASSERT_EQ(draft_file.status, 200) << draft_file.body;
  EXPECT_EQ(draft_file.body, pdf_);
  EXPECT_EQ(draft_file.content_type, "application/pdf");
  EXPECT_EQ(draft_file.header("etag"), "\"" + Sha256(pdf_) + "\"");
  EXPECT_EQ(draft_file.header("cache-control"), "private, no-cache");
  EXPECT_EQ(Call("GET", "/v1/documents/doc-a/files/0?include=drafts", curator_, "", {{"Range", "bytes=0-3"}}).body, "%PDF");
  EXPECT_EQ(Call("GET", "/v1/documents/doc-a/files/0?include=drafts").status, 401);
  EXPECT_EQ(Call("GET", "/v1/documents/doc-a/files/1?include=drafts", curator_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/documents/doc-a/files/0").status, 404) << "readers see the published record, without files";
  EXPECT_EQ(Ids("alpha"), std::vector<std::string>{"doc-a"}) << "readers still see revision 1";

  // The new revision lists the file with its hash; the previous one does not.
  json revisions = Revisions("doc-a");
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0]["revision"], 2);
  EXPECT_EQ(revisions[0]["draft"], true);
  EXPECT_EQ(RecordAt("doc-a", 2)["files"],
            json::parse(R"([{"path":"handbook.pdf","lang":"en","role":"full-text","label":"PDF","sha256":")" + Sha256(pdf_) +
                        "\"}]"));
  EXPECT_FALSE(RecordAt("doc-a", 1).contains("files"));
  json diff = Ok(Call("GET", "/v1/documents/doc-a/diff", curator_))["changes"];
  ASSERT_EQ(diff.size(), 1u) << diff;
  EXPECT_EQ(diff[0]["field"], "files");
  EXPECT_EQ(diff[0]["change"], "added");

  json published = Ok(Call("POST", "/v1/documents/doc-a/publish", editor_));
  EXPECT_EQ(published["document"]["published_revision"], 2);
  json found = Search(kUploadWord);
  ASSERT_EQ(found["total"], 1) << found;
  EXPECT_EQ(found["hits"][0]["id"], "doc-a");
  const json& passages = found["hits"][0]["passages"];
  ASSERT_FALSE(passages.empty()) << found;
  EXPECT_EQ(passages[0]["page"], 2) << passages;
  EXPECT_EQ(passages[0]["url"], "/v1/documents/doc-a/files/0#page=2");
  // Readers fetch it by its number in the record: the store's blob.
  testing::HttpResult file = Call("GET", "/v1/documents/doc-a/files/0");
  EXPECT_EQ(file.status, 200);
  EXPECT_TRUE(file.body == pdf_) << "the uploaded bytes, " << file.body.size() << " bytes";
  EXPECT_EQ(Call("POST", "/v1/documents/doc-a/files/handbook.pdf", editor_).header("allow"), "GET, HEAD, PUT, DELETE");

  // Detaching it is a draft too; once published, the word is gone.
  EXPECT_EQ(Call("DELETE", "/v1/documents/doc-a/files/other.pdf", curator_).status, 404);
  json removed = Ok(Call("DELETE", "/v1/documents/doc-a/files/handbook.pdf", curator_));
  EXPECT_EQ(removed["action"], "draft");
  EXPECT_EQ(Ids(kUploadWord), std::vector<std::string>{"doc-a"}) << "until it is published";
  Ok(Call("POST", "/v1/documents/doc-a/publish", editor_));
  EXPECT_TRUE(Ids(kUploadWord).empty());
  EXPECT_FALSE(RecordAt("doc-a", 3).contains("files"));
  EXPECT_EQ(Blobs(store_).size(), 2u) << "the bytes stay: revision 2 still names them (and the seed's)";

  // The audit trail names who did what.
  json audit = Ok(Call("GET", "/v1/audit?id=doc-a", editor_))["entries"];
  std::vector<std::string> actions;
  for (const json& e : audit) actions.push_back(e["actor"].get<std::string>() + ":" + e["action"].get<std::string>());
  EXPECT_EQ(actions, (std::vector<std::string>{"seed:seed", "carla:draft", "edith:publish", "carla:draft", "edith:publish"}));
}

// A file the indexer cannot search is still attached (readers can open it);
// the curator learns why at once, and the language its text reads as.
TEST_F(FileUploadTest, TheUploadSaysWhatTheFileIsBeforeAnyonePublishesIt) {
  json plain = Ok(Call("PUT", "/v1/documents/doc-b/files/guide.pdf", curator_, pdf_));
  EXPECT_EQ(plain["file"]["detected_lang"], "en") << "no lang given: read from the text";
  std::string scan_path = dir_.path() + "/scan.pdf";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "", {"<svg width='300' height='200'><circle cx='90' cy='90' "
                                                            "r='80' fill='teal'/></svg>"}),
                              scan_path),
            "");
  json scan = Ok(Call("PUT", "/v1/documents/doc-c/files/scan.pdf", curator_, ReadFile(scan_path)));
  EXPECT_EQ(scan["action"], "draft");
  EXPECT_EQ(scan["file"]["error"].get<std::string>().rfind("no text layer: scanned document", 0), 0u) << scan;
}

TEST_F(FileUploadTest, AnEditorsUploadIsPublishedAtOnceAndTheSameBytesAreStoredOnce) {
  const size_t before = Blobs(store_).size();
  json a = Ok(Call("PUT", "/v1/documents/doc-a/files/handbook.pdf", editor_, pdf_));
  EXPECT_EQ(a["action"], "publish");
  json b = Ok(Call("PUT", "/v1/documents/doc-b/files/copy.pdf?role=annex", editor_, pdf_));
  json again = Ok(Call("PUT", "/v1/documents/doc-b/files/copy.pdf?role=annex", editor_, pdf_, {{"If-Match", "2"}}));
  EXPECT_EQ(again["revision"], 3) << "same name: the entry is replaced, not added";
  EXPECT_EQ(RecordAt("doc-b", 3)["files"].size(), 1u);
  EXPECT_EQ(RecordAt("doc-b", 3)["files"][0]["role"], "annex");
  EXPECT_EQ(a["file"]["sha256"], b["file"]["sha256"]);
  EXPECT_EQ(Blobs(store_).size(), before + 1) << "one blob for three uploads of the same bytes";
  EXPECT_TRUE(fs::exists(StoreFilesDir(store_) + "/" + Sha256(pdf_).substr(0, 2) + "/" + Sha256(pdf_)));
  json found = Search(kUploadWord);
  EXPECT_EQ(found["total"], 2) << found;

  // Larger than a record body may be (max_body_bytes, 1 MiB): files have their own limit.
  std::string text;
  while (text.size() < (3u << 19)) text += testing::SampleText("en") + "\n";
  json big = Ok(Call("PUT", "/v1/documents/doc-c/files/long.txt", curator_, text));
  EXPECT_EQ(big["file"]["bytes"], text.size());
  EXPECT_EQ(big["file"]["media_type"].get<std::string>().rfind("text/plain", 0), 0u) << big;
}

TEST_F(FileUploadTest, RefusedUploadsChangeNothing) {
  const size_t blobs = Blobs(store_).size();
  struct Case {
    std::string path, token, body;
    std::vector<std::pair<std::string, std::string>> headers;
    int status;
    std::string message;  // part of the error's message
  };
  std::string random(4096, '\0');
  std::mt19937 rng(7);
  for (char& c : random) c = static_cast<char>(rng());
  random[0] = '\x01';  // no format starts so
  const Case cases[] = {
      {"/v1/documents/doc-c/files/a.pdf", "", pdf_, {}, 401, "token"},
      {"/v1/documents/doc-c/files/tiny.png", curator_, png_, {}, 415, "PNG image"},
      {"/v1/documents/doc-c/files/noise.bin", curator_, random, {}, 415, "not a type the indexer reads"},
      {"/v1/documents/doc-c/files/a%2Fb.pdf", curator_, pdf_, {}, 400, "'/'"},
      {"/v1/documents/doc-c/files/a%5Cb.pdf", curator_, pdf_, {}, 400, "'/'"},
      {"/v1/documents/doc-c/files/%2E%2E", curator_, pdf_, {}, 400, "'..'"},
      {"/v1/documents/doc-c/files/a%01b.pdf", curator_, pdf_, {}, 400, "control"},
      {"/v1/documents/doc-c/files/" + std::string(201, 'n'), curator_, pdf_, {}, 400, "1-200 bytes"},
      {"/v1/documents/doc-c/files/a.pdf?colour=red", curator_, pdf_, {}, 400, "unknown parameter 'colour'"},
      {"/v1/documents/doc-c/files/a.pdf?role=cover", curator_, pdf_, {}, 400, "role 'cover'"},
      {"/v1/documents/doc-c/files/a.pdf?lang=english!", curator_, pdf_, {}, 400, "language tag"},
      {"/v1/documents/doc-c/files/a.pdf", curator_, pdf_, {{"If-Match", "7"}}, 409, "someone else changed it"},
      {"/v1/documents/no-such-doc/files/a.pdf", curator_, pdf_, {}, 404, "no-such-doc"},
  };
  for (const Case& c : cases) {
    testing::HttpResult r = Call("PUT", c.path, c.token, c.body, c.headers);
    EXPECT_EQ(r.status, c.status) << c.path << ": " << r.body;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(c.message), std::string::npos) << c.path << ": " << r.body;
  }
  EXPECT_EQ(Revisions("doc-c").size(), 1u) << "no revision was made";
  EXPECT_EQ(Blobs(store_).size(), blobs) << "no bytes were kept";
  EXPECT_EQ(Call("DELETE", "/v1/documents/doc-c/files/a.pdf").status, 401);
  EXPECT_EQ(Call("DELETE", "/v1/documents/doc-c/files/a.pdf", curator_).status, 404);
  // A deleted document takes no file.
  Ok(Call("DELETE", "/v1/documents/doc-c", editor_));
  EXPECT_EQ(Call("PUT", "/v1/documents/doc-c/files/a.pdf", curator_, pdf_).status, 404);
  EXPECT_EQ(Blobs(store_).size(), blobs);
}

TEST_F(FileUploadTest, OverTheSizeLimitIs413AndNothingIsStored) {
  daemon_.reset();
  const size_t limit = pdf_.size() / 2;
  Start({"--max-file-bytes", std::to_string(limit)});
  const size_t blobs = Blobs(store_).size();
  testing::HttpResult r = Call("PUT", "/v1/documents/doc-a/files/big.pdf", curator_, pdf_);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "payload_too_large");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(std::to_string(limit)), std::string::npos) << r.body;
  EXPECT_EQ(Revisions("doc-a").size(), 1u);
  EXPECT_EQ(Blobs(store_).size(), blobs);
  // A file under the limit is taken by the same daemon.
  EXPECT_EQ(Call("PUT", "/v1/documents/doc-a/files/tiny.html", curator_,
                 "<html lang=\"en\"><body><p>" + testing::SampleText("en") + "</p></body></html>").status, 200);
}

TEST_F(FileUploadTest, SeededAndUploadedFilesLiveInTheStoreAcrossRestartsAndRebuilds) {
  // Seeding copied the seed's file into the store and named it by hash.
  const std::string seed_pdf = ReadFile(seed_ + "/files/seed.pdf");
  json seeded = RecordAt("seeded", 1)["files"];
  ASSERT_EQ(seeded.size(), 1u);
  EXPECT_EQ(seeded[0]["path"], "files/seed.pdf");
  EXPECT_EQ(seeded[0]["sha256"], Sha256(seed_pdf));
  EXPECT_EQ(Ids(kSeedWord), std::vector<std::string>{"seeded"});
  Ok(Call("PUT", "/v1/documents/doc-b/files/handbook.pdf", editor_, pdf_));
  ASSERT_EQ(Ids(kUploadWord), std::vector<std::string>{"doc-b"});

  // Without the seed folder and without the index: rebuilt from the store,
  // whose blobs hold every file.
  daemon_.reset();
  fs::remove_all(seed_);
  fs::remove_all(dir_.path() + "/index");
  daemon_ = std::make_unique<testing::Daemon>(dir_.path() + "/index", std::vector<std::string>{"--store", store_});
  EXPECT_EQ(Ids(kSeedWord), std::vector<std::string>{"seeded"});
  EXPECT_EQ(Ids(kUploadWord), std::vector<std::string>{"doc-b"});
  testing::HttpResult file = Call("GET", "/v1/documents/seeded/files/0");
  EXPECT_EQ(file.status, 200);
  EXPECT_TRUE(file.body == seed_pdf) << "served from the store's blob after the seed folder went";

  // Export keeps the refs by hash; bridges-indexer --from-store reads the blobs too.
  testing::HttpResult exported = Call("GET", "/v1/export?format=xml");
  EXPECT_NE(exported.body.find("sha256=\"" + Sha256(pdf_) + "\""), std::string::npos);
  daemon_.reset();
  testing::CommandResult rebuilt =
      testing::Run({BRIDGES_INDEXER, "--db", dir_.path() + "/index2", "--from-store", store_});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  daemon_ = std::make_unique<testing::Daemon>(dir_.path() + "/index2", std::vector<std::string>{"--store", store_});
  EXPECT_EQ(Ids(kUploadWord), std::vector<std::string>{"doc-b"});

  // Bytes that no longer match their hash are a file error; the record stays.
  daemon_.reset();
  const std::string blob = StoreFilesDir(store_) + "/" + Sha256(pdf_).substr(0, 2) + "/" + Sha256(pdf_);
  fs::permissions(blob, fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(blob, std::ios::binary | std::ios::app) << "tampered";
  fs::remove_all(dir_.path() + "/index2");
  rebuilt = testing::Run({BRIDGES_INDEXER, "--db", dir_.path() + "/index2", "--from-store", store_});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  daemon_ = std::make_unique<testing::Daemon>(dir_.path() + "/index2", std::vector<std::string>{"--store", store_});
  EXPECT_TRUE(Ids(kUploadWord).empty());
  EXPECT_EQ(Ids("beta"), std::vector<std::string>{"doc-b"});
}

}  // namespace
}  // namespace bridges
