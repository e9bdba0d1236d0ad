#include "core/stemmers.h"

#include <hunspell/hunspell.hxx>
#include <libstemmer.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/language.h"

namespace bridges {

namespace {

// Bounds the per-language cache; a real vocabulary fits many times over.
constexpr size_t kMaxCachedWords = 500000;

const std::map<std::string, std::string>& SnowballNames() {
  static const std::map<std::string, std::string> names = {
      {"ar", "arabic"},     {"ca", "catalan"},    {"da", "danish"},   {"de", "german"},
      {"en", "english"},    {"es", "spanish"},    {"eu", "basque"},   {"fi", "finnish"},
      {"fr", "french"},     {"ga", "irish"},      {"hu", "hungarian"}, {"hy", "armenian"},
      {"id", "indonesian"}, {"it", "italian"},    {"lt", "lithuanian"}, {"ne", "nepali"},
      {"nl", "dutch"},      {"no", "norwegian"},  {"nb", "norwegian"}, {"nn", "norwegian"},
      {"pt", "portuguese"}, {"ro", "romanian"},   {"ru", "russian"},  {"sv", "swedish"},
      {"ta", "tamil"},      {"tr", "turkish"},
  };
  return names;
}

// Hunspell dictionaries by primary language; Serbian has one per script.
const std::map<std::string, std::vector<std::string>>& HunspellDictionaries() {
  static const std::map<std::string, std::vector<std::string>> dictionaries = {
      {"pl", {"pl_PL"}}, {"uk", {"uk_UA"}}, {"sk", {"sk_SK"}},
      {"sr", {"sr_RS", "sr_Latn_RS"}}, {"hr", {"hr_HR"}},
  };
  return dictionaries;
}

std::string DictionaryDir() {
  if (const char* dir = std::getenv("BRIDGES_HUNSPELL_DIR")) return dir;
  return "/usr/share/hunspell";
}

class SnowballStemmer : public LanguageStemmer {
 public:
  explicit SnowballStemmer(const std::string& name) : stem_(name) {}
  Morphology morphology() const override { return Morphology::kSnowball; }

 protected:
  void ComputeStems(const std::string& word, std::vector<std::string>* out) override {
    out->push_back(stem_(word));
  }

 private:
  Xapian::Stem stem_;
};

// Snowball's Greek stemmer leaves some inflections of one noun apart
// (κοινωνία -> κοινων, κοινωνίας -> κοινωνι; συμβούλιο -> συμβουλι,
// συμβουλίου -> συμβουλ): their stems differ only by a final vowel, so that
// vowel is dropped from stems long enough to keep their meaning.
class GreekStemmer : public LanguageStemmer {
 public:
  GreekStemmer() : stemmer_(sb_stemmer_new("greek", "UTF_8")) {}
  ~GreekStemmer() override { sb_stemmer_delete(stemmer_); }
  Morphology morphology() const override { return Morphology::kGreek; }

 protected:
  void ComputeStems(const std::string& word, std::vector<std::string>* out) override {
    const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
    if (!s) return;
    icu::UnicodeString stem = icu::UnicodeString::fromUTF8(
        icu::StringPiece(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer_))).toLower();
    static const icu::UnicodeString kVowels = icu::UnicodeString::fromUTF8("ιεοαυηωάέήίόύώϊϋ");
    while (stem.countChar32() > 4 && kVowels.indexOf(stem.char32At(stem.length() - 1)) >= 0)
      stem.truncate(stem.length() - 1);
    std::string result;
    stem.toUTF8String(result);
    out->push_back(result);
  }

 private:
  sb_stemmer* stemmer_;
};

class HunspellStemmer : public LanguageStemmer {
 public:
  explicit HunspellStemmer(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      std::string base = DictionaryDir() + "/" + name;
      if (!std::filesystem::exists(base + ".dic")) continue;
      Dictionary d;
      d.hunspell = std::make_unique<Hunspell>((base + ".aff").c_str(), (base + ".dic").c_str());
      std::string encoding = d.hunspell->get_dict_encoding();
      if (encoding != "UTF-8") {
        UErrorCode status = U_ZERO_ERROR;
        d.converter = ucnv_open(encoding.c_str(), &status);
        if (U_FAILURE(status)) d.converter = nullptr;
      }
      dictionaries_.push_back(std::move(d));
    }
  }
  ~HunspellStemmer() override {
    for (Dictionary& d : dictionaries_)
      if (d.converter) ucnv_close(d.converter);
  }
  Morphology morphology() const override { return Morphology::kHunspell; }

 protected:
  void ComputeStems(const std::string& word, std::vector<std::string>* out) override {
    for (Dictionary& d : dictionaries_) {
      std::string encoded;
      if (!Encode(d, word, &encoded)) continue;
      for (const std::string& stem : d.hunspell->stem(encoded)) {
        std::string utf8 = Decode(d, stem);
        // Dictionaries keep proper nouns capitalised; the index is case-folded.
        icu::UnicodeString lower = icu::UnicodeString::fromUTF8(utf8).foldCase();
        utf8.clear();
        lower.toUTF8String(utf8);
        if (std::find(out->begin(), out->end(), utf8) == out->end()) out->push_back(utf8);
      }
    }
  }

 private:
  struct Dictionary {
    std::unique_ptr<Hunspell> hunspell;
    UConverter* converter = nullptr;  // null for UTF-8 dictionaries
  };

  static bool Encode(Dictionary& d, const std::string& utf8, std::string* out) {
    if (!d.converter) {
      *out = utf8;
      return true;
    }
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    UErrorCode status = U_ZERO_ERROR;
    char buffer[512];
    ucnv_setFromUCallBack(d.converter, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    int32_t n = ucnv_fromUChars(d.converter, buffer, sizeof buffer, u.getBuffer(), u.length(), &status);
    if (U_FAILURE(status)) return false;  // a character the dictionary's charset lacks
    out->assign(buffer, static_cast<size_t>(n));
    return true;
  }

  static std::string Decode(Dictionary& d, const std::string& text) {
    if (!d.converter) return text;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u(text.data(), static_cast<int32_t>(text.size()), d.converter, status);
    std::string out;
    u.toUTF8String(out);
    return out;
  }

  std::vector<Dictionary> dictionaries_;
};

}  // namespace

void LanguageStemmer::Stems(const std::string& word, std::vector<std::string>* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cache_.find(word);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedWords) cache_.clear();
    std::vector<std::string> stems;
    ComputeStems(word, &stems);
    it = cache_.emplace(word, std::move(stems)).first;
  }
  out->insert(out->end(), it->second.begin(), it->second.end());
}

Morphology MorphologyFor(std::string_view language_tag) {
  std::string primary = PrimaryLanguage(language_tag);
  if (primary == "el") return Morphology::kGreek;
  if (HunspellDictionaries().count(primary)) return Morphology::kHunspell;
  if (SnowballNames().count(primary)) return Morphology::kSnowball;
  return Morphology::kNone;
}

LanguageStemmer* StemmerFor(std::string_view language_tag) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<LanguageStemmer>> stemmers;
  std::string primary = PrimaryLanguage(language_tag);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = stemmers.find(primary);
  if (it != stemmers.end()) return it->second.get();
  std::unique_ptr<LanguageStemmer> stemmer;
  switch (MorphologyFor(primary)) {
    case Morphology::kGreek: stemmer = std::make_unique<GreekStemmer>(); break;
    case Morphology::kHunspell:
      stemmer = std::make_unique<HunspellStemmer>(HunspellDictionaries().at(primary));
      break;
    case Morphology::kSnowball: stemmer = std::make_unique<SnowballStemmer>(SnowballNames().at(primary)); break;
    case Morphology::kNone: break;
  }
  return stemmers.emplace(primary, std::move(stemmer)).first->second.get();
}

const std::vector<std::string>& StemmedLanguages() {
  static const std::vector<std::string> languages = [] {
    std::vector<std::string> out;
    for (const auto& [code, name] : SnowballNames())
      if (code != "nb" && code != "nn") out.push_back(code);
    out.push_back("el");
    for (const auto& [code, dicts] : HunspellDictionaries()) out.push_back(code);
    return out;
  }();
  return languages;
}

}  // namespace bridges
