// Per-language morphology: Xapian's Snowball stemmers, Snowball 2.2's Greek
// (libstemmer) with an ending normalisation, and Hunspell dictionaries used as
// stemmers for Polish, Ukrainian, Slovak, Serbian and Croatian.
#ifndef BRIDGES_CORE_STEMMERS_H_
#define BRIDGES_CORE_STEMMERS_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bridges {

// Which treatment a language gets (docs/analysis.md has the table).
enum class Morphology { kNone, kSnowball, kGreek, kHunspell };

// Stems one language's words. Thread-safe: stems are cached per word behind a
// mutex, since neither Xapian::Stem nor Hunspell may be used concurrently.
class LanguageStemmer {
 public:
  virtual ~LanguageStemmer() = default;

  // Appends the stems of `word` (already NormalizeWord()-ed) to *out: none when
  // the word is unknown to a dictionary, several when it is ambiguous.
  void Stems(const std::string& word, std::vector<std::string>* out);

  virtual Morphology morphology() const = 0;

 protected:
  virtual void ComputeStems(const std::string& word, std::vector<std::string>* out) = 0;

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::string>> cache_;
};

// Returns the stemmer for a BCP 47 tag's primary language, or nullptr when the
// language has none (its words are indexed unstemmed). The returned object lives
// as long as the process. Thread-safe.
LanguageStemmer* StemmerFor(std::string_view language_tag);

// The morphology a language gets, without loading its dictionaries.
Morphology MorphologyFor(std::string_view language_tag);

// Primary language subtags with a stemmer, for searching "every language".
const std::vector<std::string>& StemmedLanguages();

}  // namespace bridges

#endif  // BRIDGES_CORE_STEMMERS_H_
