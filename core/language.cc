#include "core/language.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/uloc.h>

#include <cctype>
#include <cstring>
#include <set>
#include <vector>

#include "core/stemmers.h"
#include "core/unicode.h"

namespace bridges {

namespace {

// ICU's code lists are null-terminated arrays of C strings.
std::set<std::string> CodeSet(const char* const* codes) {
  std::set<std::string> out;
  for (; *codes; ++codes) out.insert(*codes);
  return out;
}

const std::set<std::string>& IsoLanguages() {
  static const std::set<std::string> languages = CodeSet(uloc_getISOLanguages());
  return languages;
}

}  // namespace

bool IsIsoCountryCode(std::string_view code) {
  static const std::set<std::string> countries = CodeSet(uloc_getISOCountries());
  return countries.count(std::string(code)) > 0;
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsValidLanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::string copy(tag);
  char locale[ULOC_FULLNAME_CAPACITY];
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(copy.c_str(), locale, sizeof locale, &parsed, &status);
  if (U_FAILURE(status) || parsed != static_cast<int32_t>(copy.size())) return false;
  std::string primary = PrimaryLanguage(tag);
  if (primary.size() < 2 || primary.size() > 3) return false;
  return IsoLanguages().count(primary) > 0;
}

std::string CanonicalLanguageTag(std::string_view tag) {
  std::string out;
  int part = 0;
  size_t start = 0;
  std::string copy(tag);
  while (start <= copy.size()) {
    size_t end = copy.find_first_of("-_", start);
    if (end == std::string::npos) end = copy.size();
    std::string sub = copy.substr(start, end - start);
    for (char& c : sub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (part > 0 && sub.size() == 4) sub[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0])));
    if (part > 0 && sub.size() == 2)
      for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (part > 0) out += '-';
    out += sub;
    ++part;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> DetectLanguage(std::string_view text, bool analysed_only) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  size_t cjk_chars = 0;
  for (const Token& t : tokens)
    if (t.cjk) cjk_chars += CodePoints(t.text).size();
  // CLD2 guesses wildly on one or two short words.
  if (cjk_chars < 2 && (tokens.size() < 2 || text.size() < 12)) return std::nullopt;
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), true, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return std::nullopt;
  std::string code = PrimaryLanguage(CLD2::LanguageCode(lang));
  if (code == "un" || !IsValidLanguageTag(code)) return std::nullopt;
  if (!analysed_only) return code;
  bool analysed = MorphologyFor(code) != Morphology::kNone || code == "ja" || code == "zh" || code == "ko";
  if (!analysed) return std::nullopt;
  return code;
}

}  // namespace bridges
