// Morphology per language: inflections of one word meet on a shared stem.
#include <gtest/gtest.h>

#include "core/analyzer.h"

namespace bridges {
namespace {

// True if the two words share a stem (or one's folded form is the other's stem).
bool Meet(const std::string& lang, const std::string& a, const std::string& b) {
  Analyzer analyzer;
  std::vector<LanguageStemmer*> stemmers = {StemmerFor(lang)};
  AnalyzedWord x = analyzer.AnalyzeWord(a, stemmers), y = analyzer.AnalyzeWord(b, stemmers);
  std::vector<std::string> xs = x.stems, ys = y.stems;
  xs.push_back(x.folded);
  ys.push_back(y.folded);
  for (const std::string& s : xs)
    for (const std::string& t : ys)
      if (s == t) return true;
  return false;
}

struct Case {
  const char* lang;
  const char* a;
  const char* b;
};

TEST(Stemmers, InflectionsMeetInEveryStemmedCorpusLanguage) {
  const Case cases[] = {
      {"en", "cities", "city"},           {"fr", "villes", "ville"},
      {"es", "rumores", "rumor"},         {"it", "città", "citta"},
      {"it", "politiche", "politica"},    {"pt", "cidades", "cidade"},
      {"de", "Städte", "Stadt"},          {"fi", "kaupunkien", "kaupunkia"},
      {"sv", "städerna", "städer"},       {"ro", "orașele", "orașul"},
      {"ca", "ciutats", "ciutat"},        {"eu", "hiriak", "hirietan"},
      {"ar", "المدن", "مدن"},             {"nl", "gemeenten", "gemeente"},
      {"el", "ισότητα", "ισότητας"},      {"el", "ένταξη", "ένταξης"},
      {"el", "κοινωνία", "κοινωνίας"},    {"el", "συμβούλιο", "συμβουλίου"},
      {"pl", "miastach", "miasto"},       {"pl", "plotek", "plotka"},
      {"uk", "містах", "місто"},          {"sk", "mestách", "mesto"},
      {"sr", "градовима", "град"},        {"sr", "gradovima", "grad"},
      {"hr", "gradovima", "grad"},
  };
  for (const Case& c : cases) EXPECT_TRUE(Meet(c.lang, c.a, c.b)) << c.lang << ": " << c.a << " / " << c.b;
}

TEST(Stemmers, DifferentWordsStayApart) {
  EXPECT_FALSE(Meet("el", "κοινωνία", "συμβούλιο"));
  EXPECT_FALSE(Meet("pl", "miasto", "plotka"));
  EXPECT_FALSE(Meet("en", "city", "policy"));
}

TEST(Stemmers, LanguageWithoutMorphologyGetsNone) {
  EXPECT_EQ(MorphologyFor("sq"), Morphology::kNone);
  EXPECT_EQ(StemmerFor("sq"), nullptr);
  EXPECT_EQ(MorphologyFor("ja"), Morphology::kNone);
  EXPECT_EQ(MorphologyFor("el"), Morphology::kGreek);
  EXPECT_EQ(MorphologyFor("uk"), Morphology::kHunspell);
  EXPECT_EQ(MorphologyFor("es-MX"), Morphology::kSnowball);
}

TEST(Stemmers, AmbiguousHunspellWordsGetEveryStem) {
  std::vector<std::string> stems;
  StemmerFor("pl")->Stems("miasta", &stems);
  EXPECT_NE(std::find(stems.begin(), stems.end(), "miasto"), stems.end());
}

}  // namespace
}  // namespace bridges
