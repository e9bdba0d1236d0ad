// Reads entries of a zip container (DOCX, ODT) with Poco's Zip, refusing zip
// bombs: the entry count is read from the end-of-central-directory record
// before Poco parses anything, the declared sizes and compression ratios are
// checked before anything is inflated, and inflated bytes are counted against
// the same limits, since a directory can lie.
#ifndef BRIDGES_CORE_FILES_ZIP_READER_H_
#define BRIDGES_CORE_FILES_ZIP_READER_H_

#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/files/extract.h"

namespace Poco::Zip {
class ZipArchive;
}

namespace bridges::files {

class ZipReader {
 public:
  // Opens the archive at `path` and checks it against `limits`. Fails with
  // "not a zip archive: ...", "corrupt zip archive: ..." or "zip bomb: ...".
  static Status Open(const std::string& path, const ExtractLimits& limits, std::unique_ptr<ZipReader>* out);
  ~ZipReader();

  bool Has(const std::string& name) const;

  // Streams the inflated bytes of entry `name` to `chunk` in pieces. Fails
  // (after some chunks may have been delivered) when the entry inflates to
  // more than it declared or than the archive's remaining budget, or is
  // damaged. Not thread-safe: one reader per thread.
  Status Read(const std::string& name, const std::function<void(std::string_view)>& chunk);

  // Read() into a string, for small entries (mimetype, styles, metadata);
  // fails if the entry is larger than `max_bytes`.
  Status ReadSmall(const std::string& name, size_t max_bytes, std::string* out);

 private:
  ZipReader() = default;
  Status CheckDeclaredSizes();

  std::string path_;
  ExtractLimits limits_;
  std::ifstream in_;
  std::unique_ptr<Poco::Zip::ZipArchive> archive_;
  uint64_t inflated_ = 0;  // across all entries read
};

// The number of entries the end-of-central-directory record declares, or
// an error when there is none (not a zip, or truncated).
Status ZipEntryCount(std::istream& in, uint64_t* entries);

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_ZIP_READER_H_
