// Cuts a file's stream of blocks into passages, the units indexed as their
// own Xapian documents and shown as snippets with "p. N" links.
//
// A passage never crosses a page or a heading. Paged formats (PDF) make one
// passage per page unless a page is longer than `page_words`; other formats
// make paragraph-bounded windows of `min_words` to `max_words` words. A
// paragraph longer than the window is split at a sentence end, else at a
// word. Japanese, Chinese and Korean count two characters as a word.
#ifndef BRIDGES_CORE_FILES_PASSAGES_H_
#define BRIDGES_CORE_FILES_PASSAGES_H_

#include <functional>
#include <string>
#include <string_view>

#include "core/files/extract.h"

namespace bridges::files {

struct PassageOptions {
  size_t min_words = 100;
  size_t max_words = 200;
  size_t page_words = 700;  // paged formats: a page up to this long is one passage
};

struct Passage {
  std::string text;          // blocks joined by '\n'
  size_t heading_bytes = 0;  // text[0, heading_bytes) is headings
  int page = 0;              // 1-based page, 0 when the format has none
  int ordinal = 0;           // 1-based, in file order
  size_t words = 0;
};

// Approximate word count: runs of non-space characters, plus one per two
// CJK characters.
size_t CountWords(std::string_view text);

class PassageCutter {
 public:
  using Emit = std::function<void(Passage&&)>;
  PassageCutter(const PassageOptions& options, Emit emit) : options_(options), emit_(std::move(emit)) {}

  // Blocks in reading order, as ExtractFile() delivers them.
  void Add(const TextBlock& block);
  // Emits the last passage. Call once, after the last block.
  void Finish();

  int passages() const { return ordinal_; }

 private:
  void AddBody(std::string_view text, size_t words);
  void Flush();
  size_t Max() const { return page_ > 0 ? options_.page_words : options_.max_words; }
  size_t Min() const { return page_ > 0 ? options_.page_words : options_.min_words; }

  PassageOptions options_;
  Emit emit_;
  Passage current_;
  int page_ = 0;
  int ordinal_ = 0;
};

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_PASSAGES_H_
