// Turns the text of a search box into a Xapian::Query, analysing each word with
// the same Analyzer the indexer used.
//
// Syntax: words (all must match), "phrases", AND / OR / NOT, -word, +word,
// (groups), field:word for title, org, city and every facet (domain:, lang:,
// type:, country:, network:, year:, status:, edition:), and prefix wildcards word*.
#ifndef BRIDGES_CORE_QUERY_BUILDER_H_
#define BRIDGES_CORE_QUERY_BUILDER_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/diagnostic.h"
#include "core/vocabulary.h"

namespace bridges {

struct QueryLimits {
  size_t max_terms = 64;          // words in the whole query
  size_t max_phrase_words = 16;   // words in one phrase
  Xapian::termcount max_wildcard_expansion = 100;  // most frequent terms a word* expands to
};

// A plain query word, kept so searchd can suggest a spelling for it.
struct QueryWord {
  std::string raw;     // as typed
  AnalyzedWord forms;  // as analysed
};

struct BuiltQuery {
  Xapian::Query query;          // every record when the text is empty or only negative
  bool empty = true;            // no positive text: list the filtered set
  std::vector<QueryWord> words;  // plain (unquoted, unfielded) words
  // Folded forms and stems to highlight in snippets.
  std::set<std::string> highlight;
};

// Parses `text`. `qlang` selects the stemmer; empty means every stemmed
// language. Fails with StatusCode::kInvalidArgument and a message saying what
// is wrong (unbalanced quote or parenthesis, too many terms, unknown field).
Status BuildQuery(std::string_view text, std::string_view qlang, const Analyzer& analyzer,
                  const Vocabularies& vocabularies, const QueryLimits& limits, BuiltQuery* out);

}  // namespace bridges

#endif  // BRIDGES_CORE_QUERY_BUILDER_H_
