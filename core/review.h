// What curators review before adopting an edition: the differences between
// two revisions of a record, field by field, and what changed in the
// published repository since a point in the store's history.
#ifndef BRIDGES_CORE_REVIEW_H_
#define BRIDGES_CORE_REVIEW_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "core/store.h"

namespace bridges {

struct FieldChange {
  std::string field;   // a top-level field of the record ("title", "domains")
  std::string change;  // "added", "removed" or "changed"
  nlohmann::json from, to;  // null where the field is absent
};

// The fields whose values differ between two records (JSON objects), in the
// order of the record format (id, work, type, ... files), then any others.
std::vector<FieldChange> DiffRecords(const nlohmann::json& from, const nlohmann::json& to);

struct ChangeItem {
  std::string id;
  std::string title;           // now, or as last published for a removed document
  int64_t from_revision = 0;   // the revision readers saw at the starting point; 0: none
  int64_t revision = 0;        // the revision readers see now (a draft's, for pending); 0: none
  std::string datestamp;       // of the document's last publish, archive or delete
  std::vector<std::string> fields;  // changed, archived, pending: the fields that differ
};

struct ChangeList {
  int64_t since_seq = 0;  // changes after this one
  int64_t until_seq = 0;  // up to this one (the store's last change)
  std::vector<ChangeItem> added;     // public now, not at the start
  std::vector<ChangeItem> changed;   // public at both, with a different record
  std::vector<ChangeItem> archived;  // public at both, archived since
  std::vector<ChangeItem> removed;   // public at the start, deleted since
  std::vector<ChangeItem> pending;   // drafts waiting for an editor, whenever made
};

// Compares each document's published state just after change `since_seq`
// with its state now. A document added and deleted in between is not listed;
// a record republished without a difference is not "changed". Lists are in
// id order.
Status ChangesSince(Store& store, int64_t since_seq, ChangeList* out);

}  // namespace bridges

#endif  // BRIDGES_CORE_REVIEW_H_
