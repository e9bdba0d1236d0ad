// The XML writer is the loader's inverse: every corpus record written out and
// read back is the same record, and the output is valid against the schema
// (also in the namespaced form OAI-PMH harvesters receive).
#include <gtest/gtest.h>

#include <sstream>

#include "core/loader.h"
#include "core/xml_writer.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using testing::ShippedVocabularies;

TEST(XmlWriterTest, EveryCorpusRecordSurvivesTheRoundTrip) {
  LoadResult corpus = LoadPaths({testing::CorpusDir()}, ShippedVocabularies());
  ASSERT_GT(corpus.documents.size(), 200u);
  std::ostringstream xml;
  xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n";
  for (const Document& doc : corpus.documents) WriteDocumentXml(doc, xml, "  ");
  xml << "</collection>\n";
  LoadResult back;
  LoadXml(xml.str(), "written.xml", ShippedVocabularies(), {}, &back);
  ASSERT_EQ(back.rejected, 0u) << (back.diagnostics.empty() ? "" : back.diagnostics.front().message);
  ASSERT_EQ(back.documents.size(), corpus.documents.size());
  for (size_t i = 0; i < corpus.documents.size(); ++i)
    EXPECT_TRUE(back.documents[i].SameContent(corpus.documents[i])) << corpus.documents[i].id;
}

TEST(XmlWriterTest, EscapesMarkupAndDropsCharactersXmlCannotCarry) {
  EXPECT_EQ(XmlEscape("a<b & \"c\"\x01\x1f\td"), "a&lt;b &amp; &quot;c&quot;\td");
  Document doc;
  doc.id = "x-en";
  doc.work = "x";
  doc.type = "guide";
  doc.lang = "en";
  doc.title = "Cities & <migrants>\x02";
  std::ostringstream xml;
  WriteDocumentXml(doc, xml);
  LoadResult back;
  LoadXml(xml.str(), "one.xml", ShippedVocabularies(), {}, &back);
  ASSERT_EQ(back.documents.size(), 1u);
  EXPECT_EQ(back.documents[0].title, "Cities & <migrants>");
}

TEST(XmlWriterTest, NamespacedFormValidatesAgainstTheOaiSchema) {
  LoadResult corpus = LoadPaths({testing::CorpusDir()}, ShippedVocabularies());
  ASSERT_FALSE(corpus.documents.empty());
  testing::TempDir dir;
  std::ostringstream xml;
  WriteDocumentXml(corpus.documents.front(), xml, "", "urn:bridges:document:1");
  std::string path = dir.Write("doc.xml", xml.str());
  testing::CommandResult r = testing::Run(
      {"/usr/bin/xmllint", "--noout", "--schema", std::string(BRIDGES_SOURCE_DIR) + "/schema/oai/bridges.xsd", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace bridges
