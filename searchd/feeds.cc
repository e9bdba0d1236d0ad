#include "searchd/feeds.h"

#include <Poco/URI.h>

#include <algorithm>

#include "core/xml_writer.h"

namespace bridges::searchd {

using nlohmann::json;

namespace {

std::string Text(const json& record, const char* field) {
  auto it = record.find(field);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string PageUrl(const std::string& public_url, const std::string& id) {
  std::string encoded;
  Poco::URI::encode(id, "/?#&", encoded);
  return public_url + "/doc/" + encoded;
}

// The schema.org type closest to each Bridges type; CreativeWork otherwise.
std::string SchemaOrgType(const std::string& type) {
  static const std::pair<const char*, const char*> types[] = {
      {"handbook", "Book"}, {"manual", "Book"}, {"guide", "Book"}, {"toolkit", "Book"},
      {"policy-brief", "Report"}, {"policy-study", "Report"}, {"index-report", "Report"}, {"report", "Report"},
      {"intercultural-profile", "Report"}, {"training", "Course"}, {"multimedia", "MediaObject"},
      {"recommendation", "Legislation"}, {"declaration", "Legislation"}};
  for (const auto& [ours, theirs] : types)
    if (type == ours) return theirs;
  return "CreativeWork";
}

// The start of an Atom feed up to its links; `namespaces` are extra
// declarations on <feed>.
std::string FeedHead(const FeedInfo& info, const std::string& updated, const std::string& namespaces) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"" + namespaces +
         ">\n<title>" + XmlEscape(info.title) + "</title>\n<id>" + XmlEscape(info.self_url) + "</id>\n<updated>" +
         updated + "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"" + XmlEscape(info.self_url) +
         "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(info.html_url) + "\"/>\n";
}

}  // namespace

std::string AtomDate(const json& record) {
  std::string date = Text(record, "updated");
  if (date.empty()) date = Text(record, "published");
  if (date.empty() && record.contains("year") && record["year"].is_number_integer())
    date = std::to_string(record["year"].get<int>()) + "-01-01";
  return date.empty() ? date : date + "T00:00:00Z";
}

std::string AtomFeed(const SearchResponse& response, const FeedInfo& info, const std::string& public_url,
                     const Vocabularies& vocabularies) {
  std::string updated = info.updated;
  if (updated.empty())
    for (const Hit& hit : response.hits) updated = std::max(updated, AtomDate(hit.record));
  if (updated.empty()) updated = "1970-01-01T00:00:00Z";
  std::string out =
      FeedHead(info, updated, " xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\"") +
      "<author><name>Bridges, Intercultural Cities</name><uri>" + XmlEscape(public_url) + "/</uri></author>\n"
      "<generator uri=\"" + XmlEscape(public_url) + "/\">Bridges</generator>\n"
      "<opensearch:totalResults>" + std::to_string(response.total) + "</opensearch:totalResults>\n"
      "<opensearch:startIndex>" + std::to_string((response.page - 1) * response.per_page + 1) + "</opensearch:startIndex>\n"
      "<opensearch:itemsPerPage>" + std::to_string(response.per_page) + "</opensearch:itemsPerPage>\n";
  for (const Hit& hit : response.hits) {
    const json& r = hit.record;
    std::string id = Text(r, "id"), lang = Text(r, "lang");
    std::string entry_updated = AtomDate(r);
    if (entry_updated.empty()) entry_updated = updated;
    out += "<entry xml:lang=\"" + XmlEscape(lang) + "\">\n"
           "<title>" + XmlEscape(Text(r, "title")) + "</title>\n"
           "<id>" + XmlEscape(PageUrl(public_url, id)) + "</id>\n"
           "<updated>" + entry_updated + "</updated>\n";
    if (std::string published = Text(r, "published"); !published.empty())
      out += "<published>" + published + "T00:00:00Z</published>\n";
    out += "<link rel=\"alternate\" type=\"text/html\" hreflang=\"" + XmlEscape(lang) + "\" href=\"" +
           XmlEscape(PageUrl(public_url, id)) + "\"/>\n";
    for (const Translation& t : hit.translations)
      out += "<link rel=\"alternate\" type=\"text/html\" hreflang=\"" + XmlEscape(t.lang) + "\" title=\"" +
             XmlEscape(t.title) + "\" href=\"" + XmlEscape(PageUrl(public_url, t.id)) + "\"/>\n";
    if (r.contains("domains") && r["domains"].is_array())
      for (const json& d : r["domains"]) {
        std::string domain = d.get<std::string>();
        out += "<category scheme=\"" + XmlEscape(public_url) + "/v1/facets#domain\" term=\"" + XmlEscape(domain) +
               "\" label=\"" + XmlEscape(vocabularies.domains().Label(domain, lang)) + "\"/>\n";
      }
    std::string summary = Text(r, "summary");
    if (!summary.empty()) out += "<summary type=\"text\">" + XmlEscape(summary) + "</summary>\n";
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string ChangesFeed(const ChangeList& changes, const FeedInfo& info, const std::string& public_url) {
  std::string updated = info.updated;
  const std::pair<const char*, const std::vector<ChangeItem>*> kinds[] = {
      {"added", &changes.added}, {"changed", &changes.changed}, {"archived", &changes.archived},
      {"removed", &changes.removed}, {"pending", &changes.pending}};
  for (const auto& [kind, items] : kinds)
    for (const ChangeItem& item : *items) updated = std::max(updated, item.datestamp);
  if (updated.empty()) updated = "1970-01-01T00:00:00Z";
  std::string out = FeedHead(info, updated, "") + "<author><name>Bridges curators</name></author>\n";
  for (const auto& [kind, items] : kinds)
    for (const ChangeItem& item : *items) {
      std::string when = item.datestamp.empty() ? updated : item.datestamp;
      std::string summary = std::string(kind);
      if (!item.fields.empty()) {
        summary += ": ";
        for (size_t i = 0; i < item.fields.size(); ++i) summary += (i ? ", " : "") + item.fields[i];
      }
      // One entry per document and state, so a feed reader shows a new entry
      // when the same document changes again.
      out += "<entry>\n<title>" + XmlEscape(item.title.empty() ? item.id : item.title) + "</title>\n"
             "<id>" + XmlEscape(PageUrl(public_url, item.id)) + "#" + kind + "-" + std::to_string(item.revision) + "</id>\n"
             "<updated>" + when + "</updated>\n"
             "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(PageUrl(public_url, item.id)) + "\"/>\n"
             "<category term=\"" + kind + "\"/>\n"
             "<summary type=\"text\">" + XmlEscape(summary) + "</summary>\n</entry>\n";
    }
  out += "</feed>\n";
  return out;
}

std::string OpenSearchDescription(const std::string& public_url) {
  std::string base = XmlEscape(public_url);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
         "<ShortName>Bridges</ShortName>\n"
         "<Description>Search the Intercultural Cities library of good practices, handbooks and policy "
         "papers, in every language</Description>\n"
         "<Tags>intercultural cities integration good practices</Tags>\n"
         "<InputEncoding>UTF-8</InputEncoding>\n"
         "<OutputEncoding>UTF-8</OutputEncoding>\n"
         "<Language>*</Language>\n"
         "<Url type=\"text/html\" template=\"" + base +
         "/?q={searchTerms}&amp;lang={language?}&amp;page={startPage?}\"/>\n"
         "<Url type=\"application/atom+xml\" template=\"" + base +
         "/v1/search.atom?q={searchTerms}&amp;lang={language?}&amp;page={startPage?}&amp;per_page={count?}\"/>\n"
         "<Url type=\"application/json\" template=\"" + base +
         "/v1/search?q={searchTerms}&amp;lang={language?}&amp;page={startPage?}&amp;per_page={count?}\"/>\n"
         "<Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base + "/opensearch.xml\"/>\n"
         "</OpenSearchDescription>\n";
}

json DocumentJsonLd(const json& record, const std::string& public_url, const Vocabularies& vocabularies) {
  std::string id = Text(record, "id"), lang = Text(record, "lang");
  json ld = {{"@context", "https://schema.org"},
             {"@type", SchemaOrgType(Text(record, "type"))},
             {"@id", PageUrl(public_url, id)},
             {"url", PageUrl(public_url, id)},
             {"name", Text(record, "title")},
             {"inLanguage", lang},
             {"publisher", {{"@type", "Organization"}, {"name", "Council of Europe, Intercultural Cities programme"}}},
             {"genre", vocabularies.types().Label(Text(record, "type"), lang)}};
  if (std::string summary = Text(record, "summary"); !summary.empty()) ld["description"] = summary;
  if (std::string published = Text(record, "published"); !published.empty()) {
    ld["datePublished"] = published;
  } else if (record.contains("year") && record["year"].is_number_integer()) {
    ld["datePublished"] = std::to_string(record["year"].get<int>());
  }
  if (std::string updated = Text(record, "updated"); !updated.empty()) ld["dateModified"] = updated;
  json about = json::array();
  if (record.contains("domains"))
    for (const json& d : record["domains"])
      about.push_back({{"@type", "DefinedTerm"}, {"termCode", d}, {"name", vocabularies.domains().Label(d.get<std::string>(), lang)}});
  if (!about.empty()) ld["about"] = about;
  json places = json::array();
  if (record.contains("cities"))
    for (const json& c : record["cities"]) {
      std::string city = c.is_object() ? c.value("id", "") : c.get<std::string>();
      json place = {{"@type", "City"}, {"name", vocabularies.cities().Label(city, lang)}};
      std::string country = c.is_object() ? c.value("country", "") : "";
      if (!country.empty()) place["containedInPlace"] = {{"@type", "Country"}, {"identifier", country}};
      places.push_back(place);
    }
  if (!places.empty()) ld["spatialCoverage"] = places;
  // Versions in other languages: the English one (or the first) stands as
  // the original, the others as its translations.
  json versions = json::array();
  if (record.contains("translations"))
    for (const json& t : record["translations"])
      versions.push_back({{"@type", SchemaOrgType(Text(record, "type"))}, {"@id", PageUrl(public_url, Text(t, "id"))},
                          {"url", PageUrl(public_url, Text(t, "id"))}, {"name", Text(t, "title")},
                          {"inLanguage", Text(t, "lang")}});
  if (!versions.empty()) {
    bool original = lang == "en" || std::none_of(versions.begin(), versions.end(),
                                                 [](const json& v) { return v["inLanguage"] == "en"; });
    if (original) {
      ld["workTranslation"] = versions;
    } else {
      for (const json& v : versions)
        if (v["inLanguage"] == "en") ld["translationOfWork"] = v;
      json others = json::array();
      for (const json& v : versions)
        if (v["inLanguage"] != "en") others.push_back(v);
      if (!others.empty()) ld["workTranslation"] = others;
    }
  }
  return ld;
}

std::string AlternateLinks(const json& record, const std::string& public_url) {
  std::string out = "<link rel=\"alternate\" hreflang=\"" + XmlEscape(Text(record, "lang")) + "\" href=\"" +
                    XmlEscape(PageUrl(public_url, Text(record, "id"))) + "\">\n";
  if (record.contains("translations"))
    for (const json& t : record["translations"])
      out += "<link rel=\"alternate\" hreflang=\"" + XmlEscape(Text(t, "lang")) + "\" href=\"" +
             XmlEscape(PageUrl(public_url, Text(t, "id"))) + "\">\n";
  return out;
}

std::string Sitemap(const std::vector<RecordListing>& records, const std::string& public_url) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const RecordListing& r : records) {
    out += "<url><loc>" + XmlEscape(PageUrl(public_url, r.id)) + "</loc>";
    if (!r.date.empty()) out += "<lastmod>" + XmlEscape(r.date) + "</lastmod>";
    if (r.versions.size() > 1)
      for (const auto& [id, lang] : r.versions)
        out += "<xhtml:link rel=\"alternate\" hreflang=\"" + XmlEscape(lang) + "\" href=\"" +
               XmlEscape(PageUrl(public_url, id)) + "\"/>";
    out += "</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string SitemapIndex(size_t files, const std::string& public_url) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t i = 1; i <= files; ++i)
    out += "<sitemap><loc>" + XmlEscape(public_url) + "/sitemap-" + std::to_string(i) + ".xml</loc></sitemap>\n";
  out += "</sitemapindex>\n";
  return out;
}

}  // namespace bridges::searchd
