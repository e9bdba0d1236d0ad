// OAI-PMH's records (core/oai_pmh.h) read from the curation store, which
// keeps every published document — deleted ones too, with their last
// published record — and moves a document's datestamp on every publish,
// archive and deletion. Language versions come from the search index.
#ifndef BRIDGES_CORE_OAI_STORE_SOURCE_H_
#define BRIDGES_CORE_OAI_STORE_SOURCE_H_

#include "core/oai_pmh.h"
#include "core/searcher.h"
#include "core/store.h"

namespace bridges::oai {

class StoreSource : public OaiSource {
 public:
  // Neither is owned; both are used by one thread at a time, as is this.
  StoreSource(Store* store, Searcher* searcher) : store_(store), searcher_(searcher) {}

  Status EarliestDatestamp(std::string* out) override;
  Status Get(const std::string& id, SourceRecord* out) override;
  Status Count(const Selection& selection, size_t* out) override;
  Status Scan(const Selection& selection, const std::optional<Position>& after,
              const std::function<bool(SourceRecord&&)>& visit) override;

 private:
  Status Fill(const DocumentState& state, const Revision& revision, SourceRecord* out);

  Store* store_;
  Searcher* searcher_;
};

}  // namespace bridges::oai

#endif  // BRIDGES_CORE_OAI_STORE_SOURCE_H_
