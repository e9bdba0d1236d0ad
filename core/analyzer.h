// Text analysis shared by the indexer and searchd: the same tokenizer,
// normalisation, folding and stemmers produce index terms and query terms.
#ifndef BRIDGES_CORE_ANALYZER_H_
#define BRIDGES_CORE_ANALYZER_H_

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/stemmers.h"
#include "core/unicode.h"

namespace bridges {

// The forms one word is indexed and searched under.
struct AnalyzedWord {
  std::string folded;              // normalised and diacritic-folded: the unprefixed term
  std::string exact;               // normalised, when it differs from `folded` (else empty)
  std::vector<std::string> stems;  // folded stems that differ from `folded`
};

// Stateless apart from the process-wide stemmers; thread-safe.
class Analyzer {
 public:
  // Adds the terms of `text` in language `lang` to *doc: the folded word with
  // positions starting after *pos, the exact form (no positions) where it differs, stems of
  // the document language, CJK unigrams (positional) and bigrams, and hyphenated
  // compounds joined. Each occurrence adds `weight` to the term's wdf. Advances
  // *pos past the text.
  void IndexText(std::string_view text, std::string_view lang, Xapian::termcount weight,
                 Xapian::Document* doc, Xapian::termpos* pos) const;

  // Adds the folded words (and CJK n-grams) of `text` under a field prefix,
  // for field queries such as `title:` and `org:`. No positions.
  void IndexField(std::string_view text, std::string_view prefix, Xapian::Document* doc) const;

  // Calls f(normalised word) for each non-CJK word, for spelling data.
  template <typename F>
  void ForEachWord(std::string_view text, F f) const {
    std::vector<Token> tokens;
    Tokenize(text, &tokens);
    for (const Token& t : tokens)
      if (!t.cjk) f(NormalizeWord(t.text));
  }

  // Analyses one query word with the given stemmers (one per query language).
  AnalyzedWord AnalyzeWord(std::string_view word, const std::vector<LanguageStemmer*>& stemmers) const;

  // The stemmers a query in `qlang` uses: that language's, or every stemmed
  // language's when `qlang` is empty.
  std::vector<LanguageStemmer*> QueryStemmers(std::string_view qlang) const;

  // CJK terms of a run: unigrams, and bigrams of neighbouring characters.
  static std::vector<std::string> CjkUnigrams(std::string_view run);
  static std::vector<std::string> CjkBigrams(std::string_view run);
};

}  // namespace bridges

#endif  // BRIDGES_CORE_ANALYZER_H_
