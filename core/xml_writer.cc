#include "core/xml_writer.h"

#include "core/snippet.h"

namespace bridges {

std::string XmlEscape(std::string_view text) {
  std::string kept;
  kept.reserve(text.size());
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') kept += c;
  return HtmlEscape(kept);
}

namespace {

// <list><item>v</item>...</list> on one line; nothing when empty.
template <typename List, typename Text>
void WriteList(std::ostream& out, std::string_view indent, const char* list, const char* item, const List& values,
               Text text) {
  if (values.empty()) return;
  out << indent << "  <" << list << ">";
  for (const auto& v : values) out << "<" << item << ">" << XmlEscape(text(v)) << "</" << item << ">";
  out << "</" << list << ">\n";
}

void WriteElement(std::ostream& out, std::string_view indent, const char* name, const std::string& value) {
  if (!value.empty()) out << indent << "  <" << name << ">" << XmlEscape(value) << "</" << name << ">\n";
}

}  // namespace

void WriteDocumentXml(const Document& doc, std::ostream& out, std::string_view indent, std::string_view namespace_uri) {
  out << indent << "<document";
  if (!namespace_uri.empty()) out << " xmlns=\"" << XmlEscape(namespace_uri) << "\"";
  out << " id=\"" << XmlEscape(doc.id) << "\" work=\"" << XmlEscape(doc.work) << "\" type=\"" << XmlEscape(doc.type)
      << "\" lang=\"" << XmlEscape(doc.lang) << "\" status=\"" << XmlEscape(doc.status) << "\">\n";
  WriteElement(out, indent, "title", doc.title);
  WriteElement(out, indent, "summary", doc.summary);
  if (!doc.body.empty()) {
    out << indent << "  <body>\n";
    for (const Section& section : doc.body) {
      out << indent << "    <section>";
      if (!section.heading.empty()) out << "<heading>" << XmlEscape(section.heading) << "</heading>";
      for (const std::string& p : section.paragraphs) out << "<p>" << XmlEscape(p) << "</p>";
      out << "</section>\n";
    }
    out << indent << "  </body>\n";
  }
  auto same = [](const std::string& s) -> const std::string& { return s; };
  WriteList(out, indent, "domains", "domain", doc.domains, same);
  if (!doc.cities.empty()) {
    out << indent << "  <cities>";
    for (const City& c : doc.cities) {
      out << "<city";
      if (!c.country.empty()) out << " country=\"" << XmlEscape(c.country) << "\"";
      out << ">" << XmlEscape(c.id) << "</city>";
    }
    out << "</cities>\n";
  }
  WriteList(out, indent, "countries", "country", doc.countries, same);
  WriteList(out, indent, "networks", "network", doc.networks, same);
  WriteList(out, indent, "organisations", "organisation", doc.organisations, same);
  if (doc.year) out << indent << "  <year>" << *doc.year << "</year>\n";
  WriteElement(out, indent, "published", doc.published);
  WriteElement(out, indent, "updated", doc.updated);
  WriteElement(out, indent, "edition", doc.edition);
  WriteElement(out, indent, "url", doc.url);
  if (!doc.files.empty()) {
    out << indent << "  <files>";
    for (const FileRef& f : doc.files) {
      out << "<file path=\"" << XmlEscape(f.path) << "\"";
      if (!f.lang.empty()) out << " lang=\"" << XmlEscape(f.lang) << "\"";
      if (!f.role.empty()) out << " role=\"" << XmlEscape(f.role) << "\"";
      if (!f.label.empty()) out << " label=\"" << XmlEscape(f.label) << "\"";
      if (!f.sha256.empty()) out << " sha256=\"" << XmlEscape(f.sha256) << "\"";
      out << "/>";
    }
    out << "</files>\n";
  }
  out << indent << "</document>\n";
}

}  // namespace bridges
