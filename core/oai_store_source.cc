#include "core/oai_store_source.h"

#include <nlohmann/json.hpp>

#include "core/document_json.h"

namespace bridges::oai {

namespace {

// `json` (an object) without its top-level member `key`, found by a plain
// scan of strings and nesting. A record's body is most of its bytes, and
// nlohmann's lexer copying them character by character was 40% of a Dublin
// Core harvest; this skips them at memory speed. Returns `json` unchanged if
// the member is absent.
std::string WithoutMember(std::string_view json, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  int depth = 0;
  size_t member_start = std::string_view::npos;  // the comma (or brace) before the member
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '"') {
      size_t start = i;
      for (++i; i < json.size() && json[i] != '"'; ++i)
        if (json[i] == '\\') ++i;
      if (depth == 1 && member_start == std::string_view::npos && json.compare(start, quoted.size(), quoted) == 0) {
        size_t colon = json.find_first_not_of(" \t\r\n", i + 1);
        size_t value = colon == std::string_view::npos ? colon : json.find_first_not_of(" \t\r\n", colon + 1);
        if (colon != std::string_view::npos && json[colon] == ':' && value != std::string_view::npos && json[value] == '[') {
          size_t before = json.find_last_not_of(" \t\r\n", start - 1);
          member_start = before;  // ',' or '{'
        }
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
      if (depth == 1 && member_start != std::string_view::npos && (c == ']' || c == '}')) {
        // The member's value ended; drop [member_start+1 .. i], and a
        // following comma when the member came first.
        size_t end = i + 1;
        std::string out(json.substr(0, json[member_start] == '{' ? member_start + 1 : member_start));
        size_t next = json.find_first_not_of(" \t\r\n", end);
        if (json[member_start] == '{' && next != std::string_view::npos && json[next] == ',') end = next + 1;
        out.append(json.substr(end));
        return out;
      }
    }
  }
  return std::string(json);
}

}  // namespace

Status StoreSource::EarliestDatestamp(std::string* out) { return store_->EarliestDatestamp(out); }

Status StoreSource::Fill(const DocumentState& state, const Revision& revision, bool with_body, SourceRecord* out) {
  out->id = state.id;
  out->datestamp = state.datestamp;
  out->deleted = state.deleted();
  nlohmann::json record =
      nlohmann::json::parse(with_body ? revision.record : WithoutMember(revision.record, "body"), nullptr, false);
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
  return Fill(state, revision, true, out);
}

Status StoreSource::Count(const Selection& selection, size_t* out) {
  return store_->CountByDatestamp(selection.from, selection.until, out);
}

Status StoreSource::Scan(const Selection& selection, bool with_body, const std::optional<Position>& after,
                         const std::function<bool(SourceRecord&&)>& visit) {
  Status failure = Status::Ok();
  Status s = store_->ForEachByDatestamp(
      selection.from, selection.until, after ? after->datestamp : "", after ? after->id : "",
      [&](const DocumentState& state, const Revision& revision) {
        SourceRecord record;
        failure = Fill(state, revision, with_body, &record);
        if (!failure.ok()) return false;
        return visit(std::move(record));
      });
  return s.ok() ? failure : s;
}

}  // namespace bridges::oai
