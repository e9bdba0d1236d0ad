// An OAI-PMH 2.0 data provider (http://www.openarchives.org/OAI/2.0/
// openarchivesprotocol.htm), independent of HTTP: the arguments of one
// request in, the XML response out, records read from an OaiSource.
//
// Protocol choices, each a requirement of the specification or of issue 8:
// - identifiers are "oai:<repository-identifier>:<document id>";
// - datestamps are UTC to the second; requests may use day granularity, and
//   `until` given as a day includes that whole day;
// - deletedRecord is "persistent": the source keeps deleted documents forever
//   and they are listed as headers with status="deleted";
// - lists come in pages ordered by (datestamp, id); the resumption token is
//   stateless: it carries the request and the last (datestamp, id) listed,
//   so it never expires, survives a restart, and a harvest running while
//   curators publish neither misses nor repeats a record that did not change
//   during it (a changed record moves to a later datestamp);
// - metadata formats: oai_dc (a Dublin Core crosswalk, docs/interop.md) and
//   bridges (the record in schema/document.xsd's format, in the namespace
//   kBridgesNamespace through schema/oai/bridges.xsd).
#ifndef BRIDGES_CORE_OAI_PMH_H_
#define BRIDGES_CORE_OAI_PMH_H_

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"
#include "core/vocabulary.h"

namespace bridges::oai {

inline constexpr std::string_view kBridgesNamespace = "urn:bridges:document:1";

struct RepositoryInfo {
  std::string name = "Bridges: Intercultural Cities good practices";
  std::string base_url;               // the /oai endpoint as clients reach it
  std::string public_url;             // the site root, for document page links (dc:identifier)
  std::string repository_identifier;  // a domain name, e.g. "bridges.icc"
  std::string admin_email;
  std::string publisher = "Council of Europe, Intercultural Cities programme";
  size_t page_size = 100;
};

// Where a list resumes: after this (datestamp, document id).
struct Position {
  std::string datestamp;
  std::string id;
};

// What a list asks for. Datestamps are full UTC timestamps, inclusive; empty
// for no bound. `set` is empty or a setSpec.
struct Selection {
  std::string from, until, set;
};

// One record as the source knows it. `document` is the last published
// record, kept for deleted documents too (their sets are computed from it).
struct SourceRecord {
  std::string id;
  std::string datestamp;
  bool deleted = false;
  Document document;
  std::vector<std::pair<std::string, std::string>> versions;  // other language versions: (id, lang)
};

class OaiSource {
 public:
  virtual ~OaiSource() = default;
  // The datestamp of the oldest record, deleted ones included; empty if none.
  virtual Status EarliestDatestamp(std::string* out) = 0;
  // kNotFound if the store never had a published document with this id.
  virtual Status Get(const std::string& id, SourceRecord* out) = 0;
  // Records with from <= datestamp <= until and (datestamp, id) > *after,
  // ascending by (datestamp, id), each given to `visit` until it returns
  // false. Sets are not filtered here; the provider does that.
  // How many records Scan would visit from the start (selection.set ignored).
  virtual Status Count(const Selection& selection, size_t* out) = 0;
  virtual Status Scan(const Selection& selection, const std::optional<Position>& after,
                      const std::function<bool(SourceRecord&&)>& visit) = 0;
};

// A request's arguments in the order received (GET query or POST form);
// repeated names are kept so that the provider can refuse them.
using Arguments = std::vector<std::pair<std::string, std::string>>;

// The setSpecs a document belongs to: domain:, lang:, type:, network:,
// country:, edition: (see docs/interop.md).
std::vector<std::string> SetsOf(const Document& doc);

// Every set the repository offers, (setSpec, setName), named from the
// vocabularies in English: one per vocabulary term, language, country and
// edition (`editions` from the store).
std::vector<std::pair<std::string, std::string>> AllSets(const Vocabularies& vocabularies,
                                                         const std::vector<std::string>& countries,
                                                         const std::vector<std::string>& editions);

class Provider {
 public:
  Provider(RepositoryInfo info, const Vocabularies* vocabularies, OaiSource* source,
           std::function<std::vector<std::pair<std::string, std::string>>()> sets)
      : info_(std::move(info)), vocabularies_(vocabularies), source_(source), sets_(std::move(sets)) {}

  // Answers one request, streaming the XML to `out`; `now` is the
  // responseDate (UTC timestamp). Protocol errors are part of the response
  // (HTTP 200, as the specification requires); a failing source returns its
  // Status after a partial response, which the caller turns into a 5xx if
  // nothing was sent yet.
  Status Respond(const Arguments& arguments, const std::string& now, std::ostream& out);

  const RepositoryInfo& info() const { return info_; }

 private:
  struct Request;
  Status Identify(std::ostream& out);
  Status ListMetadataFormats(const Request& request, std::ostream& out, std::vector<std::pair<std::string, std::string>>* errors);
  Status ListSets(std::ostream& out);
  Status GetRecord(const Request& request, std::ostream& out, std::vector<std::pair<std::string, std::string>>* errors);
  Status List(const Request& request, bool with_metadata, std::ostream& out,
              std::vector<std::pair<std::string, std::string>>* errors);
  void WriteHeader(const SourceRecord& record, std::ostream& out);
  void WriteRecord(const SourceRecord& record, const std::string& prefix, std::ostream& out);
  void WriteDublinCore(const SourceRecord& record, std::ostream& out);
  std::string Identifier(const std::string& id) const;
  std::optional<std::string> DocumentId(const std::string& identifier) const;

  RepositoryInfo info_;
  const Vocabularies* vocabularies_;
  OaiSource* source_;
  std::function<std::vector<std::pair<std::string, std::string>>()> sets_;
};

// Exposed for tests: day or second granularity, a real calendar date.
bool ParseUtcDatestamp(const std::string& text, bool* day_granularity);

}  // namespace bridges::oai

#endif  // BRIDGES_CORE_OAI_PMH_H_
