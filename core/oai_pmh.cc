#include "core/oai_pmh.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "core/xml_writer.h"

namespace bridges::oai {

namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kOaiDcNamespace = "http://www.openarchives.org/OAI/2.0/oai_dc/";
constexpr std::string_view kOaiDcSchema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";

struct VerbSpec {
  std::string_view name;
  std::vector<std::string_view> required, optional;
  bool resumable;
};

const std::vector<VerbSpec>& Verbs() {
  static const std::vector<VerbSpec> verbs = {
      {"Identify", {}, {}, false},
      {"ListMetadataFormats", {}, {"identifier"}, false},
      {"ListSets", {}, {}, true},
      {"GetRecord", {"identifier", "metadataPrefix"}, {}, false},
      {"ListIdentifiers", {"metadataPrefix"}, {"from", "until", "set"}, true},
      {"ListRecords", {"metadataPrefix"}, {"from", "until", "set"}, true},
  };
  return verbs;
}

bool IsDigits(const std::string& s, size_t at, size_t n) {
  for (size_t i = at; i < at + n; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}

int Number(const std::string& s, size_t at, size_t n) { return std::stoi(s.substr(at, n)); }

// setSpec characters are the unreserved URI characters; anything else in a
// value (an edition named "2024 update") becomes '-'.
std::string SetComponent(std::string_view value) {
  std::string out;
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
    out += ok ? c : '-';
  }
  return out;
}

bool InSet(const std::vector<std::string>& sets, const std::string& wanted) {
  if (wanted.empty()) return true;
  for (const std::string& s : sets)
    if (s == wanted || (s.size() > wanted.size() && s.compare(0, wanted.size(), wanted) == 0 && s[wanted.size()] == ':'))
      return true;
  return false;
}

std::string CountryName(const std::string& code) {
  icu::UnicodeString name;
  icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? code : out;
}

// ---- Resumption tokens ----------------------------------------------------
// Fields joined by '\n' (no field can hold one: ids, sets and timestamps are
// restricted), a checksum against edits, then base64url.

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(const std::string& in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kBase64Url[(v >> k) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kBase64Url[(v >> 18) & 63];
    out += kBase64Url[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    for (int k = 18; k >= 6; k -= 6) out += kBase64Url[(v >> k) & 63];
  }
  return out;
}

std::optional<std::string> FromBase64Url(const std::string& in) {
  std::string out;
  uint32_t v = 0;
  int bits = 0;
  for (char c : in) {
    const char* at = std::strchr(kBase64Url, c);
    if (c == '\0' || at == nullptr) return std::nullopt;
    v = (v << 6) | static_cast<uint32_t>(at - kBase64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xFF);
    }
  }
  return out;
}

uint32_t Checksum(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

struct Token {
  std::string verb, prefix;
  Selection selection;
  Position after;
  size_t cursor = 0, size = 0;
};

std::string EncodeToken(const Token& t) {
  std::string payload = "1\n" + t.verb + "\n" + t.prefix + "\n" + t.selection.from + "\n" + t.selection.until + "\n" +
                        t.selection.set + "\n" + t.after.datestamp + "\n" + t.after.id + "\n" +
                        std::to_string(t.cursor) + "\n" + std::to_string(t.size);
  char sum[16];
  std::snprintf(sum, sizeof sum, "%08x", Checksum(payload));
  return Base64Url(payload + "\n" + sum);
}

std::optional<Token> DecodeToken(const std::string& text) {
  std::optional<std::string> raw = FromBase64Url(text);
  if (!raw) return std::nullopt;
  std::vector<std::string> f;
  size_t start = 0;
  for (size_t nl = raw->find('\n'); nl != std::string::npos; nl = raw->find('\n', start)) {
    f.push_back(raw->substr(start, nl - start));
    start = nl + 1;
  }
  f.push_back(raw->substr(start));
  if (f.size() != 11 || f[0] != "1") return std::nullopt;
  char sum[16];
  std::snprintf(sum, sizeof sum, "%08x", Checksum(raw->substr(0, raw->rfind('\n'))));
  if (f[10] != sum) return std::nullopt;
  Token t;
  t.verb = f[1];
  t.prefix = f[2];
  t.selection = {f[3], f[4], f[5]};
  t.after = {f[6], f[7]};
  if (!IsDigits(f[8], 0, f[8].size()) || !IsDigits(f[9], 0, f[9].size()) || f[8].empty() || f[9].empty() ||
      f[8].size() > 9 || f[9].size() > 9)
    return std::nullopt;
  t.cursor = std::stoul(f[8]);
  t.size = std::stoul(f[9]);
  return t;
}

void WriteErrors(const Errors& errors, std::ostream& out) {
  for (const auto& [code, message] : errors)
    out << "<error code=\"" << code << "\">" << XmlEscape(message) << "</error>\n";
}

}  // namespace

bool ParseUtcDatestamp(const std::string& t, bool* day_granularity) {
  if (t.size() != 10 && t.size() != 20) return false;
  if (!IsDigits(t, 0, 4) || t[4] != '-' || !IsDigits(t, 5, 2) || t[7] != '-' || !IsDigits(t, 8, 2)) return false;
  int year = Number(t, 0, 4), month = Number(t, 5, 2), day = Number(t, 8, 2);
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return false;
  *day_granularity = t.size() == 10;
  if (*day_granularity) return true;
  return t[10] == 'T' && IsDigits(t, 11, 2) && t[13] == ':' && IsDigits(t, 14, 2) && t[16] == ':' &&
         IsDigits(t, 17, 2) && t[19] == 'Z' && Number(t, 11, 2) < 24 && Number(t, 14, 2) < 60 && Number(t, 17, 2) < 60;
}

std::vector<std::string> SetsOf(const Document& doc) {
  std::vector<std::string> sets;
  for (const std::string& d : doc.domains) sets.push_back("domain:" + SetComponent(d));
  sets.push_back("lang:" + SetComponent(doc.lang));
  sets.push_back("type:" + SetComponent(doc.type));
  for (const std::string& n : doc.networks) sets.push_back("network:" + SetComponent(n));
  std::set<std::string> countries(doc.countries.begin(), doc.countries.end());
  for (const City& c : doc.cities)
    if (!c.country.empty()) countries.insert(c.country);
  for (const std::string& c : countries) sets.push_back("country:" + SetComponent(c));
  if (!doc.edition.empty()) sets.push_back("edition:" + SetComponent(doc.edition));
  return sets;
}

std::vector<std::pair<std::string, std::string>> AllSets(const Vocabularies& vocabularies,
                                                         const std::vector<std::string>& countries,
                                                         const std::vector<std::string>& editions) {
  std::vector<std::pair<std::string, std::string>> sets = {
      {"domain", "Domains"}, {"lang", "Languages"}, {"type", "Types of publication"},
      {"network", "Networks"}, {"country", "Countries"}, {"edition", "Editions of the Compendium"}};
  const std::pair<const char*, const Vocabulary*> vocabulary_sets[] = {{"domain", &vocabularies.domains()},
                                                                       {"lang", &vocabularies.languages()},
                                                                       {"type", &vocabularies.types()},
                                                                       {"network", &vocabularies.networks()}};
  for (const auto& [prefix, vocabulary] : vocabulary_sets)
    for (const VocabularyEntry& e : vocabulary->entries())
      sets.emplace_back(std::string(prefix) + ":" + SetComponent(e.id), vocabulary->Label(e.id, "en"));
  for (const std::string& c : countries) sets.emplace_back("country:" + SetComponent(c), CountryName(c));
  for (const std::string& e : editions) sets.emplace_back("edition:" + SetComponent(e), "Edition " + e);
  return sets;
}

struct Provider::Request {
  const VerbSpec* verb = nullptr;
  std::map<std::string, std::string> args;
  std::optional<Token> token;
  Selection selection;  // normalised to full timestamps
};

std::string Provider::Identifier(const std::string& id) const {
  return "oai:" + info_.repository_identifier + ":" + id;
}

std::optional<std::string> Provider::DocumentId(const std::string& identifier) const {
  std::string prefix = "oai:" + info_.repository_identifier + ":";
  if (identifier.size() <= prefix.size() || identifier.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return identifier.substr(prefix.size());
}

Status Provider::Respond(const Arguments& arguments, const std::string& now, std::ostream& out) {
  Errors errors;
  Request request;
  // ---- Validate: badVerb, then badArgument, before anything is echoed.
  std::vector<std::string> verbs;
  for (const auto& [name, value] : arguments)
    if (name == "verb") verbs.push_back(value);
  if (verbs.size() != 1) {
    errors.emplace_back("badVerb", verbs.empty() ? "the verb argument is missing" : "the verb argument is repeated");
  } else {
    for (const VerbSpec& v : Verbs())
      if (v.name == verbs[0]) request.verb = &v;
    if (!request.verb) errors.emplace_back("badVerb", "'" + verbs[0] + "' is not an OAI-PMH verb");
  }
  if (request.verb) {
    const VerbSpec& spec = *request.verb;
    for (const auto& [name, value] : arguments) {
      if (name == "verb") continue;
      bool known = std::find(spec.required.begin(), spec.required.end(), name) != spec.required.end() ||
                   std::find(spec.optional.begin(), spec.optional.end(), name) != spec.optional.end() ||
                   (spec.resumable && name == "resumptionToken");
      if (!known) {
        errors.emplace_back("badArgument", "'" + name + "' is not an argument of " + std::string(spec.name));
      } else if (!request.args.emplace(name, value).second) {
        errors.emplace_back("badArgument", "the argument '" + name + "' is repeated");
      }
    }
    if (request.args.count("resumptionToken")) {
      if (request.args.size() > 1)
        errors.emplace_back("badArgument", "resumptionToken is an exclusive argument: no other argument may come with it");
    } else {
      for (std::string_view name : spec.required)
        if (!request.args.count(std::string(name)))
          errors.emplace_back("badArgument", "the required argument '" + std::string(name) + "' is missing");
      bool from_day = false, until_day = false;
      auto from = request.args.find("from"), until = request.args.find("until");
      bool from_ok = from == request.args.end() || ParseUtcDatestamp(from->second, &from_day);
      bool until_ok = until == request.args.end() || ParseUtcDatestamp(until->second, &until_day);
      if (!from_ok) errors.emplace_back("badArgument", "from '" + from->second + "' is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
      if (!until_ok) errors.emplace_back("badArgument", "until '" + until->second + "' is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
      if (from_ok && until_ok && from != request.args.end() && until != request.args.end()) {
        if (from_day != until_day) {
          errors.emplace_back("badArgument", "from and until have different granularities");
        } else if (from->second > until->second) {
          errors.emplace_back("badArgument", "from is later than until");
        }
      }
      if (from != request.args.end() && from_ok) request.selection.from = from_day ? from->second + "T00:00:00Z" : from->second;
      if (until != request.args.end() && until_ok)
        request.selection.until = until_day ? until->second + "T23:59:59Z" : until->second;
      if (auto set = request.args.find("set"); set != request.args.end()) request.selection.set = set->second;
    }
  }
  const bool bad_request = !errors.empty();

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
         "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n"
      << "<responseDate>" << now << "</responseDate>\n<request";
  // badVerb and badArgument responses echo the base URL only.
  if (!bad_request) {
    out << " verb=\"" << request.verb->name << "\"";
    for (const auto& [name, value] : request.args) out << " " << name << "=\"" << XmlEscape(value) << "\"";
  }
  out << ">" << XmlEscape(info_.base_url) << "</request>\n";
  if (bad_request) {
    WriteErrors(errors, out);
    out << "</OAI-PMH>\n";
    return Status::Ok();
  }

  Status status = Status::Ok();
  const std::string_view verb = request.verb->name;
  if (auto token = request.args.find("resumptionToken"); token != request.args.end()) {
    request.token = DecodeToken(token->second);
    if (verb == "ListSets" || !request.token || request.token->verb != verb) {
      errors.emplace_back("badResumptionToken", "the resumption token is not one this repository issued for " + std::string(verb));
    } else {
      request.selection = request.token->selection;
      request.args["metadataPrefix"] = request.token->prefix;  // not echoed: already written
    }
  }
  if (errors.empty()) {
    if (verb == "Identify") status = Identify(out);
    else if (verb == "ListMetadataFormats") status = ListMetadataFormats(request, out, &errors);
    else if (verb == "ListSets") status = ListSets(out);
    else if (verb == "GetRecord") status = GetRecord(request, out, &errors);
    else status = List(request, verb == "ListRecords", out, &errors);
  }
  WriteErrors(errors, out);
  out << "</OAI-PMH>\n";
  return status;
}

Status Provider::Identify(std::ostream& out) {
  std::string earliest;
  Status s = source_->EarliestDatestamp(&earliest);
  if (!s.ok()) return s;
  if (earliest.empty()) earliest = "1970-01-01T00:00:00Z";
  out << "<Identify>\n"
      << "<repositoryName>" << XmlEscape(info_.name) << "</repositoryName>\n"
      << "<baseURL>" << XmlEscape(info_.base_url) << "</baseURL>\n"
      << "<protocolVersion>2.0</protocolVersion>\n"
      << "<adminEmail>" << XmlEscape(info_.admin_email) << "</adminEmail>\n"
      << "<earliestDatestamp>" << earliest << "</earliestDatestamp>\n"
      << "<deletedRecord>persistent</deletedRecord>\n"
      << "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n"
      << "<description>\n"
      << "<oai-identifier xmlns=\"http://www.openarchives.org/OAI/2.0/oai-identifier\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai-identifier "
         "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd\">\n"
      << "<scheme>oai</scheme>\n"
      << "<repositoryIdentifier>" << XmlEscape(info_.repository_identifier) << "</repositoryIdentifier>\n"
      << "<delimiter>:</delimiter>\n"
      << "<sampleIdentifier>" << XmlEscape(Identifier("anti-rumours-handbook-en")) << "</sampleIdentifier>\n"
      << "</oai-identifier>\n</description>\n</Identify>\n";
  return Status::Ok();
}

Status Provider::ListMetadataFormats(const Request& request, std::ostream& out, Errors* errors) {
  if (auto identifier = request.args.find("identifier"); identifier != request.args.end()) {
    std::optional<std::string> id = DocumentId(identifier->second);
    SourceRecord record;
    Status s = id ? source_->Get(*id, &record) : Status::NotFound("");
    if (s.code() == StatusCode::kNotFound) {
      errors->emplace_back("idDoesNotExist", "no record has the identifier '" + identifier->second + "'");
      return Status::Ok();
    }
    if (!s.ok()) return s;
  }
  out << "<ListMetadataFormats>\n"
      << "<metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>" << kOaiDcSchema
      << "</schema><metadataNamespace>" << kOaiDcNamespace << "</metadataNamespace></metadataFormat>\n"
      << "<metadataFormat><metadataPrefix>bridges</metadataPrefix><schema>" << XmlEscape(info_.public_url)
      << "/schema/oai/bridges.xsd</schema><metadataNamespace>" << kBridgesNamespace
      << "</metadataNamespace></metadataFormat>\n"
      << "</ListMetadataFormats>\n";
  return Status::Ok();
}

Status Provider::ListSets(std::ostream& out) {
  out << "<ListSets>\n";
  for (const auto& [spec, name] : sets_())
    out << "<set><setSpec>" << XmlEscape(spec) << "</setSpec><setName>" << XmlEscape(name) << "</setName></set>\n";
  out << "</ListSets>\n";
  return Status::Ok();
}

namespace {
bool KnownPrefix(const std::string& prefix) { return prefix == "oai_dc" || prefix == "bridges"; }
}  // namespace

Status Provider::GetRecord(const Request& request, std::ostream& out, Errors* errors) {
  const std::string& identifier = request.args.at("identifier");
  const std::string& prefix = request.args.at("metadataPrefix");
  std::optional<std::string> id = DocumentId(identifier);
  SourceRecord record;
  Status s = id ? source_->Get(*id, &record) : Status::NotFound("");
  if (s.code() == StatusCode::kNotFound) {
    errors->emplace_back("idDoesNotExist", "no record has the identifier '" + identifier + "'");
    if (!KnownPrefix(prefix))
      errors->emplace_back("cannotDisseminateFormat", "'" + prefix + "' is not a metadata format of this repository");
    return Status::Ok();
  }
  if (!s.ok()) return s;
  if (!KnownPrefix(prefix)) {
    errors->emplace_back("cannotDisseminateFormat", "'" + prefix + "' is not a metadata format of this repository");
    return Status::Ok();
  }
  out << "<GetRecord>\n";
  WriteRecord(record, prefix, out);
  out << "</GetRecord>\n";
  return Status::Ok();
}

Status Provider::List(const Request& request, bool with_metadata, std::ostream& out, Errors* errors) {
  const std::string& prefix = request.args.at("metadataPrefix");
  if (!KnownPrefix(prefix)) {
    errors->emplace_back("cannotDisseminateFormat", "'" + prefix + "' is not a metadata format of this repository");
    return Status::Ok();
  }
  const Selection& selection = request.selection;
  Token next;
  next.verb = std::string(request.verb->name);
  next.prefix = prefix;
  next.selection = selection;
  size_t cursor = 0;
  std::optional<Position> after;
  if (request.token) {
    cursor = request.token->cursor;
    next.size = request.token->size;
    after = request.token->after;
  } else if (selection.set.empty()) {
    Status s = source_->Count(selection, &next.size);
    if (!s.ok()) return s;
  } else {
    // The list's size, counted once for the first page and carried by the
    // tokens, so later pages cost only what they list.
    Status s = source_->Scan(selection, std::nullopt, [&](SourceRecord&& r) {
      if (InSet(SetsOf(r.document), selection.set)) ++next.size;
      return true;
    });
    if (!s.ok()) return s;
  }
  const std::string element = with_metadata ? "ListRecords" : "ListIdentifiers";
  size_t written = 0;
  bool more = false;
  Status s = source_->Scan(selection, after, [&](SourceRecord&& r) {
    if (!InSet(SetsOf(r.document), selection.set)) return true;
    if (written == info_.page_size) {
      more = true;
      return false;
    }
    if (written == 0) out << "<" << element << ">\n";
    if (with_metadata) {
      WriteRecord(r, prefix, out);
    } else {
      WriteHeader(r, out);
    }
    next.after = {r.datestamp, r.id};
    ++written;
    return true;
  });
  if (!s.ok()) return s;
  if (written == 0) {
    errors->emplace_back("noRecordsMatch", "no record matches the request");
    return Status::Ok();
  }
  if (more) {
    next.cursor = cursor + written;
    out << "<resumptionToken completeListSize=\"" << std::max(next.size, next.cursor + 1) << "\" cursor=\"" << cursor
        << "\">" << EncodeToken(next) << "</resumptionToken>\n";
  } else if (request.token) {
    // The last page of a list given in several: an empty token closes it.
    out << "<resumptionToken completeListSize=\"" << std::max(next.size, cursor + written) << "\" cursor=\"" << cursor
        << "\"/>\n";
  }
  out << "</" << element << ">\n";
  return Status::Ok();
}

void Provider::WriteHeader(const SourceRecord& record, std::ostream& out) {
  out << "<header" << (record.deleted ? " status=\"deleted\"" : "") << "><identifier>" << XmlEscape(Identifier(record.id))
      << "</identifier><datestamp>" << record.datestamp << "</datestamp>";
  for (const std::string& set : SetsOf(record.document)) out << "<setSpec>" << XmlEscape(set) << "</setSpec>";
  out << "</header>\n";
}

void Provider::WriteRecord(const SourceRecord& record, const std::string& prefix, std::ostream& out) {
  out << "<record>\n";
  WriteHeader(record, out);
  if (!record.deleted) {
    out << "<metadata>\n";
    if (prefix == "oai_dc") {
      WriteDublinCore(record, out);
    } else {
      WriteDocumentXml(record.document, out, "", kBridgesNamespace);
    }
    out << "</metadata>\n";
  }
  out << "</record>\n";
}

void Provider::WriteDublinCore(const SourceRecord& record, std::ostream& out) {
  const Document& doc = record.document;
  auto element = [&](const char* name, const std::string& value, const std::string& in_lang) {
    if (value.empty()) return;
    out << "<dc:" << name << " xml:lang=\"" << XmlEscape(in_lang) << "\">" << XmlEscape(value) << "</dc:" << name << ">\n";
  };
  // xsi is declared again here so that the record stays well-formed when a
  // harvester cuts it out of the envelope.
  out << "<oai_dc:dc xmlns:oai_dc=\"" << kOaiDcNamespace << "\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      << "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      << "xsi:schemaLocation=\"" << kOaiDcNamespace << " " << kOaiDcSchema << "\">\n";
  element("title", doc.title, doc.lang);
  element("description", doc.summary, doc.lang);
  for (const std::string& domain : doc.domains) {
    const Vocabulary& domains = vocabularies_->domains();
    const VocabularyEntry* entry = domains.Find(domain);
    if (entry && doc.lang != "en" && entry->labels.count(doc.lang)) element("subject", entry->labels.at(doc.lang), doc.lang);
    element("subject", domains.Label(domain, "en"), "en");
  }
  std::set<std::string> countries(doc.countries.begin(), doc.countries.end());
  for (const City& c : doc.cities) {
    element("coverage", vocabularies_->cities().Label(c.id, "en"), "en");
    if (!c.country.empty()) countries.insert(c.country);
  }
  for (const std::string& c : countries) element("coverage", CountryName(c), "en");
  element("type", "Text", "en");
  element("type", vocabularies_->types().Label(doc.type, "en"), "en");
  element("language", doc.lang, doc.lang);
  std::string date = !doc.published.empty() ? doc.published
                     : !doc.updated.empty() ? doc.updated
                     : doc.year             ? std::to_string(*doc.year)
                                            : "";
  element("date", date, doc.lang);
  element("identifier", info_.public_url + "/doc/" + doc.id, doc.lang);
  for (const auto& [id, version_lang] : record.versions) element("relation", info_.public_url + "/doc/" + id, version_lang);
  element("relation", "urn:bridges:work:" + doc.work, doc.lang);
  element("publisher", info_.publisher, "en");
  out << "</oai_dc:dc>\n";
}

}  // namespace bridges::oai
