// Golden test: the exact terms and values one sample document produces,
// including terms that must be absent.
#include <gtest/gtest.h>

#include <set>

#include "core/index_layout.h"
#include "core/index_writer.h"
#include "core/record_files.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

std::set<std::string> Terms(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) out.insert(*it);
  return out;
}

Xapian::termcount Wdf(const Xapian::Document& x, const std::string& term) {
  auto it = x.termlist_begin();
  it.skip_to(term);
  return it != x.termlist_end() && *it == term ? it.get_wdf() : 0u;
}

Document Sample() {
  Document d;
  d.id = "guide-fr";
  d.work = "guide";
  d.type = "guide";
  d.lang = "fr";
  d.title = "Guide d'accord à Besançon";
  d.summary = "Les villes anti-rumeurs de l'Europe.";
  d.domains = {"anti-rumours", "communication"};
  d.cities = {{"barcelona", "ES"}};
  d.countries = {"ES", "FR"};
  d.networks = {"icc"};
  d.year = 2024;
  d.source.path = "/corpus/guide.xml";
  return d;
}

TEST(AnalyzerGolden, FrenchSampleProducesTheExpectedTerms) {
  Analyzer analyzer;
  Xapian::Document x = BuildXapianDocument(Sample(), analyzer, "hash");
  std::set<std::string> terms = Terms(x);
  for (const char* expected : {
           "guide", "d", "accord", "a", "besancon", "les", "villes", "anti", "rumeurs", "antirumeurs", "l", "europe",
           "XEà", "XEbesançon",      // exact forms, where folding changed the word
           "Zvill", "Zrumeur",        // French stems
           "Sguide", "Saccord", "Sbesancon",  // title field
           "Qguide-fr", "XWguide", "XKrecord", "XDanti-rumours", "XDcommunication", "XCbarcelona", "XNES", "XNFR",
           "XLfr", "XTguide", "XRicc", "XY2024", "XScurrent"}) {
    EXPECT_TRUE(terms.count(expected)) << "missing term " << expected;
  }
  for (const char* absent : {"d'accord", "Guide", "besançon", "XEguide", "Zguide", "l'europe", "XV", "XE"}) {
    EXPECT_FALSE(terms.count(absent)) << "unexpected term " << absent;
  }
  EXPECT_EQ(x.get_value(layout::kSlotWork), "guide");
  EXPECT_EQ(x.get_value(layout::Spec(layout::Facet::kDomain).slot), std::string("anti-rumours\x1f") + "communication");
  EXPECT_EQ(x.get_value(layout::Spec(layout::Facet::kCountry).slot), std::string("ES\x1f") + "FR");
  EXPECT_EQ(Xapian::sortable_unserialise(x.get_value(layout::kSlotYear)), 2024);
  EXPECT_EQ(x.get_value(layout::kSlotDate), "2024-01-01");
  EXPECT_EQ(x.get_value(layout::kSlotSource), std::string("guide-fr\x1fhash\x1f/corpus/guide.xml\x1f\x1f"))
      << "id, hash, source, line digest (none), files key (no files)";
  EXPECT_EQ(x.get_value(layout::kSlotFiles), "") << "no files, no facts";
  EXPECT_EQ(x.get_value(layout::Spec(layout::Facet::kEdition).slot), "") << "no edition, no value";
}

// A passage carries its text, its record's stamp and its record's title words
// (so a query naming the publication and a word of the page finds the page),
// but never the record's identity, summary, body, field terms or hit JSON: it
// must not be mistaken for a record.
TEST(AnalyzerGolden, PassageOfAFileCarriesItsRecordsStamp) {
  files::Passage passage{"Les cafés\nDes voisins parlent des rumeurs.", /*heading_bytes=*/10, /*page=*/12, /*ordinal=*/3, 7};
  Xapian::Document x = BuildPassageDocument(Sample(), 1, passage, "fr", Analyzer());
  std::set<std::string> terms = Terms(x);
  for (const char* expected : {"les", "cafes", "XEcafés", "voisins", "rumeurs", "Zrumeur", "Qguide-fr#1.3",
                               "XKpassage", "XPguide-fr", "XWguide", "XDanti-rumours", "XDcommunication",
                               "XCbarcelona", "XNES", "XLfr", "XTguide", "XRicc", "XY2024", "XScurrent",
                               "guide", "besancon"}) {
    EXPECT_TRUE(terms.count(expected)) << "missing term " << expected;
  }
  for (const char* absent : {"Qguide-fr", "XKrecord", "Sguide", "villes", "europe"})
    EXPECT_FALSE(terms.count(absent)) << "unexpected term " << absent;
  // The title comes after the text, a gap apart: no phrase spans the two.
  auto first_position = [&](const std::string& term) {
    Xapian::TermIterator t = x.termlist_begin();
    t.skip_to(term);
    return *t.positionlist_begin();
  };
  EXPECT_GE(first_position("guide"), first_position("rumeurs") + layout::kPositionGap);
  EXPECT_EQ(x.get_value(layout::kSlotPassageOf), "guide-fr");
  EXPECT_EQ(x.get_value(layout::kSlotPassagePlace), "1:12:3") << "file 1, page 12, passage 3";
  EXPECT_EQ(x.get_value(layout::kSlotWork), "guide");
  EXPECT_EQ(x.get_value(layout::kSlotDate), "2024-01-01");
  EXPECT_EQ(x.get_value(layout::Spec(layout::Facet::kLang).slot), "fr");
  for (Xapian::valueno record_only : {layout::kSlotSource, layout::kSlotHit, layout::kSlotSnippetText, layout::kSlotFiles})
    EXPECT_EQ(x.get_value(record_only), "") << "slot " << record_only;
  EXPECT_EQ(x.get_data(), passage.text);
  EXPECT_EQ(Wdf(x, "cafes"), layout::kSummaryWeight) << "headings weigh as in records";
  EXPECT_EQ(Wdf(x, "voisins"), layout::kBodyWeight);
}

TEST(AnalyzerGolden, RestampingAPassageReplacesItsRecordsTags) {
  files::Passage passage{"Texte.", 0, /*page=*/0, /*ordinal=*/1, 1};
  Xapian::Document x = BuildPassageDocument(Sample(), 0, passage, "fr", Analyzer());
  Document changed = Sample();
  changed.domains = {"education"};
  changed.year.reset();
  ClearRecordStamp(&x);
  StampRecord(changed, &x);
  std::set<std::string> terms = Terms(x);
  EXPECT_TRUE(terms.count("XDeducation"));
  for (const char* gone : {"XDanti-rumours", "XDcommunication", "XY2024"}) EXPECT_FALSE(terms.count(gone)) << gone;
  for (const char* kept : {"texte", "XKpassage", "XPguide-fr", "Qguide-fr#0.1"}) EXPECT_TRUE(terms.count(kept)) << kept;
  EXPECT_EQ(x.get_value(layout::kSlotYear), "");
  EXPECT_EQ(x.get_value(layout::kSlotPassagePlace), "0:0:1");
}

TEST(AnalyzerGolden, BodyStartIsKeptAsPlainTextForSnippets) {
  Document d = Sample();
  d.body = {{"Contexte", {"Premier paragraphe.", "Second."}}, {"", {std::string(3000, 'x') + " fin"}}};
  Xapian::Document x = BuildXapianDocument(d, Analyzer(), "hash");
  std::string text = x.get_value(layout::kSlotSnippetText);
  EXPECT_EQ(text.rfind("Contexte. Premier paragraphe. Second.", 0), 0u) << text;
  EXPECT_LE(text.size(), layout::kSnippetTextBytes);
  EXPECT_EQ(text.find("fin"), std::string::npos) << "cut at a word boundary within the limit";
}

TEST(AnalyzerGolden, TitleWordsWeighMoreThanSummaryWords) {
  Analyzer analyzer;
  Xapian::Document x = BuildXapianDocument(Sample(), analyzer, "hash");
  EXPECT_EQ(Wdf(x, "guide"), layout::kTitleWeight);
  EXPECT_EQ(Wdf(x, "villes"), layout::kSummaryWeight);
}

TEST(AnalyzerGolden, JapaneseTextGetsUnigramsAndBigrams) {
  Analyzer analyzer;
  Xapian::Document x;
  Xapian::termpos pos = 0;
  analyzer.IndexText("多様性の都市", "ja", 1, &x, &pos);
  std::set<std::string> terms = Terms(x);
  for (const char* t : {"多", "様", "性", "の", "都", "市", "多様", "様性", "都市"}) EXPECT_TRUE(terms.count(t)) << t;
  EXPECT_FALSE(terms.count("多様性の都市"));
}

TEST(AnalyzerGolden, CyrillicKeepsItsLettersAndGetsStems) {
  Analyzer analyzer;
  Xapian::Document x;
  Xapian::termpos pos = 0;
  analyzer.IndexText("Міжкультурні міста України", "uk", 1, &x, &pos);
  std::set<std::string> terms = Terms(x);
  EXPECT_TRUE(terms.count("україни"));
  EXPECT_TRUE(terms.count("Zмісто")) << "Hunspell stem of міста";
  EXPECT_FALSE(terms.count("украини")) << "й/ї are letters, not diacritics";
}

}  // namespace
}  // namespace bridges
