// The XML loader on valid input and on each kind of bad input: every rejection
// must carry the exact path:line:col and reason.
#include <gtest/gtest.h>

#include "core/loader.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using testing::ShippedVocabularies;

LoadResult Load(const std::string& xml, const LoadOptions& limits = {}) {
  LoadResult r;
  LoadXml(xml, "in.xml", ShippedVocabularies(), limits, &r);
  return r;
}

const char* kValid = R"(<?xml version="1.0" encoding="UTF-8"?>
<collection>
  <document id="handbook-pl" work="handbook" type="handbook" lang="pl">
    <title>Podręcznik antyplotkowy</title>
    <summary>Jak budować lokalną strategię.</summary>
    <body>
      <section><heading>Wstęp</heading><p>Pierwszy akapit.</p><p>Drugi.</p></section>
    </body>
    <domains><domain>anti-rumours</domain><domain>communication</domain></domains>
    <cities><city>wroclaw</city></cities>
    <countries><country>PL</country></countries>
    <networks><network>icc</network></networks>
    <organisations><organisation>Council of Europe</organisation></organisations>
    <year>2024</year>
    <published>2024-05-01</published>
    <edition>2024</edition>
    <url>https://www.coe.int/en/web/interculturalcities</url>
    <files><file path="files/handbook.pl.pdf" lang="pl" role="full-text" label="PDF"/></files>
  </document>
  <document id="handbook-en" work="handbook" type="handbook" lang="en" status="archived">
    <title>Anti-rumours handbook</title>
  </document>
</collection>
)";

TEST(XmlLoader, LoadsEveryFieldOfAValidCollection) {
  LoadResult r = Load(kValid);
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].ToString();
  ASSERT_EQ(r.documents.size(), 2u);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.id, "handbook-pl");
  EXPECT_EQ(d.work, "handbook");
  EXPECT_EQ(d.type, "handbook");
  EXPECT_EQ(d.lang, "pl");
  EXPECT_EQ(d.status, "current");
  EXPECT_EQ(d.title, "Podręcznik antyplotkowy");
  EXPECT_EQ(d.summary, "Jak budować lokalną strategię.");
  ASSERT_EQ(d.body.size(), 1u);
  EXPECT_EQ(d.body[0].heading, "Wstęp");
  EXPECT_EQ(d.body[0].paragraphs, (std::vector<std::string>{"Pierwszy akapit.", "Drugi."}));
  EXPECT_EQ(d.domains, (std::vector<std::string>{"anti-rumours", "communication"}));
  ASSERT_EQ(d.cities.size(), 1u);
  EXPECT_EQ(d.cities[0].id, "wroclaw");
  EXPECT_EQ(d.cities[0].country, "PL") << "country is filled from the gazetteer";
  EXPECT_EQ(d.countries, std::vector<std::string>{"PL"});
  EXPECT_EQ(d.networks, std::vector<std::string>{"icc"});
  EXPECT_EQ(d.organisations, std::vector<std::string>{"Council of Europe"});
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.published, "2024-05-01");
  EXPECT_EQ(d.edition, "2024");
  EXPECT_EQ(d.url, "https://www.coe.int/en/web/interculturalcities");
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0], (FileRef{"files/handbook.pl.pdf", "pl", "full-text", "PDF", ""}));
  EXPECT_EQ(d.source.line, 3);
  EXPECT_EQ(d.source.column, 3);
  EXPECT_EQ(r.documents[1].status, "archived");
}

TEST(XmlLoader, MalformedXmlRejectsTheFileWithParserLocation) {
  LoadResult r = Load("<?xml version=\"1.0\"?>\n<collection>\n  <document id=\"a\">\n</collection>\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.documents.size(), 0u);
  EXPECT_EQ(r.diagnostics[0].where.line, 4);
  EXPECT_EQ(r.diagnostics[0].where.column, 14);
  EXPECT_NE(r.diagnostics[0].message.find("malformed XML"), std::string::npos);
  EXPECT_NE(r.diagnostics[0].message.find("mismatch"), std::string::npos) << r.diagnostics[0].message;
}

TEST(XmlLoader, SchemaViolationRejectsOnlyThatDocument) {
  std::string xml = std::string(kValid);
  // The second document loses its title, which the schema requires.
  xml.replace(xml.find("    <title>Anti-rumours handbook</title>\n"), 42, "    <summary>No title</summary>\n");
  LoadResult r = Load(xml);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].id, "handbook-pl");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(r.diagnostics[0].ToString().substr(0, 14), "in.xml:21:5: e");
  EXPECT_NE(r.diagnostics[0].message.find("schema: "), std::string::npos);
  EXPECT_NE(r.diagnostics[0].message.find("title"), std::string::npos) << r.diagnostics[0].message;
}

TEST(XmlLoader, UnknownVocabularyTermNamesTheNearestOne) {
  std::string xml = kValid;
  xml.replace(xml.find("<domain>anti-rumours</domain>"), 29, "<domain>anti-rumour</domain>");
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "in.xml:9:14: error: unknown domain 'anti-rumour'; did you mean 'anti-rumours'?");
  EXPECT_EQ(r.documents.size(), 1u) << "the other document still loads";
}

TEST(XmlLoader, UnknownCityAndWrongCountryAreReported) {
  std::string xml = kValid;
  xml.replace(xml.find("<city>wroclaw</city>"), 20, "<city>wroclav</city><city country=\"DE\">krakow</city>");
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].ToString(), "in.xml:10:13: error: unknown city 'wroclav'; did you mean 'wroclaw'?");
  EXPECT_EQ(r.diagnostics[1].ToString(), "in.xml:10:33: error: city 'krakow' is in PL, not DE");
}

TEST(XmlLoader, InvalidUtf8IsRejectedAtItsByte) {
  std::string xml = kValid;
  xml.replace(xml.find("Podręcznik"), 3, "Pod\xC3\x28");
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(), "in.xml:4:15: error: invalid UTF-8 byte sequence");
  EXPECT_TRUE(r.documents.empty());
}

TEST(XmlLoader, ExternalEntityIsRefusedAndNothingIsRead) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<document id=\"a\" work=\"a\" type=\"report\" lang=\"en\"><title>&xxe;</title></document>\n";
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "in.xml:2:1: error: DOCTYPE declarations are not allowed (no DTDs, no entities)");
  EXPECT_TRUE(r.documents.empty());
}

TEST(XmlLoader, BillionLaughsIsRefusedWithoutExpansion) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  for (int i = 1; i < 10; ++i)
    xml += " <!ENTITY lol" + std::to_string(i) + " \"" + std::string(10, '&') + "\">\n";
  xml += "]>\n<document id=\"a\" work=\"a\" type=\"report\" lang=\"en\"><title>&lol9;</title></document>\n";
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].where.line, 2);
  EXPECT_NE(r.diagnostics[0].message.find("DOCTYPE declarations are not allowed"), std::string::npos);
}

TEST(XmlLoader, DocumentOverTheSizeLimitIsRejected) {
  LoadOptions limits;
  limits.max_document_bytes = 40;
  LoadResult r = Load(kValid, limits);
  ASSERT_EQ(r.documents.size(), 1u) << "the small document still loads";
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(), "in.xml:3:3: error: document is larger than the limit of 40 bytes");
}

TEST(XmlLoader, BadLanguageTagAndIdAreRejected) {
  std::string xml = kValid;
  xml.replace(xml.find("lang=\"en\" status"), 9, "lang=\"xx\"");
  LoadResult r = Load(xml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "in.xml:20:3: error: 'xx' is not a well-formed BCP 47 tag of a known language");
}

TEST(XmlLoader, DuplicateIdAcrossFilesPointsToTheFirst) {
  testing::TempDir dir;
  dir.Write("a.xml", kValid);
  dir.Write("b.xml", kValid);
  LoadResult r = LoadPaths({dir.path()}, ShippedVocabularies());
  EXPECT_EQ(r.documents.size(), 2u);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            dir.path() + "/b.xml:3:3: error: duplicate id 'handbook-pl' (first defined at " + dir.path() + "/a.xml:3:3)");
}

TEST(XmlLoader, AnyRealLanguageTagIsAccepted) {
  for (const char* tag : {"es-MX", "pt-BR", "sr-Latn", "sq", "eu"}) {
    std::string xml = "<document id=\"a\" work=\"a\" type=\"report\" lang=\"" + std::string(tag) + "\"><title>x</title></document>";
    LoadResult r = Load(xml);
    EXPECT_TRUE(r.diagnostics.empty()) << tag << ": " << (r.diagnostics.empty() ? "" : r.diagnostics[0].ToString());
    ASSERT_EQ(r.documents.size(), 1u);
    EXPECT_EQ(r.documents[0].lang, tag);
  }
}

}  // namespace
}  // namespace bridges
