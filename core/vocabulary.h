// Controlled vocabularies and the gazetteer, loaded from schema/vocabularies/.
#ifndef BRIDGES_CORE_VOCABULARY_H_
#define BRIDGES_CORE_VOCABULARY_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/index_layout.h"

namespace bridges {

struct VocabularyEntry {
  std::string id;
  std::map<std::string, std::string> labels;      // language -> label
  std::map<std::string, std::string> definition;  // language -> one line
  std::string country;                            // networks and cities
  std::vector<std::string> aliases;               // cities: other spellings
};

// One vocabulary: an ordered list of entries with unique ids. Immutable after
// loading, so it may be shared between threads.
class Vocabulary {
 public:
  Vocabulary() = default;
  Vocabulary(std::string name, std::vector<VocabularyEntry> entries);

  const std::string& name() const { return name_; }
  const std::vector<VocabularyEntry>& entries() const { return entries_; }

  // Returns the entry with this id, or nullptr.
  const VocabularyEntry* Find(std::string_view id) const;
  bool Contains(std::string_view id) const { return Find(id) != nullptr; }

  // The id closest to `id` by edit distance, for "did you mean" messages.
  std::string Nearest(std::string_view id) const;

  // The label in `lang` (or its primary language), else English, else the id.
  std::string Label(std::string_view id, std::string_view lang) const;

 private:
  std::string name_;
  std::vector<VocabularyEntry> entries_;
  std::unordered_map<std::string, size_t> by_id_;
};

// A vocabulary term matched by a query phrase.
struct TagMatch {
  layout::Facet facet;
  std::string id;
};

// Every vocabulary Bridges validates and labels with.
class Vocabularies {
 public:
  // Loads types, domains, networks, languages and cities from `dir`. Returns
  // an error naming the file and the problem if any is missing or malformed.
  static Status Load(const std::string& dir, Vocabularies* out);

  // The directory shipped with the source tree (or $BRIDGES_SCHEMA_DIR).
  static std::string DefaultDir();

  const Vocabulary& types() const { return types_; }
  const Vocabulary& domains() const { return domains_; }
  const Vocabulary& networks() const { return networks_; }
  const Vocabulary& languages() const { return languages_; }
  const Vocabulary& cities() const { return cities_; }

  // The vocabulary that labels a facet, or nullptr (year, edition, country).
  const Vocabulary* ForFacet(layout::Facet facet) const;

  // Tags whose label (in any language) or city name/alias, folded, equals
  // `folded_phrase`: "participación" -> domain participation, "breslau" -> city wroclaw.
  const std::vector<TagMatch>* MatchLabel(const std::string& folded_phrase) const;

  // The longest label, in words, in the label index (bounds phrase look-ups).
  size_t max_label_words() const { return max_label_words_; }

 private:
  void BuildLabelIndex();

  Vocabulary types_, domains_, networks_, languages_, cities_;
  std::unordered_map<std::string, std::vector<TagMatch>> label_index_;
  size_t max_label_words_ = 1;
};

// Folds a label or phrase for MatchLabel(): normalised, diacritics folded,
// words joined by single spaces.
std::string FoldPhrase(std::string_view text);

}  // namespace bridges

#endif  // BRIDGES_CORE_VOCABULARY_H_
