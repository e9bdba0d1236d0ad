// PDF through Poppler's C++ API, one page at a time.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <ctime>
#include <memory>
#include <mutex>

#include "core/files/extractors.h"

namespace bridges::files {

namespace {

// Poppler reports problems through one process-wide function; each thread
// collects the messages of the document it is reading.
thread_local std::string* t_poppler_errors = nullptr;

void CollectPopplerError(const std::string& message, void*) {
  if (!t_poppler_errors || !t_poppler_errors->empty()) return;
  std::string_view m = message;
  if (m.starts_with("error: ")) m.remove_prefix(7);
  *t_poppler_errors = std::string(m);
}

class PopplerErrors {
 public:
  PopplerErrors() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(CollectPopplerError, nullptr); });
    t_poppler_errors = &first_;
  }
  ~PopplerErrors() { t_poppler_errors = nullptr; }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

std::string Utf8(const poppler::ustring& text) {
  poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::string Date(time_t t) {
  if (t <= 0) return "";
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Japanese and Chinese lines wrap between any two characters, with no space.
bool EndsInCjk(std::string_view line) {
  return line.size() >= 3 && static_cast<unsigned char>(line[line.size() - 3]) >= 0xE3 &&
         static_cast<unsigned char>(line[line.size() - 3]) <= 0xE9;
}

// A page's lines into blocks: a blank line ends a block, a word broken at a
// line end ("inter-\ncultural") is joined back with its hyphen, so the
// analyzer indexes both halves and the whole word, and CJK lines are joined
// without a space.
void PageBlocks(std::string_view text, BlockBuilder* blocks) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\f')) line.remove_suffix(1);
    if (line.empty()) {
      blocks->Flush();
      continue;
    }
    blocks->Append(line);
    const bool broken_word = line.size() > 1 && line.back() == '-' && IsAsciiLetter(line[line.size() - 2]);
    if (!broken_word && !EndsInCjk(line)) blocks->Append("\n");
  }
  blocks->Flush();
}

// PDFs mark no headings; the first line of text is usually the title.
std::string FirstLine(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n\f");
  if (start == std::string_view::npos) return "";
  size_t end = text.find('\n', start);
  std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  return CutAtWord(line, 300);
}

}  // namespace

Status ExtractPdf(const std::string& path, FileMetadata* meta, const BlockSink& sink) {
  PopplerErrors errors;
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc)
    return Status::Invalid("corrupt PDF: " + (errors.first().empty() ? "Poppler cannot open it" : errors.first()));
  // A locked document has no pages to ask about: stop before touching them.
  if (doc->is_locked()) return Status::Invalid("encrypted PDF: a password is required to open it");
  meta->title = Utf8(doc->get_title());
  meta->author = Utf8(doc->get_author());
  meta->subject = Utf8(doc->get_subject());
  meta->created = Date(doc->info_date_t("CreationDate"));
  meta->modified = Date(doc->info_date_t("ModDate"));
  meta->pages = doc->pages();
  if (meta->pages <= 0) return Status::Invalid("corrupt PDF: no pages");
  BlockBuilder blocks(sink);
  for (int i = 0; i < meta->pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    blocks.set_page(i + 1);
    std::string text = Utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
    if (meta->first_heading.empty()) meta->first_heading = FirstLine(text);
    PageBlocks(text, &blocks);
  }
  // Scans carry at most a stray page number: fewer than 20 letters a page.
  if (blocks.alnum() < 20u * static_cast<size_t>(meta->pages))
    return Status::Invalid("no text layer: scanned document (" + std::to_string(meta->pages) +
                           " pages of images; run OCR on it first)");
  return Status::Ok();
}

}  // namespace bridges::files
