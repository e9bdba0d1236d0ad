#include "core/files/extract.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/files/extractors.h"
#include "core/files/zip_reader.h"
#include "core/unicode.h"

namespace bridges::files {

namespace fs = std::filesystem;

namespace {

constexpr size_t kSniffBytes = 8192;
constexpr std::string_view kZipMedia = "application/zip";

struct Magic {
  std::string_view bytes;
  size_t offset;
  const char* name;
  const char* media_type;
};

// Formats people attach by mistake, named so the error says what the file is.
constexpr std::array<Magic, 17> kMagics = {{
    {"\x89PNG\r\n\x1a\n", 0, "PNG image", "image/png"},
    {"\xFF\xD8\xFF", 0, "JPEG image", "image/jpeg"},
    {"GIF87a", 0, "GIF image", "image/gif"},
    {"GIF89a", 0, "GIF image", "image/gif"},
    {"WEBP", 8, "WebP image", "image/webp"},
    {"II*\0", 0, "TIFF image", "image/tiff"},
    {"MM\0*", 0, "TIFF image", "image/tiff"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0, "legacy Microsoft Office document (.doc, .xls or .ppt)",
     "application/x-ole-storage"},
    {"{\\rtf", 0, "RTF document", "application/rtf"},
    {"%!PS", 0, "PostScript document", "application/postscript"},
    {"\x1F\x8B", 0, "gzip archive", "application/gzip"},
    {"7z\xBC\xAF\x27\x1C", 0, "7-Zip archive", "application/x-7z-compressed"},
    {"Rar!", 0, "RAR archive", "application/vnd.rar"},
    {"\177ELF", 0, "executable program (ELF)", "application/x-executable"},
    {"ftyp", 4, "MP4 or QuickTime video", "video/mp4"},
    {"OggS", 0, "Ogg audio or video", "application/ogg"},
    {"ID3", 0, "MP3 audio", "audio/mpeg"},
}};

bool StartsWithAt(std::string_view s, std::string_view prefix, size_t at) {
  return s.size() >= at + prefix.size() && s.substr(at, prefix.size()) == prefix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Skips whitespace, a BOM, comments and an XML declaration before the first tag.
std::string_view SkipProlog(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  for (;;) {
    size_t start = s.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return {};
    s.remove_prefix(start);
    size_t end = std::string_view::npos;
    if (s.starts_with("<!--"))
      end = s.find("-->");
    else if (s.starts_with("<?xml"))
      end = s.find("?>");
    if (end == std::string_view::npos) return s;
    s.remove_prefix(end + (s[1] == '!' ? 3 : 2));
  }
}

bool LooksLikeHtml(std::string_view head) {
  std::string start = Lower(SkipProlog(head).substr(0, 16));
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body"})
    if (start.starts_with(tag)) return true;
  return false;
}

// Valid UTF-8, except that the sample may end inside a character.
bool IsUtf8Sample(std::string_view head) {
  size_t bad = 0;
  if (IsValidUtf8(head, &bad)) return true;
  return head.size() - bad < 4 && head.size() == kSniffBytes;
}

bool LooksLikeMarkdown(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (line.starts_with("# ") || line.starts_with("## ") || line.starts_with("```")) return true;
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return false;
}

Sniffed SniffText(std::string_view head) {
  if (LooksLikeHtml(head)) return {FileType::kHtml, "HTML page", "text/html; charset=utf-8"};
  if (SkipProlog(head).starts_with("<") && head.find("<?xml") != std::string_view::npos)
    return {FileType::kUnknown, "XML document (not XHTML)", "application/xml"};
  if (LooksLikeMarkdown(head)) return {FileType::kText, "Markdown text", "text/markdown; charset=utf-8"};
  return {FileType::kText, "plain text", "text/plain; charset=utf-8"};
}

// Tells DOCX and ODT from other zip containers by their entries.
Sniffed ClassifyZip(ZipReader& zip) {
  if (zip.Has("word/document.xml") && zip.Has("[Content_Types].xml"))
    return {FileType::kDocx, "Word document (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
  if (zip.Has("xl/workbook.xml")) return {FileType::kUnknown, "Excel workbook (XLSX)", std::string(kZipMedia)};
  if (zip.Has("ppt/presentation.xml"))
    return {FileType::kUnknown, "PowerPoint presentation (PPTX)", std::string(kZipMedia)};
  std::string mimetype;
  if (zip.Has("mimetype") && zip.ReadSmall("mimetype", 200, &mimetype).ok()) {
    while (!mimetype.empty() && (mimetype.back() == '\n' || mimetype.back() == '\r')) mimetype.pop_back();
    if (mimetype == "application/vnd.oasis.opendocument.text")
      return {FileType::kOdt, "OpenDocument text (ODT)", mimetype};
    if (mimetype == "application/epub+zip") return {FileType::kUnknown, "EPUB book", mimetype};
    if (mimetype.starts_with("application/vnd.oasis.opendocument."))
      return {FileType::kUnknown, "OpenDocument file other than text (" + mimetype + ")", mimetype};
  }
  return {FileType::kUnknown, "zip archive", std::string(kZipMedia)};
}

std::string ReadHead(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// What the name promised, when the content is something else: "(named .docx,
// but it is not a zip archive)". Only for the message: the content decides.
std::string NameHint(const std::string& path, const Sniffed& sniffed) {
  std::string ext = Lower(fs::path(path).extension().string());
  if (ext == ".docx" || ext == ".odt") {
    if (sniffed.media_type == kZipMedia) return " (named " + ext + ", but the archive holds no document)";
    return " (named " + ext + ", but it is not a zip archive)";
  }
  if (ext == ".pdf") return " (named .pdf, but it does not start with %PDF-)";
  return "";
}

Status ExtractZip(const std::string& path, const ExtractLimits& limits, FileMetadata* meta, const BlockSink& sink) {
  std::unique_ptr<ZipReader> zip;
  Status s = ZipReader::Open(path, limits, &zip);
  if (!s.ok()) return s;
  Sniffed kind = ClassifyZip(*zip);
  meta->format = kind.name;
  meta->media_type = kind.media_type;
  if (kind.type == FileType::kDocx) return ExtractDocx(*zip, meta, sink);
  if (kind.type == FileType::kOdt) return ExtractOdt(*zip, meta, sink);
  return Status::Invalid("unsupported type: " + kind.name + NameHint(path, kind));
}

}  // namespace

Sniffed SniffBytes(std::string_view head) {
  if (head.empty()) return {FileType::kUnknown, "empty file", "application/octet-stream"};
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos)
    return {FileType::kPdf, "PDF document", "application/pdf"};
  if (head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06"))
    return {FileType::kUnknown, "zip archive", std::string(kZipMedia)};
  for (const Magic& m : kMagics)
    if (StartsWithAt(head, m.bytes, m.offset)) return {FileType::kUnknown, m.name, m.media_type};
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
    return {FileType::kUnknown, "UTF-16 text (save it as UTF-8)", "text/plain; charset=utf-16"};
  if (head.find('\0') != std::string_view::npos) return {FileType::kUnknown, "binary data", "application/octet-stream"};
  if (!IsUtf8Sample(head))
    return {FileType::kUnknown, "text in an encoding other than UTF-8 (save it as UTF-8)", "text/plain"};
  return SniffText(head);
}

Sniffed SniffFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {FileType::kUnknown, "not a readable file", "application/octet-stream"};
  Sniffed sniffed = SniffBytes(ReadHead(path));
  if (sniffed.media_type != kZipMedia) return sniffed;
  std::unique_ptr<ZipReader> zip;
  if (!ZipReader::Open(path, ExtractLimits{}, &zip).ok()) return sniffed;
  return ClassifyZip(*zip);
}

Status ExtractFile(const std::string& path, const ExtractLimits& limits, FileMetadata* meta, const BlockSink& sink) {
  *meta = FileMetadata{};
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::Invalid("cannot read file: no such file");
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return Status::Invalid("cannot read file: " + ec.message());
  if (size > limits.max_file_bytes)
    return Status::Invalid("file is " + std::to_string(size) + " bytes, over the limit of " +
                           std::to_string(limits.max_file_bytes));
  Sniffed sniffed = SniffBytes(ReadHead(path));
  meta->format = sniffed.name;
  meta->media_type = sniffed.media_type;
  switch (sniffed.type) {
    case FileType::kPdf:
      return ExtractPdf(path, meta, sink);
    case FileType::kHtml:
      return ExtractHtml(path, meta, sink);
    case FileType::kText:
      return ExtractText(path, meta, sink);
    default:
      break;
  }
  if (sniffed.media_type == kZipMedia) return ExtractZip(path, limits, meta, sink);
  return Status::Invalid("unsupported type: " + sniffed.name + NameHint(path, sniffed));
}

Status DigestFile(const std::string& path, const ExtractLimits& limits, std::string* sha256, uint64_t* bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::Invalid("cannot read file: no such file");
  *bytes = fs::file_size(path, ec);
  if (ec) return Status::Invalid("cannot read file: " + ec.message());
  if (*bytes > limits.max_file_bytes)
    return Status::Invalid("file is " + std::to_string(*bytes) + " bytes, over the limit of " +
                           std::to_string(limits.max_file_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read file: permission denied");
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  std::string buffer(256 * 1024, '\0');
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
    sha.update(buffer.data(), static_cast<unsigned>(in.gcount()));
  *sha256 = Poco::DigestEngine::digestToHex(sha.digest());
  return Status::Ok();
}

bool ParseByteSize(std::string_view text, uint64_t* bytes) {
  uint64_t value = 0, unit = 1;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10) return false;
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  std::string suffix = Lower(text.substr(i));
  if (suffix == "k" || suffix == "kb")
    unit = 1ull << 10;
  else if (suffix == "m" || suffix == "mb")
    unit = 1ull << 20;
  else if (suffix == "g" || suffix == "gb")
    unit = 1ull << 30;
  else if (!suffix.empty())
    return false;
  if (i == 0 || value == 0 || value > UINT64_MAX / unit) return false;
  *bytes = value * unit;
  return true;
}

// ---- BlockBuilder -----------------------------------------------------------------

void BlockBuilder::Append(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xAD) {
      ++i;  // a soft hyphen splits no word
      continue;
    }
    if (c <= ' ' || c == 0x7F) {
      space_ = !text_.empty();
      continue;
    }
    if (space_) {
      if (text_.size() >= kMaxBlockBytes) {
        Emit(text_, false);
        text_.clear();
      } else {
        text_ += ' ';
      }
      space_ = false;
    }
    text_ += static_cast<char>(c);
  }
}

void BlockBuilder::Flush(bool heading) {
  if (!text_.empty()) Emit(text_, heading);
  text_.clear();
  space_ = false;
}

void BlockBuilder::Emit(std::string_view text, bool heading) {
  for (unsigned char c : text)
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC0) ++alnum_;
  if (first_heading_.empty() || (heading && !heading_seen_)) {
    first_heading_ = CutAtWord(text, 300);
    heading_seen_ = heading;
  }
  sink_(TextBlock{text, page_, heading});
}

std::string CutAtWord(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut == 0) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return std::string(text.substr(0, cut));
}

std::string IsoDate(std::string_view t) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return "";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return "";
  return std::string(t.substr(0, 10));
}

}  // namespace bridges::files
