#include "core/facets.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace bridges {

using layout::Facet;

std::shared_ptr<const FacetTable> FacetTable::Load(const Xapian::Database& db) {
  auto table = std::make_shared<FacetTable>();
  Xapian::docid last = db.get_lastdocid();
  table->LoadRecords(db, last);
  table->works_.assign(last + 1, kNoWork);
  struct Span {
    Xapian::docid first = 0, last = 0;
    size_t count = 0;
  };
  std::vector<Span> spans;  // per work: its documents, passages included
  for (auto it = db.valuestream_begin(layout::kSlotWork); it != db.valuestream_end(layout::kSlotWork); ++it) {
    std::string work = *it;
    const Xapian::docid docid = it.get_docid();
    auto [w, inserted] = table->work_codes_.emplace(work, static_cast<Code>(table->work_docs_.size()));
    if (inserted) {
      table->work_docs_.emplace_back();
      spans.push_back({docid, docid, 0});
    }
    table->works_[docid] = w->second;
    if (table->RecordOf(docid) == docid) table->work_docs_[w->second].push_back(docid);
    Span& span = spans[w->second];
    span.last = docid;
    ++span.count;
  }
  table->works_contiguous_ = std::all_of(spans.begin(), spans.end(), [](const Span& s) {
    return s.last - s.first + 1 == s.count;
  });
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
  table->row_offsets_.assign(last + 2, 0);
  for (Xapian::docid d = 0; d <= last; ++d) {
    table->row_offsets_[d] = static_cast<uint32_t>(table->row_items_.size());
    for (int f = 0; f < layout::kFacetCount; ++f) {
      auto [b, e] = table->Codes(static_cast<Facet>(f), d);
      for (; b != e; ++b) table->row_items_.push_back(static_cast<uint32_t>(f) << kFacetShift | *b);
    }
  }
  table->row_offsets_[last + 1] = static_cast<uint32_t>(table->row_items_.size());
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
  seen_.swap(SpareSeen());
  seen_.clear();
  group_of_facet_.fill(-1);
  for (size_t g = 0; g < groups_.size(); ++g) group_of_facet_[static_cast<int>(groups_[g].facet)] = static_cast<int>(g);
}

FacetCollector::~FacetCollector() {
  if (seen_.capacity() > SpareSeen().capacity()) SpareSeen().swap(seen_);
}

// A common term matches most of the database: the list of seen documents
// grows to megabytes, and allocating it afresh per query showed up in
// profiles (page faults, malloc_consolidate). Each thread keeps one.
std::vector<FacetCollector::Seen>& FacetCollector::SpareSeen() {
  thread_local std::vector<Seen> spare;
  return spare;
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
  // stamp[f][code] is the last group that counted `code`, so a value shared
  // by several versions of a work counts once without sorting per group.
  std::array<std::vector<uint32_t>, layout::kFacetCount> stamp;
  for (int f = 0; f < layout::kFacetCount; ++f) {
    tally[f].assign(table_.ValueCount(static_cast<Facet>(f)), 0);
    stamp[f].assign(table_.ValueCount(static_cast<Facet>(f)), 0);
  }
  *total = 0;
  // Xapian decides in docid order, so when every work's versions have
  // neighbouring docids the entries already come grouped by work.
  const bool grouped = table_.works_contiguous() &&
                       std::is_sorted(seen_.begin(), seen_.end(), [](const Seen& a, const Seen& b) { return a.docid < b.docid; });
  if (count_works_ && !grouped)
    std::stable_sort(seen_.begin(), seen_.end(), [&](const Seen& a, const Seen& b) {
      return table_.WorkOf(a.docid) < table_.WorkOf(b.docid);
    });
  // Without works, a record's passages count as the record.
  const bool by_record = !count_works_ && table_.has_passages();
  if (by_record)
    std::stable_sort(seen_.begin(), seen_.end(), [&](const Seen& a, const Seen& b) {
      return table_.RecordOf(a.docid) < table_.RecordOf(b.docid);
    });
  uint32_t group = 0;
  size_t i = 0;
  while (i < seen_.size()) {
    size_t j = i + 1;
    if (count_works_) {
      const FacetTable::Code work = table_.WorkOf(seen_[i].docid);
      while (j < seen_.size() && table_.WorkOf(seen_[j].docid) == work) ++j;
    } else if (by_record) {
      const Xapian::docid record = table_.RecordOf(seen_[i].docid);
      while (j < seen_.size() && table_.RecordOf(seen_[j].docid) == record) ++j;
    }
    ++group;
    bool accepted = false;
    for (size_t k = i; k < j; ++k) {
      const int failed = seen_[k].failed;
      accepted |= failed < 0;
      auto [b, e] = table_.Row(seen_[k].docid);
      for (; b != e; ++b) {
        const uint32_t f = *b >> FacetTable::kFacetShift;
        const uint32_t code = *b & ((1u << FacetTable::kFacetShift) - 1);
        if (failed >= 0 && failed != group_of_facet_[f]) continue;
        if (stamp[f][code] == group) continue;
        stamp[f][code] = group;
        ++tally[f][code];
      }
    }
    if (accepted) ++*total;
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
