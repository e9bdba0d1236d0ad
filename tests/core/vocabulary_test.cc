// The shipped vocabularies: complete labels, definitions and gazetteer aliases.
#include <gtest/gtest.h>

#include "core/vocabulary.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using testing::ShippedVocabularies;

TEST(Vocabularies, TypesAndDomainsHaveLabelsAndDefinitionsInEnglishAndFrench) {
  const Vocabularies& v = ShippedVocabularies();
  EXPECT_EQ(v.types().entries().size(), 15u);
  EXPECT_GE(v.domains().entries().size(), 23u);
  for (const Vocabulary* vocabulary : {&v.types(), &v.domains()}) {
    for (const VocabularyEntry& e : vocabulary->entries()) {
      for (const char* lang : {"en", "fr", "es", "it", "pl", "uk", "el", "ja", "fi"})
        EXPECT_TRUE(e.labels.count(lang)) << vocabulary->name() << " " << e.id << " lacks a " << lang << " label";
      EXPECT_TRUE(e.definition.count("en") && e.definition.count("fr")) << e.id;
    }
  }
}

TEST(Vocabularies, PolicyBriefAndPolicyStudyAreDefinedApart) {
  const Vocabularies& v = ShippedVocabularies();
  std::string brief = v.types().Find("policy-brief")->definition.at("en");
  std::string study = v.types().Find("policy-study")->definition.at("en");
  EXPECT_NE(brief, study);
  EXPECT_NE(brief.find("short"), std::string::npos) << brief;
}

TEST(Vocabularies, GazetteerKnowsTheAliasesUsersType) {
  const Vocabularies& v = ShippedVocabularies();
  const std::pair<const char*, const char*> aliases[] = {
      {"breslau", "wroclaw"}, {"wroclaw", "wroclaw"}, {"cracow", "krakow"}, {"krakow", "krakow"},
      {"san sebastian", "donostia"}, {"lisbon", "lisboa"}, {"reykjavik", "reykjavik"}, {"tavastehus", "hameenlinna"}};
  for (const auto& [alias, id] : aliases) {
    const auto* matches = v.MatchLabel(FoldPhrase(alias));
    ASSERT_NE(matches, nullptr) << alias;
    bool found = false;
    for (const TagMatch& m : *matches) found |= m.facet == layout::Facet::kCity && m.id == id;
    EXPECT_TRUE(found) << alias << " should name " << id;
  }
}

TEST(Vocabularies, LabelsInOtherLanguagesFindTheTag) {
  const Vocabularies& v = ShippedVocabularies();
  for (const char* label : {"participación", "partecipazione", "участь", "participation"}) {
    const auto* matches = v.MatchLabel(FoldPhrase(label));
    ASSERT_NE(matches, nullptr) << label;
    EXPECT_EQ((*matches)[0].id, "participation") << label;
  }
  EXPECT_EQ(v.domains().Label("participation", "es"), "Participación");
  EXPECT_EQ(v.domains().Label("participation", "es-MX"), "Participación") << "falls back to the primary language";
  EXPECT_EQ(v.domains().Label("participation", "xx"), v.domains().Label("participation", "en"));
}

TEST(Vocabularies, MissingDirectoryIsAClearError) {
  Vocabularies v;
  Status s = Vocabularies::Load("/nonexistent", &v);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "/nonexistent/types.json: cannot open vocabulary");
}

}  // namespace
}  // namespace bridges
