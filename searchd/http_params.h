// Query-string parameters -> core request structs. Every rejection names the
// parameter and what is wrong with it.
#ifndef BRIDGES_SEARCHD_HTTP_PARAMS_H_
#define BRIDGES_SEARCHD_HTTP_PARAMS_H_

#include <string>
#include <utility>
#include <vector>

#include "core/searcher.h"

namespace bridges::searchd {

using Params = std::vector<std::pair<std::string, std::string>>;

// Parses the parameters of /v1/search (and of /v1/facets, which takes a subset).
Status ParseSearchRequest(const Params& params, SearchRequest* out);

// The parameters as a query string (percent-encoded, in order): feed ids,
// cache validators, links back to the same search.
std::string CanonicalQuery(const Params& params);

// The single value of `name`, or `fallback`.
std::string ParamOr(const Params& params, const std::string& name, const std::string& fallback);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_HTTP_PARAMS_H_
