#include "core/files/intake.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "core/language.h"
#include "core/unicode.h"

namespace bridges::files {

namespace fs = std::filesystem;

namespace {

constexpr size_t kSampleBytes = 8192;

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "anti-rumours-handbook.pl.pdf" -> stem "anti-rumours-handbook", tag "pl".
// A tag after '-' or '_' ("handbook_pl") is only a candidate: it is believed
// when the text agrees (see Read()).
void SplitName(const std::string& filename, std::string* stem, std::string* tag, std::string* candidate) {
  std::string base = fs::path(filename).stem().string();
  size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0 && IsValidLanguageTag(base.substr(dot + 1))) {
    *tag = CanonicalLanguageTag(base.substr(dot + 1));
    *stem = base.substr(0, dot);
    return;
  }
  *stem = base;
  size_t sep = base.find_last_of("-_");
  if (sep == std::string::npos || sep == 0) return;
  std::string suffix = base.substr(sep + 1);
  if (suffix.size() >= 2 && suffix.size() <= 3 && IsValidLanguageTag(suffix)) *candidate = Lower(suffix);
}

std::string Slug(const std::string& text) {
  std::string folded = FoldDiacritics(NormalizeWord(text)), out;
  for (char c : folded) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 80) out.resize(80);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "work" : out;
}

// Producers put file names or boilerplate where a title belongs.
bool UsableTitle(const std::string& title, const std::string& filename) {
  std::string t = Lower(title);
  if (t.empty() || t == Lower(filename) || t == "untitled" || t.starts_with("microsoft word - ")) return false;
  for (const char* ext : {".html", ".htm", ".pdf", ".docx", ".doc", ".odt", ".txt", ".md"})
    if (t.ends_with(ext)) return false;
  return true;
}

std::string Humanize(const std::string& stem) {
  std::string out;
  for (char c : stem) out += (c == '-' || c == '_') ? ' ' : c;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

IntakeFile Read(const std::string& path, const ExtractLimits& limits) {
  IntakeFile f;
  f.path = path;
  const std::string filename = fs::path(path).filename().string();
  std::string candidate;
  SplitName(filename, &f.stem, &f.name_lang, &candidate);
  std::string sample;
  Status s = ExtractFile(path, limits, &f.meta, [&](const TextBlock& block) {
    if (sample.size() < kSampleBytes) sample.append(block.text).append("\n");
  });
  if (!s.ok()) {
    f.error = s.message();
    return f;
  }
  if (std::optional<std::string> detected = DetectLanguage(sample)) f.detected = *detected;
  if (f.name_lang.empty() && !candidate.empty() && candidate == f.detected) {
    f.name_lang = candidate;
    f.stem = f.stem.substr(0, f.stem.size() - candidate.size() - 1);
  }
  if (!f.name_lang.empty() && (f.detected.empty() || PrimaryLanguage(f.name_lang) == f.detected))
    f.lang = f.name_lang;
  else if (!f.detected.empty())
    f.lang = f.detected;
  else if (IsValidLanguageTag(f.meta.lang))
    f.lang = CanonicalLanguageTag(f.meta.lang);
  if (UsableTitle(f.meta.title, filename)) {
    f.title = f.meta.title;
    f.title_from = "the file's metadata";
  } else if (!f.meta.first_heading.empty()) {
    f.title = f.meta.first_heading;
    f.title_from = "its first heading";
  } else {
    f.title = Humanize(f.stem);
    f.title_from = "its name";
  }
  return f;
}

std::vector<std::string> InputFiles(const std::string& dir) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.starts_with(".") || name.ends_with(".xml") || name.ends_with(".jsonl"))
      continue;
    paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

void AssignRecordIds(IntakeWork* work) {
  std::set<std::string> used;
  for (size_t i = 0; i < work->files.size(); ++i) {
    const std::string& lang = work->files[i].lang;
    std::string base = work->id + "-" + (lang.empty() ? std::to_string(i + 1) : Lower(lang));
    std::string id = base;
    for (int n = 2; used.count(id); ++n) id = base + "-" + std::to_string(n);
    used.insert(id);
    work->record_ids.push_back(id);
  }
}

std::string Escape(const std::string& text, bool comment) {
  std::string out;
  for (char c : text) {
    if (comment)
      out += (c == '-' && !out.empty() && out.back() == '-') ? std::string(" -") : std::string(1, c);
    else if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

// The hints a curator sees above each draft record.
std::string Hints(const IntakeFile& f) {
  std::string h = "from " + fs::path(f.path).filename().string() + ": " + f.meta.format;
  if (f.meta.pages > 0) h += ", " + std::to_string(f.meta.pages) + " pages";
  h += "; language " + (f.lang.empty() ? std::string("unknown") : f.lang);
  if (!f.detected.empty()) h += " (read from the text";
  if (!f.name_lang.empty()) h += std::string(f.detected.empty() ? " (" : ", ") + "the name says " + f.name_lang;
  if (!f.detected.empty() || !f.name_lang.empty()) h += ")";
  h += "; title from " + f.title_from;
  if (!f.meta.author.empty()) h += "; author \"" + f.meta.author + "\"";
  if (!f.meta.created.empty()) h += "; created " + f.meta.created;
  if (!f.meta.modified.empty()) h += "; modified " + f.meta.modified;
  return h;
}

std::string Label(const IntakeFile& f) {
  std::string format = f.meta.format;
  if (format.starts_with("PDF")) return "PDF";
  if (format.find("DOCX") != std::string::npos) return "DOCX";
  if (format.find("ODT") != std::string::npos) return "ODT";
  if (format.starts_with("HTML")) return "HTML";
  return "Text";
}

std::string DraftXml(const IntakeWork& work) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<!-- Draft proposed by bridges-indexer intake: nothing in it is indexed until a curator replaces\n"
       "     every \"" +
       std::string(kToFillIn) + "\" and checks the guesses below. -->\n<collection>\n";
  for (size_t i = 0; i < work.files.size(); ++i) {
    const IntakeFile& f = work.files[i];
    x += "  <!-- " + Escape(Hints(f), true) + " -->\n";
    x += "  <document id=\"" + work.record_ids[i] + "\" work=\"" + work.id + "\" type=\"" + std::string(kToFillIn) +
         "\" lang=\"" + (f.lang.empty() ? std::string(kToFillIn) : f.lang) + "\">\n";
    x += "    <title>" + Escape(f.title, false) + "</title>\n";
    x += "    <files>\n      <file path=\"files/" + Escape(fs::path(f.path).filename().string(), false) +
         "\" role=\"full-text\" label=\"" + Label(f) + "\"/>\n    </files>\n";
    x += "  </document>\n";
  }
  return x + "</collection>\n";
}

void AddError(Diagnostics* diagnostics, const std::string& path, std::string message) {
  Diagnostic d;
  d.where.path = path;
  d.message = std::move(message);
  diagnostics->push_back(std::move(d));
}

// A hard link costs no space; a copy serves across file systems.
Status PlaceFile(const std::string& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(to, ec)) return Status::Ok();
  fs::create_hard_link(from, to, ec);
  if (ec) fs::copy_file(from, to, ec);
  if (ec) return Status::Invalid("cannot copy into " + to.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

IntakeResult ProposeWorks(const std::string& dir, const ExtractLimits& limits, int jobs) {
  std::vector<std::string> paths = InputFiles(dir);
  std::vector<IntakeFile> read(paths.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < paths.size();) read[i] = Read(paths[i], limits);
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < std::max(jobs, 1); ++j) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();

  IntakeResult result;
  std::map<std::string, IntakeWork> works;
  for (IntakeFile& f : read) {
    if (!f.error.empty()) {
      result.failed.push_back(std::move(f));
      continue;
    }
    std::string id = Slug(f.stem);
    works[id].id = id;
    works[id].files.push_back(std::move(f));
  }
  for (auto& [id, w] : works) {
    AssignRecordIds(&w);
    result.works.push_back(std::move(w));
  }
  return result;
}

void WriteProposals(const IntakeResult& result, const std::string& out_dir, std::vector<std::string>* written,
                    Diagnostics* diagnostics) {
  std::error_code ec;
  fs::create_directories(fs::path(out_dir) / "files", ec);
  for (const IntakeWork& work : result.works) {
    fs::path draft = fs::path(out_dir) / (work.id + ".xml");
    if (fs::exists(draft, ec)) {
      AddError(diagnostics, draft.string(), "exists already; not overwritten");
      continue;
    }
    bool placed = true;
    for (const IntakeFile& f : work.files) {
      Status s = PlaceFile(f.path, fs::path(out_dir) / "files" / fs::path(f.path).filename());
      if (!s.ok()) AddError(diagnostics, f.path, s.message());
      placed = placed && s.ok();
    }
    if (!placed) continue;
    std::ofstream(draft, std::ios::binary) << DraftXml(work);
    written->push_back(draft.string());
  }
}

std::vector<std::string> ToFillIn(const IntakeWork& work) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < work.files.size(); ++i) {
    const IntakeFile& f = work.files[i];
    std::string line = work.record_ids[i] + ": type, domains, cities, countries";
    if (f.lang.empty()) line += ", lang (not detected)";
    if (!f.name_lang.empty() && !f.detected.empty() && PrimaryLanguage(f.name_lang) != f.detected)
      line += "; check lang: the name says " + f.name_lang + ", the text reads as " + f.detected;
    if (f.title_from == "its name") line += "; title (made from the file name)";
    lines.push_back(line);
  }
  return lines;
}

}  // namespace bridges::files
