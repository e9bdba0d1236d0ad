#include "core/language.h"

#include <unicode/uloc.h>

#include <cctype>
#include <cstring>
#include <set>

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

}  // namespace bridges
