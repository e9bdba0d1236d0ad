// Writes Documents in the project's XML format (schema/document.xsd), the
// inverse of core/xml_loader: what the loader reads back is the same
// Document. Used for exchange (OAI-PMH's `bridges` format, XML export).
#ifndef BRIDGES_CORE_XML_WRITER_H_
#define BRIDGES_CORE_XML_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>

#include "core/document.h"

namespace bridges {

// Text safe inside an XML element or a quoted attribute: &, <, >, " and '
// escaped, and the control characters XML 1.0 cannot carry (all below U+0020
// but tab, line feed and carriage return) dropped.
std::string XmlEscape(std::string_view text);

// One <document> element, valid against schema/document.xsd. `indent` is
// prepended to each line; `namespace_uri`, when not empty, is declared as
// the default namespace of the element (for embedding in other formats).
void WriteDocumentXml(const Document& doc, std::ostream& out, std::string_view indent = "",
                      std::string_view namespace_uri = "");

}  // namespace bridges

#endif  // BRIDGES_CORE_XML_WRITER_H_
