// Language tags (BCP 47) as documents and queries use them.
#ifndef BRIDGES_CORE_LANGUAGE_H_
#define BRIDGES_CORE_LANGUAGE_H_

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

}  // namespace bridges

#endif  // BRIDGES_CORE_LANGUAGE_H_
