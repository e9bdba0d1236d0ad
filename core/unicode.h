// Unicode helpers over ICU: validation, normalisation, diacritic folding and
// word segmentation. Used at index time and query time alike.
#ifndef BRIDGES_CORE_UNICODE_H_
#define BRIDGES_CORE_UNICODE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bridges {

// True if `text` is well-formed UTF-8. On failure, *bad_offset (if given) is the
// byte offset of the first invalid sequence.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

// NFKC normalisation with full case folding ("Straße" -> "strasse", "ﬁ" -> "fi").
std::string NormalizeWord(std::string_view word);

// Removes the marks users leave out: Latin diacritics (ł -> l, ç -> c, ä -> a)
// and the Greek tonos and dialytika. Keeps marks that make another letter in
// other scripts (Cyrillic й and ї, Japanese dakuten in が and ぱ). `word` must
// already be normalised with NormalizeWord().
std::string FoldDiacritics(std::string_view word);

// One word of running text.
// True if every byte of `s` is ASCII, where case folding is a byte loop and
// ICU can be skipped.
bool IsAscii(std::string_view s);

struct Token {
  std::string text;     // as written (UTF-8), not normalised
  size_t offset = 0;    // byte offset in the source text
  size_t length = 0;    // byte length in the source text
  bool cjk = false;     // a run of Han, Kana or Hangul characters
  // True if the token is joined to the next one by a hyphen ("anti-rumours"),
  // so the analyzer can also index the compound ("antirumours").
  bool hyphen_next = false;
};

// Splits text into words: runs of letters, digits and combining marks. An
// apostrophe ends a word, which splits elided articles and pronouns
// ("l'Europa", "dell'Europa", "d'accord") from the word they are glued to.
// Runs of CJK characters become their own tokens.
void Tokenize(std::string_view text, std::vector<Token>* tokens);

// Splits a CJK run into code points (UTF-8 strings).
std::vector<std::string> CodePoints(std::string_view text);

}  // namespace bridges

#endif  // BRIDGES_CORE_UNICODE_H_
