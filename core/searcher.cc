#include "core/searcher.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "core/language.h"
#include "core/passage_lookup.h"
#include "core/snippet.h"
#include "core/stemmers.h"
#include "core/unicode.h"

namespace bridges {

using layout::Facet;
using nlohmann::json;

namespace {

// Only unprefixed words make good "more like this" terms.
class PlainTermsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    return term.size() > 3 || static_cast<unsigned char>(term[0]) >= 0x80;
  }
};

std::optional<Xapian::docid> FindId(const Xapian::Database& db, const std::string& id) {
  std::string term = std::string(layout::kId) + id;
  Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return *it;
}

json SlimRecord(const Xapian::Document& doc) {
  std::string hit = doc.get_value(layout::kSlotHit);
  return hit.empty() ? json::object() : json::parse(hit, nullptr, false);
}

// What a reader and a curator see of a record's files: the name, what the
// indexer found in each (format, size, pages, its own metadata as hints for
// curators) or why it could not be read.
json FileDetails(const json& files, const std::string& facts_value) {
  json facts = json::parse(facts_value, nullptr, false);
  json out = json::array();
  for (size_t i = 0; i < files.size(); ++i) {
    const json& ref = files[i];
    json d = {{"file", i}, {"name", std::filesystem::path(ref.value("path", "")).filename().string()},
              {"role", ref.value("role", "")}, {"label", ref.value("label", "")}};
    if (facts.is_array() && i < facts.size()) {
      for (const char* key : {"media_type", "format", "bytes", "sha256", "pages", "passages", "lang", "detected_lang", "title",
                              "author", "subject", "created", "modified", "error"})
        if (facts[i].contains(key)) d[key] = facts[i][key];
    }
    if (!d.contains("lang") && !ref.value("lang", "").empty()) d["lang"] = ref["lang"];
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Searcher::Searcher(std::string path, const Vocabularies* vocabularies, const SearcherLimits& limits)
    : path_(std::move(path)), vocabularies_(vocabularies), limits_(limits) {}

Status Searcher::Open(const std::string& db_path, const Vocabularies* vocabularies, const SearcherLimits& limits,
                      std::unique_ptr<Searcher>* out) {
  std::unique_ptr<Searcher> s(new Searcher(db_path, vocabularies, limits));
  Status status = s->Reopen();
  if (!status.ok()) return status;
  *out = std::move(s);
  return Status::Ok();
}

Status Searcher::Reopen() {
  try {
    db_ = Xapian::Database(path_);
    table_ = FacetTable::ForRevision(db_, path_);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Unavailable("cannot open the index at " + path_ + ": " + e.get_description());
  }
}

void Searcher::Refresh() {
  try {
    if (db_.reopen()) table_ = FacetTable::ForRevision(db_, path_);
  } catch (const Xapian::Error&) {
    Reopen();
  }
}

template <typename F>
Status Searcher::WithRetry(F f) {
  for (int attempt = 0;; ++attempt) {
    try {
      return f();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 2) return Status::Unavailable("the index changed too often during the request");
      Refresh();
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::Unavailable("cannot read the index: " + e.get_description());
    } catch (const Xapian::Error& e) {
      return Status::Error(e.get_description());
    }
  }
}

uint64_t Searcher::document_count() {
  uint64_t n = 0;
  WithRetry([&] {
    n = db_.get_termfreq(std::string(layout::kKind) + std::string(layout::kKindRecord));  // not passages
    return Status::Ok();
  });
  return n;
}

uint64_t Searcher::revision() {
  uint64_t r = 0;
  WithRetry([&] {
    r = db_.get_revision();
    return Status::Ok();
  });
  return r;
}

Status Searcher::Validate(const SearchRequest& r) const {
  if (r.page < 1) return Status::Invalid("page must be 1 or more");
  if (r.per_page < 1 || r.per_page > limits_.max_per_page)
    return Status::Invalid("per_page must be between 1 and " + std::to_string(limits_.max_per_page));
  if (static_cast<int64_t>(r.page) * r.per_page > limits_.max_result_window)
    return Status::Invalid("page × per_page must not exceed " + std::to_string(limits_.max_result_window));
  if (r.passages < 0 || r.passages > 10) return Status::Invalid("passages must be between 0 and 10");
  if (r.facet_limit < 0 || r.facet_limit > 1000) return Status::Invalid("facet_limit must be between 0 and 1000");
  if (!r.qlang.empty() && !IsValidLanguageTag(r.qlang)) return Status::Invalid("qlang '" + r.qlang + "' is not a language tag");
  if (r.year_from && r.year_to && *r.year_from > *r.year_to) return Status::Invalid("year_from is after year_to");
  return Status::Ok();
}

std::vector<FilterGroup> Searcher::Filters(const SearchRequest& r) const {
  std::vector<FilterGroup> groups;
  for (const auto& [facet, values] : r.filters) {
    if (values.empty()) continue;
    FilterGroup g{facet, std::vector<bool>(table_->ValueCount(facet), false), std::nullopt, std::nullopt};
    for (std::string v : values) {
      if (facet == Facet::kLang) v = CanonicalLanguageTag(v);
      if (facet == Facet::kCountry) std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::toupper(c); });
      std::optional<FacetTable::Code> code = table_->CodeOf(facet, v);
      // city= accepts any name or alias of the city, as city: does.
      if (!code && facet == Facet::kCity)
        if (const auto* tags = vocabularies_->MatchLabel(FoldPhrase(v)))
          for (const TagMatch& m : *tags)
            if (m.facet == Facet::kCity) code = table_->CodeOf(facet, m.id);
      if (code) g.allowed[*code] = true;
    }
    groups.push_back(std::move(g));
  }
  if (r.year_from || r.year_to) {
    auto it = std::find_if(groups.begin(), groups.end(), [](const FilterGroup& g) { return g.facet == Facet::kYear; });
    if (it == groups.end()) {
      groups.push_back({Facet::kYear, {}, r.year_from, r.year_to});
    } else {
      it->year_from = r.year_from;
      it->year_to = r.year_to;
    }
  }
  return groups;
}

namespace {

// Every field of the request that changes the response, and the revision.
std::string CacheKey(const SearchRequest& r, Xapian::rev revision) {
  std::string key = std::to_string(revision) + '\x1e' + r.q + '\x1e' + r.qlang + '\x1e' + r.ui + '\x1e' +
                    (r.ui_explicit ? "1" : "0") + (r.collapse_works ? "1" : "0") + (r.with_facets ? "1" : "0") +
                    std::to_string(static_cast<int>(r.sort)) + '\x1e' + std::to_string(r.passages) + '\x1e' + std::to_string(r.page) + '\x1e' +
                    std::to_string(r.per_page) + '\x1e' + std::to_string(r.facet_limit) + '\x1e' +
                    (r.year_from ? std::to_string(*r.year_from) : "") + '\x1e' +
                    (r.year_to ? std::to_string(*r.year_to) : "");
  for (const auto& [facet, values] : r.filters) {
    key += '\x1e' + std::to_string(static_cast<int>(facet));
    for (const std::string& v : values) key += '\x1f' + v;
  }
  return key;
}

}  // namespace

Status Searcher::Search(const SearchRequest& request, SearchResponse* response) {
  auto start = std::chrono::steady_clock::now();
  Status s = Validate(request);
  if (!s.ok()) return s;
  std::string key;
  if (cache_) {
    key = CacheKey(request, db_.get_revision());
    if (std::shared_ptr<const SearchResponse> cached = cache_->Get(key)) {
      *response = *cached;
      response->took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      return Status::Ok();
    }
  }
  s = WithRetry([&] { return SearchOnce(request, response); });
  if (!s.ok()) return s;
  // No hits, but a spelling correction: answer the corrected query.
  if (response->total == 0 && response->corrected) {
    SearchRequest corrected = request;
    corrected.q = *response->corrected;
    SearchResponse second;
    s = WithRetry([&] { return SearchOnce(corrected, &second); });
    if (s.ok() && second.total > 0) {
      second.q = request.q;
      second.corrected = corrected.q;
      *response = std::move(second);
    }
  }
  response->took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (cache_) cache_->Put(key, std::make_shared<const SearchResponse>(*response));
  return Status::Ok();
}

Status Searcher::SearchOnce(const SearchRequest& request, SearchResponse* response) {
  *response = SearchResponse{};
  response->q = request.q;
  response->page = request.page;
  response->per_page = request.per_page;
  response->qlang = request.qlang.empty() ? "" : CanonicalLanguageTag(request.qlang);
  if (response->qlang.empty()) {
    if (auto detected = DetectLanguage(request.q, /*analysed_only=*/true)) {
      response->qlang = *detected;
      response->detected = true;
    }
  }
  BuiltQuery built;
  Status s = BuildQuery(request.q, response->qlang, analyzer_, *vocabularies_, limits_.query, &built);
  if (!s.ok()) return s;

  Xapian::Enquire enquire(db_);
  enquire.set_query(built.query);
  SortOrder sort = request.sort;
  if (built.empty && sort == SortOrder::kRelevance) sort = SortOrder::kNewest;
  switch (sort) {
    case SortOrder::kRelevance: break;
    case SortOrder::kNewest: enquire.set_sort_by_value_then_relevance(layout::kSlotDate, true); break;
    case SortOrder::kOldest: {
      // Undated documents sort after the dated ones, not before them.
      auto* oldest = new Xapian::MultiValueKeyMaker;
      oldest->add_value(layout::kSlotDate, false, "9999-12-31");
      enquire.set_sort_by_key_then_relevance(oldest->release(), false);
      break;
    }
    case SortOrder::kTitle: enquire.set_sort_by_value_then_relevance(layout::kSlotSortTitle, false); break;
  }
  Collect(enquire, request, built, response);
  response->corrected = Correct(request.q, built);
  return Status::Ok();
}

void Searcher::Collect(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built,
                       SearchResponse* response) {
  const Xapian::doccount all = db_.get_doccount();
  const size_t wanted = static_cast<size_t>(request.page) * request.per_page;
  const size_t skip = wanted - request.per_page;
  // A hit is a work, or a record when not collapsing; passages fold into
  // their record (and so into its work).
  auto group_of = [&](Xapian::docid d) { return request.collapse_works ? table_->WorkOf(d) : table_->RecordOf(d); };
  const bool grouped = request.collapse_works || table_->has_passages();
  // Fetch enough documents to fill the page with distinct works; widen if
  // translations or passages crowd the window.
  Xapian::doccount window = static_cast<Xapian::doccount>(grouped ? wanted * 3 + 20 : wanted);
  std::unique_ptr<FacetCollector> collector;
  Xapian::MSet mset;
  for (;;) {
    collector = std::make_unique<FacetCollector>(*table_, Filters(request), request.collapse_works);
    mset = enquire.get_mset(0, window, all, nullptr, collector.get());
    if (!grouped || mset.size() < window) break;
    std::unordered_map<FacetTable::Code, bool> works;
    for (auto it = mset.begin(); it != mset.end() && works.size() < wanted; ++it) works[group_of(*it)] = true;
    if (works.size() >= wanted || window >= all) break;
    window = std::min<Xapian::doccount>(window * 4, all);
  }
  std::array<std::vector<FacetValueCount>, layout::kFacetCount> counts;
  collector->Finish(&counts, &response->total);
  if (request.with_facets) Label(request, counts, response);

  // One hit per work: the first-ranked version, unless the work has a version
  // in the interface language (asked for) or in the query's language.
  struct Group {
    Xapian::MSetIterator best;
    std::optional<Xapian::MSetIterator> ui, qlang;
  };
  const bool prefer_ui = request.collapse_works && request.ui_explicit;
  std::vector<FacetTable::Code> order;
  std::unordered_map<FacetTable::Code, Group> groups;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    FacetTable::Code work = group_of(*it);
    auto [g, inserted] = groups.try_emplace(work, Group{it, std::nullopt, std::nullopt});
    if (inserted) order.push_back(work);
    if (!request.collapse_works) continue;
    std::string lang = PrimaryLanguage(LangOf(*it));
    if (prefer_ui && !g->second.ui && lang == PrimaryLanguage(request.ui)) g->second.ui = it;
    if (!g->second.qlang && !response->qlang.empty() && lang == PrimaryLanguage(response->qlang)) g->second.qlang = it;
  }
  for (size_t i = skip; i < order.size() && i < wanted; ++i) {
    const Group& g = groups[order[i]];
    Xapian::MSetIterator shown = g.ui ? *g.ui : g.qlang ? *g.qlang : g.best;
    Xapian::docid shown_docid = table_->RecordOf(*shown);
    // The work matched through another language: show its interface-language
    // version if that version passes the filters.
    if (prefer_ui && !g.ui) {
      for (Xapian::docid other : table_->DocsOfWork(order[i]))
        if (PrimaryLanguage(LangOf(other)) == PrimaryLanguage(request.ui) && collector->Accepts(other)) shown_docid = other;
    }
    Xapian::Document doc = shown_docid == *shown ? shown.get_document() : db_.get_document(shown_docid);
    Hit hit;
    hit.record = SlimRecord(doc);
    hit.score = built.empty ? 0.0 : g.best.get_percent() / 100.0;  // the work ranks by its best version
    hit.snippet = Snippet(doc, hit.record, built);
    if (request.collapse_works) hit.translations = TranslationsOf(shown_docid);
    if (!built.empty && request.passages > 0 && table_->has_passages())
      hit.passages = PassagesOf(doc, hit.record.value("id", ""), built, request.passages);
    response->hits.push_back(std::move(hit));
  }
}

std::string Searcher::Snippet(const Xapian::Document& doc, const json& record, const BuiltQuery& built) {
  std::string lang = record.value("lang", "");
  std::string summary = record.value("summary", "");
  size_t matches = 0;
  std::string snippet = MakeSnippet(summary, lang, built.highlight, analyzer_, {}, &matches);
  if (matches > 0 || built.highlight.empty()) return snippet;
  // The match is in the body: its start is kept as plain text beside the
  // record (older indexes lack it, and then the record is read).
  std::string body = doc.get_value(layout::kSlotSnippetText);
  if (body.empty()) {
    json full = json::parse(doc.get_data(), nullptr, false);
    if (!full.is_object() || !full.contains("body")) return snippet;
    for (const json& section : full["body"]) {
      if (section.contains("heading")) body += section["heading"].get<std::string>() + ". ";
      for (const json& p : section["paragraphs"]) body += p.get<std::string>() + " ";
    }
  }
  size_t body_matches = 0;
  std::string from_body = MakeSnippet(body, lang, built.highlight, analyzer_, {}, &body_matches);
  return body_matches > 0 ? from_body : snippet;
}

std::vector<HitPassage> Searcher::PassagesOf(const Xapian::Document& record_doc, const std::string& record_id,
                                             const BuiltQuery& built, int limit) {
  std::vector<HitPassage> out;
  std::vector<PassageHit> best = BestPassages(db_, built.query, record_id, static_cast<size_t>(limit));
  if (best.empty()) return out;
  // Each file was analysed in its own language: highlight its words in it.
  json facts = json::parse(record_doc.get_value(layout::kSlotFiles), nullptr, false);
  for (const PassageHit& p : best) {
    HitPassage h{p.place.file, p.place.page, p.place.passage, "", ""};
    std::string lang;
    if (facts.is_array() && p.place.file < static_cast<int>(facts.size())) {
      const json& f = facts[static_cast<size_t>(p.place.file)];
      lang = f.value("lang", "");
      h.media_type = f.value("media_type", "");
    }
    size_t matches = 0;
    h.snippet = MakeSnippet(p.text, lang, built.highlight, analyzer_, {}, &matches);
    out.push_back(std::move(h));
  }
  return out;
}

Status Searcher::GetFile(const std::string& id, int n, IndexedFile* out) {
  return WithRetry([&]() -> Status {
    std::optional<Xapian::docid> docid = FindId(db_, id);
    if (!docid || id.find('#') != std::string::npos) return Status::NotFound("no document with id '" + id + "'");
    Xapian::Document doc = db_.get_document(*docid);
    json record = json::parse(doc.get_data(), nullptr, false);
    const json* files = record.is_object() && record.contains("files") ? &record["files"] : nullptr;
    if (n < 0 || !files || !files->is_array() || n >= static_cast<int>(files->size()))
      return Status::NotFound("document '" + id + "' has no file " + std::to_string(n));
    const json& f = (*files)[static_cast<size_t>(n)];
    *out = IndexedFile{};
    out->record_id = id;
    out->ref = FileRef{f.value("path", ""), f.value("lang", ""), f.value("role", ""), f.value("label", ""),
                       f.value("sha256", "")};
    // Slot 4: id, content hash, source path, ... (docs/index-layout.md).
    std::string source = doc.get_value(layout::kSlotSource);
    for (int field = 0; field < 2 && !source.empty(); ++field) {
      size_t at = source.find(layout::kValueSeparator);
      source = at == std::string::npos ? "" : source.substr(at + 1);
    }
    out->record_source = source.substr(0, source.find(layout::kValueSeparator));
    json facts = json::parse(doc.get_value(layout::kSlotFiles), nullptr, false);
    if (facts.is_array() && n < static_cast<int>(facts.size())) out->facts = facts[static_cast<size_t>(n)];
    else out->facts = json::object();
    return Status::Ok();
  });
}

Status Searcher::FilePassages(const std::string& id, int n, int from, int limit, const std::string& q,
                              std::vector<FilePassage>* out, int* total) {
  IndexedFile file;
  Status s = GetFile(id, n, &file);
  if (!s.ok()) return s;
  BuiltQuery built;
  if (!q.empty()) {
    s = BuildQuery(q, "", analyzer_, *vocabularies_, limits_.query, &built);
    if (!s.ok()) return s;
  }
  const std::string lang = file.facts.value("lang", "");
  // The whole passage, marked: a window as long as any passage.
  const SnippetOptions whole{std::numeric_limits<size_t>::max()};
  return WithRetry([&]() -> Status {
    out->clear();
    *total = file.facts.value("passages", 0);
    // Passages are found by their unique id term, so a page of a long file
    // costs its own passages only.
    for (int k = std::max(from, 1); k < std::max(from, 1) + limit && k <= *total; ++k) {
      std::optional<Xapian::docid> docid = FindId(db_, PassageId(id, n, k));
      if (!docid) break;
      Xapian::Document doc = db_.get_document(*docid);
      std::optional<PassagePlace> place = ParsePassagePlace(doc.get_value(layout::kSlotPassagePlace));
      FilePassage passage{k, place ? place->page : 0, doc.get_data(), ""};
      if (!built.highlight.empty()) {
        size_t matches = 0;
        passage.marked = MakeSnippet(passage.text, lang, built.highlight, analyzer_, whole, &matches);
      }
      out->push_back(std::move(passage));
    }
    return Status::Ok();
  });
}

std::string Searcher::LangOf(Xapian::docid docid) const {
  auto [b, e] = table_->Codes(Facet::kLang, docid);
  return b == e ? std::string() : table_->Value(Facet::kLang, *b);
}

std::vector<Translation> Searcher::TranslationsOf(Xapian::docid docid) {
  std::vector<Translation> out;
  FacetTable::Code work = table_->WorkOf(docid);
  if (work == FacetTable::kNoWork) return out;
  for (Xapian::docid other : table_->DocsOfWork(work)) {
    if (other == docid) continue;
    Xapian::Document doc = db_.get_document(other, Xapian::DOC_ASSUME_VALID);
    std::string label = doc.get_value(layout::kSlotLabel);
    size_t separator = label.find(layout::kValueSeparator);
    if (separator != std::string::npos) {
      out.push_back({label.substr(0, separator), LangOf(other), label.substr(separator + 1)});
    } else {  // an index written before the label slot existed
      json r = SlimRecord(doc);
      out.push_back({r.value("id", ""), r.value("lang", ""), r.value("title", "")});
    }
  }
  std::sort(out.begin(), out.end(), [](const Translation& a, const Translation& b) { return a.lang < b.lang; });
  return out;
}

void Searcher::Label(const SearchRequest& request,
                     const std::array<std::vector<FacetValueCount>, layout::kFacetCount>& counts,
                     SearchResponse* response) const {
  for (const layout::FacetSpec& spec : layout::kFacets) {
    const Vocabulary* vocabulary = vocabularies_->ForFacet(spec.facet);
    auto& out = response->facets[static_cast<int>(spec.facet)];
    for (const FacetValueCount& c : counts[static_cast<int>(spec.facet)]) {
      if (static_cast<int>(out.size()) >= request.facet_limit) break;
      std::string label = vocabulary ? vocabulary->Label(c.value, request.ui) : c.value;
      out.push_back({c.value, label, c.count});
    }
  }
}

std::optional<std::string> Searcher::Correct(const std::string& q, const BuiltQuery& built) {
  std::string corrected = q;
  bool changed = false;
  for (const QueryWord& w : built.words) {
    if (db_.term_exists(w.forms.folded) || vocabularies_->MatchLabel(w.forms.folded)) continue;
    bool stem_known = false;
    for (const std::string& s : w.forms.stems) stem_known |= db_.term_exists(std::string(layout::kStem) + s) || db_.term_exists(s);
    if (stem_known) continue;
    std::string suggestion = db_.get_spelling_suggestion(w.forms.exact.empty() ? w.forms.folded : w.forms.exact, 2);
    if (suggestion.empty()) continue;
    size_t at = corrected.find(w.raw);
    if (at == std::string::npos) continue;
    corrected.replace(at, w.raw.size(), suggestion);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

Status Searcher::GetDocument(const std::string& id, json* out) {
  return WithRetry([&]() -> Status {
    std::optional<Xapian::docid> docid = FindId(db_, id);
    if (!docid) return Status::NotFound("no document with id '" + id + "'");
    Xapian::Document doc = db_.get_document(*docid);
    json record = json::parse(doc.get_data(), nullptr, false);
    if (!record.is_object()) return Status::Error("stored record of '" + id + "' is not JSON");
    json translations = json::array();
    for (const Translation& t : TranslationsOf(*docid))
      translations.push_back({{"id", t.id}, {"lang", t.lang}, {"title", t.title}});
    record["translations"] = translations;
    if (record.contains("files")) record["file_details"] = FileDetails(record["files"], doc.get_value(layout::kSlotFiles));

    // Related: documents of other works sharing the most telling terms,
    // those in the same language first.
    Xapian::Enquire enquire(db_);
    Xapian::RSet rset;
    rset.add_document(*docid);
    PlainTermsOnly plain;
    Xapian::ESet eset = enquire.get_eset(24, rset, &plain);
    json related = json::array();
    if (!eset.empty()) {
      Xapian::Query terms(Xapian::Query::OP_OR, eset.begin(), eset.end());
      std::string work_term = std::string(layout::kWork) + record.value("work", "");
      Xapian::Query records(std::string(layout::kKind) + std::string(layout::kKindRecord));
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                      Xapian::Query(Xapian::Query::OP_AND_NOT, terms, Xapian::Query(work_term)), records));
      Xapian::MSet mset = enquire.get_mset(0, 30);
      std::string lang = record.value("lang", "");
      std::vector<json> same, other;
      std::unordered_map<std::string, bool> works_seen;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        json r = SlimRecord(it.get_document());
        std::string work = r.value("work", "");
        if (works_seen[work]) continue;
        works_seen[work] = true;
        json item = {{"id", r.value("id", "")}, {"title", r.value("title", "")}, {"lang", r.value("lang", "")},
                     {"type", r.value("type", "")}, {"year", r.value("year", json())}};
        (r.value("lang", "") == lang ? same : other).push_back(item);
      }
      for (auto* list : {&same, &other})
        for (json& item : *list)
          if (related.size() < 5) related.push_back(item);
    }
    record["related"] = related;
    *out = std::move(record);
    return Status::Ok();
  });
}

Status Searcher::VersionsOf(const std::string& id, std::vector<Translation>* out) {
  return WithRetry([&]() -> Status {
    out->clear();
    if (std::optional<Xapian::docid> docid = FindId(db_, id)) *out = TranslationsOf(*docid);
    return Status::Ok();
  });
}

Status Searcher::ListRecords(size_t offset, size_t limit, std::vector<RecordListing>* out, size_t* total) {
  return WithRetry([&]() -> Status {
    out->clear();
    *total = 0;
    // Ids by docid, from the label slot that only records carry.
    std::vector<std::string> ids(db_.get_lastdocid() + 1);
    std::vector<Xapian::docid> records;
    for (auto it = db_.valuestream_begin(layout::kSlotLabel); it != db_.valuestream_end(layout::kSlotLabel); ++it) {
      std::string label = *it;
      ids[it.get_docid()] = label.substr(0, label.find(layout::kValueSeparator));
      records.push_back(it.get_docid());
    }
    *total = records.size();
    for (size_t i = offset; i < records.size() && out->size() < limit; ++i) {
      Xapian::docid docid = records[i];
      RecordListing listing{ids[docid], LangOf(docid), db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(layout::kSlotDate), {}};
      FacetTable::Code work = table_->WorkOf(docid);
      if (work == FacetTable::kNoWork) {
        listing.versions.emplace_back(listing.id, listing.lang);
      } else {
        for (Xapian::docid version : table_->DocsOfWork(work))
          if (version < ids.size() && !ids[version].empty()) listing.versions.emplace_back(ids[version], LangOf(version));
      }
      out->push_back(std::move(listing));
    }
    return Status::Ok();
  });
}

Status Searcher::Suggest(const std::string& prefix, const std::string& ui, size_t limit, std::vector<Suggestion>* out) {
  out->clear();
  std::string folded = FoldPhrase(prefix);
  if (folded.empty()) return Status::Ok();
  // Tags: a label or alias with a word starting with the prefix.
  auto label_matches = [&](const std::string& label) {
    std::string f = FoldPhrase(label);
    return f.rfind(folded, 0) == 0 || f.find(" " + folded) != std::string::npos;
  };
  const std::pair<const char*, const Vocabulary*> vocabularies[] = {
      {"domain", &vocabularies_->domains()}, {"type", &vocabularies_->types()},
      {"city", &vocabularies_->cities()}, {"network", &vocabularies_->networks()}};
  for (const auto& [kind, vocabulary] : vocabularies) {
    for (const VocabularyEntry& e : vocabulary->entries()) {
      bool match = false;
      for (const auto& [lang, label] : e.labels) match = match || label_matches(label);
      for (const std::string& alias : e.aliases) match = match || label_matches(alias);
      if (match && out->size() < limit / 2) out->push_back({vocabulary->Label(e.id, ui), kind, e.id});
    }
  }
  // Titles: the most frequent title words completing the last word typed.
  return WithRetry([&]() -> Status {
    std::string last_word = folded.substr(folded.rfind(' ') == std::string::npos ? 0 : folded.rfind(' ') + 1);
    std::string term_prefix = std::string(layout::kTitle) + last_word;
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    for (auto it = db_.allterms_begin(term_prefix); it != db_.allterms_end(term_prefix) && words.size() < 200; ++it)
      words.emplace_back(it.get_termfreq(), *it);
    std::sort(words.rbegin(), words.rend());
    std::unordered_map<std::string, bool> works_seen;
    for (const auto& [freq, term] : words) {
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term) && out->size() < limit; ++p) {
        json r = SlimRecord(db_.get_document(*p, Xapian::DOC_ASSUME_VALID));
        std::string work = r.value("work", "");
        if (works_seen[work]) continue;
        if (!label_matches(r.value("title", ""))) continue;
        works_seen[work] = true;
        out->push_back({r.value("title", ""), "title", r.value("id", "")});
      }
      if (out->size() >= limit) break;
    }
    return Status::Ok();
  });
}

}  // namespace bridges
