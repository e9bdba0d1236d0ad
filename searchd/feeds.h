// The representations other systems read, beside JSON: Atom feeds of
// searches, the OpenSearch description, sitemaps and the schema.org JSON-LD
// of document pages (docs/interop.md). Pure functions of search-layer
// results and the site's public URL; the handlers send them.
#ifndef BRIDGES_SEARCHD_FEEDS_H_
#define BRIDGES_SEARCHD_FEEDS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/review.h"
#include "core/searcher.h"
#include "core/vocabulary.h"

namespace bridges::searchd {

// An Atom entry's or feed's RFC 3339 date from a record: its `updated`, else
// `published`, else 1 January of its `year`; empty if it has none.
std::string AtomDate(const nlohmann::json& record);

struct FeedInfo {
  std::string title;     // of the feed
  std::string self_url;  // the feed's own URL (also its id)
  std::string html_url;  // the same search on the search page
  std::string updated;   // RFC 3339; the newest entry's date when empty
};

// An Atom 1.0 feed (RFC 4287) with one entry per hit: title, summary, a link
// to the document page and one per language version (hreflang), a category
// per domain (labelled in the entry's language), xml:lang of the entry.
std::string AtomFeed(const SearchResponse& response, const FeedInfo& info, const std::string& public_url,
                     const Vocabularies& vocabularies);

// The change list since a date or an edition (core/review.h) as a feed: one
// entry per added, changed, archived, removed (and, when given, pending)
// document, its kind as a category, the changed fields in the summary.
std::string ChangesFeed(const ChangeList& changes, const FeedInfo& info, const std::string& public_url);

// OpenSearch 1.1: HTML, Atom and JSON URL templates with {language?}.
std::string OpenSearchDescription(const std::string& public_url);

// schema.org JSON-LD for a record as GET /v1/documents/{id} returns it
// (with `translations`): a CreativeWork subtype with workTranslation /
// translationOfWork between the versions.
nlohmann::json DocumentJsonLd(const nlohmann::json& record, const std::string& public_url, const Vocabularies& vocabularies);

// <link rel="alternate" hreflang> to every version of a record, itself included.
std::string AlternateLinks(const nlohmann::json& record, const std::string& public_url);

// Sitemaps (sitemaps.org 0.9): one file lists at most kSitemapUrls pages;
// past that /sitemap.xml is an index of /sitemap-N.xml files (N from 1).
inline constexpr size_t kSitemapUrls = 50000;
std::string Sitemap(const std::vector<RecordListing>& records, const std::string& public_url);
std::string SitemapIndex(size_t files, const std::string& public_url);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_FEEDS_H_
