#include "searchd/curation_handlers.h"

#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "core/document_json.h"
#include "core/file_store.h"
#include "core/loader.h"
#include "core/record_files.h"
#include "core/review.h"
#include "core/validator.h"
#include "core/xml_writer.h"
#include "searchd/feeds.h"
#include "searchd/handlers.h"

namespace bridges::searchd {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using nlohmann::json;

namespace {

// One curation request: what the route matched, and who is calling.
struct Call {
  ServerContext& ctx;
  HTTPServerRequest& request;
  HTTPServerResponse& response;
  const Params& params;
  std::map<std::string, std::string> at;  // the path's {id} and {n}
  Actor actor;
  Store* store = nullptr;
};

using Handler = size_t (*)(Call&);

size_t Fail(Call& call, const Status& status) { return SendError(call.response, FromStatus(status)); }

size_t BadRequest(Call& call, const std::string& message) {
  return SendError(call.response, {ApiError::kBadRequest, message});
}

// The parameters a route takes; anything else is a 400, as on the search routes.
std::optional<std::string> UnknownParam(const Params& params, std::initializer_list<const char*> known) {
  for (const auto& [name, value] : params) {
    bool ok = false;
    for (const char* k : known) ok = ok || name == k;
    if (!ok) return "unknown parameter '" + name + "'";
  }
  return std::nullopt;
}

std::optional<int64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(text);
}

// If-Match carries the revision the client last saw: 3, "3" or W/"3".
Status IfMatch(const HTTPServerRequest& request, std::optional<int64_t>* out) {
  if (!request.has("If-Match")) return Status::Ok();
  std::string v = request.get("If-Match");
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  *out = ParseCount(v);
  if (!*out) return Status::Invalid("If-Match must be a revision number, not '" + request.get("If-Match") + "'");
  return Status::Ok();
}

// A UTC point in time from YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.
std::optional<std::string> ParseSince(const std::string& text) {
  if (text.size() == 10 && IsIsoDate(text)) return text + "T00:00:00Z";
  if (text.size() == 20 && IsIsoDate(text.substr(0, 10)) && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
      text[19] == 'Z')
    return text;
  return std::nullopt;
}

json OrNull(int64_t n) { return n ? json(n) : json(); }
json OrNull(const std::string& s) { return s.empty() ? json() : json(s); }

json StateJson(const DocumentState& d) {
  return {{"id", d.id}, {"revision", d.head}, {"published_revision", OrNull(d.published)},
          {"draft_revision", OrNull(d.draft)}, {"deleted", d.deleted()}, {"deleted_at", OrNull(d.deleted_at)},
          {"datestamp", OrNull(d.datestamp)}};
}

json RevisionJson(const Revision& r, const DocumentState& state, bool with_record) {
  json out = {{"revision", r.n},         {"created_at", r.created_at},
              {"author", r.author},      {"role", std::string(RoleName(r.role))},
              {"seq", r.seq},            {"published_at", OrNull(r.published_at)},
              {"published", r.n == state.published}, {"draft", r.n == state.draft}};
  if (with_record) out["record"] = json::parse(r.record, nullptr, false);
  return out;
}

size_t SendWrite(Call& call, const WriteResult& result, json extra = json::object()) {
  call.response.set("ETag", "\"" + std::to_string(result.state.head) + "\"");
  json out = {{"action", result.action}, {"revision", result.revision}, {"seq", result.seq},
              {"document", StateJson(result.state)}};
  out.update(extra);
  return SendJson(call.response, out);
}

// Poco reads a POST without Content-Length until the connection closes;
// HTTP/1.1 says such a request has no body.
bool HasBody(const HTTPServerRequest& request) {
  return request.hasContentLength() || request.getChunkedTransferEncoding();
}

std::optional<HttpError> ReadBody(Call& call, std::string* body) {
  if (!HasBody(call.request)) return std::nullopt;
  const size_t limit = call.ctx.config.max_body_bytes;
  std::istream& in = call.request.stream();
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body->append(buffer, static_cast<size_t>(in.gcount()));
    if (body->size() > limit) return HttpError(ApiError::kPayloadTooLarge, "request body is too large");
  }
  return std::nullopt;
}

std::optional<RecordFormat> FormatOf(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type == "application/json") return RecordFormat::kJson;
  if (type == "application/xml" || type == "text/xml") return RecordFormat::kXml;
  return std::nullopt;
}

size_t Put(Call& call) {
  const std::string& id = call.at["id"];
  Status s = Authorize(call.actor, Permission::kPropose);
  std::optional<int64_t> if_match;
  if (s.ok()) s = IfMatch(call.request, &if_match);
  if (!s.ok()) return Fail(call, s);
  std::optional<RecordFormat> format = FormatOf(call.request.getContentType());
  if (!format)
    return SendError(call.response, {ApiError::kUnsupportedMediaType,
                                     "send the document as application/json or application/xml, not '" +
                                         call.request.getContentType() + "'"});
  std::string body;
  if (auto error = ReadBody(call, &body)) return SendError(call.response, *error);
  Document doc;
  std::vector<FieldError> errors;
  if (ReadOneRecord(body, *format, call.ctx.vocabularies, {}, &doc, &errors) && doc.id != id)
    errors.push_back({"id", "id '" + doc.id + "' in the body differs from '" + id + "' in the URL"});
  if (!errors.empty()) {
    HttpError error(ApiError::kInvalidRecord, "the document is not valid; nothing was stored");
    error.errors = std::move(errors);
    return SendError(call.response, error);
  }
  WriteResult result;
  s = call.ctx.curation->Put(call.actor, doc, if_match, &result);
  return s.ok() ? SendWrite(call, result) : Fail(call, s);
}

void SkipBody(HTTPServerRequest& request, HTTPServerResponse& response, size_t limit);

// An upload refused before its body was read: what a small body holds is
// read and dropped (so the client reads the answer), a large one closes the
// connection.
size_t RefuseUpload(Call& call, const HttpError& error) {
  SkipBody(call.request, call.response, call.ctx.config.max_body_bytes);
  return SendError(call.response, error);
}

// PUT /v1/documents/{id}/files/{name}: the body is the file's bytes. Every
// check that needs no body comes first, so a request bound to fail stores
// nothing; the body is then streamed into the store's blobs (never held in
// memory) and the new revision names it.
size_t PutFile(Call& call) {
  const std::string& id = call.at["id"];
  if (auto unknown = UnknownParam(call.params, {"lang", "role", "label"}))
    return RefuseUpload(call, {ApiError::kBadRequest, *unknown});
  FileRef ref{call.at["name"], ParamOr(call.params, "lang", ""), ParamOr(call.params, "role", "full-text"),
              ParamOr(call.params, "label", ""), ""};
  std::optional<int64_t> if_match;
  Status s = Authorize(call.actor, Permission::kPropose);
  if (s.ok()) s = IfMatch(call.request, &if_match);
  if (s.ok()) s = CheckUploadRef(ref);
  if (s.ok()) s = CheckChangeable(*call.store, id, if_match);
  if (!s.ok()) return RefuseUpload(call, FromStatus(s));
  const uint64_t limit = call.ctx.config.max_file_bytes;
  const std::string too_large = "the file is larger than the limit of " + std::to_string(limit) + " bytes (max_file_bytes)";
  if (!HasBody(call.request)) return BadRequest(call, "send the file's bytes as the request body");
  if (call.request.hasContentLength() && static_cast<uint64_t>(call.request.getContentLength64()) > limit)
    return RefuseUpload(call, {ApiError::kPayloadTooLarge, too_large});
  ReceivedFile received;
  UploadRefusal refusal;
  s = ReceiveUpload(call.ctx.curation->files_dir(), call.request.stream(), limit, &received, &refusal);
  if (refusal == UploadRefusal::kTooLarge) return RefuseUpload(call, {ApiError::kPayloadTooLarge, too_large});
  if (refusal == UploadRefusal::kUnsupportedType) return SendError(call.response, {ApiError::kUnsupportedMediaType, s.message()});
  if (!s.ok()) return Fail(call, s);
  WriteResult result;
  s = call.ctx.curation->PutFile(call.actor, id, ref, received.file, if_match, &result);
  if (!s.ok()) return Fail(call, s);
  // Drafts are not indexed: what the file holds is read now, so the curator
  // sees its metadata, its language and any reason it would not be
  // searchable before anyone publishes it.
  Revision head;
  std::string lang;
  if (call.store->GetRevision(id, result.state.head, &head).ok())
    lang = json::parse(head.record, nullptr, false).value("lang", "");
  const FileOptions options = call.ctx.curation->file_options();
  json file = FileFactsJson(InspectFile(BlobPath(options.store_files, received.file.sha256), ref, lang, options));
  file["name"] = ref.path;
  file["sha256"] = received.file.sha256;
  file["bytes"] = received.file.bytes;
  file["media_type"] = received.file.media_type;
  return SendWrite(call, result, {{"file", file}});
}

size_t DeleteFile(Call& call) {
  if (auto unknown = UnknownParam(call.params, {})) return BadRequest(call, *unknown);
  std::optional<int64_t> if_match;
  WriteResult result;
  Status s = Authorize(call.actor, Permission::kPropose);
  if (s.ok()) s = IfMatch(call.request, &if_match);
  if (s.ok()) s = CheckFileName(call.at["name"]);
  if (s.ok()) s = call.ctx.curation->DeleteFile(call.actor, call.at["id"], call.at["name"], if_match, &result);
  return s.ok() ? SendWrite(call, result) : Fail(call, s);
}

// Publish, archive and delete: an id, an optional If-Match, one core call.
template <Status (Curation::*Change)(const Actor&, const std::string&, std::optional<int64_t>, WriteResult*)>
size_t Transition(Call& call) {
  std::optional<int64_t> if_match;
  WriteResult result;
  Status s = IfMatch(call.request, &if_match);
  if (s.ok()) s = (call.ctx.curation.get()->*Change)(call.actor, call.at["id"], if_match, &result);
  return s.ok() ? SendWrite(call, result) : Fail(call, s);
}

size_t Revisions(Call& call) {
  DocumentState state;
  std::vector<Revision> revisions;
  Status s = Authorize(call.actor, Permission::kReadDrafts);
  if (s.ok()) s = call.store->LoadDocument(call.at["id"], &state);
  if (s.ok()) s = call.store->ListRevisions(state.id, &revisions);
  if (!s.ok()) return Fail(call, s);
  json list = json::array();
  for (auto it = revisions.rbegin(); it != revisions.rend(); ++it) list.push_back(RevisionJson(*it, state, false));
  return SendJson(call.response, {{"document", StateJson(state)}, {"revisions", list}});
}

size_t OneRevision(Call& call) {
  DocumentState state;
  Revision revision;
  std::optional<int64_t> n = ParseCount(call.at["n"]);
  Status s = Authorize(call.actor, Permission::kReadDrafts);
  if (s.ok() && !n) s = Status::NotFound("no revision '" + call.at["n"] + "'");
  if (s.ok()) s = call.store->LoadDocument(call.at["id"], &state);
  if (s.ok()) s = call.store->GetRevision(state.id, *n, &revision);
  if (!s.ok()) return Fail(call, s);
  json out = RevisionJson(revision, state, true);
  out["id"] = state.id;
  return SendJson(call.response, out);
}

size_t Diff(Call& call) {
  if (auto unknown = UnknownParam(call.params, {"from", "to"})) return BadRequest(call, *unknown);
  DocumentState state;
  Status s = Authorize(call.actor, Permission::kReadDrafts);
  if (s.ok()) s = call.store->LoadDocument(call.at["id"], &state);
  if (!s.ok()) return Fail(call, s);
  std::optional<int64_t> to = ParseCount(ParamOr(call.params, "to", std::to_string(state.head)));
  // By default: what the newest revision changes, against what readers see
  // when it is a pending draft, else against the revision before it.
  int64_t default_from = to && *to == state.draft && state.published ? state.published : to ? *to - 1 : 0;
  std::optional<int64_t> from = ParseCount(ParamOr(call.params, "from", std::to_string(default_from)));
  if (!from || !to) return BadRequest(call, "from and to must be revision numbers");
  json records[2] = {json::object(), json::object()};
  for (int i = 0; i < 2 && s.ok(); ++i) {
    int64_t n = i == 0 ? *from : *to;
    Revision revision;
    if (n == 0 && i == 0) continue;  // against nothing: every field is added
    s = call.store->GetRevision(state.id, n, &revision);
    if (s.ok()) records[i] = json::parse(revision.record, nullptr, false);
  }
  if (!s.ok()) return Fail(call, s);
  json changes = json::array();
  for (const FieldChange& c : DiffRecords(records[0], records[1]))
    changes.push_back({{"field", c.field}, {"change", c.change}, {"from", c.from}, {"to", c.to}});
  return SendJson(call.response, {{"id", state.id}, {"from", *from}, {"to", *to}, {"changes", changes}});
}

json ChangeItemsJson(const std::vector<ChangeItem>& items) {
  json list = json::array();
  for (const ChangeItem& i : items)
    list.push_back({{"id", i.id}, {"title", i.title}, {"from_revision", OrNull(i.from_revision)},
                    {"revision", OrNull(i.revision)}, {"datestamp", OrNull(i.datestamp)}, {"fields", i.fields}});
  return list;
}

// The change list of since=DATE or edition=NAME: nullopt with *changes and
// *from filled, or the size of the error response sent.
std::optional<size_t> ReadChanges(Call& call, json* from, ChangeList* changes) {
  if (auto unknown = UnknownParam(call.params, {"since", "edition"})) return BadRequest(call, *unknown);
  std::string since = ParamOr(call.params, "since", ""), edition_name = ParamOr(call.params, "edition", "");
  if (since.empty() == edition_name.empty()) return BadRequest(call, "give either since=DATE or edition=NAME");
  *from = {{"since", nullptr}, {"edition", nullptr}};
  int64_t seq = 0;
  Status s = Status::Ok();
  if (!since.empty()) {
    std::optional<std::string> utc = ParseSince(since);
    if (!utc) return BadRequest(call, "since must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not '" + since + "'");
    s = call.store->SeqBefore(*utc, &seq);
    (*from)["since"] = *utc;
  } else {
    Edition edition;
    s = call.store->GetEdition(edition_name, &edition);
    seq = edition.seq;
    (*from)["edition"] = {{"name", edition.name}, {"date", edition.date}, {"recorded_at", edition.recorded_at}};
  }
  if (s.ok()) s = ChangesSince(*call.store, seq, changes);
  if (!s.ok()) return Fail(call, s);
  (*from)["seq"] = changes->since_seq;
  return std::nullopt;
}

size_t Changes(Call& call) {
  Status s = Authorize(call.actor, Permission::kReadDrafts);
  if (!s.ok()) return Fail(call, s);
  json from;
  ChangeList changes;
  if (std::optional<size_t> sent = ReadChanges(call, &from, &changes)) return *sent;
  return SendJson(call.response, {{"from", from},
                                  {"until_seq", changes.until_seq},
                                  {"added", ChangeItemsJson(changes.added)},
                                  {"changed", ChangeItemsJson(changes.changed)},
                                  {"archived", ChangeItemsJson(changes.archived)},
                                  {"removed", ChangeItemsJson(changes.removed)},
                                  {"pending", ChangeItemsJson(changes.pending)}});
}

// The change list as a feed anyone may follow: what readers can see changed.
// Pending drafts are added only for a caller who may read them.
size_t ChangesAtom(Call& call) {
  json from;
  ChangeList changes;
  if (std::optional<size_t> sent = ReadChanges(call, &from, &changes)) return *sent;
  if (!Authorize(call.actor, Permission::kReadDrafts).ok()) changes.pending.clear();
  std::string query = CanonicalQuery(call.params);
  const std::string& base = call.ctx.config.public_url;
  FeedInfo info;
  info.title = from["edition"].is_object() ? "Bridges: changes since edition " + from["edition"]["name"].get<std::string>()
                                           : "Bridges: changes since " + from["since"].get<std::string>();
  info.self_url = base + "/v1/changes.atom?" + query;
  info.html_url = base + "/?view=changes&" + query;
  std::string etag = "\"" + std::to_string(changes.until_seq) + "-" + Digest(query) + "\"";
  std::string newest;
  for (const auto* list : {&changes.added, &changes.changed, &changes.archived, &changes.removed, &changes.pending})
    for (const ChangeItem& item : *list) newest = std::max(newest, item.datestamp);
  Poco::Timestamp modified;
  if (!newest.empty()) {
    int tz = 0;
    modified = Poco::DateTimeParser::parse("%Y-%m-%dT%H:%M:%SZ", newest, tz).timestamp();
  }
  return SendCacheable(call.request, call.response, "application/atom+xml; charset=utf-8", etag, modified,
                       ChangesFeed(changes, info, base));
}

json EditionJson(const Edition& e) {
  return {{"name", e.name}, {"date", e.date}, {"note", e.note}, {"seq", e.seq}, {"recorded_at", e.recorded_at}};
}

size_t ListEditions(Call& call) {
  std::vector<Edition> editions;
  Status s = call.store->ListEditions(&editions);
  if (!s.ok()) return Fail(call, s);
  json list = json::array();
  for (const Edition& e : editions) list.push_back(EditionJson(e));
  return SendJson(call.response, {{"editions", list}});
}

size_t RecordEdition(Call& call) {
  Status s = Authorize(call.actor, Permission::kRecordEdition);
  if (!s.ok()) return Fail(call, s);
  std::string body;
  if (auto error = ReadBody(call, &body)) return SendError(call.response, *error);
  json in = json::parse(body, nullptr, false);
  Edition edition;
  bool ok = in.is_object();
  for (const auto& [key, value] : ok ? in.items() : json::object().items()) {
    std::string* field = key == "name" ? &edition.name : key == "date" ? &edition.date : key == "note" ? &edition.note : nullptr;
    if (!field || !value.is_string()) ok = false;
    else *field = value.get<std::string>();
  }
  if (!ok) return BadRequest(call, R"(the body must be a JSON object {"name": "...", "date": "YYYY-MM-DD", "note": "..."})");
  s = call.ctx.curation->RecordEdition(call.actor, edition, &edition);
  return s.ok() ? SendJson(call.response, EditionJson(edition)) : Fail(call, s);
}

size_t Audit(Call& call) {
  if (auto unknown = UnknownParam(call.params, {"since", "after", "limit", "id"})) return BadRequest(call, *unknown);
  Status s = Authorize(call.actor, Permission::kReadAudit);
  if (!s.ok()) return Fail(call, s);
  AuditQuery query;
  std::string since = ParamOr(call.params, "since", "");
  std::optional<std::string> utc = since.empty() ? std::optional<std::string>("") : ParseSince(since);
  std::optional<int64_t> after = ParseCount(ParamOr(call.params, "after", "0"));
  std::optional<int64_t> limit = ParseCount(ParamOr(call.params, "limit", "100"));
  if (!utc) return BadRequest(call, "since must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not '" + since + "'");
  if (!after) return BadRequest(call, "after must be a sequence number");
  if (!limit || *limit < 1 || *limit > 1000) return BadRequest(call, "limit must be between 1 and 1000");
  query = {*utc, *after, ParamOr(call.params, "id", ""), false, static_cast<size_t>(*limit)};
  std::vector<AuditEntry> entries;
  if (!(s = call.store->ListAudit(query, &entries)).ok()) return Fail(call, s);
  json list = json::array();
  for (const AuditEntry& e : entries)
    list.push_back({{"seq", e.seq}, {"at", e.at}, {"actor", e.actor.name}, {"role", std::string(RoleName(e.actor.role))},
                    {"address", e.actor.address}, {"action", e.action}, {"id", OrNull(e.doc_id)},
                    {"revision", OrNull(e.revision)}, {"detail", OrNull(e.detail)}, {"visible", e.visible}});
  json next = entries.size() == query.limit ? json(entries.back().seq) : json();
  return SendJson(call.response, {{"entries", list}, {"next_after", next}});
}

// Who holds the token and what it may do, so that a client can sign someone in
// and offer only the actions their role has without copying core's table of
// permissions.
size_t Me(Call& call) {
  if (auto unknown = UnknownParam(call.params, {})) return BadRequest(call, *unknown);
  if (call.actor.role == Role::kReader)
    return Fail(call, Status::Unauthenticated("a token is needed to say who you are"));
  static const std::pair<Permission, const char*> kPermissions[] = {
      {Permission::kReadDrafts, "read_drafts"}, {Permission::kPropose, "propose"},
      {Permission::kArchive, "archive"},        {Permission::kPublish, "publish"},
      {Permission::kDelete, "delete"},          {Permission::kRecordEdition, "record_edition"},
      {Permission::kReadAudit, "read_audit"}};
  json permissions = json::array();
  for (const auto& [permission, name] : kPermissions)
    if (Authorize(call.actor, permission).ok()) permissions.push_back(name);
  return SendJson(call.response, {{"name", call.actor.name},
                                  {"role", std::string(RoleName(call.actor.role))},
                                  {"permissions", permissions}});
}

// The published repository, streamed: JSON Lines (each line the stored
// record) or an XML <collection>, in the order the index holds them.
size_t Export(Call& call) {
  if (auto unknown = UnknownParam(call.params, {"format"})) return BadRequest(call, *unknown);
  std::string format = ParamOr(call.params, "format", "jsonl");
  if (format != "jsonl" && format != "xml") return BadRequest(call, "format must be jsonl or xml");
  const bool xml = format == "xml";
  call.response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
  call.response.setContentType(xml ? "application/xml; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  call.response.setChunkedTransferEncoding(true);
  std::ostream& out = call.response.send();
  size_t bytes = 0;
  auto write = [&](std::string_view text) {
    out << text;
    bytes += text.size();
  };
  if (xml) write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n");
  Status s = call.store->ForEachPublished([&](const DocumentState&, const Revision& revision) {
    if (!xml) return write(revision.record + "\n");
    std::vector<FieldError> ignored;
    std::ostringstream element;
    WriteDocumentXml(FromJson(json::parse(revision.record, nullptr, false), &ignored), element, "  ");
    write(element.str());
  });
  // The status line is gone already: a failure can only cut the body short,
  // which a client sees as a chunked body without its last chunk.
  if (!s.ok()) throw std::runtime_error("export failed: " + s.message());
  if (xml) write("</collection>\n");
  return bytes;
}

// Curators write a file by name; readers read it by its number in the record
// (searchd/handlers.cc), on the same path shape.
constexpr const char* kFileRoute = "/v1/documents/{id}/files/{name*}";

struct Route {
  // Segments; {id} and {n} match one segment each; a last {name*} matches the
  // rest of the path, so a name with a (decoded) '/' reaches its handler and
  // is refused there with a reason.
  const char* pattern;
  const char* method;
  Handler handler;
  bool identify;  // false: public, nobody needs to be identified
  bool reads_body;
};

const Route kRoutes[] = {
    {"/v1/documents/{id}", "PUT", Put, true, true},
    {"/v1/documents/{id}", "DELETE", Transition<&Curation::Delete>, true, false},
    {"/v1/documents/{id}/publish", "POST", Transition<&Curation::Publish>, true, false},
    {"/v1/documents/{id}/archive", "POST", Transition<&Curation::Archive>, true, false},
    {"/v1/documents/{id}/revisions", "GET", Revisions, true, false},
    {"/v1/documents/{id}/revisions/{n}", "GET", OneRevision, true, false},
    {"/v1/documents/{id}/diff", "GET", Diff, true, false},
    {kFileRoute, "PUT", PutFile, true, true},
    {kFileRoute, "DELETE", DeleteFile, true, false},
    {"/v1/changes", "GET", Changes, true, false},
    {"/v1/changes.atom", "GET", ChangesAtom, true, false},
    {"/v1/editions", "GET", ListEditions, false, false},
    {"/v1/editions", "POST", RecordEdition, true, true},
    {"/v1/audit", "GET", Audit, true, false},
    {"/v1/me", "GET", Me, true, false},
    {"/v1/export", "GET", Export, false, false},
};

bool MayBeCuration(const std::string& path) {
  for (const char* prefix : {"/v1/documents/", "/v1/changes", "/v1/editions", "/v1/audit", "/v1/export", "/v1/me"})
    if (path.rfind(prefix, 0) == 0) return true;
  return false;
}

// A body the route does not read would be taken for the next request on a
// kept-alive connection: it is read and dropped, and a connection whose body
// is over the limit is closed after the response.
void SkipBody(HTTPServerRequest& request, HTTPServerResponse& response, size_t limit) {
  if (!HasBody(request)) return;
  std::istream& in = request.stream();
  in.ignore(static_cast<std::streamsize>(limit));
  if (in.peek() != std::char_traits<char>::eof()) response.setKeepAlive(false);
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) out.push_back(part);
  if (!path.empty() && path.back() == '/') out.push_back("");
  return out;
}

bool Match(const std::string& pattern, const std::vector<std::string>& path, std::map<std::string, std::string>* at) {
  std::vector<std::string> p = Segments(pattern);
  const bool rest = !p.empty() && p.back().size() > 3 && p.back().substr(p.back().size() - 2) == "*}";
  if (rest ? path.size() < p.size() : p.size() != path.size()) return false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (rest && i + 1 == p.size()) {
      std::string joined = path[i];
      for (size_t j = i + 1; j < path.size(); ++j) joined += "/" + path[j];
      (*at)[p[i].substr(1, p[i].size() - 3)] = joined;
    } else if (p[i].size() > 2 && p[i].front() == '{') {
      if (path[i].empty()) return false;
      (*at)[p[i].substr(1, p[i].size() - 2)] = path[i];
    } else if (p[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool HasOwnBodyLimit(const HTTPServerRequest& request, const std::string& path) {
  std::map<std::string, std::string> at;
  return request.getMethod() == HTTPRequest::HTTP_PUT && Match(kFileRoute, Segments(path), &at);
}

Status ThreadStore(ServerContext& ctx, Store** out) {
  thread_local std::unique_ptr<Store> store;
  if (!store) {
    Status s = Store::Open(ctx.config.store, &store);
    if (!s.ok()) return Status::Unavailable(s.message());
  }
  *out = store.get();
  return Status::Ok();
}


std::optional<size_t> ServeCuration(ServerContext& ctx, HTTPServerRequest& request, HTTPServerResponse& response,
                                    const std::string& path, const Params& params, std::string* route) {
  if (!MayBeCuration(path)) return std::nullopt;
  std::vector<std::string> segments = Segments(path);
  std::string method = request.getMethod() == HTTPRequest::HTTP_HEAD ? "GET" : request.getMethod();
  std::string allow;
  for (const Route& r : kRoutes) {
    std::map<std::string, std::string> at;
    if (!Match(r.pattern, segments, &at)) continue;
    *route = r.pattern;
    // Without a store, PUT and DELETE on a document get the read-only 405.
    if (!ctx.curation && (*route == "/v1/documents/{id}" || *route == kFileRoute)) return std::nullopt;
    if (!ctx.curation)
      return SendError(response, {ApiError::kNotFound, "no route for " + path + ": searchd runs without a store (--store)"});
    allow += std::string(allow.empty() ? "" : ", ") + r.method;
    if (method != r.method) continue;
    if (!r.reads_body) SkipBody(request, response, ctx.config.max_body_bytes);
    Call call{ctx, request, response, params, at, {}, nullptr};
    Status s = ThreadStore(ctx, &call.store);
    if (!s.ok()) return SendError(response, FromStatus(s));
    call.actor = {"", Role::kReader, request.clientAddress().host().toString()};
    if (r.identify)
      if (auto error = Identify(request, *call.store, *ctx.auth_limiter, &call.actor)) return SendError(response, *error);
    return r.handler(call);
  }
  if (allow.empty()) return std::nullopt;
  // GET /v1/documents/{id} and GET .../files/{n} are the reader's routes,
  // served by the caller.
  const bool readable = *route == "/v1/documents/{id}" || *route == kFileRoute;
  if (readable && method == "GET") return std::nullopt;
  if (readable) allow = "GET, HEAD, " + allow;
  HttpError error(ApiError::kMethodNotAllowed, request.getMethod() + " is not allowed on " + path);
  error.allow = allow;
  return SendError(response, error);
}

std::optional<HttpError> TakeIncludeDrafts(ServerContext& ctx, const HTTPServerRequest& request, Params* params,
                                           bool* wanted) {
  *wanted = false;
  Params rest;
  for (const auto& [name, value] : *params) {
    if (name != "include") {
      rest.emplace_back(name, value);
      continue;
    }
    if (value != "drafts") return HttpError(ApiError::kBadRequest, "include must be 'drafts'");
    *wanted = true;
  }
  if (!*wanted) return std::nullopt;
  if (!ctx.curation) return HttpError(ApiError::kBadRequest, "include=drafts needs searchd to run with a store (--store)");
  Store* store = nullptr;
  Actor actor;
  Status s = ThreadStore(ctx, &store);
  if (!s.ok()) return FromStatus(s);
  if (auto error = Identify(request, *store, *ctx.auth_limiter, &actor)) return error;
  if (!(s = Authorize(actor, Permission::kReadDrafts)).ok()) return FromStatus(s);
  *params = std::move(rest);
  return std::nullopt;
}

std::optional<HttpError> AddMatchingDrafts(ServerContext& ctx, const SearchRequest& request, json* body) {
  Store* store = nullptr;
  std::vector<DraftMatch> matches;
  Status s = ThreadStore(ctx, &store);
  if (s.ok()) s = MatchDrafts(*store, ctx.vocabularies, request.q, request.qlang, 100, &matches);
  if (!s.ok()) return FromStatus(s);
  json drafts = json::array();
  for (const DraftMatch& m : matches) {
    json record = json::parse(m.revision.record, nullptr, false);
    json item = {{"revision", m.revision.n}, {"author", m.revision.author}, {"created_at", m.revision.created_at},
                 {"published_revision", OrNull(m.state.published)}};
    for (const char* key : {"id", "work", "type", "lang", "status", "title"}) item[key] = record.value(key, "");
    drafts.push_back(std::move(item));
  }
  (*body)["drafts"] = drafts;
  return std::nullopt;
}

namespace {

// The document's state and newest revision, draft or not, through this
// thread's store (returned in *store when asked for).
Status LoadHead(ServerContext& ctx, const std::string& id, DocumentState* state, Revision* head, Store** store) {
  Store* thread_store = nullptr;
  Status s = ThreadStore(ctx, &thread_store);
  if (s.ok()) s = thread_store->LoadDocument(id, state);
  if (s.ok()) s = thread_store->GetRevision(id, state->head, head);
  if (store) *store = thread_store;
  return s;
}

}  // namespace

std::optional<HttpError> MergeDraft(ServerContext& ctx, const std::string& id, json* record,
                                    HTTPServerResponse& response) {
  DocumentState state;
  Revision head;
  Status s = LoadHead(ctx, id, &state, &head, nullptr);
  if (!s.ok()) return FromStatus(s);
  json merged = json::parse(head.record, nullptr, false);
  for (const char* key : {"translations", "related"})
    merged[key] = record->is_object() && record->contains(key) ? (*record)[key] : json::array();
  merged["curation"] = StateJson(state);
  *record = std::move(merged);
  response.set("ETag", "\"" + std::to_string(state.head) + "\"");
  return std::nullopt;
}

std::optional<HttpError> DraftFile(ServerContext& ctx, const std::string& id, int n, FileToSend* out) {
  Store* store = nullptr;
  DocumentState state;
  Revision head;
  Status s = LoadHead(ctx, id, &state, &head, &store);
  if (!s.ok()) return FromStatus(s);
  const json record = json::parse(head.record, nullptr, false);
  const json* files = record.is_object() && record.contains("files") ? &record["files"] : nullptr;
  if (n < 0 || !files || n >= static_cast<int>(files->size()))
    return HttpError(ApiError::kNotFound, "revision " + std::to_string(state.head) + " of '" + id + "' has no file " +
                                              std::to_string(n));
  const json& ref = (*files)[static_cast<size_t>(n)];
  const std::string sha256 = ref.value("sha256", "");
  StoredFile stored;
  // Only content the store holds: a ref by path was never uploaded.
  if (sha256.empty() || !store->GetFile(sha256, &stored).ok())
    return HttpError(ApiError::kNotFound, "file " + std::to_string(n) + " of '" + id + "' is not in the store");
  *out = {BlobPath(StoreFilesDir(ctx.config.store), sha256), stored.media_type,
          std::filesystem::path(ref.value("path", "")).filename().string(), "\"" + sha256 + "\""};
  return std::nullopt;
}

}  // namespace bridges::searchd
