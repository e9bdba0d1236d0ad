// The XML loader: libxml2 parsing with no network, no DTDs and no entity
// expansion, validation against schema/document.xsd, then the same field
// validation as every other input.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>

#include "core/loader.h"
#include "core/unicode.h"

namespace bridges {

namespace {

std::string SchemaPath() {
  if (const char* dir = std::getenv("BRIDGES_SCHEMA_DIR")) return std::string(dir) + "/document.xsd";
  return std::string(BRIDGES_SOURCE_DIR) + "/schema/document.xsd";
}

// The compiled schema is read-only after loading and shared by all threads;
// each validation gets its own context.
xmlSchemaPtr Schema() {
  static xmlSchemaPtr schema = [] {
    xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewParserCtxt(SchemaPath().c_str());
    xmlSchemaPtr s = ctxt ? xmlSchemaParse(ctxt) : nullptr;
    if (ctxt) xmlSchemaFreeParserCtxt(ctxt);
    return s;
  }();
  return schema;
}

struct XmlError {
  int line = 0;
  int column = 0;
  xmlNodePtr node = nullptr;
  std::string message;
};

void CollectError(void* user, xmlErrorPtr error) {
  auto* errors = static_cast<std::vector<XmlError>*>(user);
  std::string message = error->message ? error->message : "XML error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  errors->push_back({error->line, error->int2, static_cast<xmlNodePtr>(error->node), message});
}

std::string Text(xmlNodePtr node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

// Collapses runs of whitespace, as XML text is indented freely.
std::string Clean(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Attr(xmlNodePtr node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

bool Is(xmlNodePtr node, const char* name) {
  return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

template <typename F>
void ForChildren(xmlNodePtr parent, const char* name, F f) {
  for (xmlNodePtr c = parent->children; c; c = c->next)
    if (Is(c, name)) f(c);
}

// Finds each element's column: libxml2 records only lines, so the start tag is
// searched for on its line, in document order.
class ColumnFinder {
 public:
  ColumnFinder(std::string_view content, xmlNodePtr root) : content_(content) {
    size_t start = 0;
    line_starts_.push_back(0);
    while ((start = content.find('\n', start)) != std::string_view::npos) line_starts_.push_back(++start);
    Walk(root);
  }

  SourceLocation Locate(xmlNodePtr node, const std::string& path) const {
    auto it = columns_.find(node);
    int line = node ? static_cast<int>(xmlGetLineNo(node)) : 0;
    return {path, line, it == columns_.end() ? 1 : it->second};
  }

 private:
  void Walk(xmlNodePtr node) {
    for (; node; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      long line = xmlGetLineNo(node);
      if (line > 0 && static_cast<size_t>(line) <= line_starts_.size()) {
        size_t line_start = line_starts_[line - 1];
        size_t line_end = static_cast<size_t>(line) < line_starts_.size() ? line_starts_[line] : content_.size();
        size_t& cursor = cursors_[line];
        if (cursor < line_start) cursor = line_start;
        std::string tag("<");
        tag.append(reinterpret_cast<const char*>(node->name));
        size_t found = content_.substr(0, line_end).find(tag, cursor);
        if (found != std::string_view::npos) {
          columns_[node] = LocationOf(content_.substr(line_start, found - line_start), found - line_start, "").column;
          cursor = found + 1;
        }
      }
      Walk(node->children);
    }
  }

  std::string_view content_;
  std::vector<size_t> line_starts_;
  std::map<long, size_t> cursors_;
  std::unordered_map<xmlNodePtr, int> columns_;
};

xmlNodePtr DocumentAncestor(xmlNodePtr node) {
  for (; node; node = node->parent)
    if (Is(node, "document")) return node;
  return nullptr;
}

// The record field a schema error is in: the name of the <document> child
// that holds `node` ("year", "cities"), or "" for the document element itself.
std::string FieldOf(xmlNodePtr node) {
  for (; node && node->parent; node = node->parent)
    if (Is(node->parent, "document")) return reinterpret_cast<const char*>(node->name);
  return "";
}

Document ReadDocument(xmlNodePtr node, std::map<std::string, xmlNodePtr>* fields) {
  Document d;
  d.id = Attr(node, "id");
  d.work = Attr(node, "work");
  d.type = Attr(node, "type");
  d.lang = Attr(node, "lang");
  std::string status = Attr(node, "status");
  if (!status.empty()) d.status = status;
  auto list = [&](xmlNodePtr parent, const char* child, const char* field, std::vector<std::string>* out) {
    ForChildren(parent, child, [&](xmlNodePtr c) {
      (*fields)[std::string(field) + "/" + std::to_string(out->size())] = c;
      out->push_back(Clean(Text(c)));
    });
  };
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string name = reinterpret_cast<const char*>(c->name);
    (*fields)[name] = c;
    if (name == "title") d.title = Clean(Text(c));
    else if (name == "summary") d.summary = Clean(Text(c));
    else if (name == "body") {
      ForChildren(c, "section", [&](xmlNodePtr s) {
        Section section;
        ForChildren(s, "heading", [&](xmlNodePtr h) { section.heading = Clean(Text(h)); });
        ForChildren(s, "p", [&](xmlNodePtr p) { section.paragraphs.push_back(Clean(Text(p))); });
        d.body.push_back(std::move(section));
      });
    } else if (name == "domains") list(c, "domain", "domains", &d.domains);
    else if (name == "countries") list(c, "country", "countries", &d.countries);
    else if (name == "networks") list(c, "network", "networks", &d.networks);
    else if (name == "organisations") list(c, "organisation", "organisations", &d.organisations);
    else if (name == "cities") {
      ForChildren(c, "city", [&](xmlNodePtr city) {
        (*fields)["cities/" + std::to_string(d.cities.size())] = city;
        d.cities.push_back({Clean(Text(city)), Attr(city, "country")});
      });
    } else if (name == "year") d.year = std::stoi(Clean(Text(c)));
    else if (name == "published") d.published = Clean(Text(c));
    else if (name == "updated") d.updated = Clean(Text(c));
    else if (name == "edition") d.edition = Clean(Text(c));
    else if (name == "url") d.url = Clean(Text(c));
    else if (name == "files") {
      ForChildren(c, "file", [&](xmlNodePtr f) {
        (*fields)["files/" + std::to_string(d.files.size())] = f;
        FileRef ref{Attr(f, "path"), Attr(f, "lang"), Attr(f, "role"), Attr(f, "label"), Attr(f, "sha256")};
        if (ref.role.empty()) ref.role = "full-text";
        d.files.push_back(std::move(ref));
      });
    }
  }
  return d;
}

void Reject(LoadResult* out, SourceLocation where, std::string message) {
  out->diagnostics.push_back({std::move(where), Severity::kError, std::move(message)});
  ++out->rejected;
}

}  // namespace

void LoadXml(std::string_view content, const std::string& path, const Vocabularies& vocabularies,
             const LoadOptions& limits, LoadResult* out) {
  size_t bad = 0;
  if (!IsValidUtf8(content, &bad)) return Reject(out, LocationOf(content, bad, path), "invalid UTF-8 byte sequence");
  // DTDs are refused outright: without one there are no external entities (XXE)
  // and no entity-expansion bombs to defuse.
  size_t doctype = content.find("<!DOCTYPE");
  if (doctype != std::string_view::npos)
    return Reject(out, LocationOf(content, doctype, path),
                  "DOCTYPE declarations are not allowed (no DTDs, no entities)");
  if (!Schema()) return Reject(out, {path, 0, 0}, "cannot load the schema " + SchemaPath());

  std::vector<XmlError> errors;
  xmlParserCtxtPtr parser = xmlNewParserCtxt();
  xmlSetStructuredErrorFunc(&errors, CollectError);
  xmlDocPtr doc = xmlCtxtReadMemory(parser, content.data(), static_cast<int>(content.size()), path.c_str(), "UTF-8",
                                    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  xmlFreeParserCtxt(parser);
  if (!doc) {
    XmlError e = errors.empty() ? XmlError{1, 1, nullptr, "malformed XML"} : errors.front();
    return Reject(out, {path, e.line, std::max(e.column, 1)}, "malformed XML: " + e.message);
  }
  xmlNodePtr root = xmlDocGetRootElement(doc);
  ColumnFinder columns(content, root);

  errors.clear();
  xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(Schema());
  xmlSchemaSetValidStructuredErrors(validator, CollectError, &errors);
  xmlSchemaValidateDoc(validator, doc);
  xmlSchemaFreeValidCtxt(validator);

  // A schema error rejects only the document it is in; one outside any
  // document (a wrong root element) rejects the file.
  std::map<xmlNodePtr, bool> invalid;
  for (const XmlError& e : errors) {
    xmlNodePtr owner = DocumentAncestor(e.node);
    SourceLocation where = e.node ? columns.Locate(e.node, path) : SourceLocation{path, e.line, 1};
    out->diagnostics.push_back({where, Severity::kError, "schema: " + e.message, FieldOf(e.node)});
    if (!owner) {
      ++out->rejected;
      xmlFreeDoc(doc);
      return;
    }
    if (!invalid[owner]) ++out->rejected;
    invalid[owner] = true;
  }

  std::vector<xmlNodePtr> documents;
  if (root && Is(root, "document")) documents.push_back(root);
  else if (root) ForChildren(root, "document", [&](xmlNodePtr d) { documents.push_back(d); });
  for (xmlNodePtr node : documents) {
    if (invalid[node]) continue;
    std::map<std::string, xmlNodePtr> fields;
    Document d = ReadDocument(node, &fields);
    d.source = columns.Locate(node, path);
    const SourceLocation document_location = d.source;
    auto locate = [&](const std::string& field) {
      auto it = fields.find(field);
      return it == fields.end() ? document_location : columns.Locate(it->second, path);
    };
    AcceptOrReject(std::move(d), vocabularies, limits, locate, out);
  }
  xmlFreeDoc(doc);
}

}  // namespace bridges
