// Reading passages back: where a passage is (file, page, ordinal), and the
// best passages of one record for a query, for snippets and "p. N" links.
#ifndef BRIDGES_CORE_PASSAGE_LOOKUP_H_
#define BRIDGES_CORE_PASSAGE_LOOKUP_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bridges {

struct PassagePlace {
  int file = 0;     // index in the record's `files`, from 0
  int page = 0;     // from 1; 0 when the format has no pages
  int passage = 0;  // ordinal within the file, from 1
  bool operator==(const PassagePlace&) const = default;
};

// "file:page:passage", the value of layout::kSlotPassagePlace.
std::string FormatPassagePlace(const PassagePlace& place);
std::optional<PassagePlace> ParsePassagePlace(std::string_view value);

// The unique id of a passage (its kId term without the prefix):
// "record-id#file.passage".
std::string PassageId(std::string_view record_id, int file, int passage);

struct PassageHit {
  Xapian::docid docid = 0;
  PassagePlace place;
  std::string text;  // the passage's text (its document data)
  double weight = 0;
};

// The `limit` passages of record `record_id` that match `query` best, best
// first; empty when none does. `query` is the search's own query, so the
// passages rank by the words the user typed. Throws Xapian::Error like any
// read (the caller's retry loop handles a modified database).
std::vector<PassageHit> BestPassages(const Xapian::Database& db, const Xapian::Query& query, std::string_view record_id,
                                     size_t limit);

}  // namespace bridges

#endif  // BRIDGES_CORE_PASSAGE_LOOKUP_H_
