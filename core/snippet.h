// Snippets: the best passage of a text for a query, HTML-escaped, with
// matching words wrapped in <mark>. Cuts only at token boundaries, so the
// result is always valid UTF-8 in the text's own script.
#ifndef BRIDGES_CORE_SNIPPET_H_
#define BRIDGES_CORE_SNIPPET_H_

#include <set>
#include <string>
#include <string_view>

#include "core/analyzer.h"

namespace bridges {

struct SnippetOptions {
  size_t window_words = 32;  // words in the passage
};

// Returns the window of `text` with the most query matches (a word matches if
// its folded form or a stem in `lang` is in `highlight`; a CJK run matches if
// it contains a highlighted run). *matches receives the number of matched
// words; with none, the start of the text is returned.
std::string MakeSnippet(std::string_view text, std::string_view lang, const std::set<std::string>& highlight,
                        const Analyzer& analyzer, const SnippetOptions& options, size_t* matches);

// Escapes &, <, >, " and ' for HTML.
std::string HtmlEscape(std::string_view text);

}  // namespace bridges

#endif  // BRIDGES_CORE_SNIPPET_H_
