#include "core/review.h"

#include <algorithm>

namespace bridges {

using nlohmann::json;

namespace {

// The record format's field order (docs/document-format.md), for diffs people read.
constexpr const char* kFieldOrder[] = {"id",        "work",     "type",          "lang",    "status",
                                       "title",     "summary",  "body",          "domains", "cities",
                                       "countries", "networks", "organisations", "year",    "published",
                                       "updated",   "edition",  "url",           "files"};

json RecordOf(Store& store, const std::string& id, int64_t n, Status* status) {
  Revision revision;
  *status = store.GetRevision(id, n, &revision);
  if (!status->ok()) return json::object();
  json record = json::parse(revision.record, nullptr, false);
  return record.is_object() ? record : json::object();
}

std::vector<std::string> FieldNames(const std::vector<FieldChange>& changes) {
  std::vector<std::string> names;
  for (const FieldChange& c : changes) names.push_back(c.field);
  return names;
}

// Sorts one document into the list its change belongs to.
Status Classify(Store& store, const std::string& id, int64_t since_seq, ChangeList* out) {
  std::optional<AuditEntry> before;
  DocumentState now;
  Status s = store.LastVisibleChange(id, since_seq, &before);
  if (s.ok()) s = store.LoadDocument(id, &now);
  if (!s.ok()) return s;
  int64_t was = before && before->action != action::kDelete ? before->revision : 0;
  if (was == now.published) return Status::Ok();
  ChangeItem item{id, "", was, now.published, now.datestamp, {}};
  json old_record = was ? RecordOf(store, id, was, &s) : json::object();
  json new_record = s.ok() && now.published ? RecordOf(store, id, now.published, &s) : json::object();
  if (!s.ok()) return s;
  item.title = (now.published ? new_record : old_record).value("title", "");
  if (was == 0) {
    out->added.push_back(std::move(item));
  } else if (now.published == 0) {
    out->removed.push_back(std::move(item));
  } else {
    item.fields = FieldNames(DiffRecords(old_record, new_record));
    if (item.fields.empty()) return Status::Ok();
    bool archived = new_record.value("status", "") == "archived" && old_record.value("status", "") != "archived";
    (archived ? out->archived : out->changed).push_back(std::move(item));
  }
  return Status::Ok();
}

}  // namespace

std::vector<FieldChange> DiffRecords(const json& from, const json& to) {
  std::vector<std::string> fields(std::begin(kFieldOrder), std::end(kFieldOrder));
  for (const json* record : {&from, &to})
    for (const auto& [key, value] : record->items())
      if (std::find(fields.begin(), fields.end(), key) == fields.end()) fields.push_back(key);
  std::vector<FieldChange> changes;
  for (const std::string& field : fields) {
    bool in_from = from.contains(field), in_to = to.contains(field);
    if (!in_from && !in_to) continue;
    json a = in_from ? from[field] : json(), b = in_to ? to[field] : json();
    if (in_from && in_to && a == b) continue;
    changes.push_back({field, !in_from ? "added" : !in_to ? "removed" : "changed", a, b});
  }
  return changes;
}

Status ChangesSince(Store& store, int64_t since_seq, ChangeList* out) {
  *out = ChangeList{};
  out->since_seq = since_seq;
  std::vector<std::string> ids;
  Status s = store.LastSeq(&out->until_seq);
  if (s.ok()) s = store.VisibleChangesAfter(since_seq, &ids);
  std::sort(ids.begin(), ids.end());
  for (size_t i = 0; s.ok() && i < ids.size(); ++i) s = Classify(store, ids[i], since_seq, out);
  std::vector<DocumentState> drafts;
  if (s.ok()) s = store.PendingDrafts(&drafts);
  for (size_t i = 0; s.ok() && i < drafts.size(); ++i) {
    const DocumentState& d = drafts[i];
    json draft = RecordOf(store, d.id, d.draft, &s);
    json published = s.ok() && d.published ? RecordOf(store, d.id, d.published, &s) : json::object();
    ChangeItem item{d.id, draft.value("title", ""), d.published, d.draft, d.datestamp,
                    FieldNames(DiffRecords(published, draft))};
    out->pending.push_back(std::move(item));
  }
  return s;
}

}  // namespace bridges
