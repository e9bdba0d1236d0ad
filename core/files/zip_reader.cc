#include "core/files/zip_reader.h"

#include <Poco/Exception.h>
#include <Poco/Zip/SkipCallback.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>

namespace bridges::files {

namespace {

uint64_t Le(const std::string& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;

std::string Count(uint64_t n) { return std::to_string(n); }

}  // namespace

Status ZipEntryCount(std::istream& in, uint64_t* entries) {
  in.seekg(0, std::ios::end);
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  const uint64_t tail_size = std::min<uint64_t>(size, 22 + 65535);  // the record, and a comment of up to 64 KiB
  std::string tail(tail_size, '\0');
  in.seekg(static_cast<std::streamoff>(size - tail_size));
  in.read(tail.data(), static_cast<std::streamsize>(tail_size));
  if (tail_size < 22) return Status::Invalid("corrupt zip archive: too short");
  for (size_t at = tail_size - 22 + 1; at-- > 0;) {
    if (Le(tail, at, 4) != kEndOfDirectory) continue;
    *entries = Le(tail, at + 10, 2);
    if (*entries != 0xFFFF) return Status::Ok();
    // Zip64: the real count is in the zip64 record the locator points to.
    if (at < 20 || Le(tail, at - 20, 4) != kZip64Locator) break;
    std::string record(56, '\0');
    in.seekg(static_cast<std::streamoff>(Le(tail, at - 20 + 8, 8)));
    in.read(record.data(), 56);
    if (!in || Le(record, 0, 4) != kZip64EndOfDirectory) break;
    *entries = Le(record, 32, 8);
    return Status::Ok();
  }
  return Status::Invalid("corrupt zip archive: no central directory (truncated?)");
}

ZipReader::~ZipReader() = default;

Status ZipReader::Open(const std::string& path, const ExtractLimits& limits, std::unique_ptr<ZipReader>* out) {
  std::unique_ptr<ZipReader> r(new ZipReader);
  r->path_ = path;
  r->limits_ = limits;
  r->in_.open(path, std::ios::binary);
  if (!r->in_) return Status::Invalid("cannot read file");
  uint64_t entries = 0;
  Status s = ZipEntryCount(r->in_, &entries);
  if (!s.ok()) return s;
  if (entries > limits.max_zip_entries)
    return Status::Invalid("zip bomb: " + Count(entries) + " entries (limit " + Count(limits.max_zip_entries) + ")");
  try {
    r->in_.clear();
    r->in_.seekg(0);
    Poco::Zip::SkipCallback skip;
    r->archive_ = std::make_unique<Poco::Zip::ZipArchive>(r->in_, skip);
  } catch (const Poco::Exception& e) {
    return Status::Invalid("corrupt zip archive: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("corrupt zip archive: ") + e.what());
  }
  r->in_.clear();
  s = r->CheckDeclaredSizes();
  if (!s.ok()) return s;
  *out = std::move(r);
  return Status::Ok();
}

Status ZipReader::CheckDeclaredSizes() {
  uint64_t total = 0, count = 0;
  for (auto it = archive_->fileInfoBegin(); it != archive_->fileInfoEnd(); ++it, ++count) {
    const uint64_t size = it->second.getUncompressedSize(), packed = it->second.getCompressedSize();
    total += size;
    if (size > limits_.zip_ratio_floor && size / std::max<uint64_t>(packed, 1) > limits_.max_zip_ratio)
      return Status::Invalid("zip bomb: entry '" + it->first + "' expands " +
                             Count(size / std::max<uint64_t>(packed, 1)) + " times (limit " +
                             Count(limits_.max_zip_ratio) + ")");
  }
  if (count > limits_.max_zip_entries)
    return Status::Invalid("zip bomb: " + Count(count) + " entries (limit " + Count(limits_.max_zip_entries) + ")");
  if (total > limits_.max_zip_uncompressed)
    return Status::Invalid("zip bomb: entries total " + Count(total) + " bytes uncompressed (limit " +
                           Count(limits_.max_zip_uncompressed) + ")");
  return Status::Ok();
}

bool ZipReader::Has(const std::string& name) const { return archive_->findHeader(name) != archive_->headerEnd(); }

Status ZipReader::Read(const std::string& name, const std::function<void(std::string_view)>& chunk) {
  auto header = archive_->findHeader(name);
  if (header == archive_->headerEnd()) return Status::Invalid("corrupt zip archive: no entry '" + name + "'");
  if (header->second.isEncrypted()) return Status::Invalid("encrypted document: entry '" + name + "' needs a password");
  if (!header->second.hasSupportedCompressionMethod())
    return Status::Invalid("unsupported compression method in entry '" + name + "'");
  auto info = archive_->fileInfoBegin();
  for (; info != archive_->fileInfoEnd() && info->first != name; ++info) {
  }
  const uint64_t declared =
      info != archive_->fileInfoEnd() ? info->second.getUncompressedSize() : header->second.getUncompressedSize();
  uint64_t entry_bytes = 0;
  try {
    in_.clear();
    Poco::Zip::ZipInputStream entry(in_, header->second, true);
    std::string buffer(64 * 1024, '\0');
    for (;;) {
      entry.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const auto got = static_cast<size_t>(entry.gcount());
      if (got == 0) break;
      entry_bytes += got;
      inflated_ += got;
      if (entry_bytes > declared)
        return Status::Invalid("zip bomb: entry '" + name + "' inflates past its declared " + Count(declared) +
                               " bytes");
      if (inflated_ > limits_.max_zip_uncompressed)
        return Status::Invalid("zip bomb: more than " + Count(limits_.max_zip_uncompressed) + " bytes uncompressed");
      chunk(std::string_view(buffer.data(), got));
    }
  } catch (const Poco::Exception& e) {
    return Status::Invalid("corrupt zip archive: entry '" + name + "': " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Invalid("corrupt zip archive: entry '" + name + "': " + e.what());
  }
  if (entry_bytes < declared) return Status::Invalid("corrupt zip archive: entry '" + name + "' is truncated");
  return Status::Ok();
}

Status ZipReader::ReadSmall(const std::string& name, size_t max_bytes, std::string* out) {
  out->clear();
  bool too_large = false;
  Status s = Read(name, [&](std::string_view bytes) {
    if (out->size() + bytes.size() > max_bytes) too_large = true;
    if (!too_large) out->append(bytes);
  });
  if (s.ok() && too_large) return Status::Invalid("entry '" + name + "' is larger than " + Count(max_bytes) + " bytes");
  return s;
}

}  // namespace bridges::files
