// Query syntax: what parses, what it matches, and the errors users see.
#include <gtest/gtest.h>

#include "core/query_builder.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

Status Build(const std::string& q, BuiltQuery* out, const std::string& qlang = "en", QueryLimits limits = {}) {
  Analyzer analyzer;
  return BuildQuery(q, qlang, analyzer, testing::ShippedVocabularies(), limits, out);
}

std::string Describe(const std::string& q, const std::string& qlang = "en") {
  BuiltQuery built;
  Status s = Build(q, &built, qlang);
  return s.ok() ? built.query.get_description() : "error: " + s.message();
}

TEST(QueryBuilder, WordMatchesFoldedFormStemAndLabelTags) {
  std::string d = Describe("Participation");
  EXPECT_NE(d.find("participation"), std::string::npos) << d;
  EXPECT_NE(d.find("Zparticip"), std::string::npos) << d;
  EXPECT_NE(d.find("XDparticipation"), std::string::npos) << "a vocabulary label also finds the tag: " << d;
}

TEST(QueryBuilder, DiacriticsAreFoldedAndExactFormsBoosted) {
  std::string d = Describe("Wrocław", "pl");
  EXPECT_NE(d.find("wroclaw"), std::string::npos) << d;
  EXPECT_NE(d.find("AND_MAYBE"), std::string::npos) << d;
  EXPECT_NE(d.find("XEwrocław"), std::string::npos) << d;
  EXPECT_NE(d.find("XCwroclaw"), std::string::npos) << "the city name finds the city tag: " << d;
}

TEST(QueryBuilder, OperatorsPhrasesFieldsAndWildcards) {
  EXPECT_NE(Describe("\"rumour cafés\"").find("PHRASE 2"), std::string::npos);
  EXPECT_NE(Describe("a OR b").find(" OR "), std::string::npos);
  EXPECT_NE(Describe("handbook -youth").find("AND_NOT"), std::string::npos);
  EXPECT_NE(Describe("handbook NOT youth").find("AND_NOT"), std::string::npos);
  EXPECT_NE(Describe("title:handbook").find("Shandbook"), std::string::npos);
  EXPECT_NE(Describe("org:Europe").find("XOeurope"), std::string::npos);
  EXPECT_NE(Describe("city:Breslau").find("XCwroclaw"), std::string::npos);
  EXPECT_NE(Describe("domain:youth").find("XDyouth"), std::string::npos);
  EXPECT_NE(Describe("rumo*").find("WILDCARD"), std::string::npos);
  EXPECT_NE(Describe("多様").find("PHRASE 2"), std::string::npos);
  EXPECT_NE(Describe("d'accord").find("PHRASE 2"), std::string::npos);
}

TEST(QueryBuilder, EmptyAndNegativeQueriesListTheFilteredSet) {
  BuiltQuery built;
  ASSERT_TRUE(Build("", &built).ok());
  EXPECT_TRUE(built.empty);
  EXPECT_EQ(built.query.get_description(), "Query(XKrecord)") << "records, never the passages of their files";
  ASSERT_TRUE(Build("-youth", &built).ok());
  EXPECT_TRUE(built.empty);
  EXPECT_NE(built.query.get_description().find("XKrecord AND_NOT"), std::string::npos);
}

TEST(QueryBuilder, MalformedQueriesAreRefusedWithAReason) {
  EXPECT_EQ(Describe("\"open phrase"), "error: unbalanced quote in query");
  EXPECT_EQ(Describe("(a OR b"), "error: unbalanced '(' in query");
  EXPECT_EQ(Describe("a OR b)"), "error: unbalanced ')' in query");
  EXPECT_EQ(Describe("colour:red"),
            "error: unknown field 'colour:' (use title:, org:, city:, domain:, lang:, type:, country:, network:, year:, status: or edition:)");
  std::string many;
  for (int i = 0; i < 65; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_EQ(Describe(many), "error: query has more than 64 terms");
  std::string phrase = "\"";
  for (int i = 0; i < 17; ++i) phrase += "w ";
  EXPECT_EQ(Describe(phrase + "\""), "error: phrase has 17 words; at most 16 are allowed");
  EXPECT_EQ(Describe("bad \xFF"), "error: query is not valid UTF-8 (byte 4)");
}

}  // namespace
}  // namespace bridges
