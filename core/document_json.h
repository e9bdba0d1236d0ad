// The JSON form of a Document: the JSON Lines import format, the record stored
// in the index, and the API's document body. Field names match the XML format.
#ifndef BRIDGES_CORE_DOCUMENT_JSON_H_
#define BRIDGES_CORE_DOCUMENT_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"

namespace bridges {

// A problem with one field of a record: `field` is a JSON-pointer-like path
// ("cities/2/id") or empty for the record as a whole.
struct FieldError {
  std::string field;
  std::string message;
};

// Serialises every field that is set; empty strings and lists are left out.
nlohmann::json ToJson(const Document& doc);

// Reads a record. Unknown fields and wrong types are errors. On any error the
// returned document is partially filled and must not be used.
Document FromJson(const nlohmann::json& json, std::vector<FieldError>* errors);

}  // namespace bridges

#endif  // BRIDGES_CORE_DOCUMENT_JSON_H_
