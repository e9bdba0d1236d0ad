#include "core/files/xml_stream.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <cstring>
#include <mutex>

namespace bridges::files {

namespace {

std::string_view View(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : ""; }

}  // namespace

std::string_view XmlAttributes::Get(std::string_view local_name) const {
  if (!attributes_) return "";
  if (html_) {  // name, value pairs, null-terminated
    for (const xmlChar** a = attributes_; *a; a += 2)
      if (View(a[0]) == local_name) return View(a[1]);
    return "";
  }
  for (int i = 0; i < count_; ++i) {  // localname, prefix, URI, value, end
    const xmlChar** a = attributes_ + 5 * i;
    if (View(a[0]) == local_name) return std::string_view(reinterpret_cast<const char*>(a[3]), a[4] - a[3]);
  }
  return "";
}

struct XmlStream::State {
  Syntax syntax;
  XmlHandler* handler;
  std::string what;
  xmlParserCtxtPtr ctxt = nullptr;
  bool doctype = false;
  bool utf8 = false;
  xmlSAXHandler sax{};
};

namespace {

XmlHandler* HandlerOf(void* state) { return static_cast<XmlStream::State*>(state)->handler; }

void OnStartNs(void* state, const xmlChar* name, const xmlChar*, const xmlChar* uri, int, const xmlChar**,
               int attribute_count, int, const xmlChar** attributes) {
  HandlerOf(state)->Start(View(name), View(uri), XmlAttributes(attributes, attribute_count, false));
}

void OnEndNs(void* state, const xmlChar* name, const xmlChar*, const xmlChar* uri) {
  HandlerOf(state)->End(View(name), View(uri));
}

void OnHtmlStart(void* state, const xmlChar* name, const xmlChar** attributes) {
  HandlerOf(state)->Start(View(name), "", XmlAttributes(attributes, 0, true));
}

void OnHtmlEnd(void* state, const xmlChar* name) { HandlerOf(state)->End(View(name), ""); }

void OnText(void* state, const xmlChar* text, int length) {
  HandlerOf(state)->Text(std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(length)));
}

// Office XML has no DTD; one could only be an attack (entity expansion).
void OnDoctype(void* state, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* s = static_cast<XmlStream::State*>(state);
  s->doctype = true;
  xmlStopParser(s->ctxt);
}

}  // namespace

XmlStream::XmlStream(Syntax syntax, XmlHandler* handler, std::string what, bool utf8) : state_(new State) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  state_->syntax = syntax;
  state_->handler = handler;
  state_->what = std::move(what);
  state_->utf8 = utf8;
  xmlSAXHandler& sax = state_->sax;
  sax.characters = OnText;
  if (syntax == Syntax::kXml) {
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = OnStartNs;
    sax.endElementNs = OnEndNs;
    sax.cdataBlock = OnText;
    sax.internalSubset = OnDoctype;
  } else {
    sax.startElement = OnHtmlStart;
    sax.endElement = OnHtmlEnd;
  }
}

XmlStream::~XmlStream() {
  if (!state_->ctxt) return;
  if (state_->syntax == Syntax::kHtml)
    htmlFreeParserCtxt(state_->ctxt);
  else
    xmlFreeParserCtxt(state_->ctxt);
}

void XmlStream::Feed(std::string_view chunk) {
  State& s = *state_;
  if (s.doctype || chunk.empty()) return;
  if (!s.ctxt) {
    // The first bytes go to the constructor, which detects the encoding from them.
    const int first = static_cast<int>(std::min<size_t>(chunk.size(), 4));
    if (s.syntax == Syntax::kHtml) {
      s.ctxt = htmlCreatePushParserCtxt(&s.sax, &s, chunk.data(), first, s.what.c_str(),
                                        s.utf8 ? XML_CHAR_ENCODING_UTF8 : XML_CHAR_ENCODING_NONE);
      if (s.ctxt)
        htmlCtxtUseOptions(s.ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    } else {
      s.ctxt = xmlCreatePushParserCtxt(&s.sax, &s, chunk.data(), first, s.what.c_str());
      if (s.ctxt) xmlCtxtUseOptions(s.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    }
    chunk.remove_prefix(static_cast<size_t>(first));
    if (!s.ctxt || chunk.empty()) return;
  }
  if (s.syntax == Syntax::kHtml)
    htmlParseChunk(s.ctxt, chunk.data(), static_cast<int>(chunk.size()), 0);
  else
    xmlParseChunk(s.ctxt, chunk.data(), static_cast<int>(chunk.size()), 0);
}

Status XmlStream::Finish() {
  State& s = *state_;
  if (s.doctype) return Status::Invalid("corrupt document: a DOCTYPE in " + s.what + " (office documents have none)");
  if (!s.ctxt) return Status::Invalid("corrupt document: " + s.what + " is empty");
  if (s.syntax == Syntax::kHtml) {
    htmlParseChunk(s.ctxt, nullptr, 0, 1);
    return Status::Ok();
  }
  xmlParseChunk(s.ctxt, nullptr, 0, 1);
  if (s.ctxt->wellFormed) return Status::Ok();
  const xmlError* e = xmlCtxtGetLastError(s.ctxt);
  std::string reason = e && e->message ? e->message : "not well-formed";
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  return Status::Invalid("corrupt document: malformed XML in " + s.what + ": " + reason +
                         (e ? " (line " + std::to_string(e->line) + ")" : ""));
}

}  // namespace bridges::files
