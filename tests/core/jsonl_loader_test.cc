// The JSON Lines loader, and the lossless XML -> model -> JSON -> model trip.
#include <gtest/gtest.h>

#include "core/document_json.h"
#include "core/loader.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using testing::ShippedVocabularies;

LoadResult Load(const std::string& jsonl) {
  LoadResult r;
  LoadJsonLines(jsonl, "in.jsonl", ShippedVocabularies(), {}, &r);
  return r;
}

const std::string kGood =
    R"({"id":"guide-es","work":"guide","type":"guide","lang":"es","title":"Guía","summary":"Resumen.",)"
    R"("domains":["anti-rumours"],"cities":["barcelona"],"year":2019})";

TEST(JsonLinesLoader, LoadsRecordsAndSkipsBlankLines) {
  LoadResult r = Load(kGood + "\n\n" +
                      R"({"id":"guide-en","work":"guide","type":"guide","lang":"en","title":"Guide","cities":[{"id":"barcelona","country":"ES"}]})" + "\n");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].ToString();
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].title, "Guía");
  EXPECT_EQ(r.documents[0].cities[0].country, "ES");
  EXPECT_EQ(r.documents[0].year, 2019);
  EXPECT_EQ(r.documents[1].source.line, 3);
}

TEST(JsonLinesLoader, TruncatedLineIsRejectedWithItsLineAndColumn) {
  std::string truncated = kGood.substr(0, 40);
  LoadResult r = Load(kGood + "\n" + truncated + "\n" + kGood.substr(0, 12) + "2" + kGood.substr(13) + "\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].where.line, 2);
  EXPECT_EQ(r.diagnostics[0].where.column, 41);
  EXPECT_NE(r.diagnostics[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(r.documents.size(), 2u) << "lines after the bad one still load";
}

TEST(JsonLinesLoader, UnknownFieldAndWrongTypeAreNamed) {
  LoadResult r = Load(R"({"id":"a","work":"a","type":"report","lang":"en","title":"T","colour":"red","year":"2024"})");
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].ToString(), "in.jsonl:1:77: error: field 'year' must be an integer");
  EXPECT_EQ(r.diagnostics[1].ToString(), "in.jsonl:1:62: error: field 'colour' is not a known field");
  EXPECT_EQ(r.rejected, 1u);
}

TEST(JsonLinesLoader, UnknownVocabularyTermPointsAtTheField) {
  LoadResult r = Load(R"({"id":"a","work":"a","type":"report","lang":"en","title":"T","domains":["anti-rumour"]})");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "in.jsonl:1:62: error: unknown domain 'anti-rumour'; did you mean 'anti-rumours'?");
}

TEST(JsonLinesLoader, InvalidUtf8IsRejected) {
  LoadResult r = Load(kGood + "\n" + R"({"id":"b","work":"b","type":"report","lang":"en","title":"bad )" + "\xFF\xFE" + "\"}\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(), "in.jsonl:2:63: error: invalid UTF-8 byte sequence");
  EXPECT_EQ(r.documents.size(), 1u);
}

// Regression: nested items accepted unknown keys, absolute file paths, empty
// sections and impossible dates.
TEST(JsonLinesLoader, NestedItemsAndDatesAreCheckedStrictly) {
  const std::pair<std::string, std::string> cases[] = {
      {R"("files":[{"path":"a.pdf","lable":"PDF"}])", "field 'files/0/lable' is not a known field"},
      {R"("files":[{"path":"/etc/passwd"}])", "path must be relative and stay inside the corpus"},
      {R"("body":[{"paragraphs":[]}])", "field 'body/0/paragraphs' must be a non-empty array of strings"},
      {R"("cities":[{"id":"barcelona","colour":"red"}])", "field 'cities/0/colour' is not a known field"},
      {R"("published":"2021-02-31")", "'2021-02-31' is not a YYYY-MM-DD date"},
  };
  for (const auto& [field, message] : cases) {
    LoadResult r = Load(R"({"id":"a","work":"a","type":"report","lang":"en","title":"T",)" + field + "}");
    ASSERT_EQ(r.diagnostics.size(), 1u) << field;
    EXPECT_NE(r.diagnostics[0].message.find(message), std::string::npos) << r.diagnostics[0].message;
  }
  EXPECT_EQ(Load(R"({"id":"a","work":"a","type":"report","lang":"en","title":"T","published":"2024-02-29"})").documents.size(), 1u);
}

TEST(JsonLinesLoader, DuplicateIdIsRejected) {
  testing::TempDir dir;
  dir.Write("a.jsonl", kGood + "\n" + kGood + "\n");
  LoadResult r = LoadPaths({dir.path()}, ShippedVocabularies());
  EXPECT_EQ(r.documents.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(), dir.path() + "/a.jsonl:2:1: error: duplicate id 'guide-es' (first defined at " +
                                             dir.path() + "/a.jsonl:1:1)");
}

TEST(RoundTrip, XmlToModelToJsonToModelIsLossless) {
  LoadResult xml;
  LoadPaths({testing::CorpusDir()}, ShippedVocabularies()).documents.swap(xml.documents);
  ASSERT_GT(xml.documents.size(), 100u);
  for (const Document& original : xml.documents) {
    std::vector<FieldError> errors;
    std::string line = ToJson(original).dump();
    LoadResult back;
    LoadJsonLines(line, "trip.jsonl", ShippedVocabularies(), {}, &back);
    ASSERT_EQ(back.documents.size(), 1u) << original.id << ": " << back.diagnostics[0].ToString();
    EXPECT_TRUE(back.documents[0].SameContent(original)) << original.id;
  }
}

}  // namespace
}  // namespace bridges
