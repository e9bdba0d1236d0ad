#include "core/document.h"

#include <tuple>

namespace bridges {

namespace {
auto ContentTie(const Document& d) {
  return std::tie(d.id, d.work, d.type, d.lang, d.status, d.title, d.summary, d.body,
                  d.domains, d.cities, d.countries, d.networks, d.organisations, d.year,
                  d.published, d.updated, d.edition, d.url, d.files);
}
}  // namespace

bool Document::SameContent(const Document& other) const {
  return ContentTie(*this) == ContentTie(other);
}

std::string BodyText(const Document& doc) {
  std::string text;
  for (const Section& section : doc.body) {
    if (!section.heading.empty()) text += section.heading + "\n\n";
    for (const std::string& p : section.paragraphs) text += p + "\n\n";
  }
  return text;
}

}  // namespace bridges
