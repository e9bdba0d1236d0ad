#include "searchd/handlers.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/File.h>
#include <Poco/URI.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/loader.h"
#include "core/record_files.h"
#include "core/searcher.h"
#include "core/unicode.h"
#include "searchd/curation_handlers.h"
#include "searchd/errors.h"
#include "searchd/feeds.h"
#include "searchd/file_response.h"
#include "searchd/oai_handler.h"
#include "searchd/http_params.h"

namespace bridges::searchd {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using nlohmann::json;

Status ThreadSearcher(ServerContext& ctx, Searcher** out) {
  thread_local std::unique_ptr<Searcher> searcher;
  if (!searcher) {
    Status s = Searcher::Open(ctx.config.db, &ctx.vocabularies, ctx.config.limits, &searcher);
    if (!s.ok()) return s;
    searcher->set_cache(ctx.result_cache.get());
  } else {
    searcher->Refresh();
  }
  *out = searcher.get();
  return Status::Ok();
}

namespace {

json HitJson(const Hit& hit) {
  json h = hit.record;
  h.erase("summary");  // the snippet stands for it; feeds show it whole
  h["snippet"] = hit.snippet;
  h["score"] = hit.score;
  json translations = json::array();
  for (const Translation& t : hit.translations) translations.push_back({{"id", t.id}, {"lang", t.lang}, {"title", t.title}});
  h["translations"] = translations;
  json passages = json::array();
  const std::string id = h.value("id", "");
  for (const HitPassage& p : hit.passages) {
    // A PDF opens at its page (the #page fragment every PDF viewer reads);
    // other formats open on the document page, at the passage.
    std::string file_url = "/v1/documents/" + id + "/files/" + std::to_string(p.file);
    std::string url = p.media_type == "application/pdf" && p.page > 0
                          ? file_url + "#page=" + std::to_string(p.page)
                          : "/doc/" + id + "?file=" + std::to_string(p.file) + "#passage-" + std::to_string(p.file) + "-" +
                                std::to_string(p.passage);
    passages.push_back({{"file", p.file}, {"page", p.page > 0 ? json(p.page) : json()}, {"passage", p.passage},
                        {"snippet", p.snippet}, {"media_type", p.media_type}, {"url", url}});
  }
  h["passages"] = passages;
  for (const char* list : {"domains", "cities", "countries", "networks"})
    if (!h.contains(list)) h[list] = json::array();
  if (!h.contains("year")) h["year"] = nullptr;
  return h;
}

json FacetsJson(const SearchResponse& r) {
  json facets = json::object();
  for (const layout::FacetSpec& spec : layout::kFacets) {
    json list = json::array();
    for (const FacetEntry& e : r.facets[static_cast<int>(spec.facet)])
      list.push_back({{"value", e.value}, {"label", e.label}, {"count", e.count}});
    facets[std::string(spec.name)] = list;
  }
  return facets;
}

}  // namespace

json SearchJson(const SearchResponse& r) {
  json hits = json::array();
  for (const Hit& h : r.hits) hits.push_back(HitJson(h));
  return {{"query", {{"q", r.q}, {"qlang", r.qlang.empty() ? json() : json(r.qlang)}, {"detected", r.detected},
                     {"corrected", r.corrected ? json(*r.corrected) : json()}}},
          {"total", r.total}, {"page", r.page}, {"per_page", r.per_page}, {"hits", hits},
          {"facets", FacetsJson(r)}, {"took_ms", r.took_ms}};
}

namespace {

constexpr const char* kInitialPlaceholder = "<!--bridges:initial-->";
constexpr const char* kHeadPlaceholder = "<!--bridges:head-->";

std::string ContentTypeOf(const std::string& path) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".json", "application/json; charset=utf-8"}, {".png", "image/png"}, {".ico", "image/x-icon"}};
  for (const auto& [ext, type] : types)
    if (path.ends_with(ext)) return type;
  return "application/octet-stream";
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ApiHandler(ServerContext* ctx) : ctx_(*ctx) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    auto start = std::chrono::steady_clock::now();
    std::string route = "unknown";
    size_t bytes = 0;
    // Xapian::Error is not a std::exception, and a handler that lets anything
    // escape makes Poco send an empty reply: everything ends here as JSON.
    try {
      bytes = Dispatch(request, response, &route);
    } catch (const Xapian::Error& e) {
      bytes = Fail(response, {ApiError::kInternal, e.get_description()});
    } catch (const std::exception& e) {
      bytes = Fail(response, {ApiError::kInternal, e.what()});
    } catch (...) {
      bytes = Fail(response, {ApiError::kInternal, "unexpected error"});
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    int status = static_cast<int>(response.getStatus());
    ctx_.metrics.Record(route, status, ms);
    if (ctx_.access_log) {
      std::lock_guard<std::mutex> lock(ctx_.access_log_mutex);
      std::fprintf(ctx_.access_log, "%s %s %d %zu %.2f\n", request.getMethod().c_str(), request.getURI().c_str(),
                   status, bytes, ms);
      std::fflush(ctx_.access_log);
    }
  }

 private:
  size_t Fail(HTTPServerResponse& response, const HttpError& error) {
    if (response.sent()) return 0;
    return SendError(response, error);
  }

  size_t Dispatch(HTTPServerRequest& request, HTTPServerResponse& response, std::string* route) {
    const std::string& uri = request.getURI();
    const size_t max_uri = ctx_.config.max_query_bytes + 256;  // q plus room for filters
    if (uri.size() > max_uri)
      return SendError(response, {ApiError::kUriTooLong, "request URI is longer than " + std::to_string(max_uri) + " bytes"});
    if (ctx_.server && ctx_.server->queuedConnections() >= ctx_.config.max_queued)
      return SendError(response, {ApiError::kTooManyRequests, "the server is busy; retry shortly"});
    request_ = &request;
    Poco::URI parsed(uri);
    std::string path = parsed.getPath();
    Params params;
    try {
      params = parsed.getQueryParameters();
    } catch (const Poco::Exception& e) {
      return SendError(response, {ApiError::kBadRequest, "malformed query string: " + e.displayText()});
    }
    if (request.getContentLength() > static_cast<std::streamsize>(ctx_.config.max_body_bytes) &&
        !HasOwnBodyLimit(request, path))
      return SendError(response, {ApiError::kPayloadTooLarge, "request body is too large"});
    if (std::optional<size_t> sent = ServeOai(ctx_, request, response, path, params, route)) return *sent;
    if (std::optional<size_t> sent = ServeCuration(ctx_, request, response, path, params, route)) return *sent;
    bool read_only = request.getMethod() == HTTPRequest::HTTP_GET || request.getMethod() == HTTPRequest::HTTP_HEAD;

    struct Route {
      const char* name;
      bool prefix;
      size_t (ApiHandler::*handler)(const std::string&, const Params&, HTTPServerResponse&);
    };
    static const Route routes[] = {
        {"/healthz", false, &ApiHandler::Health},
        {"/metrics", false, &ApiHandler::MetricsText},
        {"/v1/search", false, &ApiHandler::Search},
        {"/v1/search.atom", false, &ApiHandler::SearchAtom},
        {"/opensearch.xml", false, &ApiHandler::OpenSearch},
        {"/sitemap.xml", false, &ApiHandler::SitemapFile},
        {"/sitemap-", true, &ApiHandler::SitemapFile},
        {"/robots.txt", false, &ApiHandler::Robots},
        {"/schema/", true, &ApiHandler::SchemaFile},
        {"/v1/facets", false, &ApiHandler::Facets},
        {"/v1/suggest", false, &ApiHandler::Suggest},
        {"/v1/documents/", true, &ApiHandler::Document},
        {"/doc/", true, &ApiHandler::Page},
        {"/static/", true, &ApiHandler::Static},
        {"/", false, &ApiHandler::Page},
    };
    for (const Route& r : routes) {
      bool match = r.prefix ? path.rfind(r.name, 0) == 0 && path.size() > std::strlen(r.name) : path == r.name;
      if (!match) continue;
      *route = r.name;
      if (!read_only)
        return SendError(response, {ApiError::kMethodNotAllowed, request.getMethod() + " is not allowed on " + path});
      return (this->*r.handler)(path, params, response);
    }
    return SendError(response, {ApiError::kNotFound, "no route for " + path});
  }

  size_t Health(const std::string&, const Params&, HTTPServerResponse& response) {
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    if (!status.ok()) return SendError(response, FromStatus(status));
    return SendJson(response, {{"status", "ok"}, {"documents", s->document_count()}, {"revision", s->revision()}});
  }

  size_t MetricsText(const std::string&, const Params&, HTTPServerResponse& response) {
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    uint64_t docs = status.ok() ? s->document_count() : 0, rev = status.ok() ? s->revision() : 0;
    return SendBody(response, "text/plain; version=0.0.4", ctx_.metrics.Render(docs, rev));
  }

  // Runs a parsed search (`parsed`: the outcome of parsing it) on this
  // thread's searcher: an error to send, or nullopt with *result filled.
  std::optional<HttpError> RunSearch(Status parsed, const SearchRequest& request, SearchResponse* result,
                                     Searcher** searcher) {
    if (parsed.ok() && request.q.size() > ctx_.config.max_query_bytes)
      return HttpError{ApiError::kUriTooLong, "q is longer than " + std::to_string(ctx_.config.max_query_bytes) + " bytes"};
    Status status = parsed;
    if (status.ok()) status = ThreadSearcher(ctx_, searcher);
    if (status.ok()) status = (*searcher)->Search(request, result);
    if (!status.ok()) return FromStatus(status);
    return std::nullopt;
  }

  size_t Search(const std::string&, const Params& given, HTTPServerResponse& response) {
    Params params = given;
    bool drafts = false;
    if (auto error = TakeIncludeDrafts(ctx_, *request_, &params, &drafts)) return SendError(response, *error);
    SearchRequest request;
    Status status = ParseSearchRequest(params, &request);
    Searcher* s = nullptr;
    SearchResponse result;
    if (auto error = RunSearch(status, request, &result, &s)) return SendError(response, *error);
    json body = SearchJson(result);
    if (drafts)
      if (auto error = AddMatchingDrafts(ctx_, request, &body)) return SendError(response, *error);
    return SendJson(response, body);
  }

  size_t Facets(const std::string&, const Params& params, HTTPServerResponse& response) {
    SearchRequest request;
    Status status = ParseSearchRequest(params, &request);
    if (status.ok() && !request.q.empty()) status = Status::Invalid("/v1/facets takes no q; use /v1/search");
    request.page = 1;
    request.per_page = 1;
    Searcher* s = nullptr;
    if (status.ok()) status = ThreadSearcher(ctx_, &s);
    SearchResponse result;
    if (status.ok()) status = s->Search(request, &result);
    if (!status.ok()) return SendError(response, FromStatus(status));
    return SendJson(response, {{"total", result.total}, {"facets", FacetsJson(result)}, {"took_ms", result.took_ms}});
  }

  size_t Suggest(const std::string&, const Params& params, HTTPServerResponse& response) {
    for (const auto& [name, value] : params)
      if (name != "q" && name != "ui") return SendError(response, {ApiError::kBadRequest, "unknown parameter '" + name + "'"});
    std::string q = ParamOr(params, "q", "");
    if (q.size() > 200) return SendError(response, {ApiError::kBadRequest, "q is longer than 200 bytes"});
    if (!IsValidUtf8(q)) return SendError(response, {ApiError::kBadRequest, "q is not valid UTF-8"});
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    std::vector<Suggestion> suggestions;
    if (status.ok()) status = s->Suggest(q, ParamOr(params, "ui", "en"), 10, &suggestions);
    if (!status.ok()) return SendError(response, FromStatus(status));
    json list = json::array();
    for (const Suggestion& x : suggestions) list.push_back({{"text", x.text}, {"kind", x.kind}, {"value", x.value}});
    return SendJson(response, {{"q", q}, {"suggestions", list}});
  }

  size_t Document(const std::string& path, const Params& given, HTTPServerResponse& response) {
    std::string rest = path.substr(std::strlen("/v1/documents/"));
    size_t files_at = rest.find("/files/");
    if (files_at != std::string::npos) return File(rest.substr(0, files_at), rest.substr(files_at + 7), given, response);
    Params params = given;
    bool drafts = false;
    if (auto error = TakeIncludeDrafts(ctx_, *request_, &params, &drafts)) return SendError(response, *error);
    std::string id = rest;
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    json record;
    if (status.ok()) status = s->GetDocument(id, &record);
    // A curator sees the newest revision, draft or not, even of a document
    // readers cannot find.
    if (drafts && (status.ok() || status.code() == StatusCode::kNotFound)) {
      if (auto error = MergeDraft(ctx_, id, &record, response)) return SendError(response, *error);
      status = Status::Ok();
    }
    if (!status.ok()) return SendError(response, FromStatus(status));
    AddFileUrls(id, &record);
    return SendJson(response, record);
  }

  // Where each readable file of a document is served.
  static void AddFileUrls(const std::string& id, json* record) {
    if (!record->contains("file_details")) return;
    for (json& f : (*record)["file_details"])
      if (!f.contains("error") && f.contains("media_type"))
        f["url"] = "/v1/documents/" + id + "/files/" + std::to_string(f.value("file", 0));
  }

  // GET /v1/documents/{id}/files/{n}: the file itself; .../{n}/passages:
  // its text, passage by passage, for reading a hit in context.
  size_t File(const std::string& id, const std::string& rest, const Params& params, HTTPServerResponse& response) {
    std::string number = rest, tail;
    if (size_t slash = rest.find('/'); slash != std::string::npos) {
      number = rest.substr(0, slash);
      tail = rest.substr(slash + 1);
    }
    int n = -1;
    if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string::npos ||
        (tail != "" && tail != "passages"))
      return SendError(response, {ApiError::kNotFound, "no route for /v1/documents/" + id + "/files/" + rest});
    n = std::stoi(number);
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    if (tail == "passages") {
      int from = 1, limit = 50;
      std::string q;
      for (const auto& [name, value] : params) {
        if (name == "q") {
          if (value.size() > ctx_.config.max_query_bytes)
            return SendError(response, {ApiError::kUriTooLong, "q is longer than " + std::to_string(ctx_.config.max_query_bytes) + " bytes"});
          q = value;
          continue;
        }
        int* target = name == "from" ? &from : name == "limit" ? &limit : nullptr;
        if (!target) return SendError(response, {ApiError::kBadRequest, "unknown parameter '" + name + "'"});
        if (value.empty() || value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
          return SendError(response, {ApiError::kBadRequest, "parameter '" + name + "' must be a whole number"});
        *target = std::stoi(value);
      }
      if (from < 1 || limit < 1 || limit > 500)
        return SendError(response, {ApiError::kBadRequest, "from must be 1 or more, limit between 1 and 500"});
      std::vector<FilePassage> passages;
      int total = 0;
      IndexedFile file;
      if (status.ok()) status = s->GetFile(id, n, &file);
      if (status.ok()) status = s->FilePassages(id, n, from, limit, q, &passages, &total);
      if (!status.ok()) return SendError(response, FromStatus(status));
      json list = json::array();
      for (const FilePassage& p : passages) {
        json item = {{"passage", p.passage}, {"page", p.page}, {"text", p.text}};
        if (!q.empty()) item["marked"] = p.marked;
        list.push_back(std::move(item));
      }
      return SendJson(response, {{"id", id}, {"file", n}, {"name", FileName(file.ref)},
                                 {"media_type", file.facts.value("media_type", "")}, {"label", file.ref.label},
                                 {"total", total}, {"from", from}, {"passages", list}});
    }
    Params rest_params = params;
    bool drafts = false;
    if (auto error = TakeIncludeDrafts(ctx_, *request_, &rest_params, &drafts)) return SendError(response, *error);
    if (!rest_params.empty())
      return SendError(response, {ApiError::kBadRequest, "unknown parameter '" + rest_params.front().first + "'"});
    if (drafts) {
      FileToSend draft;
      if (auto error = DraftFile(ctx_, id, n, &draft)) return SendError(response, *error);
      response.set("Cache-Control", "private, no-cache");
      return SendFile(*request_, response, draft);
    }
    IndexedFile file;
    if (status.ok()) status = s->GetFile(id, n, &file);
    if (!status.ok()) return SendError(response, FromStatus(status));
    std::string sha256 = file.facts.value("sha256", "");
    if (sha256.empty()) return SendError(response, {ApiError::kNotFound, "file " + number + " of '" + id + "' could not be read when it was indexed"});
    // A store's records name their files by hash: the bytes are the store's.
    const std::string store_files = ctx_.config.store.empty() ? "" : StoreFilesDir(ctx_.config.store);
    FileToSend send{ResolveFilePath(file.record_source, file.ref, store_files), file.facts.value("media_type", ""),
                    FileName(file.ref), "\"" + sha256 + "\""};
    return SendFile(*request_, response, send);
  }

  // The name a file is offered under: the last part of its path.
  static std::string FileName(const FileRef& ref) {
    std::string name = std::filesystem::path(ref.path).filename().string();
    return name.empty() ? "file" : name;
  }

  // The page, with the first results (or the document) embedded so they show
  // without a second round trip.
  size_t Page(const std::string& path, const Params& params, HTTPServerResponse& response) {
    std::string html;
    if (!ReadWebFile("index.html", &html)) return SendError(response, {ApiError::kNotFound, "no such file: index.html"});
    json initial = InitialData(path, params);
    if (initial.is_object() && initial.value("kind", "") == "document") {
      // Crawlers and other sites read the document page's metadata without
      // running its script: schema.org JSON-LD and the other versions.
      const json& record = initial["response"];
      std::string head = "<script type=\"application/ld+json\">" +
                         ScriptSafe(DocumentJsonLd(record, ctx_.config.public_url, ctx_.vocabularies)) + "</script>\n" +
                         AlternateLinks(record, ctx_.config.public_url);
      size_t at = html.find(kHeadPlaceholder);
      if (at != std::string::npos) html.replace(at, std::strlen(kHeadPlaceholder), head);
    }
    if (!initial.is_null()) {
      std::string script = "<script type=\"application/json\" id=\"bridges-initial\">" + ScriptSafe(initial) + "</script>";
      size_t at = html.find(kInitialPlaceholder);
      if (at != std::string::npos) html.replace(at, std::strlen(kInitialPlaceholder), script);
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.set("Cache-Control", "no-cache");
    return SendBody(response, "text/html; charset=utf-8", html);
  }

  json InitialData(const std::string& path, const Params& params) {
    Searcher* s = nullptr;
    if (!ThreadSearcher(ctx_, &s).ok()) return nullptr;
    if (path.rfind("/doc/", 0) == 0) {
      std::string id = path.substr(std::strlen("/doc/"));
      json record;
      if (!s->GetDocument(id, &record).ok()) return nullptr;
      AddFileUrls(id, &record);
      return {{"kind", "document"}, {"id", id}, {"response", record}};
    }
    SearchRequest request;
    if (!ParseSearchRequest(params, &request).ok() || request.q.size() > ctx_.config.max_query_bytes) return nullptr;
    SearchResponse result;
    if (!s->Search(request, &result).ok()) return nullptr;
    return {{"kind", "search"}, {"params", CanonicalQuery(params)}, {"response", SearchJson(result)}};
  }

  // "</script>" inside JSON would end the script element early.
  static std::string ScriptSafe(const json& value) {
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace), out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "<\\";
      else out += text[i];
    }
    return out;
  }


  bool ReadWebFile(const std::string& name, std::string* out) const {
    std::string root = ctx_.config.web_root.empty() ? std::string(BRIDGES_SOURCE_DIR) + "/searchd/web" : ctx_.config.web_root;
    std::ifstream in(root + "/" + name, std::ios::binary);
    if (!in) return false;
    std::ostringstream body;
    body << in.rdbuf();
    *out = body.str();
    return true;
  }

  size_t Static(const std::string& path, const Params&, HTTPServerResponse& response) {
    std::string name = path.substr(std::strlen("/static/"));
    if (name.find("..") != std::string::npos) return SendError(response, {ApiError::kNotFound, "no such file"});
    return ServeFile(name, response);
  }

  size_t ServeFile(const std::string& name, HTTPServerResponse& response) {
    std::string body;
    if (!ReadWebFile(name, &body)) return SendError(response, {ApiError::kNotFound, "no such file: " + name});
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.set("Cache-Control", "no-cache");
    return SendBody(response, ContentTypeOf(name), body);
  }

  // ---- Representations for other systems (docs/interop.md) ----------------

  // When the index last changed: the commit time of its revision file.
  Poco::Timestamp IndexModified() const {
    try {
      return Poco::File(ctx_.config.db + "/iamglass").getLastModified();
    } catch (const Poco::Exception&) {
      return Poco::Timestamp();
    }
  }


  size_t SearchAtom(const std::string&, const Params& params, HTTPServerResponse& response) {
    SearchRequest request;
    Status status = ParseSearchRequest(params, &request);
    bool sorted = std::any_of(params.begin(), params.end(), [](const auto& p) { return p.first == "sort"; });
    if (!sorted) request.sort = SortOrder::kNewest;  // a feed shows what is new
    request.with_facets = false;
    Searcher* s = nullptr;
    SearchResponse result;
    if (auto error = RunSearch(status, request, &result, &s)) return SendError(response, *error);
    std::string query = CanonicalQuery(params);
    FeedInfo info;
    info.title = request.q.empty() ? "Bridges: new documents" : "Bridges: " + request.q;
    info.self_url = ctx_.config.public_url + "/v1/search.atom" + (query.empty() ? "" : "?" + query);
    info.html_url = ctx_.config.public_url + "/" + (query.empty() ? "" : "?" + query);
    std::string etag = "\"" + std::to_string(s->revision()) + "-" + Digest(query) + "\"";
    return SendCacheable(*request_, response, "application/atom+xml; charset=utf-8", etag, IndexModified(),
                         AtomFeed(result, info, ctx_.config.public_url, ctx_.vocabularies));
  }

  size_t OpenSearch(const std::string&, const Params&, HTTPServerResponse& response) {
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    return SendBody(response, "application/opensearchdescription+xml; charset=utf-8",
                    OpenSearchDescription(ctx_.config.public_url));
  }

  size_t SitemapFile(const std::string& path, const Params&, HTTPServerResponse& response) {
    size_t part = 0;  // 0: /sitemap.xml
    if (path != "/sitemap.xml") {
      std::string number = path.substr(std::strlen("/sitemap-"));
      if (!number.ends_with(".xml") || number.size() < 5 ||
          !std::all_of(number.begin(), number.end() - 4, [](char c) { return c >= '0' && c <= '9'; }) || number.size() > 12)
        return SendError(response, {ApiError::kNotFound, "no such sitemap: " + path});
      part = std::stoul(number.substr(0, number.size() - 4));
    }
    Searcher* s = nullptr;
    Status status = ThreadSearcher(ctx_, &s);
    std::vector<RecordListing> records;
    size_t total = 0;
    if (status.ok()) status = s->ListRecords(part == 0 ? 0 : (part - 1) * kSitemapUrls, kSitemapUrls, &records, &total);
    if (!status.ok()) return SendError(response, FromStatus(status));
    size_t files = (total + kSitemapUrls - 1) / kSitemapUrls;
    std::string body;
    if (part == 0 && files > 1) body = SitemapIndex(files, ctx_.config.public_url);
    else if (part > files || (part > 0 && files <= 1 && part != 1)) return SendError(response, {ApiError::kNotFound, "no such sitemap: " + path});
    else body = Sitemap(records, ctx_.config.public_url);
    std::string etag = "\"" + std::to_string(s->revision()) + "-" + std::to_string(part) + "\"";
    return SendCacheable(*request_, response, "application/xml; charset=utf-8", etag, IndexModified(), body);
  }

  size_t Robots(const std::string&, const Params&, HTTPServerResponse& response) {
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    return SendBody(response, "text/plain; charset=utf-8",
                    "User-agent: *\nDisallow: /v1/\nAllow: /v1/search.atom\n\nSitemap: " + ctx_.config.public_url + "/sitemap.xml\n");
  }

  // The XML Schemas other systems validate against (OAI-PMH's `bridges` format).
  size_t SchemaFile(const std::string& path, const Params&, HTTPServerResponse& response) {
    std::string name = path.substr(std::strlen("/schema/"));
    if (name.find("..") != std::string::npos || !name.ends_with(".xsd"))
      return SendError(response, {ApiError::kNotFound, "no such schema: " + name});
    std::ifstream in(std::string(BRIDGES_SOURCE_DIR) + "/schema/" + name, std::ios::binary);
    if (!in) return SendError(response, {ApiError::kNotFound, "no such schema: " + name});
    std::ostringstream body;
    body << in.rdbuf();
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
    return SendBody(response, "application/xml; charset=utf-8", body.str());
  }

  HTTPServerRequest* request_ = nullptr;
  ServerContext& ctx_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* HandlerFactory::createRequestHandler(const HTTPServerRequest&) {
  return new ApiHandler(context_);
}

}  // namespace bridges::searchd
