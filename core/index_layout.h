// The Xapian index layout: every term prefix and value slot Bridges uses.
//
// This is the only place where prefixes and slot numbers are written. Changing
// any of them changes the on-disk format: bump kLayoutVersion, which makes the
// indexer refuse an older database until it is rebuilt (see docs/index-layout.md).
#ifndef BRIDGES_CORE_INDEX_LAYOUT_H_
#define BRIDGES_CORE_INDEX_LAYOUT_H_

#include <array>
#include <string_view>

#include <xapian.h>

namespace bridges::layout {

// Stored in the database metadata under kLayoutVersionKey.
// 2: passages of attached files (issue 9), the files slot, files key in slot 4.
inline constexpr std::string_view kLayoutVersion = "2";
inline constexpr std::string_view kLayoutVersionKey = "bridges:layout";
// Set on an index kept in step with a curation store (core/curation.h): the
// store's id, and the sequence number of its last change the index reflects,
// both written in the same commit as the change itself.
inline constexpr std::string_view kStoreIdKey = "bridges:store-id";
inline constexpr std::string_view kStoreSeqKey = "bridges:store-seq";

// ---- Free-text terms -------------------------------------------------------
// Unprefixed terms are the diacritic-folded, case-folded word (with positions).
// A word whose exact lower-case form differs from its folded form is also
// indexed at the same position under kExact, so exact spellings rank first.
inline constexpr std::string_view kExact = "XE";
// Stems (no positions), of the folded stem of the exact word.
inline constexpr std::string_view kStem = "Z";
// Field-restricted text, queried with `title:`, `org:`, `city:`.
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kOrganisation = "XO";

// ---- Boolean terms (filters, identity) --------------------------------------
// Unique per Xapian document: a record's id ("anti-rumours-handbook-pl"), or
// for a passage its record's id, '#', file number, '.', passage ordinal
// ("anti-rumours-handbook-pl#0.7"); '#' never occurs in a record id.
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kWork = "XW";
inline constexpr std::string_view kKind = "XK";  // kKindRecord or kKindPassage
inline constexpr std::string_view kKindRecord = "record";
inline constexpr std::string_view kKindPassage = "passage";
// On a passage: the id of its record, so a record's passages are deleted or
// searched with one term.
inline constexpr std::string_view kPassageOf = "XP";

// One boolean prefix per facet; facet values are vocabulary ids, so they are
// stored as given (lower case, or upper case for countries).
enum class Facet : int {
  kDomain = 0,
  kLang,
  kCity,
  kCountry,
  kType,
  kNetwork,
  kYear,
  kStatus,
  kEdition,
};
inline constexpr int kFacetCount = 9;

struct FacetSpec {
  Facet facet;
  std::string_view name;    // API parameter and response key
  std::string_view prefix;  // boolean term prefix
  Xapian::valueno slot;     // packed values, see PackValues()
};

// Facet values are packed into one value slot each (multi-valued fields hold
// several values separated by kValueSeparator) so searchd can count them from
// value streams without reading documents.
inline constexpr char kValueSeparator = '\x1f';

inline constexpr std::array<FacetSpec, kFacetCount> kFacets = {{
    {Facet::kDomain, "domain", "XD", 10},
    {Facet::kLang, "lang", "XL", 11},
    {Facet::kCity, "city", "XC", 12},
    {Facet::kCountry, "country", "XN", 13},
    {Facet::kType, "type", "XT", 14},
    {Facet::kNetwork, "network", "XR", 15},
    {Facet::kYear, "year", "XY", 16},
    {Facet::kStatus, "status", "XS", 17},
    {Facet::kEdition, "edition", "XV", 18},
}};

inline constexpr const FacetSpec& Spec(Facet f) {
  return kFacets[static_cast<int>(f)];
}

// ---- Value slots ----------------------------------------------------------------
// Slots 0-3 and the facet slots, with the work and facet terms, are a record's
// stamp: its passages carry a copy (StampRecord() in core/index_writer.h), so
// they fold into its work, facets, filters and sort order.
inline constexpr Xapian::valueno kSlotWork = 0;       // work id
inline constexpr Xapian::valueno kSlotYear = 1;       // sortable_serialise(year)
inline constexpr Xapian::valueno kSlotSortTitle = 2;  // folded title
inline constexpr Xapian::valueno kSlotDate = 3;       // YYYY-MM-DD, for newest/oldest
// Records only: "id \x1f content-hash \x1f source path \x1f source-line digest
// \x1f files key": read as one value stream at the start of an indexer run,
// so unchanged documents are skipped without a lookup each (JSON lines
// without even being parsed). The files key (digests of the attached files;
// empty without files, "!" after a file failed) tells whether passages must
// be extracted again or only restamped with the record's new tags.
inline constexpr Xapian::valueno kSlotSource = 4;
// The slim JSON a search hit renders from (title, lang, tags, summary); the
// whole record is the document data, read only for /v1/documents/{id}.
inline constexpr Xapian::valueno kSlotHit = 5;
// The start of the body as plain text, where snippets look when the summary
// has no match: parsing the whole stored record for each hit was the largest
// cost of a query. Optional: without it searchd reads the record.
inline constexpr Xapian::valueno kSlotSnippetText = 8;
inline constexpr size_t kSnippetTextBytes = 2000;
// "id \x1f title": what a hit's list of translations shows of each other
// version, read without parsing that version's JSON. Optional, like slot 8.
// Records only.
inline constexpr Xapian::valueno kSlotLabel = 9;
// Passages only: the id of the record a passage belongs to, and its place
// "file:page:passage" (file number from 0 in the record's `files`, page from
// 1 or 0 when the format has none, passage ordinal from 1 within the file).
// A passage's document data is its text, for snippets.
inline constexpr Xapian::valueno kSlotPassageOf = 6;
inline constexpr Xapian::valueno kSlotPassagePlace = 7;
// Records with files: a JSON array, one object per file, of what the indexer
// found (media type, size, SHA-256, pages, language, the file's own metadata,
// or the error), for serving files and for curators' hints.
inline constexpr Xapian::valueno kSlotFiles = 19;

// Term positions: title, summary, body and each section start at these
// offsets, so a phrase never matches across fields.
inline constexpr Xapian::termpos kPositionGap = 100;

// Within-document frequency added per occurrence, by field.
inline constexpr Xapian::termcount kTitleWeight = 5;
inline constexpr Xapian::termcount kSummaryWeight = 2;
inline constexpr Xapian::termcount kBodyWeight = 1;

}  // namespace bridges::layout

#endif  // BRIDGES_CORE_INDEX_LAYOUT_H_
