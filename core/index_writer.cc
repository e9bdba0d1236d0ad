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

std::string Absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? path : p.string();
}

}  // namespace

std::string ContentHash(const Document& doc) {
  std::string text = ToJson(doc).dump();
  text += kLayoutVersion;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Xapian::Document BuildXapianDocument(const Document& doc, const Analyzer& analyzer, const std::string& content_hash) {
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
  x.add_boolean_term(std::string(kWork) + doc.work);
  x.add_boolean_term(std::string(kKind) + std::string(kKindRecord));
  std::vector<std::string> cities;
  for (const City& c : doc.cities) cities.push_back(c.id);
  AddFacet(&x, Facet::kDomain, doc.domains);
  AddFacet(&x, Facet::kLang, {doc.lang});
  AddFacet(&x, Facet::kCity, cities);
  AddFacet(&x, Facet::kCountry, doc.countries);
  AddFacet(&x, Facet::kType, {doc.type});
  AddFacet(&x, Facet::kNetwork, doc.networks);
  if (doc.year) AddFacet(&x, Facet::kYear, {std::to_string(*doc.year)});
  AddFacet(&x, Facet::kStatus, {doc.status});
  if (!doc.edition.empty()) AddFacet(&x, Facet::kEdition, {doc.edition});

  x.add_value(kSlotWork, doc.work);
  if (doc.year) x.add_value(kSlotYear, Xapian::sortable_serialise(*doc.year));
  x.add_value(kSlotSortTitle, FoldDiacritics(NormalizeWord(doc.title)));
  std::string date = SortDate(doc);
  if (!date.empty()) x.add_value(kSlotDate, date);
  x.add_value(kSlotSource, doc.id + kValueSeparator + content_hash + kValueSeparator + Absolute(doc.source.path));
  x.add_value(kSlotHit, HitJson(doc));
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
    out->reset(new IndexWriter(std::move(db)));
    return Status::Ok();
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Error("database " + options.db_path +
                         " is locked: another indexer (or curation writer) is writing to it; nothing was changed");
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot open database " + options.db_path + ": " + e.get_description());
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db) : db_(std::move(db)) {
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
    std::string v = *it;
    size_t a = v.find(kValueSeparator), b = v.find(kValueSeparator, a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    known_[v.substr(0, a)] = {it.get_docid(), v.substr(a + 1, b - a - 1), v.substr(b + 1)};
  }
}

Status IndexWriter::Upsert(const Document& doc) {
  std::string hash = ContentHash(doc);
  auto it = known_.find(doc.id);
  if (it != known_.end() && it->second.hash == hash && it->second.source == Absolute(doc.source.path)) {
    it->second.seen = true;
    ++stats_.unchanged;
    return Status::Ok();
  }
  try {
    Xapian::Document x = BuildXapianDocument(doc, analyzer_, hash);
    std::string id_term = std::string(kId) + doc.id;
    Xapian::docid docid = db_.replace_document(id_term, x);
    // Spelling data from titles only: summaries doubled the cost of the
    // spelling table for few extra corrections.
    analyzer_.ForEachWord(doc.title, [&](const std::string& w) { db_.add_spelling(w); });
    if (it == known_.end()) {
      known_[doc.id] = {docid, hash, Absolute(doc.source.path), true};
      ++stats_.added;
    } else {
      it->second = {docid, hash, Absolute(doc.source.path), true};
      ++stats_.updated;
    }
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Error("cannot index '" + doc.id + "': " + e.get_description());
  }
}

bool IndexWriter::Delete(const std::string& id) {
  auto it = known_.find(id);
  if (it == known_.end()) return false;
  db_.delete_document(it->second.docid);
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
    db_.commit_transaction();
    in_transaction_ = false;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Error("commit failed: " + e.get_description());
  }
}

}  // namespace bridges
