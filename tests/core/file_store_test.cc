// The store's blobs (core/file_store.h), the one resolver of file refs
// (ResolveFilePath), the digest check of refs that name a sha256, and the
// migration of a store whose `files` table had the old shape.
#include "core/file_store.h"

#include <gtest/gtest.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/record_files.h"
#include "core/store.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

namespace fs = std::filesystem;

// sha256sum of "hello world\n"
constexpr const char* kHelloSha = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  return out;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FileStore, StoresEachContentOnceUnderItsHash) {
  testing::TempDir dir;
  const std::string blobs = dir.path() + "/store.sqlite.files";
  for (int i = 0; i < 2; ++i) {
    std::istringstream in("hello world\n");
    ReceivedFile got;
    UploadRefusal refusal;
    Status s = ReceiveUpload(blobs, in, 1000, &got, &refusal);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(refusal, UploadRefusal::kNone);
    EXPECT_EQ(got.file.sha256, kHelloSha);
    EXPECT_EQ(got.file.bytes, 12);
    EXPECT_EQ(got.file.media_type.rfind("text/plain", 0), 0u) << got.file.media_type;
  }
  // One file, at <first 2 hex>/<sha256>, no temporary file left behind.
  EXPECT_EQ(FilesUnder(blobs), std::vector<std::string>{std::string("a9/") + kHelloSha});
  EXPECT_EQ(BlobPath(blobs, kHelloSha), blobs + "/a9/" + kHelloSha);
  EXPECT_EQ(Read(BlobPath(blobs, kHelloSha)), "hello world\n");

  // A copy of a file on disk lands in the same place.
  testing::TempDir src;
  ReceivedFile copied;
  ASSERT_TRUE(StoreFileCopy(blobs, src.Write("a.txt", "hello world\n"), &copied).ok());
  EXPECT_EQ(copied.file.sha256, kHelloSha);
  EXPECT_EQ(FilesUnder(blobs).size(), 1u);
}

TEST(FileStore, RefusedUploadsLeaveNothingOnDisk) {
  testing::TempDir dir;
  const std::string blobs = dir.path() + "/s.files";
  ReceivedFile got;
  UploadRefusal refusal;
  std::istringstream big(std::string(5000, 'a'));
  Status s = ReceiveUpload(blobs, big, 4096, &got, &refusal);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(refusal, UploadRefusal::kTooLarge);
  std::istringstream exact(std::string(4096, 'a'));
  EXPECT_TRUE(ReceiveUpload(blobs, exact, 4096, &got, &refusal).ok()) << "the limit itself is allowed";
  fs::remove_all(blobs);

  std::istringstream png(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  s = ReceiveUpload(blobs, png, 4096, &got, &refusal);
  EXPECT_EQ(refusal, UploadRefusal::kUnsupportedType);
  EXPECT_NE(s.message().find("PNG image"), std::string::npos) << s.message();
  EXPECT_TRUE(FilesUnder(blobs).empty());
}

TEST(FileStore, FileNames) {
  EXPECT_TRUE(CheckFileName("handbook.pdf").ok());
  EXPECT_TRUE(CheckFileName("podręcznik v2.pdf").ok());
  EXPECT_TRUE(CheckFileName(std::string(200, 'n')).ok());
  for (const std::string& bad : {std::string(), std::string(201, 'n'), std::string("a/b"), std::string("a\\b"),
                                 std::string(".."), std::string("a..b"), std::string("a\x01"), std::string("a\x7f"),
                                 std::string("\xff\xfe")})
    EXPECT_EQ(CheckFileName(bad).code(), StatusCode::kInvalidArgument) << bad;
  EXPECT_TRUE(IsSha256Hex(kHelloSha));
  EXPECT_FALSE(IsSha256Hex(std::string(kHelloSha).substr(1)));
  EXPECT_FALSE(IsSha256Hex("A948904F2F0F479B8F8197694B30184B0D2ED1C1CD2A1EC0FB85D299A192A447"));
}

TEST(FileResolver, AHashedRefIsTheStoresBlobOtherwiseRelativeToTheRecord) {
  FileRef plain{"files/a.pdf", "", "full-text", "", ""};
  FileRef hashed{"a.pdf", "", "full-text", "", kHelloSha};
  EXPECT_EQ(ResolveFilePath("/corpus/x/records.xml", plain, "/s.files"), "/corpus/x/files/a.pdf");
  EXPECT_EQ(ResolveFilePath("/corpus/x/records.xml", plain, ""), "/corpus/x/files/a.pdf");
  EXPECT_EQ(ResolveFilePath("/corpus/x/records.xml", hashed, "/s.files"), std::string("/s.files/a9/") + kHelloSha);
  EXPECT_EQ(ResolveFilePath("/corpus/x/records.xml", hashed, ""), "/corpus/x/a.pdf") << "no store: the file beside the record";
}

TEST(FileResolver, ADigestThatIsNotTheDeclaredHashIsAFileError) {
  testing::TempDir dir;
  dir.Write("hello.txt", "hello world\n");
  dir.Write("other.txt", "goodbye\n");
  Document doc;
  doc.id = "d";
  doc.source.path = dir.path() + "/records.xml";
  doc.files = {{"hello.txt", "", "full-text", "", kHelloSha}, {"other.txt", "", "full-text", "", kHelloSha}};
  std::vector<FileFacts> facts = DigestRecordFiles(doc, FileOptions{});
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].error, "");
  EXPECT_EQ(facts[1].error.rfind("content does not match its sha256", 0), 0u) << facts[1].error;
}

TEST(StoreSchema, AVersion1StoreIsMigratedAtOpen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/old.sqlite";
  {
    std::unique_ptr<Store> store;
    ASSERT_TRUE(Store::Open(path, &store).ok());
  }
  {
    // Back to what version 1 created.
    Poco::Data::Session session("SQLite", path);
    using Poco::Data::Keywords::now;
    session << "DROP TABLE files", now;
    session << "CREATE TABLE files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL,"
               " created_at TEXT NOT NULL, content BLOB NOT NULL)", now;
    session << "UPDATE meta SET value = '1' WHERE key = 'schema'", now;
  }
  std::unique_ptr<Store> store;
  Status s = Store::Open(path, &store);
  ASSERT_TRUE(s.ok()) << s.message();
  Store::Transaction tx(*store);
  ASSERT_TRUE(store->AddFile({kHelloSha, 12, "text/plain", "2024-01-01T00:00:00Z"}).ok()) << "no content column";
  ASSERT_TRUE(store->AddFile({kHelloSha, 99, "x/y", "2025-01-01T00:00:00Z"}).ok()) << "recorded once";
  ASSERT_TRUE(tx.Commit().ok());
  StoredFile f;
  ASSERT_TRUE(store->GetFile(kHelloSha, &f).ok());
  EXPECT_EQ(f.bytes, 12);
  store.reset();
  Poco::Data::Session session("SQLite", path);
  std::string version;
  session << "SELECT value FROM meta WHERE key = 'schema'", Poco::Data::Keywords::into(version), Poco::Data::Keywords::now;
  EXPECT_EQ(version, "2");
}

}  // namespace
}  // namespace bridges
