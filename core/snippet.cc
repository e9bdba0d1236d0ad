#include "core/snippet.h"

#include <algorithm>
#include <vector>

namespace bridges {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Byte range of a match inside a token (CJK matches are substrings).
struct Mark {
  size_t begin, end;
};

// Stemming every word of a long text dominated query time; a word can only
// share a stem with a query term if it starts like one, so only those words
// are stemmed.
std::string Head(const std::string& word) { return word.substr(0, std::min<size_t>(word.size(), 3)); }

std::vector<Mark> MatchToken(const Token& t, const std::vector<LanguageStemmer*>& stemmers,
                             const std::set<std::string>& highlight, const std::set<std::string>& heads,
                             const Analyzer& analyzer) {
  std::vector<Mark> marks;
  if (t.cjk) {
    for (const std::string& h : highlight) {
      if (h.empty()) continue;
      for (size_t at = t.text.find(h); at != std::string::npos; at = t.text.find(h, at + h.size()))
        marks.push_back({t.offset + at, t.offset + at + h.size()});
    }
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
    return marks;
  }
  // Most words of a snippet's text are ASCII and match nothing: lower-case
  // them in place rather than analysing each.
  thread_local std::string folded;
  if (IsAscii(t.text)) {
    folded.assign(t.text);
    for (char& c : folded)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    folded = analyzer.AnalyzeWord(t.text, {}).folded;
  }
  bool hit = highlight.count(folded) > 0;
  if (!hit && !stemmers.empty() && heads.count(Head(folded))) {
    AnalyzedWord w = analyzer.AnalyzeWord(t.text, stemmers);
    for (const std::string& s : w.stems) hit = hit || highlight.count(s) > 0;
  }
  if (hit) marks.push_back({t.offset, t.offset + t.length});
  return marks;
}

}  // namespace

std::string MakeSnippet(std::string_view text, std::string_view lang, const std::set<std::string>& highlight,
                        const Analyzer& analyzer, const SnippetOptions& options, size_t* matches) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  *matches = 0;
  if (tokens.empty()) return HtmlEscape(text.substr(0, 200));
  std::vector<LanguageStemmer*> stemmers;
  if (LanguageStemmer* s = StemmerFor(lang)) stemmers.push_back(s);
  std::set<std::string> heads;
  for (const std::string& h : highlight) heads.insert(Head(h));
  std::vector<std::vector<Mark>> marks(tokens.size());
  std::vector<int> hit(tokens.size(), 0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    marks[i] = MatchToken(tokens[i], stemmers, highlight, heads, analyzer);
    hit[i] = marks[i].empty() ? 0 : 1;
  }
  // Slide a window of `window_words` tokens; keep the one with most hits.
  size_t window = std::min(options.window_words, tokens.size());
  int best = 0, current = 0;
  size_t best_start = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    current += hit[i];
    if (i >= window) current -= hit[i - window];
    if (i + 1 >= window && current > best) {
      best = current;
      best_start = i + 1 - window;
    }
  }
  // Start a little before the first match, so it has context.
  if (best > 0) {
    size_t first = best_start;
    while (first < best_start + window && !hit[first]) ++first;
    size_t lead = std::min<size_t>(4, first);
    best_start = std::min(first - lead, tokens.size() - window);
  }
  size_t last = best_start + window - 1;
  size_t begin = tokens[best_start].offset;
  size_t end = tokens[last].offset + tokens[last].length;
  // Extend to include closing punctuation.
  while (end < text.size() && (text[end] == '.' || text[end] == ',' || text[end] == ')' || text[end] == '!' || text[end] == '?')) ++end;
  std::string out;
  if (best_start > 0) out += "… ";
  size_t cursor = begin;
  for (size_t i = best_start; i <= last; ++i) {
    for (const Mark& m : marks[i]) {
      if (m.begin < cursor) continue;
      out += HtmlEscape(text.substr(cursor, m.begin - cursor));
      out += "<mark>" + HtmlEscape(text.substr(m.begin, m.end - m.begin)) + "</mark>";
      cursor = m.end;
      ++*matches;
    }
  }
  out += HtmlEscape(text.substr(cursor, end - cursor));
  if (last + 1 < tokens.size()) out += " …";
  return out;
}

}  // namespace bridges
