#include "core/query_builder.h"

#include <optional>

#include "core/index_layout.h"
#include "core/language.h"
#include "core/unicode.h"

namespace bridges {

namespace {

using Q = Xapian::Query;

enum class LexKind { kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot };

struct Lexeme {
  LexKind kind;
  std::string text;   // word or phrase text
  std::string field;  // before ':'
  bool minus = false;
  bool plus = false;
  bool wildcard = false;
};

// What an empty or purely negative query lists: every record, not the
// passages of their files.
Q AllRecords() { return Q(std::string(layout::kKind) + std::string(layout::kKindRecord)); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Status Lex(std::string_view s, std::vector<Lexeme>* out) {
  size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    if (s[i] == '(' || s[i] == ')') {
      out->push_back({s[i] == '(' ? LexKind::kOpen : LexKind::kClose, "", ""});
      ++i;
      continue;
    }
    Lexeme lex{LexKind::kWord, "", ""};
    if ((s[i] == '-' || s[i] == '+') && i + 1 < s.size() && !IsSpace(s[i + 1])) {
      (s[i] == '-' ? lex.minus : lex.plus) = true;
      ++i;
    }
    // field:
    size_t j = i;
    while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '_')) ++j;
    if (j > i && j + 1 < s.size() && s[j] == ':' && !IsSpace(s[j + 1])) {
      lex.field = std::string(s.substr(i, j - i));
      i = j + 1;
    }
    if (i < s.size() && s[i] == '"') {
      size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) return Status::Invalid("unbalanced quote in query");
      lex.kind = LexKind::kPhrase;
      lex.text = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
      out->push_back(std::move(lex));
      continue;
    }
    size_t end = i;
    while (end < s.size() && !IsSpace(s[end]) && s[end] != '(' && s[end] != ')' && s[end] != '"') ++end;
    lex.text = std::string(s.substr(i, end - i));
    i = end;
    bool alone = out->empty() && i >= s.size();
    if (lex.field.empty() && !lex.minus && !lex.plus && !alone) {
      if (lex.text == "AND") lex.kind = LexKind::kAnd;
      else if (lex.text == "OR") lex.kind = LexKind::kOr;
      else if (lex.text == "NOT") lex.kind = LexKind::kNot;
    }
    if (lex.kind == LexKind::kWord && lex.text.size() > 1 && lex.text.back() == '*') {
      lex.wildcard = true;
      lex.text.pop_back();
    }
    if (!lex.text.empty() || lex.kind != LexKind::kWord) out->push_back(std::move(lex));
  }
  return Status::Ok();
}

// Facet values as the index stores them: language tags in canonical case,
// country codes upper case.
std::string CanonicalFacetValue(layout::Facet facet, const std::string& value) {
  if (facet == layout::Facet::kLang) return CanonicalLanguageTag(value);
  if (facet == layout::Facet::kCountry) {
    std::string upper = value;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
  }
  return value;
}

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, std::string_view qlang, const Analyzer& analyzer, const Vocabularies& vocabularies,
         const QueryLimits& limits, BuiltQuery* out)
      : lex_(std::move(lexemes)), analyzer_(analyzer), vocabularies_(vocabularies), limits_(limits), out_(out),
        stemmers_(analyzer.QueryStemmers(qlang)) {}

  Status Parse(Q* result) {
    std::optional<Q> q = Or();
    if (!error_.ok()) return error_;
    if (pos_ < lex_.size()) return Status::Invalid(lex_[pos_].kind == LexKind::kClose ? "unbalanced ')' in query" : "unexpected operator in query");
    *result = q ? *q : AllRecords();
    if (!exact_.empty()) *result = Q(Q::OP_AND_MAYBE, *result, Q(Q::OP_OR, exact_.begin(), exact_.end()));
    return Status::Ok();
  }

 private:
  // OR binds loosest, then AND (explicit or implied), then NOT / -.
  std::optional<Q> Or() {
    std::optional<Q> left = And();
    while (error_.ok() && Peek(LexKind::kOr)) {
      ++pos_;
      std::optional<Q> right = And();
      if (!left) left = right;
      else if (right) left = Q(Q::OP_OR, *left, *right);
    }
    return left;
  }

  std::optional<Q> And() {
    std::optional<Q> positive;
    std::vector<Q> negative;
    while (error_.ok() && pos_ < lex_.size() && !Peek(LexKind::kOr) && !Peek(LexKind::kClose)) {
      bool negate = false;
      if (Peek(LexKind::kAnd)) {
        ++pos_;
        continue;
      }
      if (Peek(LexKind::kNot)) {
        ++pos_;
        negate = true;
      }
      if (pos_ >= lex_.size()) break;
      bool minus = lex_[pos_].minus;
      std::optional<Q> term = Primary();
      if (!term) continue;
      if (negate || minus) negative.push_back(*term);
      else positive = positive ? Q(Q::OP_AND, *positive, *term) : *term;
    }
    if (negative.empty()) return positive;
    Q base = positive ? *positive : AllRecords();
    return Q(Q::OP_AND_NOT, base, Q(Q::OP_OR, negative.begin(), negative.end()));
  }

  std::optional<Q> Primary() {
    Lexeme& l = lex_[pos_++];
    if (l.kind == LexKind::kOpen) {
      std::optional<Q> inner = Or();
      if (!Peek(LexKind::kClose)) {
        Fail("unbalanced '(' in query");
        return std::nullopt;
      }
      ++pos_;
      return inner;
    }
    if (l.kind == LexKind::kClose || l.kind == LexKind::kAnd || l.kind == LexKind::kOr || l.kind == LexKind::kNot) {
      Fail("unexpected operator in query");
      return std::nullopt;
    }
    if (!l.field.empty()) return Fielded(l, !l.minus);
    if (l.kind == LexKind::kPhrase) return Phrase(l.text);
    if (l.wildcard) return Wildcard(l.text);
    return Words(l.text, !l.minus);
  }

  // A bare token may hold several words ("d'accord", "anti-rumours"): they
  // must appear together, as a phrase.
  std::optional<Q> Words(const std::string& raw, bool positive) {
    std::vector<Token> tokens;
    Tokenize(raw, &tokens);
    if (tokens.empty()) return std::nullopt;
    if (tokens.size() > 1) return Phrase(raw);
    const Token& t = tokens[0];
    if (t.cjk) return Cjk(t.text);
    if (!Count(1)) return std::nullopt;
    AnalyzedWord w = analyzer_.AnalyzeWord(t.text, stemmers_);
    std::vector<Q> alternatives{Q(w.folded)};
    // Words that are their own stem ("rumor", "miasto") must still meet the
    // stems of their inflections ("rumores" -> Zrumor).
    if (!stemmers_.empty()) alternatives.emplace_back(std::string(layout::kStem) + w.folded);
    for (const std::string& s : w.stems) {
      alternatives.emplace_back(std::string(layout::kStem) + s);
      alternatives.emplace_back(s);
    }
    if (const auto* tags = vocabularies_.MatchLabel(w.folded))
      for (const TagMatch& m : *tags) alternatives.emplace_back(std::string(layout::Spec(m.facet).prefix) + m.id);
    if (positive) {
      out_->words.push_back({raw, w});
      out_->highlight.insert(w.folded);
      out_->highlight.insert(w.stems.begin(), w.stems.end());
      if (!w.exact.empty()) exact_.emplace_back(std::string(layout::kExact) + w.exact);
      out_->empty = false;
    }
    return Q(Q::OP_OR, alternatives.begin(), alternatives.end());
  }

  std::optional<Q> Cjk(const std::string& run) {
    std::vector<std::string> chars = Analyzer::CjkUnigrams(run);
    if (!Count(chars.size())) return std::nullopt;
    out_->empty = false;
    out_->highlight.insert(run);
    if (chars.size() == 1) return Q(chars[0]);
    return Q(Q::OP_PHRASE, chars.begin(), chars.end(), static_cast<Xapian::termcount>(chars.size()));
  }

  std::optional<Q> Phrase(const std::string& text) {
    std::vector<Token> tokens;
    Tokenize(text, &tokens);
    std::vector<std::string> terms;
    for (const Token& t : tokens) {
      if (t.cjk) {
        for (const std::string& u : Analyzer::CjkUnigrams(t.text)) terms.push_back(u);
        out_->highlight.insert(t.text);
      } else {
        AnalyzedWord w = analyzer_.AnalyzeWord(t.text, {});
        out_->highlight.insert(w.folded);
        terms.push_back(w.folded);
      }
    }
    if (terms.empty()) return std::nullopt;
    if (terms.size() > limits_.max_phrase_words) {
      Fail("phrase has " + std::to_string(terms.size()) + " words; at most " + std::to_string(limits_.max_phrase_words) + " are allowed");
      return std::nullopt;
    }
    if (!Count(terms.size())) return std::nullopt;
    out_->empty = false;
    std::string folded_phrase = FoldPhrase(text);
    std::optional<Q> phrase =
        terms.size() == 1 ? Q(terms[0]) : Q(Q::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
    if (const auto* tags = vocabularies_.MatchLabel(folded_phrase)) {
      std::vector<Q> alternatives{*phrase};
      for (const TagMatch& m : *tags) alternatives.emplace_back(std::string(layout::Spec(m.facet).prefix) + m.id);
      phrase = Q(Q::OP_OR, alternatives.begin(), alternatives.end());
    }
    return phrase;
  }

  std::optional<Q> Wildcard(const std::string& raw) {
    std::vector<Token> tokens;
    Tokenize(raw, &tokens);
    if (tokens.size() != 1 || tokens[0].cjk) return Words(raw, true);
    if (!Count(1)) return std::nullopt;
    AnalyzedWord w = analyzer_.AnalyzeWord(tokens[0].text, {});
    out_->empty = false;
    out_->highlight.insert(w.folded);
    return Q(Q::OP_WILDCARD, w.folded, limits_.max_wildcard_expansion, Q::WILDCARD_LIMIT_MOST_FREQUENT);
  }

  std::optional<Q> Fielded(const Lexeme& l, bool positive) {
    if (positive) out_->empty = false;
    if (!Count(1)) return std::nullopt;
    if (l.field == "title" || l.field == "org") {
      std::string prefix(l.field == "title" ? layout::kTitle : layout::kOrganisation);
      std::vector<Token> tokens;
      Tokenize(l.text, &tokens);
      std::vector<Q> parts;
      for (const Token& t : tokens) {
        if (t.cjk) {
          for (const std::string& b : Analyzer::CjkBigrams(t.text)) parts.emplace_back(prefix + b);
          if (Analyzer::CjkBigrams(t.text).empty()) parts.emplace_back(prefix + t.text);
          continue;
        }
        AnalyzedWord w = analyzer_.AnalyzeWord(t.text, {});
        out_->highlight.insert(w.folded);
        parts.emplace_back(prefix + w.folded);
      }
      if (parts.empty()) return std::nullopt;
      return Q(Q::OP_AND, parts.begin(), parts.end());
    }
    for (const layout::FacetSpec& spec : layout::kFacets) {
      if (l.field != spec.name) continue;
      std::string value = CanonicalFacetValue(spec.facet, l.text);
      if (spec.facet == layout::Facet::kCity) {
        // city: accepts a gazetteer id or any name or alias of the city.
        if (const auto* tags = vocabularies_.MatchLabel(FoldPhrase(l.text)))
          for (const TagMatch& m : *tags)
            if (m.facet == layout::Facet::kCity) value = m.id;
      }
      return Q(std::string(spec.prefix) + value);
    }
    Fail("unknown field '" + l.field + ":' (use title:, org:, city:, domain:, lang:, type:, country:, network:, year:, status: or edition:)");
    return std::nullopt;
  }

  bool Count(size_t n) {
    terms_ += n;
    if (terms_ > limits_.max_terms) {
      Fail("query has more than " + std::to_string(limits_.max_terms) + " terms");
      return false;
    }
    return true;
  }

  bool Peek(LexKind k) const { return pos_ < lex_.size() && lex_[pos_].kind == k; }
  void Fail(std::string message) {
    if (error_.ok()) error_ = Status::Invalid(std::move(message));
  }

  std::vector<Lexeme> lex_;
  size_t pos_ = 0;
  size_t terms_ = 0;
  const Analyzer& analyzer_;
  const Vocabularies& vocabularies_;
  const QueryLimits& limits_;
  BuiltQuery* out_;
  std::vector<LanguageStemmer*> stemmers_;
  std::vector<Q> exact_;
  Status error_ = Status::Ok();
};

}  // namespace

Status BuildQuery(std::string_view text, std::string_view qlang, const Analyzer& analyzer,
                  const Vocabularies& vocabularies, const QueryLimits& limits, BuiltQuery* out) {
  *out = BuiltQuery{};
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) return Status::Invalid("query is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  std::vector<Lexeme> lexemes;
  Status s = Lex(text, &lexemes);
  if (!s.ok()) return s;
  Parser parser(std::move(lexemes), qlang, analyzer, vocabularies, limits, out);
  Q query;
  s = parser.Parse(&query);
  if (!s.ok()) return s;
  out->query = query;
  return Status::Ok();
}

}  // namespace bridges
