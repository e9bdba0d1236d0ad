#include "core/files/passages.h"

namespace bridges::files {

namespace {

// Lead bytes of U+3000-U+9FFF (kana, CJK ideographs) and U+AC00-U+D7FF (Hangul).
bool IsCjkLead(unsigned char c) { return (c >= 0xE3 && c <= 0xE9) || (c >= 0xEA && c <= 0xED); }

bool IsSentenceEnd(std::string_view text, size_t at) {
  char c = text[at];
  if ((c == '.' || c == '!' || c == '?' || c == ';') && (at + 1 == text.size() || text[at + 1] == ' ')) return true;
  return text.substr(at, 3) == "\xE3\x80\x82";  // 。
}

// Scans `text` counting words like CountWords(); calls f(byte offset, words
// so far) at each word or CJK character boundary.
template <typename F>
void ScanWords(std::string_view text, F f) {
  size_t words = 0, cjk = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\t') {
      in_word = false;
      continue;
    }
    if (IsCjkLead(c)) {
      ++cjk;
      in_word = false;
      if (!f(i, words + (cjk + 1) / 2)) return;
      continue;
    }
    if (!in_word && (c & 0xC0) != 0x80) {
      ++words;
      in_word = true;
      if (!f(i, words + (cjk + 1) / 2)) return;
    }
  }
}

// Where to end the first piece of an over-long paragraph: after the last
// sentence end within `max_words` words if one lies in its second half, else
// before the word that would pass `max_words`.
size_t CutPoint(std::string_view text, size_t max_words) {
  size_t limit = text.size();
  ScanWords(text, [&](size_t at, size_t words) {
    if (words <= max_words) return true;
    limit = at;
    return false;
  });
  if (limit == text.size()) return limit;
  for (size_t i = limit; i-- > limit / 2;) {
    if (IsSentenceEnd(text, i)) return i + (text[i] == '\xE3' ? 3 : 1);
  }
  return limit;
}

}  // namespace

size_t CountWords(std::string_view text) {
  size_t count = 0;
  ScanWords(text, [&](size_t, size_t words) {
    count = words;
    return true;
  });
  return count;
}

void PassageCutter::Add(const TextBlock& block) {
  if (block.page != page_) {
    Flush();
    page_ = block.page;
  }
  if (block.heading) {
    if (current_.words > 0 && current_.heading_bytes < current_.text.size()) Flush();
    if (!current_.text.empty()) current_.text += '\n';
    current_.text += block.text;
    current_.heading_bytes = current_.text.size();
    current_.words += CountWords(block.text);
    return;
  }
  std::string_view text = block.text;
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  size_t words = CountWords(text);
  while (words > Max()) {
    size_t cut = CutPoint(text, Max());
    std::string_view piece = text.substr(0, cut);
    size_t piece_words = CountWords(piece);
    if (piece_words == 0) break;
    AddBody(piece, piece_words);
    text.remove_prefix(cut);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    words -= std::min(words, piece_words);
  }
  if (!text.empty()) AddBody(text, CountWords(text));
}

void PassageCutter::AddBody(std::string_view text, size_t words) {
  if (current_.words >= Min() || (current_.words > 0 && current_.words + words > Max())) {
    if (current_.heading_bytes < current_.text.size()) Flush();
  }
  if (!current_.text.empty()) current_.text += '\n';
  current_.text += text;
  current_.words += words;
}

void PassageCutter::Flush() {
  if (current_.text.empty()) return;
  current_.page = page_;
  current_.ordinal = ++ordinal_;
  emit_(std::move(current_));
  current_ = Passage{};
}

void PassageCutter::Finish() { Flush(); }

}  // namespace bridges::files
