#include "core/record_files.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/file_store.h"
#include "core/index_layout.h"
#include "core/index_writer.h"
#include "core/language.h"
#include "core/loader.h"
#include "core/passage_lookup.h"

namespace bridges {

namespace fs = std::filesystem;
using namespace layout;

namespace {

// Text CLD2 reads before passages are analysed: enough for a reliable guess,
// little enough to hold (a few passages).
constexpr size_t kLanguageSample = 4096;

// Extracts one file into passages. Passages wait until the file's language
// is known (declared, or detected from the first few KiB), then are analysed
// and written one by one, so memory holds a page or two whatever the file.
class FileRun {
 public:
  FileRun(const Document& doc, int file, const Analyzer& analyzer, const FileOptions& options,
          Xapian::WritableDatabase* db, FileFacts* facts)
      : doc_(doc),
        ref_(doc.files[static_cast<size_t>(file)]),
        file_(file),
        analyzer_(analyzer),
        options_(options),
        db_(db),
        facts_(facts),
        cutter_(options.passages, [this](files::Passage&& p) { OnPassage(std::move(p)); }) {}

  Status Run() {
    Status s = files::ExtractFile(facts_->path, options_.limits, &facts_->meta,
                                  [this](const files::TextBlock& block) { cutter_.Add(block); });
    if (s.ok()) cutter_.Finish();
    if (s.ok() && !decided_) DecideLanguage();
    if (s.ok() && cutter_.passages() == 0) s = Status::Invalid("no text found in the file");
    if (!s.ok()) Rollback();
    facts_->passages = s.ok() ? static_cast<size_t>(cutter_.passages()) : 0;
    return s;
  }

 private:
  void OnPassage(files::Passage&& passage) {
    if (decided_) return Write(passage);
    if (sample_.size() < kLanguageSample) sample_ += passage.text + "\n";
    pending_.push_back(std::move(passage));
    if (sample_.size() >= kLanguageSample) DecideLanguage();
  }

  // A declared language is trusted; otherwise the text's own language is
  // used, and a difference from the record's is worth a curator's look.
  void DecideLanguage() {
    decided_ = true;
    facts_->lang = doc_.lang;
    if (!ref_.lang.empty()) {
      facts_->lang = CanonicalLanguageTag(ref_.lang);
    } else if (std::optional<std::string> detected = DetectLanguage(sample_)) {
      facts_->detected = *detected;
      if (*detected != PrimaryLanguage(doc_.lang)) facts_->lang = *detected;
    }
    sample_.clear();
    for (const files::Passage& p : pending_) Write(p);
    pending_.clear();
  }

  void Write(const files::Passage& passage) {
    if (!db_) return;
    written_.push_back(db_->add_document(BuildPassageDocument(doc_, file_, passage, facts_->lang, analyzer_)));
  }

  void Rollback() {
    for (Xapian::docid docid : written_) db_->delete_document(docid);
    written_.clear();
  }

  const Document& doc_;
  const FileRef& ref_;
  int file_;
  const Analyzer& analyzer_;
  const FileOptions& options_;
  Xapian::WritableDatabase* db_;
  FileFacts* facts_;
  files::PassageCutter cutter_;
  std::vector<files::Passage> pending_;
  std::string sample_;
  bool decided_ = false;
  std::vector<Xapian::docid> written_;
};

void Report(Diagnostics* diagnostics, const std::string& path, Severity severity, std::string message) {
  if (diagnostics) diagnostics->push_back({{path, 0, 0}, severity, std::move(message)});
}

// The JSON array kept in layout::kSlotFiles.
std::string FilesFactsJson(const std::vector<FileFacts>& facts) {
  nlohmann::json out = nlohmann::json::array();
  for (const FileFacts& f : facts) out.push_back(FileFactsJson(f));
  return out.dump();
}

}  // namespace

nlohmann::json FileFactsJson(const FileFacts& f) {
  nlohmann::json j = {{"bytes", f.bytes}, {"sha256", f.sha256}, {"passages", f.passages}};
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("media_type", f.meta.media_type);
  put("format", f.meta.format);
  if (f.meta.pages > 0) j["pages"] = f.meta.pages;
  put("lang", f.lang);
  put("detected_lang", f.detected);
  put("title", f.meta.title);
  put("author", f.meta.author);
  put("subject", f.meta.subject);
  put("created", f.meta.created);
  put("modified", f.meta.modified);
  put("error", f.error);
  return j;
}

FileFacts InspectFile(const std::string& path, const FileRef& ref, const std::string& record_lang,
                      const FileOptions& options) {
  // The analyzer only analyses passages it writes, and nothing is written.
  static const Analyzer analyzer;
  Document doc;
  doc.id = "inspected";
  doc.lang = record_lang;
  doc.files = {ref};
  std::vector<FileFacts> facts(1);
  facts[0].path = path;
  FileStats stats;
  IndexRecordFiles(doc, analyzer, options, nullptr, &facts, nullptr, &stats);
  return facts[0];
}

void FileStats::Add(const FileStats& o) {
  files += o.files;
  failed += o.failed;
  pages += o.pages;
  passages += o.passages;
}

std::string ResolveFilePath(const std::string& record_source, const FileRef& ref, const std::string& store_files) {
  if (!ref.sha256.empty() && !store_files.empty()) return BlobPath(store_files, ref.sha256);
  return (fs::path(record_source).parent_path() / ref.path).lexically_normal().string();
}

std::vector<FileFacts> DigestRecordFiles(const Document& doc, const FileOptions& options) {
  std::vector<FileFacts> out(doc.files.size());
  for (size_t i = 0; i < doc.files.size(); ++i) {
    FileFacts& f = out[i];
    const FileRef& ref = doc.files[i];
    f.path = ResolveFilePath(doc.source.path, ref, options.store_files);
    Status s = files::DigestFile(f.path, options.limits, &f.sha256, &f.bytes);
    if (!s.ok()) f.error = s.message();
    else if (!ref.sha256.empty() && f.sha256 != ref.sha256)
      f.error = "content does not match its sha256 " + ref.sha256 + " (it is " + f.sha256 + ")";
  }
  return out;
}

std::string FilesKey(const Document& doc, const std::vector<FileFacts>& facts) {
  if (doc.files.empty()) return "";
  std::string all;
  for (size_t i = 0; i < doc.files.size() && i < facts.size(); ++i)
    all +=
        doc.files[i].path + '\n' + doc.files[i].lang + '\n' + (facts[i].error.empty() ? facts[i].sha256 : "?") + '\n';
  return Digest(all);
}

RecordFilesState IndexRecordFiles(const Document& doc, const Analyzer& analyzer, const FileOptions& options,
                                  Xapian::WritableDatabase* db, std::vector<FileFacts>* facts, Diagnostics* diagnostics,
                                  FileStats* stats) {
  RecordFilesState state{FilesKey(doc, *facts), ""};
  for (size_t i = 0; i < doc.files.size() && i < facts->size(); ++i) {
    FileFacts& f = (*facts)[i];
    if (f.error.empty()) {
      Status s = FileRun(doc, static_cast<int>(i), analyzer, options, db, &f).Run();
      if (!s.ok()) f.error = s.message();
    }
    if (!f.error.empty()) {
      Report(diagnostics, f.path, Severity::kError, f.error + " (record '" + doc.id + "' is indexed without it)");
      ++stats->failed;
      state.key = "!";
      continue;
    }
    ++stats->files;
    stats->pages += static_cast<size_t>(f.meta.pages);
    stats->passages += f.passages;
    if (!f.detected.empty() && f.detected != PrimaryLanguage(doc.lang))
      Report(diagnostics, f.path, Severity::kWarning,
             "language mismatch: the text reads as '" + f.detected + "', the record '" + doc.id + "' says '" +
                 doc.lang + "'; analysed as '" + f.lang + "' (give the file a lang to override)");
  }
  if (!doc.files.empty()) state.facts_json = FilesFactsJson(*facts);
  return state;
}

Xapian::Document BuildPassageDocument(const Document& doc, int file, const files::Passage& passage,
                                      const std::string& lang, const Analyzer& analyzer) {
  Xapian::Document x;
  Xapian::termpos pos = 0;
  std::string_view text = passage.text;
  analyzer.IndexText(text.substr(0, passage.heading_bytes), lang, kSummaryWeight, &x, &pos);
  analyzer.IndexText(text.substr(passage.heading_bytes), lang, kBodyWeight, &x, &pos);
  // The record's title, in the record's language: a query that names the
  // publication and a word of its page ("handbook rumour cafés") matches the
  // page. IndexText leaves a gap, so no phrase spans page and title. The
  // title stays out of the passage's text and snippet.
  analyzer.IndexText(doc.title, doc.lang, kBodyWeight, &x, &pos);
  x.add_boolean_term(std::string(kId) + PassageId(doc.id, file, passage.ordinal));
  x.add_boolean_term(std::string(kKind) + std::string(kKindPassage));
  x.add_boolean_term(std::string(kPassageOf) + doc.id);
  StampRecord(doc, &x);
  x.add_value(kSlotPassageOf, doc.id);
  x.add_value(kSlotPassagePlace, FormatPassagePlace({file, passage.page, passage.ordinal}));
  x.set_data(passage.text);
  return x;
}

void RestampPassages(Xapian::WritableDatabase& db, const Document& doc) {
  const std::string of = std::string(kPassageOf) + doc.id;
  std::vector<Xapian::docid> docids(db.postlist_begin(of), db.postlist_end(of));
  for (Xapian::docid docid : docids) {
    Xapian::Document x = db.get_document(docid);
    ClearRecordStamp(&x);
    StampRecord(doc, &x);
    db.replace_document(docid, x);
  }
}

void DeletePassages(Xapian::WritableDatabase& db, const std::string& record_id) {
  db.delete_document(std::string(kPassageOf) + record_id);
}

}  // namespace bridges
