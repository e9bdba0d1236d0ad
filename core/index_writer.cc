#include "core/index_writer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/document_json.h"
#include "core/index_layout.h"
#include "core/unicode.h"

namespace bridges {

namespace fs = std::filesystem;
using namespace layout;

namespace {

std::string Pack(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += kValueSeparator;
    out += v;
  }
  return out;
}

void AddFacet(Xapian::Document* xdoc, Facet facet, const std::vector<std::string>& values) {
  const FacetSpec& spec = Spec(facet);
  for (const std::string& v : values) xdoc->add_boolean_term(std::string(spec.prefix) + v);
  if (!values.empty()) xdoc->add_value(spec.slot, Pack(values));
}

std::string SortDate(const Document& doc) {
  if (!doc.published.empty()) return doc.published;
  if (!doc.updated.empty()) return doc.updated;
  if (doc.year) return std::to_string(*doc.year) + "-01-01";
  return "";
}

// The slim record a search hit renders from, without the body.
std::string HitJson(const Document& doc) {
  nlohmann::json hit = ToJson(doc);
  hit.erase("body");
  hit.erase("files");
  hit.erase("organisations");
  nlohmann::json cities = nlohmann::json::array();
  for (const City& c : doc.cities) cities.push_back(c.id);
  hit["cities"] = cities;
  return hit.dump();
}

// Headings and paragraphs as running text, cut at a word boundary after at
// most kSnippetTextBytes bytes (never inside a UTF-8 sequence).
std::string SnippetText(const Document& doc) {
  std::string text;
  for (const Section& s : doc.body) {
    if (!s.heading.empty()) text += s.heading + ". ";
    for (const std::string& p : s.paragraphs) text += p + " ";
    if (text.size() > kSnippetTextBytes) break;
  }
  if (text.size() > kSnippetTextBytes) {
    size_t cut = text.rfind(' ', kSnippetTextBytes);
    text.resize(cut == std::string::npos ? 0 : cut);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Documents from the curation store have no source file, and keep none.
std::string Absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? path : p.string();
}

}  // namespace

namespace {

// FNV-1a over every field, each followed by a separator byte that cannot occur
// in UTF-8 text, so ("ab","c") and ("a","bc") hash differently. Hashing the
// fields directly rather than a JSON rendering made unchanged re-runs 1.6x faster.
class ContentHasher {
 public:
  void Add(std::string_view text) {
    for (unsigned char c : text) Mix(c);
    Mix(0xFF);
  }
  void Add(const std::vector<std::string>& list) {
    for (const std::string& s : list) Add(s);
    Mix(0xFE);
  }
  uint64_t value() const { return h_; }

 private:
  void Mix(unsigned char c) {
    h_ ^= c;
    h_ *= 1099511628211ull;
  }
  uint64_t h_ = 1469598103934665603ull;
};

}  // namespace

std::string ContentHash(const Document& doc, const std::string& files_key) {
  ContentHasher h;
  h.Add(kLayoutVersion);
  h.Add(files_key);
  for (const std::string* field : {&doc.id, &doc.work, &doc.type, &doc.lang, &doc.status, &doc.title, &doc.summary,
                                   &doc.published, &doc.updated, &doc.edition, &doc.url})
    h.Add(*field);
  for (const Section& section : doc.body) {
    h.Add(section.heading);
    h.Add(section.paragraphs);
  }
  h.Add("");
  h.Add(doc.domains);
  for (const City& c : doc.cities) h.Add(c.id + "/" + c.country);
  h.Add("");
  h.Add(doc.countries);
  h.Add(doc.networks);
  h.Add(doc.organisations);
  h.Add(doc.year ? std::to_string(*doc.year) : "");
  // sha256 only when set, so hashes of records without it stay as they were.
  for (const FileRef& f : doc.files)
    h.Add(f.path + "\n" + f.lang + "\n" + f.role + "\n" + f.label + (f.sha256.empty() ? "" : "\n" + f.sha256));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h.value()));
  return buf;
}

void StampRecord(const Document& doc, Xapian::Document* x) {
  x->add_boolean_term(std::string(kWork) + doc.work);
  std::vector<std::string> cities;
  for (const City& c : doc.cities) cities.push_back(c.id);
  AddFacet(x, Facet::kDomain, doc.domains);
  AddFacet(x, Facet::kLang, {doc.lang});
  AddFacet(x, Facet::kCity, cities);
  AddFacet(x, Facet::kCountry, doc.countries);
  AddFacet(x, Facet::kType, {doc.type});
  AddFacet(x, Facet::kNetwork, doc.networks);
  if (doc.year) AddFacet(x, Facet::kYear, {std::to_string(*doc.year)});
  AddFacet(x, Facet::kStatus, {doc.status});
  if (!doc.edition.empty()) AddFacet(x, Facet::kEdition, {doc.edition});
  x->add_value(kSlotWork, doc.work);
  if (doc.year) x->add_value(kSlotYear, Xapian::sortable_serialise(*doc.year));
  x->add_value(kSlotSortTitle, FoldDiacritics(NormalizeWord(doc.title)));
  std::string date = SortDate(doc);
  if (!date.empty()) x->add_value(kSlotDate, date);
}

void ClearRecordStamp(Xapian::Document* x) {
  auto stamped = [](const std::string& term) {
    if (term.size() < 2) return false;
    std::string_view prefix(term.data(), 2);
    if (prefix == kWork) return true;
    for (const FacetSpec& spec : kFacets)
      if (prefix == spec.prefix) return true;
    return false;
  };
  std::vector<std::string> stale;
  for (auto t = x->termlist_begin(); t != x->termlist_end(); ++t)
    if (stamped(*t)) stale.push_back(*t);
  for (const std::string& term : stale) x->remove_term(term);
  // Xapian refuses to remove a value that is not there.
  auto remove = [&](Xapian::valueno slot) {
    if (!x->get_value(slot).empty()) x->remove_value(slot);
  };
  for (Xapian::valueno slot : {kSlotWork, kSlotYear, kSlotSortTitle, kSlotDate}) remove(slot);
  for (const FacetSpec& spec : kFacets) remove(spec.slot);
}

Xapian::Document BuildXapianDocument(const Document& doc, const Analyzer& analyzer, const std::string& content_hash,
                                     const RecordFilesState& files) {
  Xapian::Document x;
  Xapian::termpos pos = 0;
  analyzer.IndexText(doc.title, doc.lang, kTitleWeight, &x, &pos);
  analyzer.IndexText(doc.summary, doc.lang, kSummaryWeight, &x, &pos);
  for (const Section& s : doc.body) {
    analyzer.IndexText(s.heading, doc.lang, kSummaryWeight, &x, &pos);
    for (const std::string& p : s.paragraphs) analyzer.IndexText(p, doc.lang, kBodyWeight, &x, &pos);
  }
  for (const std::string& org : doc.organisations) {
    analyzer.IndexText(org, doc.lang, kBodyWeight, &x, &pos);
    analyzer.IndexField(org, kOrganisation, &x);
  }
  analyzer.IndexField(doc.title, kTitle, &x);

  x.add_boolean_term(std::string(kId) + doc.id);
  x.add_boolean_term(std::string(kKind) + std::string(kKindRecord));
  StampRecord(doc, &x);
  x.add_value(kSlotSource, doc.id + kValueSeparator + content_hash + kValueSeparator + Absolute(doc.source.path) +
                               kValueSeparator + doc.source_digest + kValueSeparator + files.key);
  x.add_value(kSlotHit, HitJson(doc));
  x.add_value(kSlotLabel, doc.id + kValueSeparator + doc.title);
  std::string body = SnippetText(doc);
  if (!body.empty()) x.add_value(kSlotSnippetText, body);
  if (!files.facts_json.empty()) x.add_value(kSlotFiles, files.facts_json);
  x.set_data(ToJson(doc).dump());
  return x;
}

Status IndexWriter::Open(const IndexWriterOptions& options, std::unique_ptr<IndexWriter>* out) {
  // Xapian reads its flush threshold from the environment when the database opens.
  setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(options.flush_threshold).c_str(), 1);
  try {
    Xapian::WritableDatabase db(options.db_path, Xapian::DB_CREATE_OR_OPEN);
    std::string version = db.get_metadata(std::string(kLayoutVersionKey));
    if (!version.empty() && version != kLayoutVersion)
      return Status::Error("database " + options.db_path + " has index layout " + version + ", this build writes " +
                           std::string(kLayoutVersion) + ": rebuild it into an empty directory");
    out->reset(new IndexWriter(std::move(db), options.files));
    return Status::Ok();
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Error("database " + options.db_path +
                         " is locked: another indexer (or curation writer) is writing to it; nothing was changed");
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot open database " + options.db_path + ": " + e.get_description());
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, FileOptions files) : db_(std::move(db)), files_(std::move(files)) {
  LoadKnown();
  db_.begin_transaction();
  in_transaction_ = true;
}

IndexWriter::~IndexWriter() {
  if (!in_transaction_) return;
  try {
    db_.cancel_transaction();
  } catch (const Xapian::Error&) {
  }
}

void IndexWriter::LoadKnown() {
  for (auto it = db_.valuestream_begin(kSlotSource); it != db_.valuestream_end(kSlotSource); ++it) {
    // id, content hash, source path, source-line digest, files key
    std::string fields[5];
    std::string v = *it;
    size_t start = 0;
    int count = 0;
    for (; count < 5 && start <= v.size(); ++count) {
      size_t end = v.find(kValueSeparator, start);
      if (end == std::string::npos) end = v.size();
      fields[count] = v.substr(start, end - start);
      start = end + 1;
    }
    if (count < 3) continue;  // not written by this layout; it is replaced when seen
    known_[fields[0]] = {it.get_docid(), fields[1], fields[2], fields[3], fields[4]};
  }
}

const std::string& IndexWriter::AbsoluteSource(const std::string& path) {
  // Documents arrive file by file: resolving each path once saves a
  // realpath() per document on unchanged re-runs.
  if (path != last_source_) {
    last_source_ = path;
    last_absolute_ = Absolute(path);
  }
  return last_absolute_;
}

Status IndexWriter::Upsert(const Document& doc, Diagnostics* file_diagnostics) {
  std::vector<FileFacts> facts = DigestRecordFiles(doc, files_);
  std::string hash = ContentHash(doc, FilesKey(doc, facts));
  const std::string& source = AbsoluteSource(doc.source.path);
  auto it = known_.find(doc.id);
  if (it != known_.end() && it->second.seen)
    return Status::Invalid("duplicate id '" + doc.id + "' (an earlier document of this run has it)");
  if (it != known_.end() && it->second.hash == hash && it->second.source == source) {
    it->second.seen = true;
    ++stats_.unchanged;
    if (doc.source_digest.empty() || doc.source_digest == it->second.digest) return Status::Ok();
    // Same content from a differently written line: record the line's digest
    // so the next run can skip it unparsed.
    try {
      Xapian::Document x = db_.get_document(it->second.docid);
      x.add_value(kSlotSource, doc.id + kValueSeparator + hash + kValueSeparator + source + kValueSeparator +
                                   doc.source_digest + kValueSeparator + it->second.files_key);
      db_.replace_document(it->second.docid, x);
      it->second.digest = doc.source_digest;
    } catch (const Xapian::Error& e) {
      return Status::Error("cannot update '" + doc.id + "': " + e.get_description());
    }
    return Status::Ok();
  }
  try {
    if (it != known_.end()) ForgetTitleSpelling(it->second.docid);
    RecordFilesState files = UpdateFiles(doc, it == known_.end() ? nullptr : &it->second, &facts, file_diagnostics);
    // A record whose file failed gets a hash no run computes: it is tried
    // (and its error reported) again next time.
    if (files.key == "!") hash = "!";
    Xapian::Document x = BuildXapianDocument(doc, analyzer_, hash, files);
    std::string id_term = std::string(kId) + doc.id;
    Xapian::docid docid = db_.replace_document(id_term, x);
    // Spelling data from titles only: summaries doubled the cost of the
    // spelling table for few extra corrections.
    analyzer_.ForEachWord(doc.title, [&](const std::string& w) { db_.add_spelling(w); });
    if (it == known_.end()) {
      known_[doc.id] = {docid, hash, source, doc.source_digest, files.key, true};
      ++stats_.added;
    } else {
      it->second = {docid, hash, source, doc.source_digest, files.key, true};
      ++stats_.updated;
    }
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot index '" + doc.id + "': " + e.get_description());
  }
}

RecordFilesState IndexWriter::UpdateFiles(const Document& doc, const Known* known, std::vector<FileFacts>* facts,
                                          Diagnostics* diagnostics) {
  RecordFilesState state{FilesKey(doc, *facts), ""};
  // Passages carry their record's title words (BuildPassageDocument): a new
  // title means new passages; other changes only restamp them.
  if (known && !state.key.empty() && known->files_key == state.key && TitleOf(known->docid) == doc.title) {
    // Only the record changed: its passages keep their text and take its new tags.
    RestampPassages(db_, doc);
    state.facts_json = db_.get_document(known->docid).get_value(kSlotFiles);
    return state;
  }
  if (known) DeletePassages(db_, doc.id);
  return IndexRecordFiles(doc, analyzer_, files_, &db_, facts, diagnostics, &file_stats_);
}

std::string IndexWriter::TitleOf(Xapian::docid docid) {
  nlohmann::json hit = nlohmann::json::parse(db_.get_document(docid).get_value(kSlotHit), nullptr, false);
  if (!hit.is_object() || !hit.contains("title") || !hit["title"].is_string()) return "";
  return hit["title"].get<std::string>();
}

void IndexWriter::ForgetTitleSpelling(Xapian::docid docid) {
  analyzer_.ForEachWord(TitleOf(docid), [&](const std::string& w) { db_.remove_spelling(w); });
}

bool IndexWriter::SkipIfUnchanged(const std::string& id, const std::string& digest) {
  auto it = known_.find(id);
  if (it == known_.end() || it->second.digest.empty() || it->second.digest != digest || it->second.seen) return false;
  if (!it->second.files_key.empty()) return false;  // its files may have changed: Upsert() reads their digests
  it->second.seen = true;
  ++stats_.unchanged;
  return true;
}

bool IndexWriter::Delete(const std::string& id) {
  auto it = known_.find(id);
  if (it == known_.end()) return false;
  ForgetTitleSpelling(it->second.docid);
  db_.delete_document(it->second.docid);
  DeletePassages(db_, id);
  known_.erase(it);
  ++stats_.deleted;
  return true;
}

void IndexWriter::PruneUnseen(const std::vector<std::string>& roots) {
  std::vector<std::string> absolute_roots;
  for (const std::string& r : roots) absolute_roots.push_back(Absolute(r));
  std::vector<std::string> gone;
  for (const auto& [id, known] : known_) {
    if (known.seen) continue;
    for (const std::string& root : absolute_roots) {
      if (known.source == root || known.source.rfind(root + "/", 0) == 0) {
        gone.push_back(id);
        break;
      }
    }
  }
  for (const std::string& id : gone) Delete(id);
}

Status IndexWriter::Commit() {
  try {
    db_.set_metadata(std::string(kLayoutVersionKey), std::string(kLayoutVersion));
    in_transaction_ = false;
    db_.commit_transaction();
  } catch (const Xapian::Error& e) {
    return Status::Error("commit failed: " + e.get_description());
  }
  try {
    for (auto& [id, known] : known_) known.seen = false;
    db_.begin_transaction();
    in_transaction_ = true;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Error("committed, but cannot start the next run: " + e.get_description());
  }
}

}  // namespace bridges
