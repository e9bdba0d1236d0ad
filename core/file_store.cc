#include "core/file_store.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/files/extract.h"
#include "core/language.h"
#include "core/unicode.h"

namespace bridges {

namespace fs = std::filesystem;

namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::Error(Errno("cannot open " + dir));
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Status::Error(Errno("cannot sync " + dir));
}

// A temporary file in the blob store being written and hashed. Removed when
// it goes without Commit().
class BlobWriter {
 public:
  explicit BlobWriter(std::string files_dir) : dir_(std::move(files_dir)) {}
  ~BlobWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }

  Status Begin() {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return Status::Error("cannot create " + dir_ + ": " + ec.message());
    std::string name = dir_ + "/.upload-XXXXXX";
    std::vector<char> buf(name.begin(), name.end());
    buf.push_back('\0');
    fd_ = ::mkstemp(buf.data());
    if (fd_ < 0) return Status::Error(Errno("cannot create a file in " + dir_));
    temp_ = buf.data();
    return Status::Ok();
  }

  Status Write(const char* data, size_t size) {
    sha_.update(data, static_cast<unsigned>(size));
    bytes_ += size;
    while (size > 0) {
      ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::Error(Errno("cannot write " + temp_));
      data += n;
      size -= static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  uint64_t bytes() const { return bytes_; }
  const std::string& temp_path() const { return temp_; }

  // Makes the bytes durable under their hash's name. A content stored already
  // is kept as it is (its name is its hash) and the copy dropped.
  Status Commit(std::string* sha256) {
    *sha256 = Poco::DigestEngine::digestToHex(sha_.digest());
    if (::fsync(fd_) != 0) return Status::Error(Errno("cannot sync " + temp_));
    ::close(fd_);
    fd_ = -1;
    const std::string target = BlobPath(dir_, *sha256);
    const std::string folder = fs::path(target).parent_path().string();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return Status::Error("cannot create " + folder + ": " + ec.message());
    if (fs::exists(target, ec)) return Status::Ok();  // the destructor drops the copy
    if (::rename(temp_.c_str(), target.c_str()) != 0) return Status::Error(Errno("cannot rename to " + target));
    temp_.clear();
    Status s = SyncDir(folder);
    return s.ok() ? SyncDir(dir_) : s;
  }

 private:
  std::string dir_;
  std::string temp_;
  int fd_ = -1;
  uint64_t bytes_ = 0;
  Poco::SHA2Engine sha_{Poco::SHA2Engine::SHA_256};
};

}  // namespace

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string BlobPath(const std::string& files_dir, const std::string& sha256) {
  return files_dir + "/" + sha256.substr(0, 2) + "/" + sha256;
}

Status CheckFileName(const std::string& name) {
  if (name.empty() || name.size() > 200) return Status::Invalid("a file's name must be 1-200 bytes");
  if (!IsValidUtf8(name)) return Status::Invalid("a file's name must be UTF-8");
  if (name.find_first_of("/\\") != std::string::npos) return Status::Invalid("a file's name may not contain '/' or '\\'");
  if (name.find("..") != std::string::npos) return Status::Invalid("a file's name may not contain '..'");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return Status::Invalid("a file's name may not contain control characters");
  return Status::Ok();
}

Status CheckUploadRef(const FileRef& ref) {
  Status s = CheckFileName(ref.path);
  if (s.ok() && ref.role != "full-text" && ref.role != "annex" && ref.role != "summary")
    s = Status::Invalid("role '" + ref.role + "' must be full-text, annex or summary");
  if (s.ok() && !ref.lang.empty() && !IsValidLanguageTag(ref.lang))
    s = Status::Invalid("'" + ref.lang + "' is not a valid language tag");
  return s;
}

Status ReceiveUpload(const std::string& files_dir, std::istream& in, uint64_t max_bytes, ReceivedFile* out,
                     UploadRefusal* refusal) {
  *refusal = UploadRefusal::kFailed;
  BlobWriter writer(files_dir);
  Status s = writer.Begin();
  if (!s.ok()) return s;
  std::vector<char> buffer(256 * 1024);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    size_t n = static_cast<size_t>(in.gcount());
    if (writer.bytes() + n > max_bytes) {
      *refusal = UploadRefusal::kTooLarge;
      return Status::Invalid("the file is larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    if (!(s = writer.Write(buffer.data(), n)).ok()) return s;
  }
  files::Sniffed sniffed = files::SniffFile(writer.temp_path());
  if (sniffed.type == files::FileType::kUnknown) {
    *refusal = UploadRefusal::kUnsupportedType;
    return Status::Invalid("the file is " + sniffed.name +
                           ", not a type the indexer reads (PDF, DOCX, ODT, HTML or UTF-8 text)");
  }
  out->format = sniffed.name;
  out->file = {"", static_cast<int64_t>(writer.bytes()), sniffed.media_type, UtcTimestamp()};
  if (!(s = writer.Commit(&out->file.sha256)).ok()) return s;
  *refusal = UploadRefusal::kNone;
  return Status::Ok();
}

Status StoreFileCopy(const std::string& files_dir, const std::string& path, ReceivedFile* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path);
  BlobWriter writer(files_dir);
  Status s = writer.Begin();
  std::vector<char> buffer(256 * 1024);
  while (s.ok() && (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0))
    s = writer.Write(buffer.data(), static_cast<size_t>(in.gcount()));
  if (!s.ok()) return s;
  if (in.bad()) return Status::Invalid("cannot read " + path);
  files::Sniffed sniffed = files::SniffFile(writer.temp_path());
  out->format = sniffed.name;
  out->file = {"", static_cast<int64_t>(writer.bytes()), sniffed.media_type, UtcTimestamp()};
  return writer.Commit(&out->file.sha256);
}

}  // namespace bridges
