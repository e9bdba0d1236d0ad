// Internal to core/files: streaming (SAX) parsing of XML and HTML fed in
// chunks, so a document's XML is never held whole in memory. No network, no
// DTDs: a DOCTYPE in an office document's XML stops the parse.
#ifndef BRIDGES_CORE_FILES_XML_STREAM_H_
#define BRIDGES_CORE_FILES_XML_STREAM_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace bridges::files {

// The attributes of one start tag.
class XmlAttributes {
 public:
  XmlAttributes(const unsigned char** attributes, int count, bool html)
      : attributes_(attributes), count_(count), html_(html) {}
  // The value of the attribute with this local name, or "" (HTML names are
  // matched as written, XML ones without their prefix).
  std::string_view Get(std::string_view local_name) const;

 private:
  const unsigned char** attributes_;
  int count_;
  bool html_;
};

// Receives parse events. `ns` is the namespace URI (empty in HTML); HTML
// element names arrive in lower case.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, std::string_view ns, const XmlAttributes& attributes) = 0;
  virtual void End(std::string_view name, std::string_view ns) = 0;
  virtual void Text(std::string_view text) = 0;
};

// A push parser: Feed() chunks in order, then Finish().
class XmlStream {
 public:
  enum class Syntax { kXml, kHtml };
  // `what` names the input in error messages ("word/document.xml"). HTML
  // is read as UTF-8 if `utf8`, else in the encoding it declares (libxml2's
  // default, Latin-1, when it declares none).
  XmlStream(Syntax syntax, XmlHandler* handler, std::string what, bool utf8 = false);
  ~XmlStream();

  void Feed(std::string_view chunk);
  // Ok, or "corrupt document: malformed XML in <what>: reason (line N)".
  // HTML is parsed leniently and only fails on a DOCTYPE-free parser error.
  Status Finish();

  struct State;  // the parser and its SAX callbacks' context; opaque

 private:
  std::unique_ptr<State> state_;
};

}  // namespace bridges::files

#endif  // BRIDGES_CORE_FILES_XML_STREAM_H_
