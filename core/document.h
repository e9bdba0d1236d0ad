// The document model: one language version of a publication, or one good
// practice, as plain data. Both loaders produce it; the index stores it.
#ifndef BRIDGES_CORE_DOCUMENT_H_
#define BRIDGES_CORE_DOCUMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace bridges {

struct City {
  std::string id;       // gazetteer id
  std::string country;  // ISO 3166-1 alpha-2, filled from the gazetteer
  bool operator==(const City&) const = default;
};

struct Section {
  std::string heading;  // may be empty
  std::vector<std::string> paragraphs;
  bool operator==(const Section&) const = default;
};

// A file attached to a record (its full text, an annex...).
struct FileRef {
  std::string path;  // relative to the record's source file
  std::string lang;  // optional BCP 47 tag
  std::string role;  // full-text | annex | summary
  std::string label;
  // Optional: the content's SHA-256 (64 lowercase hex digits). The file is
  // then held by the curation store under this hash (core/file_store.h), and
  // the indexer checks that the bytes it reads have it.
  std::string sha256;
  bool operator==(const FileRef&) const = default;
};

struct Document {
  std::string id;
  std::string work;
  std::string type;
  std::string lang;
  std::string status = "current";
  std::string title;
  std::string summary;
  std::vector<Section> body;
  std::vector<std::string> domains;
  std::vector<City> cities;
  std::vector<std::string> countries;
  std::vector<std::string> networks;
  std::vector<std::string> organisations;
  std::optional<int> year;
  std::string published;  // YYYY-MM-DD or empty
  std::string updated;    // YYYY-MM-DD or empty
  std::string edition;
  std::string url;
  std::vector<FileRef> files;

  // Where the document was read from, and the digest of its source line
  // (JSON Lines only); not part of its content.
  SourceLocation source;
  std::string source_digest;

  // Content equality, ignoring `source`.
  bool SameContent(const Document& other) const;
};

// All text of the body, sections joined by blank lines.
std::string BodyText(const Document& doc);

}  // namespace bridges

#endif  // BRIDGES_CORE_DOCUMENT_H_
