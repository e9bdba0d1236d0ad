// Test fixtures for attached files, made at test time by real, independent
// producers (all Debian packages in scripts/debian-packages.txt): Chromium
// prints HTML to PDF, pandoc writes DOCX and ODT, qpdf encrypts, Python's
// zipfile builds zip bombs. A producer that is missing fails the test.
//
// Producing is slow (about a second per Chromium launch), so each distinct
// input is produced once per test binary run and copied from then on.
#ifndef BRIDGES_TESTS_FILES_FIXTURES_H_
#define BRIDGES_TESTS_FILES_FIXTURES_H_

#include <string>
#include <vector>

namespace bridges::testing {

// Sample running text in a language ("en", "pl", "uk", "el", "ja"): a few
// sentences about intercultural cities, enough for CLD2 to be sure.
const std::string& SampleText(const std::string& lang);

// An HTML page per element of `pages`, each printed on its own PDF page
// (CSS page breaks), with <html lang> and <title>.
std::string PagedHtml(const std::string& lang, const std::string& title, const std::vector<std::string>& pages);

// `pages` pages of SampleText(lang), with `extra` appended to page
// `extra_page` only (1-based).
std::vector<std::string> SamplePages(const std::string& lang, int pages, int extra_page, const std::string& extra);

// One sentence per language the files tests search in, each with a word no
// other fixture has: English, Ukrainian, Greek and Japanese.
struct PageSentence {
  const char* lang;
  const char* sentence;
};
const std::vector<PageSentence>& PageSevenSentences();

// Prints "<dir>/handbook.<lang>.pdf" for each of PageSevenSentences(): 8
// pages of SampleText, the sentence on page 7 only. An error message or "".
std::string PrintPageSevenHandbooks(const std::string& dir);

// Prints `html` to `dest` with headless Chromium. Returns an error message,
// or "" on success.
std::string PrintPdf(const std::string& html, const std::string& dest);

// Converts Markdown to `dest` (.docx or .odt, by its extension) with pandoc,
// with `title` as the document's title metadata.
std::string Pandoc(const std::string& markdown, const std::string& title, const std::string& dest);

// Encrypts `pdf` into `dest` with qpdf (AES-256, user password "secret").
std::string EncryptPdf(const std::string& pdf, const std::string& dest);

// Runs a Python 3 program (python3 -c) with `args`, the first of which is
// the file it writes (its folder is created); returns its error output on
// failure.
std::string RunPython(const std::string& program, const std::vector<std::string>& args);

// Zip bombs, written with Python's zipfile: a DOCX-shaped archive whose
// word/document.xml is `megabytes` MiB of one repeated byte, and an archive
// of `entries` tiny entries.
std::string RatioBomb(const std::string& dest, int megabytes);
std::string EntryBomb(const std::string& dest, int entries);

// A tiny real PNG image (Python's zlib and struct).
std::string WritePng(const std::string& dest);

}  // namespace bridges::testing

#endif  // BRIDGES_TESTS_FILES_FIXTURES_H_
