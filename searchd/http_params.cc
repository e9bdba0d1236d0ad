#include "searchd/http_params.h"

#include <Poco/URI.h>

#include <charconv>
#include <climits>
#include <set>

namespace bridges::searchd {

namespace {

Status ParseInt(const std::string& name, const std::string& value, int min, int max, int* out) {
  int v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size())
    return Status::Invalid("parameter '" + name + "' must be an integer, got '" + value + "'");
  if (v < min || v > max)
    return Status::Invalid("parameter '" + name + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
  *out = v;
  return Status::Ok();
}

}  // namespace

std::string ParamOr(const Params& params, const std::string& name, const std::string& fallback) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return fallback;
}

Status ParseSearchRequest(const Params& params, SearchRequest* out) {
  SearchRequest r;
  std::set<std::string> single;
  for (const auto& [name, value] : params) {
    bool is_filter = false;
    for (const layout::FacetSpec& spec : layout::kFacets) {
      if (name != spec.name) continue;
      is_filter = true;
      if (!value.empty()) r.filters[spec.facet].push_back(value);
    }
    if (is_filter) continue;
    if (name != "q" && single.count(name)) return Status::Invalid("parameter '" + name + "' is given more than once");
    single.insert(name);
    Status s = Status::Ok();
    int n = 0;
    if (name == "q") r.q = value;
    else if (name == "qlang") r.qlang = value;
    else if (name == "ui") {
      r.ui = value.empty() ? "en" : value;
      r.ui_explicit = !value.empty();
    }
    else if (name == "collapse") {
      if (value == "work") r.collapse_works = true;
      else if (value == "none") r.collapse_works = false;
      else s = Status::Invalid("parameter 'collapse' must be 'work' or 'none'");
    } else if (name == "sort") {
      if (value == "relevance") r.sort = SortOrder::kRelevance;
      else if (value == "newest") r.sort = SortOrder::kNewest;
      else if (value == "oldest") r.sort = SortOrder::kOldest;
      else if (value == "title") r.sort = SortOrder::kTitle;
      else s = Status::Invalid("parameter 'sort' must be relevance, newest, oldest or title");
    } else if (name == "page") {
      s = ParseInt(name, value, INT_MIN, INT_MAX, &r.page);  // the searcher checks the range
    } else if (name == "per_page") {
      s = ParseInt(name, value, INT_MIN, INT_MAX, &r.per_page);
    } else if (name == "passages") {
      s = ParseInt(name, value, INT_MIN, INT_MAX, &r.passages);
    } else if (name == "facet_limit") {
      s = ParseInt(name, value, 0, 1000, &r.facet_limit);
    } else if (name == "year_from" || name == "year_to") {
      s = ParseInt(name, value, 1900, 2100, &n);
      if (s.ok()) (name == "year_from" ? r.year_from : r.year_to) = n;
    } else if (name == "facets") {
      r.with_facets = value != "false" && value != "0";
    } else {
      s = Status::Invalid("unknown parameter '" + name + "'");
    }
    if (!s.ok()) return s;
  }
  *out = std::move(r);
  return Status::Ok();
}

std::string CanonicalQuery(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    std::string ek, ev;
    Poco::URI::encode(k, "&=+?#/", ek);
    Poco::URI::encode(v, "&=+?#/", ev);
    out += (out.empty() ? "" : "&") + ek + "=" + ev;
  }
  return out;
}

}  // namespace bridges::searchd
