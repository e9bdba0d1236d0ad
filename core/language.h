// Language tags (BCP 47) as documents and queries use them.
#ifndef BRIDGES_CORE_LANGUAGE_H_
#define BRIDGES_CORE_LANGUAGE_H_

#include <optional>
#include <string>
#include <string_view>

namespace bridges {

// True if `tag` is a well-formed BCP 47 tag whose language subtag is a real
// ISO 639 language known to ICU ("en", "es-MX", "sr-Latn", "pt-BR").
bool IsValidLanguageTag(std::string_view tag);

// True if `code` is an ISO 3166-1 alpha-2 country code known to ICU ("FI").
bool IsIsoCountryCode(std::string_view code);

// The primary language subtag in lower case: "es-MX" -> "es".
std::string PrimaryLanguage(std::string_view tag);

// The tag in its canonical case: "ES-mx" -> "es-MX", "sr-latn" -> "sr-Latn".
std::string CanonicalLanguageTag(std::string_view tag);

// CLD2's guess of the primary language of `text` ("pl", "ja"), or nullopt
// when CLD2 is not confident or the text is too short to tell (one or two
// short words). With `analysed_only`, a language Bridges neither stems nor
// segments is also nullopt: for a query, searching every language's stems
// serves it better than naming it. Thread-safe.
std::optional<std::string> DetectLanguage(std::string_view text, bool analysed_only = false);

}  // namespace bridges

#endif  // BRIDGES_CORE_LANGUAGE_H_
