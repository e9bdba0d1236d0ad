#include "core/analyzer.h"

#include <algorithm>
#include <unordered_map>

#include "core/index_layout.h"

namespace bridges {

namespace {

// Normalising and folding a non-ASCII word goes through ICU; the same words
// recur constantly, so each thread remembers the result.
const std::pair<std::string, std::string>& NormalizedAndFolded(const std::string& word) {
  thread_local std::unordered_map<std::string, std::pair<std::string, std::string>> cache;
  auto it = cache.find(word);
  if (it != cache.end()) return it->second;
  if (cache.size() > 200000) cache.clear();
  std::string normalized = NormalizeWord(word);
  std::string folded = FoldDiacritics(normalized);
  return cache.emplace(word, std::make_pair(std::move(normalized), std::move(folded))).first->second;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::vector<std::string> Analyzer::CjkUnigrams(std::string_view run) { return CodePoints(run); }

std::vector<std::string> Analyzer::CjkBigrams(std::string_view run) {
  std::vector<std::string> cps = CodePoints(run), out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) out.push_back(cps[i] + cps[i + 1]);
  return out;
}

AnalyzedWord Analyzer::AnalyzeWord(std::string_view word, const std::vector<LanguageStemmer*>& stemmers) const {
  AnalyzedWord out;
  std::string normalized;
  if (IsAscii(word)) {
    normalized = AsciiLower(word);
    out.folded = normalized;
  } else {
    const auto& nf = NormalizedAndFolded(std::string(word));
    normalized = nf.first;
    out.folded = nf.second;
    if (normalized != out.folded) out.exact = normalized;
  }
  std::vector<std::string> raw;
  for (LanguageStemmer* stemmer : stemmers)
    if (stemmer) stemmer->Stems(normalized, &raw);
  for (const std::string& s : raw) {
    std::string folded = IsAscii(s) ? s : FoldDiacritics(s);
    if (folded != out.folded && std::find(out.stems.begin(), out.stems.end(), folded) == out.stems.end())
      out.stems.push_back(std::move(folded));
  }
  return out;
}

std::vector<LanguageStemmer*> Analyzer::QueryStemmers(std::string_view qlang) const {
  std::vector<LanguageStemmer*> out;
  if (!qlang.empty()) {
    if (LanguageStemmer* s = StemmerFor(qlang)) out.push_back(s);
    return out;
  }
  for (const std::string& lang : StemmedLanguages())
    if (LanguageStemmer* s = StemmerFor(lang)) out.push_back(s);
  return out;
}

void Analyzer::IndexText(std::string_view text, std::string_view lang, Xapian::termcount weight,
                         Xapian::Document* doc, Xapian::termpos* pos) const {
  thread_local std::vector<Token> tokens;
  tokens.clear();
  Tokenize(text, &tokens);
  std::vector<LanguageStemmer*> stemmers;
  if (LanguageStemmer* s = StemmerFor(lang)) stemmers.push_back(s);
  const std::string stem_prefix(layout::kStem), exact_prefix(layout::kExact);
  std::string compound;
  for (const Token& token : tokens) {
    if (token.cjk) {
      for (const std::string& u : CjkUnigrams(token.text)) doc->add_posting(u, ++*pos, weight);
      for (const std::string& b : CjkBigrams(token.text)) doc->add_term(b, weight);
      compound.clear();
      continue;
    }
    AnalyzedWord w = AnalyzeWord(token.text, stemmers);
    doc->add_posting(w.folded, ++*pos, weight);
    // Exact forms only rank exact spellings first; they need no positions.
    if (!w.exact.empty()) doc->add_term(exact_prefix + w.exact, weight);
    for (const std::string& s : w.stems) doc->add_term(stem_prefix + s, weight);
    // "anti-rumours" is also indexed as "antirumours", the way many languages write it.
    if (token.hyphen_next || !compound.empty()) {
      compound += w.folded;
      if (!token.hyphen_next) {
        doc->add_term(compound, weight);
        compound.clear();
      }
    }
  }
  *pos += layout::kPositionGap;
}

void Analyzer::IndexField(std::string_view text, std::string_view prefix, Xapian::Document* doc) const {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::string p(prefix);
  for (const Token& token : tokens) {
    if (token.cjk) {
      for (const std::string& u : CjkUnigrams(token.text)) doc->add_term(p + u);
      for (const std::string& b : CjkBigrams(token.text)) doc->add_term(p + b);
      continue;
    }
    doc->add_term(p + NormalizedAndFolded(token.text).second);
  }
}

}  // namespace bridges
