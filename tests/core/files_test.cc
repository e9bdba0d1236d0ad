// Extraction from real files made by real producers (Chromium, pandoc, qpdf,
// Python's zipfile), content sniffing, zip limits and the passage cutter.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/files/extract.h"
#include "core/files/passages.h"
#include "core/files/zip_reader.h"
#include "core/language.h"
#include "tests/files_fixtures.h"
#include "tests/test_util.h"

namespace bridges::files {
namespace {

using testing::TempDir;

struct Extracted {
  Status status = Status::Ok();
  FileMetadata meta;
  std::vector<std::string> texts;
  std::vector<int> pages;
  std::vector<bool> headings;

  // The pages on which `word` occurs.
  std::vector<int> PagesOf(const std::string& word) const {
    std::vector<int> out;
    for (size_t i = 0; i < texts.size(); ++i)
      if (texts[i].find(word) != std::string::npos && (out.empty() || out.back() != pages[i])) out.push_back(pages[i]);
    return out;
  }
  bool IsHeading(const std::string& text) const {
    for (size_t i = 0; i < texts.size(); ++i)
      if (texts[i] == text) return headings[i];
    return false;
  }
};

Extracted Extract(const std::string& path, const ExtractLimits& limits = {}) {
  Extracted e;
  e.status = ExtractFile(path, limits, &e.meta, [&](const TextBlock& b) {
    e.texts.emplace_back(b.text);
    e.pages.push_back(b.page);
    e.headings.push_back(b.heading);
  });
  return e;
}

TEST(Files, PdfPagesKeepTheirNumbers) {
  TempDir dir;
  std::string pdf = dir.path() + "/handbook.pdf";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "Anti-rumours handbook",
                                                 testing::SamplePages("en", 8, 7, "The quillwort workshop.")),
                              pdf),
            "");
  Extracted e = Extract(pdf);
  ASSERT_TRUE(e.status.ok()) << e.status.message();
  EXPECT_EQ(e.meta.pages, 8);
  EXPECT_EQ(e.meta.format, "PDF document");
  EXPECT_EQ(e.meta.media_type, "application/pdf");
  EXPECT_EQ(e.meta.title, "Anti-rumours handbook");
  EXPECT_EQ(e.PagesOf("quillwort"), std::vector<int>{7});
  EXPECT_EQ(e.PagesOf("Intercultural"), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(Files, DocxAndOdtKeepHeadingsAndParagraphs) {
  TempDir dir;
  const std::string markdown =
      "# Rumour cafés\n\nNeighbours meet over coffee to talk about what they hear.\n\n"
      "## Training agents\n\nVolunteers learn to answer a rumour with **facts** and empathy.\n";
  for (const char* ext : {".docx", ".odt"}) {
    std::string path = dir.path() + "/guide" + ext;
    ASSERT_EQ(testing::Pandoc(markdown, "Anti-rumours guide", path), "");
    Extracted e = Extract(path);
    ASSERT_TRUE(e.status.ok()) << ext << ": " << e.status.message();
    EXPECT_TRUE(e.IsHeading("Rumour cafés")) << ext;
    EXPECT_TRUE(e.IsHeading("Training agents")) << ext;
    EXPECT_FALSE(e.IsHeading("Volunteers learn to answer a rumour with facts and empathy.")) << ext;
    EXPECT_EQ(e.PagesOf("Volunteers learn to answer a rumour with facts and empathy."), std::vector<int>{0}) << ext;
    EXPECT_EQ(e.meta.title, "Anti-rumours guide") << ext;
  }
  EXPECT_EQ(Extract(dir.path() + "/guide.docx").meta.format, "Word document (DOCX)");
  EXPECT_EQ(Extract(dir.path() + "/guide.odt").meta.format, "OpenDocument text (ODT)");
}

TEST(Files, HtmlDropsScriptsStylesAndNavigation) {
  TempDir dir;
  std::string path = dir.Write("page.xhtml",
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\"><head><title>Villes "
                               "interculturelles</title><style>p { color: red }</style>"
                               "<script>var hidden = 'scriptword';</script></head><body>"
                               "<nav><a href=\"/\">navword</a></nav><div role=\"navigation\">menuword</div>"
                               "<h1>La stratégie</h1><p>Les villes &amp; leurs habitants.<br/>Deuxième ligne.</p>"
                               "<svg><text>drawingword</text></svg></body></html>");
  Extracted e = Extract(path);
  ASSERT_TRUE(e.status.ok()) << e.status.message();
  EXPECT_EQ(e.meta.title, "Villes interculturelles");
  EXPECT_EQ(e.meta.lang, "fr");
  EXPECT_EQ(e.texts, (std::vector<std::string>{"La stratégie", "Les villes & leurs habitants. Deuxième ligne."}));
  EXPECT_TRUE(e.IsHeading("La stratégie"));
}

TEST(Files, TextAndMarkdownHeadings) {
  TempDir dir;
  Extracted e =
      Extract(dir.Write("notes.md", "# Title line\n\nFirst paragraph\ncontinues here.\n\nSetext\n======\n\nEnd."));
  ASSERT_TRUE(e.status.ok()) << e.status.message();
  EXPECT_EQ(e.texts, (std::vector<std::string>{"Title line", "First paragraph continues here.", "Setext", "End."}));
  EXPECT_TRUE(e.IsHeading("Title line"));
  EXPECT_TRUE(e.IsHeading("Setext"));
  EXPECT_EQ(e.meta.format, "Markdown text");
  Extracted latin1 = Extract(dir.Write("latin1.txt", std::string("Caf\xE9 cr\xE8me, une ville.\n")));
  EXPECT_EQ(latin1.status.message(), "unsupported type: text in an encoding other than UTF-8 (save it as UTF-8)");
}

// Each bad file gives its reason, named in words a curator can act on.
TEST(Files, BadFilesSayWhatIsWrong) {
  TempDir dir;
  std::string good = dir.path() + "/good.pdf";
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "Good", testing::SamplePages("en", 2, 0, "")), good), "");
  ASSERT_EQ(testing::EncryptPdf(good, dir.path() + "/encrypted.pdf"), "");
  std::string pdf_bytes;
  {
    std::ifstream in(good, std::ios::binary);
    pdf_bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  dir.Write("truncated.pdf", pdf_bytes.substr(0, pdf_bytes.size() / 2));
  ASSERT_EQ(testing::PrintPdf(testing::PagedHtml("en", "",
                                                 {"<svg width='300' height='200'><rect width='200' "
                                                  "height='100' fill='teal'/></svg>"}),
                              dir.path() + "/scan.pdf"),
            "");
  ASSERT_EQ(testing::RatioBomb(dir.path() + "/ratio.docx", 20), "");
  ASSERT_EQ(testing::EntryBomb(dir.path() + "/entries.docx", 10001), "");
  ASSERT_EQ(testing::WritePng(dir.path() + "/picture.pdf"), "");
  dir.Write("random.docx", std::string("\x01\x02\x00\x7f binary", 12));
  ExtractLimits small;
  small.max_file_bytes = 1000;
  const std::pair<std::string, std::string> cases[] = {
      {"encrypted.pdf", "encrypted PDF: a password is required to open it"},
      {"truncated.pdf", "corrupt PDF: Couldn't find trailer dictionary"},
      {"scan.pdf", "no text layer: scanned document (1 pages of images; run OCR on it first)"},
      {"ratio.docx", "zip bomb: entry 'word/document.xml' expands"},
      {"entries.docx", "zip bomb: 10003 entries (limit 10000)"},
      {"picture.pdf", "unsupported type: PNG image (named .pdf, but it does not start with %PDF-)"},
      {"random.docx", "unsupported type: binary data (named .docx, but it is not a zip archive)"},
      {"missing.pdf", "cannot read file: no such file"},
  };
  for (const auto& [name, message] : cases) {
    std::string got = Extract(dir.path() + "/" + name).status.message();
    EXPECT_EQ(got.substr(0, message.size()), message) << name << ": " << got;
  }
  EXPECT_EQ(Extract(good, small).status.message().substr(0, 8), "file is ");
  EXPECT_NE(Extract(good, small).status.message().find("over the limit of 1000"), std::string::npos);
}

TEST(Files, ZipTotalLimitCountsInflatedBytes) {
  TempDir dir;
  std::string docx = dir.path() + "/long.docx";
  std::string markdown;
  for (int i = 0; i < 400; ++i)
    markdown += "Paragraph " + std::to_string(i) + ": " + testing::SampleText("en") + "\n\n";
  ASSERT_EQ(testing::Pandoc(markdown, "Long", docx), "");
  ExtractLimits limits;
  limits.max_zip_uncompressed = 100 * 1024;
  EXPECT_EQ(Extract(docx, limits).status.message().substr(0, 9), "zip bomb:");
  EXPECT_TRUE(Extract(docx).status.ok());
}

TEST(Files, SniffingByContentNotName) {
  const std::pair<std::string, std::string> cases[] = {
      {"%PDF-1.7\n", "PDF document"},
      {"\x89PNG\r\n\x1a\n rest", "PNG image"},
      {"\xFF\xD8\xFF\xE0 jpeg", "JPEG image"},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "legacy Microsoft Office document (.doc, .xls or .ppt)"},
      {"{\\rtf1 hello}", "RTF document"},
      {"<!DOCTYPE html><html><body>x</body></html>", "HTML page"},
      {"\xEF\xBB\xBF<!-- c --><html>", "HTML page"},
      {"<?xml version=\"1.0\"?><root/>", "XML document (not XHTML)"},
      {"# Heading\n\ntext", "Markdown text"},
      {"Plain words.\n", "plain text"},
      {"", "empty file"},
  };
  for (const auto& [bytes, name] : cases) EXPECT_EQ(SniffBytes(bytes).name, name) << bytes;
}

TEST(Files, ByteSizes) {
  uint64_t n = 0;
  EXPECT_TRUE(ParseByteSize("100M", &n));
  EXPECT_EQ(n, 100ull << 20);
  EXPECT_TRUE(ParseByteSize("2g", &n));
  EXPECT_EQ(n, 2ull << 30);
  EXPECT_TRUE(ParseByteSize("512", &n));
  EXPECT_EQ(n, 512u);
  for (const char* bad : {"", "M", "0", "10X", "-1"}) EXPECT_FALSE(ParseByteSize(bad, &n)) << bad;
}

// ---- Passages ---------------------------------------------------------------

std::vector<Passage> Cut(const std::vector<TextBlock>& blocks, PassageOptions options = {}) {
  std::vector<Passage> out;
  PassageCutter cutter(options, [&](Passage&& p) { out.push_back(std::move(p)); });
  for (const TextBlock& b : blocks) cutter.Add(b);
  cutter.Finish();
  return out;
}

std::string Words(int n, const std::string& word = "word") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + word;
  return out;
}

TEST(Passages, PdfPagesAreOnePassageEach) {
  std::string a = Words(300), b = Words(450);
  std::vector<Passage> p = Cut({{a, 1, false}, {a, 1, false}, {b, 2, false}});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].page, 1);
  EXPECT_EQ(p[0].words, 600u);
  EXPECT_EQ(p[1].page, 2);
  EXPECT_EQ(p[1].ordinal, 2);
}

TEST(Passages, LongPagesAreWindowed) {
  std::string sentence = Words(9) + ". ";
  std::string page;
  for (int i = 0; i < 200; ++i) page += sentence;  // 1,800 words in one block
  std::vector<Passage> p = Cut({{page, 3, false}});
  ASSERT_GE(p.size(), 3u);
  for (const Passage& x : p) {
    EXPECT_EQ(x.page, 3);
    EXPECT_LE(x.words, 700u);
    EXPECT_EQ(x.text.back(), '.') << "cut at a sentence end";
  }
}

TEST(Passages, UnpagedTextMakesWindowsWithinSections) {
  const std::string eighty = Words(80), thirty = Words(30);
  std::vector<TextBlock> blocks = {{"Introduction", 0, true}, {eighty, 0, false},  {eighty, 0, false},
                                   {eighty, 0, false},        {"Method", 0, true}, {thirty, 0, false}};
  std::vector<Passage> p = Cut(blocks);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].text.substr(0, 13), "Introduction\n");
  EXPECT_EQ(p[0].heading_bytes, 12u);
  EXPECT_EQ(p[0].words, 161u);
  EXPECT_EQ(p[1].words, 80u);
  EXPECT_EQ(p[2].text.substr(0, 7), "Method\n") << "a heading starts a passage";
  EXPECT_EQ(p[2].page, 0);
}

TEST(Passages, CjkCountsTwoCharactersAsAWord) {
  EXPECT_EQ(CountWords("多文化共生"), 3u);
  EXPECT_EQ(CountWords("Wrocław  and  Łódź"), 3u);
  std::string text;
  for (int i = 0; i < 100; ++i) text += "多文化共生の都市です。";
  std::vector<Passage> p = Cut({{text, 0, false}});
  ASSERT_GE(p.size(), 2u);
  for (const Passage& x : p) EXPECT_LE(x.words, 200u);
  EXPECT_TRUE(p[0].text.ends_with("。"));
}

TEST(Language, DetectsTheSampleTexts) {
  for (const char* lang : {"en", "pl", "uk", "el", "ja"})
    EXPECT_EQ(DetectLanguage(testing::SampleText(lang)), lang) << lang;
  EXPECT_EQ(DetectLanguage("ok"), std::nullopt) << "too short to tell";
}

}  // namespace
}  // namespace bridges::files
