#include "core/facets.h"

#include <algorithm>
#include <mutex>

namespace bridges {

using layout::Facet;

std::shared_ptr<const FacetTable> FacetTable::Load(const Xapian::Database& db) {
  auto table = std::make_shared<FacetTable>();
  Xapian::docid last = db.get_lastdocid();
  table->LoadRecords(db, last);
  table->works_.assign(last + 1, kNoWork);
  for (auto it = db.valuestream_begin(layout::kSlotWork); it != db.valuestream_end(layout::kSlotWork); ++it) {
    std::string work = *it;
    auto [w, inserted] = table->work_codes_.emplace(work, static_cast<Code>(table->work_docs_.size()));
    if (inserted) table->work_docs_.emplace_back();
    table->works_[it.get_docid()] = w->second;
    if (table->RecordOf(it.get_docid()) == it.get_docid()) table->work_docs_[w->second].push_back(it.get_docid());
  }
  for (const layout::FacetSpec& spec : layout::kFacets) {
    Column& column = table->columns_[static_cast<int>(spec.facet)];
    column.offsets.assign(last + 2, 0);
    std::vector<std::pair<Xapian::docid, std::vector<Code>>> rows;
    for (auto it = db.valuestream_begin(spec.slot); it != db.valuestream_end(spec.slot); ++it) {
      std::string packed = *it;
      std::vector<Code> codes;
      size_t start = 0;
      while (start <= packed.size()) {
        size_t end = packed.find(layout::kValueSeparator, start);
        if (end == std::string::npos) end = packed.size();
        std::string value = packed.substr(start, end - start);
        auto [c, inserted] = column.codes.emplace(value, static_cast<Code>(column.values.size()));
        if (inserted) column.values.push_back(value);
        codes.push_back(c->second);
        start = end + 1;
      }
      rows.emplace_back(it.get_docid(), std::move(codes));
    }
    size_t r = 0;
    for (Xapian::docid d = 0; d <= last; ++d) {
      column.offsets[d] = static_cast<uint32_t>(column.items.size());
      if (r < rows.size() && rows[r].first == d) {
        column.items.insert(column.items.end(), rows[r].second.begin(), rows[r].second.end());
        ++r;
      }
    }
    column.offsets[last + 1] = static_cast<uint32_t>(column.items.size());
  }
  return table;
}

// Passages carry their record's work and facet values, so they fold into its
// work and facets; only hits and counts without collapsing need the record
// itself, found once per record through its id term.
void FacetTable::LoadRecords(const Xapian::Database& db, Xapian::docid last) {
  const Xapian::valueno slot = layout::kSlotPassageOf;
  if (db.valuestream_begin(slot) == db.valuestream_end(slot)) return;
  records_.resize(last + 1);
  for (Xapian::docid d = 0; d <= last; ++d) records_[d] = d;
  std::unordered_map<std::string, Xapian::docid> ids;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    auto [known, inserted] = ids.emplace(*it, 0);
    if (inserted) {
      std::string term = std::string(layout::kId) + *it;
      Xapian::PostingIterator p = db.postlist_begin(term);
      known->second = p == db.postlist_end(term) ? 0 : *p;
    }
    records_[it.get_docid()] = known->second;
  }
}

std::shared_ptr<const FacetTable> FacetTable::ForRevision(const Xapian::Database& db, const std::string& key) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<Xapian::rev, std::shared_ptr<const FacetTable>>> cache;
  Xapian::rev revision = db.get_revision();
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end() && it->second.first == revision) return it->second.second;
  }
  std::shared_ptr<const FacetTable> table = Load(db);
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[key];
  if (slot.first <= revision || !slot.second) slot = {revision, table};
  return table;
}

std::pair<const FacetTable::Code*, const FacetTable::Code*> FacetTable::Codes(Facet facet, Xapian::docid docid) const {
  const Column& c = columns_[static_cast<int>(facet)];
  if (docid + 1 >= c.offsets.size()) return {nullptr, nullptr};
  return {c.items.data() + c.offsets[docid], c.items.data() + c.offsets[docid + 1]};
}

std::optional<int> FacetTable::YearOf(Xapian::docid docid) const {
  auto [b, e] = Codes(Facet::kYear, docid);
  if (b == e) return std::nullopt;
  return std::atoi(Value(Facet::kYear, *b).c_str());
}

std::optional<FacetTable::Code> FacetTable::CodeOf(Facet facet, const std::string& value) const {
  const Column& c = columns_[static_cast<int>(facet)];
  auto it = c.codes.find(value);
  if (it == c.codes.end()) return std::nullopt;
  return it->second;
}

std::optional<FacetTable::Code> FacetTable::WorkCode(const std::string& work) const {
  auto it = work_codes_.find(work);
  if (it == work_codes_.end()) return std::nullopt;
  return it->second;
}

FacetCollector::FacetCollector(const FacetTable& table, std::vector<FilterGroup> groups, bool count_works)
    : table_(table), groups_(std::move(groups)), count_works_(count_works) {
  group_of_facet_.fill(-1);
  for (size_t g = 0; g < groups_.size(); ++g) group_of_facet_[static_cast<int>(groups_[g].facet)] = static_cast<int>(g);
}

bool FacetCollector::Passes(const FilterGroup& g, Xapian::docid docid) const {
  if (g.year_from || g.year_to) {
    std::optional<int> year = table_.YearOf(docid);
    if (!year) return false;
    if (g.year_from && *year < *g.year_from) return false;
    if (g.year_to && *year > *g.year_to) return false;
    if (g.allowed.empty()) return true;
  }
  auto [b, e] = table_.Codes(g.facet, docid);
  for (; b != e; ++b)
    if (*b < g.allowed.size() && g.allowed[*b]) return true;
  return false;
}

bool FacetCollector::Accepts(Xapian::docid docid) const {
  for (const FilterGroup& g : groups_)
    if (!Passes(g, docid)) return false;
  return true;
}

bool FacetCollector::operator()(const Xapian::Document& doc) const {
  Xapian::docid docid = doc.get_docid();
  if (table_.RecordOf(docid) == 0) return false;  // a passage whose record is gone
  int failed = -1;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (Passes(groups_[g], docid)) continue;
    if (failed >= 0) return false;  // fails two groups: counts nowhere
    failed = static_cast<int>(g);
  }
  seen_.push_back({docid, failed});
  return failed < 0;
}

void FacetCollector::Finish(std::array<std::vector<FacetValueCount>, layout::kFacetCount>* counts, uint64_t* total) {
  std::array<std::vector<uint64_t>, layout::kFacetCount> tally;
  for (int f = 0; f < layout::kFacetCount; ++f) tally[f].assign(table_.ValueCount(static_cast<Facet>(f)), 0);
  *total = 0;
  // A record's passages count as the record, so without works documents are
  // grouped by record (when the index has passages at all).
  const bool grouped = count_works_ || table_.has_passages();
  auto group = [&](Xapian::docid d) -> uint64_t { return count_works_ ? table_.WorkOf(d) : table_.RecordOf(d); };
  if (grouped) {
    std::sort(seen_.begin(), seen_.end(), [&](const Seen& a, const Seen& b) { return group(a.docid) < group(b.docid); });
  }
  // A group of entries is one work (or one record): each value counts once.
  std::vector<FacetTable::Code> values;
  size_t i = 0;
  while (i < seen_.size()) {
    size_t j = i + 1;
    if (grouped)
      while (j < seen_.size() && group(seen_[j].docid) == group(seen_[i].docid)) ++j;
    bool accepted = false;
    for (size_t k = i; k < j; ++k) accepted |= seen_[k].failed < 0;
    if (accepted) ++*total;
    for (int f = 0; f < layout::kFacetCount; ++f) {
      values.clear();
      for (size_t k = i; k < j; ++k) {
        int failed = seen_[k].failed;
        if (failed >= 0 && failed != group_of_facet_[f]) continue;
        auto [b, e] = table_.Codes(static_cast<Facet>(f), seen_[k].docid);
        values.insert(values.end(), b, e);
      }
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      for (FacetTable::Code c : values) ++tally[f][c];
    }
    i = j;
  }
  for (int f = 0; f < layout::kFacetCount; ++f) {
    auto& out = (*counts)[f];
    out.clear();
    for (size_t c = 0; c < tally[f].size(); ++c)
      if (tally[f][c] > 0) out.push_back({table_.Value(static_cast<Facet>(f), static_cast<FacetTable::Code>(c)), tally[f][c]});
    std::sort(out.begin(), out.end(), [](const FacetValueCount& a, const FacetValueCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }
}

}  // namespace bridges
