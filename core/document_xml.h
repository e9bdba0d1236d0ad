// The XML form of a Document, as schema/document.xsd describes it: what the
// XML loader reads back. Used by the export.
#ifndef BRIDGES_CORE_DOCUMENT_XML_H_
#define BRIDGES_CORE_DOCUMENT_XML_H_

#include <string>
#include <string_view>

#include "core/document.h"

namespace bridges {

// Wrap ToXml() elements in these to make a <collection> file.
inline constexpr std::string_view kXmlCollectionStart = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n";
inline constexpr std::string_view kXmlCollectionEnd = "</collection>\n";

// One <document> element, indented for a <collection>, ending in a newline.
// Every field that is set is written; control characters XML 1.0 cannot hold
// are left out. The XML loader collapses runs of white space in text, so text
// with line breaks or double spaces reads back with single spaces (JSON keeps
// it exactly).
std::string ToXml(const Document& doc);

}  // namespace bridges

#endif  // BRIDGES_CORE_DOCUMENT_XML_H_
