#include "core/oai_store_source.h"

#include <nlohmann/json.hpp>

#include "core/document_json.h"

namespace bridges::oai {

Status StoreSource::EarliestDatestamp(std::string* out) { return store_->EarliestDatestamp(out); }

Status StoreSource::Fill(const DocumentState& state, const Revision& revision, SourceRecord* out) {
  out->id = state.id;
  out->datestamp = state.datestamp;
  out->deleted = state.deleted();
  nlohmann::json record = nlohmann::json::parse(revision.record, nullptr, false);
  if (!record.is_object()) return Status::Error("the stored record of '" + state.id + "' is not JSON");
  std::vector<FieldError> errors;
  out->document = FromJson(record, &errors);
  if (!errors.empty()) return Status::Error("the stored record of '" + state.id + "' is invalid: " + errors.front().message);
  out->versions.clear();
  if (out->deleted) return Status::Ok();
  std::vector<Translation> versions;
  Status s = searcher_->VersionsOf(state.id, &versions);
  if (!s.ok()) return s;
  for (const Translation& t : versions) out->versions.emplace_back(t.id, t.lang);
  return Status::Ok();
}

Status StoreSource::Get(const std::string& id, SourceRecord* out) {
  DocumentState state;
  Status s = store_->LoadDocument(id, &state);
  if (!s.ok()) return s;
  if (state.last_published == 0) return Status::NotFound("document '" + id + "' was never published");
  Revision revision;
  s = store_->GetRevision(id, state.last_published, &revision);
  if (!s.ok()) return s;
  return Fill(state, revision, out);
}

Status StoreSource::Count(const Selection& selection, size_t* out) {
  return store_->CountByDatestamp(selection.from, selection.until, out);
}

Status StoreSource::Scan(const Selection& selection, const std::optional<Position>& after,
                         const std::function<bool(SourceRecord&&)>& visit) {
  Status failure = Status::Ok();
  Status s = store_->ForEachByDatestamp(
      selection.from, selection.until, after ? after->datestamp : "", after ? after->id : "",
      [&](const DocumentState& state, const Revision& revision) {
        SourceRecord record;
        failure = Fill(state, revision, &record);
        if (!failure.ok()) return false;
        return visit(std::move(record));
      });
  return s.ok() ? failure : s;
}

}  // namespace bridges::oai
