// Facet counting over a match set.
//
// FacetTable holds every document's facet values as small integer codes, read
// once per database revision from the packed value slots (value streams, not
// document reads). FacetCollector is a Xapian::MatchDecider that applies the
// filters itself, so it can count facets disjunctively: a document that fails
// only filter group G still counts for G's facet, as faceted-search users
// expect, and is then rejected.
#ifndef BRIDGES_CORE_FACETS_H_
#define BRIDGES_CORE_FACETS_H_

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/index_layout.h"

namespace bridges {

class FacetTable {
 public:
  // Reads the facet and work slots of every document. Immutable afterwards,
  // so one table may be shared by the threads searching the same revision.
  static std::shared_ptr<const FacetTable> Load(const Xapian::Database& db);

  // The table for db's current revision, shared between callers that ask for
  // the same database directory and revision. Thread-safe.
  static std::shared_ptr<const FacetTable> ForRevision(const Xapian::Database& db, const std::string& key);

  using Code = uint32_t;
  static constexpr Code kNoWork = UINT32_MAX;

  // Codes of document `docid`'s values for `facet`: [begin, end).
  std::pair<const Code*, const Code*> Codes(layout::Facet facet, Xapian::docid docid) const;
  Code WorkOf(Xapian::docid docid) const { return docid < works_.size() ? works_[docid] : kNoWork; }
  // Every facet value of document `docid`, as (facet << kFacetShift | code),
  // in one contiguous row: counting reads one row per matching document
  // instead of one place per facet. [begin, end).
  static constexpr int kFacetShift = 24;
  std::pair<const uint32_t*, const uint32_t*> Row(Xapian::docid docid) const {
    if (docid + 1 >= row_offsets_.size()) return {nullptr, nullptr};
    return {row_items_.data() + row_offsets_[docid], row_items_.data() + row_offsets_[docid + 1]};
  }
  // Docids of a work's versions (records, never their passages), ascending.
  const std::vector<Xapian::docid>& DocsOfWork(Code work) const { return work_docs_[work]; }
  // True if every work's documents (versions and their passages) have
  // consecutive docids (the indexer adds a work's versions together), which
  // lets counting skip a sort by work.
  bool works_contiguous() const { return works_contiguous_; }
  // A passage's record (0 if its record is missing); a record itself.
  Xapian::docid RecordOf(Xapian::docid docid) const { return docid < records_.size() ? records_[docid] : docid; }
  bool has_passages() const { return !records_.empty(); }
  std::optional<int> YearOf(Xapian::docid docid) const;

  const std::string& Value(layout::Facet facet, Code code) const { return columns_[static_cast<int>(facet)].values[code]; }
  size_t ValueCount(layout::Facet facet) const { return columns_[static_cast<int>(facet)].values.size(); }
  std::optional<Code> CodeOf(layout::Facet facet, const std::string& value) const;
  std::optional<Code> WorkCode(const std::string& work) const;
  Xapian::docid max_docid() const { return static_cast<Xapian::docid>(works_.size() ? works_.size() - 1 : 0); }

 private:
  void LoadRecords(const Xapian::Database& db, Xapian::docid last);

  struct Column {
    std::vector<std::string> values;
    std::unordered_map<std::string, Code> codes;
    std::vector<uint32_t> offsets;  // per docid, into `items`; size max_docid + 2
    std::vector<Code> items;
  };
  std::array<Column, layout::kFacetCount> columns_;
  std::vector<uint32_t> row_offsets_;  // per docid, into row_items_; size max_docid + 2
  std::vector<uint32_t> row_items_;
  std::vector<Code> works_;  // per docid
  std::vector<std::vector<Xapian::docid>> work_docs_;
  std::vector<Xapian::docid> records_;  // per docid, when the index has passages
  std::unordered_map<std::string, Code> work_codes_;
  bool works_contiguous_ = true;
};

// One filter group: the values of one facet that a document may have (OR-ed),
// or a year range. Groups are AND-ed.
struct FilterGroup {
  layout::Facet facet;
  std::vector<bool> allowed;  // indexed by code
  std::optional<int> year_from, year_to;  // for the year facet's range
};

struct FacetValueCount {
  std::string value;
  uint64_t count = 0;
};

class FacetCollector : public Xapian::MatchDecider {
 public:
  FacetCollector(const FacetTable& table, std::vector<FilterGroup> groups, bool count_works);
  ~FacetCollector() override;

  bool operator()(const Xapian::Document& doc) const override;

  // True if `docid` passes every filter group (without counting it).
  bool Accepts(Xapian::docid docid) const;

  // After the match: counts per facet value (works or records), and the
  // number of accepted works or records; a record's passages count as the
  // record. Call once.
  void Finish(std::array<std::vector<FacetValueCount>, layout::kFacetCount>* counts, uint64_t* total);

 private:
  bool Passes(const FilterGroup& g, Xapian::docid docid) const;

  const FacetTable& table_;
  std::vector<FilterGroup> groups_;
  std::array<int, layout::kFacetCount> group_of_facet_;
  bool count_works_;
  // Documents that passed all groups (failed = -1) or all but one (its index).
  struct Seen {
    Xapian::docid docid;
    int failed;
  };
  mutable std::vector<Seen> seen_;
  static std::vector<Seen>& SpareSeen();
};

}  // namespace bridges

#endif  // BRIDGES_CORE_FACETS_H_
