// Checks a Document against the vocabularies and field rules. Both loaders and
// the curation API validate through here, so a record is accepted or refused
// the same way wherever it comes from.
#ifndef BRIDGES_CORE_VALIDATOR_H_
#define BRIDGES_CORE_VALIDATOR_H_

#include <vector>

#include "core/document.h"
#include "core/document_json.h"
#include "core/vocabulary.h"

namespace bridges {

// Appends one FieldError per problem to *errors. Canonicalises what has one
// canonical form (language tag case) and fills each city's country from the
// gazetteer. Returns true if no error was added.
bool ValidateDocument(const Vocabularies& vocabularies, Document* doc, std::vector<FieldError>* errors);

// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(const std::string& s);

// True for ids and work ids: [a-z0-9][a-z0-9-]*, at most 100 characters.
bool IsValidId(std::string_view id);

}  // namespace bridges

#endif  // BRIDGES_CORE_VALIDATOR_H_
