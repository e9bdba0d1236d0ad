#include "searchd/oai_handler.h"

#include <Poco/CountingStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <set>

#include "core/oai_pmh.h"
#include "core/oai_store_source.h"
#include "core/store.h"
#include "searchd/curation_handlers.h"
#include "searchd/errors.h"
#include "searchd/handlers.h"

namespace bridges::searchd {

namespace {

// Countries and editions present in the store, for ListSets.
std::vector<std::pair<std::string, std::string>> RepositorySets(ServerContext& ctx, Store& store) {
  std::set<std::string> countries, editions;
  store.ForEachByDatestamp("", "", "", "", [&](const DocumentState&, const Revision& revision) {
    nlohmann::json record = nlohmann::json::parse(revision.record, nullptr, false);
    if (!record.is_object()) return true;
    for (const auto& c : record.value("countries", nlohmann::json::array())) countries.insert(c.get<std::string>());
    for (const auto& c : record.value("cities", nlohmann::json::array()))
      if (c.is_object() && c.contains("country")) countries.insert(c["country"].get<std::string>());
    if (record.contains("edition")) editions.insert(record["edition"].get<std::string>());
    return true;
  });
  return oai::AllSets(ctx.vocabularies, {countries.begin(), countries.end()}, {editions.begin(), editions.end()});
}

}  // namespace

std::optional<size_t> ServeOai(ServerContext& ctx, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response, const std::string& path, const Params& params,
                               std::string* route) {
  if (path != "/oai") return std::nullopt;
  *route = "/oai";
  const std::string& method = request.getMethod();
  oai::Arguments arguments(params.begin(), params.end());
  if (method == Poco::Net::HTTPRequest::HTTP_POST) {
    // The protocol's POST carries the same arguments, form-encoded.
    const std::string& type = request.getContentType();
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0)
      return SendError(response, {ApiError::kUnsupportedMediaType, "OAI-PMH POST requests are application/x-www-form-urlencoded"});
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body, 1 << 16);
    try {
      Params form = Poco::URI("/?" + body).getQueryParameters();
      arguments.insert(arguments.end(), form.begin(), form.end());
    } catch (const Poco::Exception& e) {
      return SendError(response, {ApiError::kBadRequest, "malformed form body: " + e.displayText()});
    }
  } else if (method != Poco::Net::HTTPRequest::HTTP_GET) {
    return SendError(response, {ApiError::kMethodNotAllowed, method + " is not allowed on /oai"});
  }
  if (ctx.config.store.empty())
    return SendError(response, {ApiError::kUnavailable, "OAI-PMH needs the curation store (--store)"});
  Store* store = nullptr;
  Searcher* searcher = nullptr;
  Status status = ThreadStore(ctx, &store);
  if (status.ok()) status = ThreadSearcher(ctx, &searcher);
  if (!status.ok()) return SendError(response, FromStatus(status));

  oai::RepositoryInfo info;
  info.base_url = ctx.config.public_url + "/oai";
  info.public_url = ctx.config.public_url;
  info.repository_identifier = ctx.config.oai_repository_identifier;
  info.admin_email = ctx.config.oai_admin_email;
  info.page_size = ctx.config.oai_page_size;
  oai::StoreSource source(store, searcher);
  oai::Provider provider(info, &ctx.vocabularies, &source, [&] { return RepositorySets(ctx, *store); });

  response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
  response.setContentType("text/xml; charset=utf-8");
  response.setChunkedTransferEncoding(true);
  // Records are streamed as they are read, so a harvest of the whole
  // repository keeps the daemon's memory flat.
  std::ostream& out = response.send();
  Poco::CountingOutputStream counted(out);
  status = provider.Respond(arguments, UtcTimestamp(), counted);
  counted.flush();
  // Past the headers, a failing source can only cut the response short;
  // the client sees malformed XML rather than a wrong answer.
  return static_cast<size_t>(counted.chars());
}

}  // namespace bridges::searchd
