// Internal to core/files: one extractor per format, and the block builder
// they share. ExtractFile() (extract.h) is the public entry point.
#ifndef BRIDGES_CORE_FILES_EXTRACTORS_H_
#define BRIDGES_CORE_FILES_EXTRACTORS_H_

#include <string>
#include <string_view>

#include "core/files/extract.h"

namespace bridges::files {

// Gathers running text into blocks: collapses whitespace, turns control
// characters into spaces, and hands each non-empty block to the sink. A
// block that grows past kMaxBlockBytes is handed over at a space, so one
// enormous paragraph never sits in memory whole.
class BlockBuilder {
 public:
  static constexpr size_t kMaxBlockBytes = 64 * 1024;

  explicit BlockBuilder(const BlockSink& sink) : sink_(sink) {}

  void Append(std::string_view text);
  // Ends the current block (a paragraph, or a heading if `heading`).
  void Flush(bool heading = false);
  void set_page(int page) { page_ = page; }

  // Letters and digits handed over so far: a PDF with almost none is a scan.
  size_t alnum() const { return alnum_; }
  // The first heading, else the first block, for FileMetadata::first_heading.
  const std::string& first_heading() const { return first_heading_; }

 private:
  void Emit(std::string_view text, bool heading);

  const BlockSink& sink_;
  std::string text_;
  bool space_ = false;
  int page_ = 0;
  size_t alnum_ = 0;
  std::string first_heading_;
  bool heading_seen_ = false;
};

class ZipReader;

Status ExtractPdf(const std::string& path, FileMetadata* meta, const BlockSink& sink);
Status ExtractDocx(ZipReader& zip, FileMetadata* meta, const BlockSink& sink);
Status ExtractOdt(ZipReader& zip, FileMetadata* meta, const BlockSink& sink);
Status ExtractHtml(const std::string& path, FileMetadata* meta, const BlockSink& sink);
Status ExtractText(const std::string& path, FileMetadata* meta, const BlockSink& sink);

// "2018-05-01" from the leading date of an ISO 8601 timestamp, else "".
std::string IsoDate(std::string_view timestamp);

// At most `max_bytes` of `text`, cut at a space (never inside a character).
std::string CutAtWord(std::string_view text, size_t max_bytes);

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_EXTRACTORS_H_
