#include "tests/files_fixtures.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "core/loader.h"
#include "tests/test_util.h"

namespace bridges::testing {

namespace fs = std::filesystem;

namespace {

// Produced files, by producer and input, for the life of the test binary.
class Cache {
 public:
  // Copies the cached product of `key` to `dest`, producing it first with
  // produce(path) if needed. Returns produce's error, or "".
  template <typename Produce>
  std::string Get(const std::string& key, const std::string& dest, Produce produce) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = made_.find(key);
    if (it == made_.end()) {
      std::string path = dir_.path() + "/" + Digest(key) + fs::path(dest).extension().string();
      std::string error = produce(path);
      if (!error.empty()) return error;
      if (!fs::exists(path)) return "the producer wrote nothing for " + dest;
      it = made_.emplace(key, path).first;
    }
    std::error_code ec;
    fs::create_directories(fs::path(dest).parent_path(), ec);
    fs::copy_file(it->second, dest, fs::copy_options::overwrite_existing, ec);
    return ec ? "cannot copy to " + dest + ": " + ec.message() : "";
  }

 private:
  std::mutex mutex_;
  TempDir dir_;
  std::map<std::string, std::string> made_;
};

Cache& Produced() {
  static Cache cache;
  return cache;
}

std::string Failure(const std::string& what, const CommandResult& r) {
  if (r.exit_code == 0) return "";
  return what + " failed (exit " + std::to_string(r.exit_code) + "): " + r.err.substr(0, 2000);
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

const std::string& SampleText(const std::string& lang) {
  static const std::map<std::string, std::string> texts = {
      {"en",
       "Intercultural cities build trust between residents of different backgrounds. The municipality trains "
       "volunteers who answer rumours with facts in libraries, markets and schools. Each campaign is evaluated "
       "with surveys before and after the activities, and the results are shared with the neighbourhood councils."},
      {"pl",
       "Miasta międzykulturowe budują zaufanie między mieszkańcami o różnym pochodzeniu. Gmina szkoli "
       "wolontariuszy, którzy odpowiadają na plotki faktami w bibliotekach, na targach i w szkołach. Każda "
       "kampania jest oceniana za pomocą ankiet przed działaniami i po nich, a wyniki trafiają do rad osiedli."},
      {"uk",
       "Міжкультурні міста будують довіру між мешканцями різного походження. Громада навчає волонтерів, які "
       "відповідають на чутки фактами в бібліотеках, на ринках і в школах. Кожну кампанію оцінюють за допомогою "
       "опитувань до і після заходів, а результати передають радам мікрорайонів."},
      {"el",
       "Οι διαπολιτισμικές πόλεις χτίζουν εμπιστοσύνη ανάμεσα σε κατοίκους με διαφορετική καταγωγή. Ο δήμος "
       "εκπαιδεύει εθελοντές που απαντούν στις φήμες με γεγονότα σε βιβλιοθήκες, αγορές και σχολεία. Κάθε "
       "εκστρατεία αξιολογείται με έρευνες πριν και μετά τις δράσεις."},
      {"ja",
       "多文化共生の都市は、さまざまな背景を持つ住民の間に信頼を築きます。市はボランティアを育成し、図書館や市場や学校"
       "で"
       "うわさに事実で答えます。それぞれのキャンペーンは、活動の前後に行う調査で評価され、結果は地域の協議会と共有され"
       "ます。"},
  };
  return texts.at(lang);
}

std::string PagedHtml(const std::string& lang, const std::string& title, const std::vector<std::string>& pages) {
  std::string html = "<!doctype html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + title +
                     "</title><style>body{font-family:'Noto Sans','Noto Sans CJK JP',sans-serif;font-size:13pt}"
                     ".page{break-after:page}</style></head><body>\n";
  for (const std::string& page : pages) html += "<div class=\"page\">" + page + "</div>\n";
  return html + "</body></html>\n";
}

const std::vector<PageSentence>& PageSevenSentences() {
  static const std::vector<PageSentence> sentences = {{"en", "The quillwort workshop."},
                                                      {"uk", "Майстерня з вишиванкою."},
                                                      {"el", "Εργαστήριο καλλιγραφία."},
                                                      {"ja", "茶道教室を開きます。"}};
  return sentences;
}

std::string PrintPageSevenHandbooks(const std::string& dir) {
  for (const PageSentence& s : PageSevenSentences()) {
    std::string error = PrintPdf(PagedHtml(s.lang, std::string("Handbook ") + s.lang, SamplePages(s.lang, 8, 7, s.sentence)),
                                 dir + "/handbook." + s.lang + ".pdf");
    if (!error.empty()) return error;
  }
  return "";
}

std::vector<std::string> SamplePages(const std::string& lang, int pages, int extra_page, const std::string& extra) {
  std::vector<std::string> out;
  for (int p = 1; p <= pages; ++p) {
    std::string page = "<p>" + SampleText(lang) + "</p><p>" + SampleText(lang) + "</p>";
    if (p == extra_page) page += "<p>" + extra + "</p>";
    out.push_back(page);
  }
  return out;
}

std::string PrintPdf(const std::string& html, const std::string& dest) {
  return Produced().Get("chromium\n" + html, dest, [&](const std::string& out) {
    TempDir work;
    std::string source = work.path() + "/page.html";
    WriteFile(source, html);
    CommandResult r = Run({"/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           "--no-pdf-header-footer", "--user-data-dir=" + work.path() + "/profile",
                           "--print-to-pdf=" + out, "file://" + source});
    return Failure("chromium --print-to-pdf", r);
  });
}

std::string Pandoc(const std::string& markdown, const std::string& title, const std::string& dest) {
  const std::string format = fs::path(dest).extension().string();
  return Produced().Get("pandoc " + format + "\n" + title + "\n" + markdown, dest, [&](const std::string& out) {
    TempDir work;
    std::string source = work.path() + "/text.md";
    WriteFile(source, markdown);
    return Failure("pandoc",
                   Run({"/usr/bin/pandoc", "-f", "markdown", "--metadata", "title=" + title, "-o", out, source}));
  });
}

std::string EncryptPdf(const std::string& pdf, const std::string& dest) {
  return Produced().Get("qpdf\n" + pdf, dest, [&](const std::string& out) {
    return Failure("qpdf --encrypt",
                   Run({"/usr/bin/qpdf", "--encrypt", "secret", "owner-secret", "256", "--", pdf, out}));
  });
}

std::string RunPython(const std::string& program, const std::vector<std::string>& args) {
  std::error_code ec;
  if (!args.empty()) fs::create_directories(fs::path(args[0]).parent_path(), ec);
  std::vector<std::string> argv = {"/usr/bin/python3", "-c", program};
  argv.insert(argv.end(), args.begin(), args.end());
  return Failure("python3", Run(argv));
}

std::string RatioBomb(const std::string& dest, int megabytes) {
  return RunPython(
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    z.writestr('[Content_Types].xml', '<Types/>')\n"
      "    z.writestr('word/document.xml', b'<' * (int(sys.argv[2]) << 20))\n",
      {dest, std::to_string(megabytes)});
}

std::string EntryBomb(const std::string& dest, int entries) {
  return RunPython(
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
      "    z.writestr('[Content_Types].xml', '<Types/>')\n"
      "    z.writestr('word/document.xml', '<w:document/>')\n"
      "    for i in range(int(sys.argv[2])): z.writestr('word/media/%d.xml' % i, '')\n",
      {dest, std::to_string(entries)});
}

std::string WritePng(const std::string& dest) {
  return RunPython(
      "import sys, struct, zlib\n"
      "def chunk(kind, data):\n"
      "    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))\n"
      "png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))\n"
      "png += chunk(b'IDAT', zlib.compress(b'\\x00\\xff\\x00\\x00')) + chunk(b'IEND', b'')\n"
      "open(sys.argv[1], 'wb').write(png)\n",
      {dest});
}

}  // namespace bridges::testing
