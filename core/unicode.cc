#include "core/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace bridges {

namespace {

const icu::Normalizer2& NfkcCasefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold unavailable");
  return *n;
}

const icu::Normalizer2& Nfd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD unavailable");
  return *n;
}

const icu::Normalizer2& Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC unavailable");
  return *n;
}


// Latin letters that carry their mark in the letter itself, so NFD does not
// split them.
const char* LatinLetterFold(UChar32 c) {
  switch (c) {
    case 0x0142: return "l";   // ł
    case 0x00F8: return "o";   // ø
    case 0x0111: return "d";   // đ
    case 0x00DF: return "ss";  // ß
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x00F0: return "d";   // ð
    case 0x00FE: return "th";  // þ
    case 0x0131: return "i";   // ı
    case 0x0127: return "h";   // ħ
    default: return nullptr;
  }
}

bool IsCjk(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL || c == 0x30FC;  // ー, the katakana length mark
}

bool IsWordChar(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK;
}

bool IsHyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }

}  // namespace

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      if (bad_offset) *bad_offset = static_cast<size_t>(start);
      return false;
    }
  }
  return true;
}

std::string NormalizeWord(std::string_view word) {
  if (IsAscii(word)) {
    std::string out(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  icu::UnicodeString out = NfkcCasefold().normalize(in, status);
  std::string result;
  if (U_FAILURE(status)) return std::string(word);
  out.toUTF8String(result);
  return result;
}

std::string FoldDiacritics(std::string_view word) {
  if (IsAscii(word)) return std::string(word);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed =
      Nfd().normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size())), status);
  if (U_FAILURE(status)) return std::string(word);
  icu::UnicodeString kept;
  UScriptCode base_script = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    bool combining_diacritic = c >= 0x0300 && c <= 0x036F;
    if (combining_diacritic && (base_script == USCRIPT_LATIN || base_script == USCRIPT_GREEK)) continue;
    if (!combining_diacritic) {
      UErrorCode script_status = U_ZERO_ERROR;
      base_script = uscript_getScript(c, &script_status);
    }
    if (const char* replacement = LatinLetterFold(c)) {
      kept.append(icu::UnicodeString(replacement));
    } else {
      kept.append(c);
    }
  }
  icu::UnicodeString composed = Nfc().normalize(kept, status);
  std::string result;
  composed.toUTF8String(result);
  return result;
}

void Tokenize(std::string_view text, std::vector<Token>* tokens) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    bool cjk = c >= 0x2E80 && IsCjk(c);
    if (!cjk && !IsWordChar(c)) continue;
    int32_t end = i;
    while (end < n) {
      int32_t next = end;
      UChar32 d;
      U8_NEXT(s, next, n, d);
      if (d < 0) break;
      bool d_cjk = d >= 0x2E80 && IsCjk(d);
      if (cjk ? !d_cjk : (d_cjk || !IsWordChar(d))) break;
      end = next;
    }
    Token token;
    token.text.assign(text.substr(start, end - start));
    token.offset = static_cast<size_t>(start);
    token.length = static_cast<size_t>(end - start);
    token.cjk = cjk;
    if (!cjk && end < n) {
      int32_t after = end;
      UChar32 d;
      U8_NEXT(s, after, n, d);
      if (IsHyphen(d) && after < n) {
        int32_t look = after;
        UChar32 e;
        U8_NEXT(s, look, n, e);
        token.hyphen_next = e >= 0 && IsWordChar(e);
      }
    }
    tokens->push_back(std::move(token));
    i = end;
  }
}

std::vector<std::string> CodePoints(std::string_view text) {
  std::vector<std::string> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace bridges
