// The shipped catalogue: it loads without a rejection, and the facts taken
// from the ICC 2024 annual report are in it.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "core/language.h"
#include "core/loader.h"
#include "core/unicode.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

const LoadResult& Corpus() {
  static const LoadResult r = LoadPaths({testing::CorpusDir()}, testing::ShippedVocabularies());
  return r;
}

std::set<std::string> LanguagesOfWork(const std::string& work) {
  std::set<std::string> out;
  for (const Document& d : Corpus().documents)
    if (d.work == work) out.insert(d.lang);
  return out;
}

std::set<std::string> CitiesOfWork(const std::string& work) {
  std::set<std::string> out;
  for (const Document& d : Corpus().documents)
    if (d.work == work)
      for (const City& c : d.cities) out.insert(c.id);
  return out;
}

TEST(Corpus, LoadsWithNoRejection) {
  for (const Diagnostic& d : Corpus().diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_EQ(Corpus().rejected, 0u);
}

TEST(Corpus, HasTheSizeTheCatalogueNeeds) {
  std::set<std::string> works, languages;
  for (const Document& d : Corpus().documents) {
    works.insert(d.work);
    languages.insert(PrimaryLanguage(d.lang));
  }
  EXPECT_GE(Corpus().documents.size(), 180u);
  EXPECT_GE(works.size(), 50u);
  EXPECT_GE(languages.size(), 15u);
}

TEST(Corpus, AntiRumoursHandbookModelFrameworkAndRecommendationVersions) {
  EXPECT_EQ(LanguagesOfWork("anti-rumours-handbook"),
            (std::set<std::string>{"en", "ar", "fi", "it", "ja", "pl", "pt", "es", "uk"}));
  EXPECT_EQ(LanguagesOfWork("model-framework"),
            (std::set<std::string>{"en", "it", "fi", "fr", "el", "pl", "ro", "sk", "es", "es-MX", "uk"}));
  EXPECT_EQ(LanguagesOfWork("recommendation-cm-rec-2022-10"), (std::set<std::string>{"en", "fi", "el", "ja", "es"}));
}

TEST(Corpus, InterCityProjectsAreTaggedWithTheirCities) {
  auto has = [](const std::string& work, std::set<std::string> cities) {
    std::set<std::string> tagged = CitiesOfWork(work);
    for (const std::string& c : cities) EXPECT_TRUE(tagged.count(c)) << work << " lacks " << c;
  };
  has("bridge-ravenna-montesilvano", {"ravenna", "montesilvano"});
  has("young-ambassadors-reykjavik-wroclaw", {"reykjavik", "wroclaw"});
  has("brave-spaces-leeds-camden", {"leeds", "camden"});
  has("cities-in-placemaking-pilot", {"reggio-emilia", "vinnytsia", "wroclaw"});
}

TEST(Corpus, OnlyThePreviousAnnualReportIsArchived) {
  for (const Document& d : Corpus().documents) {
    if (d.work == "icc-annual-report-2023") {
      EXPECT_EQ(d.status, "archived") << d.id;
    }
    if (d.work == "icc-annual-report-2024") {
      EXPECT_EQ(d.status, "current") << d.id;
    }
  }
}

// The share of a text's letters in `script`.
double ScriptShare(const std::string& text, UScriptCode script) {
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  size_t letters = 0, in_script = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    ++letters;
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(c, &e);
    if (s == script || (script == USCRIPT_HAN && (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA))) ++in_script;
  }
  return letters ? static_cast<double>(in_script) / letters : 0;
}

TEST(Corpus, EachVersionIsWrittenInItsOwnScript) {
  const std::map<std::string, UScriptCode> scripts = {
      {"uk", USCRIPT_CYRILLIC}, {"el", USCRIPT_GREEK}, {"ja", USCRIPT_HAN}, {"ar", USCRIPT_ARABIC}};
  for (const Document& d : Corpus().documents) {
    auto it = scripts.find(PrimaryLanguage(d.lang));
    UScriptCode script = it == scripts.end() ? USCRIPT_LATIN : it->second;
    if (d.lang == "sr") continue;  // Serbian is written in both scripts
    EXPECT_GT(ScriptShare(d.title + " " + d.summary, script), 0.8) << d.id << " is not in its language's script";
  }
}

TEST(Corpus, SummariesHaveSixtyToTwoHundredWords) {
  for (const Document& d : Corpus().documents) {
    std::vector<Token> tokens;
    Tokenize(d.summary, &tokens);
    size_t words = 0;
    for (const Token& t : tokens) words += t.cjk ? CodePoints(t.text).size() / 2 : 1;
    EXPECT_GE(words, 55u) << d.id;
    EXPECT_LE(words, 260u) << d.id;
  }
}

TEST(Corpus, GoodPracticesHaveABodyInSections) {
  size_t practices = 0;
  for (const Document& d : Corpus().documents) {
    if (d.type != "good-practice" || d.lang != "en") continue;
    ++practices;
    EXPECT_GE(d.body.size(), 2u) << d.id;
    std::vector<Token> tokens;
    Tokenize(BodyText(d), &tokens);
    EXPECT_GE(tokens.size(), 150u) << d.id;
    EXPECT_LE(tokens.size(), 450u) << d.id;
    EXPECT_FALSE(d.cities.empty() && d.countries.empty()) << d.id << " names no place";
  }
  EXPECT_GE(practices, 30u);
}

}  // namespace
}  // namespace bridges
