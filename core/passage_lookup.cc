#include "core/passage_lookup.h"

#include <charconv>

#include "core/index_layout.h"

namespace bridges {

std::string FormatPassagePlace(const PassagePlace& p) {
  return std::to_string(p.file) + ":" + std::to_string(p.page) + ":" + std::to_string(p.passage);
}

std::optional<PassagePlace> ParsePassagePlace(std::string_view value) {
  PassagePlace p;
  int* fields[] = {&p.file, &p.page, &p.passage};
  const char* at = value.data();
  const char* end = value.data() + value.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, ec] = std::from_chars(at, end, *fields[i]);
    if (ec != std::errc() || *fields[i] < 0) return std::nullopt;
    if (i < 2 && (next == end || *next != ':')) return std::nullopt;
    at = next + (i < 2 ? 1 : 0);
  }
  if (at != end) return std::nullopt;
  return p;
}

std::string PassageId(std::string_view record_id, int file, int passage) {
  return std::string(record_id) + "#" + std::to_string(file) + "." + std::to_string(passage);
}

std::vector<PassageHit> BestPassages(const Xapian::Database& db, const Xapian::Query& query, std::string_view record_id,
                                     size_t limit) {
  std::vector<PassageHit> out;
  std::string of = std::string(layout::kPassageOf) + std::string(record_id);
  if (limit == 0 || !db.term_exists(of)) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(of)));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    std::optional<PassagePlace> place = ParsePassagePlace(doc.get_value(layout::kSlotPassagePlace));
    if (!place) continue;
    out.push_back({*it, *place, doc.get_data(), it.get_weight()});
  }
  return out;
}

}  // namespace bridges
