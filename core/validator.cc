#include "core/validator.h"

#include "core/file_store.h"
#include "core/language.h"
#include "core/unicode.h"

namespace bridges {

namespace {

class Checker {
 public:
  Checker(const Vocabularies& v, std::vector<FieldError>* errors) : v_(v), errors_(errors) {}

  void Fail(std::string field, std::string message) { errors_->push_back({std::move(field), std::move(message)}); }

  void Term(const Vocabulary& vocabulary, const char* what, const std::string& field, const std::string& term) {
    if (vocabulary.Contains(term)) return;
    std::string message = "unknown " + std::string(what) + " '" + term + "'";
    std::string nearest = vocabulary.Nearest(term);
    if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
    Fail(field, message);
  }

  void Terms(const Vocabulary& vocabulary, const char* what, const char* field, const std::vector<std::string>& terms) {
    for (size_t i = 0; i < terms.size(); ++i) Term(vocabulary, what, std::string(field) + "/" + std::to_string(i), terms[i]);
  }

  void Text(const char* field, const std::string& text) {
    size_t offset = 0;
    if (!IsValidUtf8(text, &offset)) Fail(field, "invalid UTF-8 at byte " + std::to_string(offset));
  }

  const Vocabularies& v_;
  std::vector<FieldError>* errors_;
};

}  // namespace

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 100) return false;
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok(id[0])) return false;
  for (char c : id)
    if (!ok(c) && c != '-') return false;
  return true;
}

bool ValidateDocument(const Vocabularies& v, Document* doc, std::vector<FieldError>* errors) {
  size_t before = errors->size();
  Checker c(v, errors);
  if (!IsValidId(doc->id)) c.Fail("id", "id '" + doc->id + "' must match [a-z0-9][a-z0-9-]* (at most 100 characters)");
  if (!IsValidId(doc->work)) c.Fail("work", "work '" + doc->work + "' must match [a-z0-9][a-z0-9-]*");
  c.Term(v.types(), "type", "type", doc->type);
  if (!IsValidLanguageTag(doc->lang)) {
    c.Fail("lang", "'" + doc->lang + "' is not a well-formed BCP 47 tag of a known language");
  } else {
    doc->lang = CanonicalLanguageTag(doc->lang);
  }
  if (doc->status != "current" && doc->status != "archived")
    c.Fail("status", "status '" + doc->status + "' must be 'current' or 'archived'");
  if (doc->title.empty()) c.Fail("title", "title must not be empty");
  c.Text("title", doc->title);
  c.Text("summary", doc->summary);
  c.Terms(v.domains(), "domain", "domains", doc->domains);
  c.Terms(v.networks(), "network", "networks", doc->networks);
  for (size_t i = 0; i < doc->cities.size(); ++i) {
    City& city = doc->cities[i];
    std::string field = "cities/" + std::to_string(i);
    const VocabularyEntry* entry = v.cities().Find(city.id);
    if (!entry) {
      c.Term(v.cities(), "city", field, city.id);
      continue;
    }
    if (!city.country.empty() && city.country != entry->country)
      c.Fail(field, "city '" + city.id + "' is in " + entry->country + ", not " + city.country);
    city.country = entry->country;
  }
  for (size_t i = 0; i < doc->countries.size(); ++i)
    if (!IsIsoCountryCode(doc->countries[i]))
      c.Fail("countries/" + std::to_string(i), "'" + doc->countries[i] + "' is not an ISO 3166-1 alpha-2 code");
  if (doc->year && (*doc->year < 1900 || *doc->year > 2100))
    c.Fail("year", "year " + std::to_string(*doc->year) + " is outside 1900-2100");
  if (!doc->published.empty() && !IsIsoDate(doc->published)) c.Fail("published", "'" + doc->published + "' is not a YYYY-MM-DD date");
  if (!doc->updated.empty() && !IsIsoDate(doc->updated)) c.Fail("updated", "'" + doc->updated + "' is not a YYYY-MM-DD date");
  if (!doc->url.empty() && doc->url.rfind("http://", 0) != 0 && doc->url.rfind("https://", 0) != 0)
    c.Fail("url", "url must start with http:// or https://");
  for (size_t i = 0; i < doc->files.size(); ++i) {
    const FileRef& f = doc->files[i];
    std::string field = "files/" + std::to_string(i);
    if (f.role != "full-text" && f.role != "annex" && f.role != "summary")
      c.Fail(field + "/role", "role '" + f.role + "' must be full-text, annex or summary");
    if (!f.lang.empty() && !IsValidLanguageTag(f.lang)) c.Fail(field + "/lang", "'" + f.lang + "' is not a valid language tag");
    if (f.path.empty() || f.path[0] == '/' || f.path.find("..") != std::string::npos)
      c.Fail(field + "/path", "path must be relative and stay inside the corpus");
    if (!f.sha256.empty() && !IsSha256Hex(f.sha256))
      c.Fail(field + "/sha256", "sha256 must be 64 lowercase hexadecimal digits");
  }
  return errors->size() == before;
}

}  // namespace bridges
