// Text extraction from the files attached to records: PDF (Poppler), DOCX and
// ODT (Poco's Zip and libxml2), HTML and XHTML (libxml2's HTML parser), plain
// text and Markdown. A file is recognised by its content, never by its name.
//
// Extractors stream: they hand one block of text (a paragraph or a heading,
// with its page) at a time to a callback and keep no more than a page or a
// paragraph in memory, so a 1,000-page PDF costs the memory of one page.
// Failures are values: a Status whose message names the reason in words a
// curator can act on ("encrypted PDF: ...", "no text layer: scanned document").
#ifndef BRIDGES_CORE_FILES_EXTRACT_H_
#define BRIDGES_CORE_FILES_EXTRACT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace bridges::files {

enum class FileType { kUnknown, kPdf, kDocx, kOdt, kHtml, kText };

// What a file's bytes say it is.
struct Sniffed {
  FileType type = FileType::kUnknown;
  std::string name;        // for messages: "PDF document", "PNG image", "zip archive (EPUB book)"
  std::string media_type;  // "application/pdf"...; "application/octet-stream" when unknown
};

struct ExtractLimits {
  uint64_t max_file_bytes = 100ull << 20;  // the file itself
  // Zip containers (DOCX, ODT) are checked from their central directory
  // before anything is inflated, and again while inflating, since the
  // directory can lie.
  uint64_t max_zip_entries = 10000;
  uint64_t max_zip_uncompressed = 1ull << 30;  // all entries together
  uint64_t max_zip_ratio = 100;                // uncompressed / compressed, per entry...
  uint64_t zip_ratio_floor = 1ull << 20;       // ...of entries larger than this
};

// One paragraph or heading, whitespace collapsed, valid UTF-8. Valid only
// during the callback.
struct TextBlock {
  std::string_view text;
  int page = 0;  // 1-based page of paged formats (PDF); 0 for the others
  bool heading = false;
};

using BlockSink = std::function<void(const TextBlock&)>;

// The file's own description of itself: hints for curators, never indexed
// as the record's fields.
struct FileMetadata {
  std::string format;      // Sniffed::name of what was read: "PDF document", "Word document (DOCX)"
  std::string media_type;  // Sniffed::media_type
  std::string title;
  std::string author;
  std::string subject;
  std::string created;   // YYYY-MM-DD when the file says
  std::string modified;  // YYYY-MM-DD when the file says
  std::string lang;      // a declared language (HTML lang, ODT/DOCX dc:language)
  std::string first_heading;
  int pages = 0;  // PDF only
};

// Recognises a file by its leading bytes, and zip containers by their
// entries. Unreadable files are kUnknown with the reason as the name.
Sniffed SniffFile(const std::string& path);

// The same on bytes in memory (the first few KiB of a file are enough,
// except that zips are told apart only by SniffFile).
Sniffed SniffBytes(std::string_view head);

// Extracts the text of the file at `path`, calling `sink` for each block in
// reading order, and fills *meta (format and media type first, so they are
// set even on failure). Fails, naming the reason, when the file is
// too large, of an unsupported type, encrypted, corrupt, a zip bomb, not
// valid UTF-8 text, or has no text layer. Blocks may already have reached
// `sink` when it fails (a PDF that turns out to be a scan): the caller
// discards them. Thread-safe: files may be extracted on several threads.
Status ExtractFile(const std::string& path, const ExtractLimits& limits, FileMetadata* meta, const BlockSink& sink);

// Hex SHA-256 of the file's bytes and its size, reading it in chunks. Fails
// when the file cannot be read or is over limits.max_file_bytes.
Status DigestFile(const std::string& path, const ExtractLimits& limits, std::string* sha256, uint64_t* bytes);

// "100M" -> 104857600: a number of bytes with an optional K, M or G suffix
// (powers of 1024). False, leaving *bytes unchanged, if malformed or zero.
bool ParseByteSize(std::string_view text, uint64_t* bytes);

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_EXTRACT_H_
