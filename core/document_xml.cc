#include "core/document_xml.h"

namespace bridges {

namespace {

std::string Escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
  }
  return out;
}

class Writer {
 public:
  void Attr(const char* name, const std::string& value) {
    if (!value.empty()) out_ += std::string(" ") + name + "=\"" + Escape(value, true) + "\"";
  }
  void Element(int indent, const char* name, const std::string& text, bool even_empty = false) {
    if (text.empty() && !even_empty) return;
    out_ += std::string(indent, ' ') + "<" + name + ">" + Escape(text, false) + "</" + name + ">\n";
  }
  void List(const char* outer, const char* inner, const std::vector<std::string>& values) {
    if (values.empty()) return;
    out_ += std::string("    <") + outer + ">";
    for (const std::string& v : values) out_ += std::string("<") + inner + ">" + Escape(v, false) + "</" + inner + ">";
    out_ += std::string("</") + outer + ">\n";
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

}  // namespace

std::string ToXml(const Document& doc) {
  Writer w;
  w.out() += "  <document";
  w.Attr("id", doc.id);
  w.Attr("work", doc.work);
  w.Attr("type", doc.type);
  w.Attr("lang", doc.lang);
  w.Attr("status", doc.status);
  w.out() += ">\n";
  w.Element(4, "title", doc.title);
  w.Element(4, "summary", doc.summary);
  if (!doc.body.empty()) {
    w.out() += "    <body>\n";
    for (const Section& s : doc.body) {
      w.out() += "      <section>\n";
      w.Element(8, "heading", s.heading);
      for (const std::string& p : s.paragraphs) w.Element(8, "p", p, true);
      w.out() += "      </section>\n";
    }
    w.out() += "    </body>\n";
  }
  w.List("domains", "domain", doc.domains);
  if (!doc.cities.empty()) {
    w.out() += "    <cities>";
    for (const City& c : doc.cities) {
      w.out() += "<city";
      w.Attr("country", c.country);
      w.out() += ">" + Escape(c.id, false) + "</city>";
    }
    w.out() += "</cities>\n";
  }
  w.List("countries", "country", doc.countries);
  w.List("networks", "network", doc.networks);
  w.List("organisations", "organisation", doc.organisations);
  if (doc.year) w.Element(4, "year", std::to_string(*doc.year));
  w.Element(4, "published", doc.published);
  w.Element(4, "updated", doc.updated);
  w.Element(4, "edition", doc.edition);
  w.Element(4, "url", doc.url);
  if (!doc.files.empty()) {
    w.out() += "    <files>\n";
    for (const FileRef& f : doc.files) {
      w.out() += "      <file";
      w.Attr("path", f.path);
      w.Attr("lang", f.lang);
      w.Attr("role", f.role);
      w.Attr("label", f.label);
      w.out() += "/>\n";
    }
    w.out() += "    </files>\n";
  }
  w.out() += "  </document>\n";
  return std::move(w.out());
}

}  // namespace bridges
