#include "core/document_json.h"

#include <set>

namespace bridges {

using nlohmann::json;

namespace {

void PutString(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void PutList(json& out, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) out[key] = values;
}

class Reader {
 public:
  Reader(const json& in, std::vector<FieldError>* errors) : in_(in), errors_(errors) {}

  void String(const char* key, std::string* out, bool required = false) {
    seen_.insert(key);
    auto it = in_.find(key);
    if (it == in_.end() || it->is_null()) {
      if (required) Fail(key, "is required");
      return;
    }
    if (!it->is_string()) return Fail(key, "must be a string");
    *out = it->get<std::string>();
    if (required && out->empty()) Fail(key, "must not be empty");
  }

  void StringList(const char* key, std::vector<std::string>* out) {
    seen_.insert(key);
    auto it = in_.find(key);
    if (it == in_.end() || it->is_null()) return;
    if (!it->is_array()) return Fail(key, "must be an array of strings");
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) return Fail(std::string(key) + "/" + std::to_string(i), "must be a string");
      out->push_back((*it)[i].get<std::string>());
    }
  }

  void Year(std::optional<int>* out) {
    seen_.insert("year");
    auto it = in_.find("year");
    if (it == in_.end() || it->is_null()) return;
    if (!it->is_number_integer()) return Fail("year", "must be an integer");
    *out = it->get<int>();
  }

  void Cities(std::vector<City>* out) {
    seen_.insert("cities");
    auto it = in_.find("cities");
    if (it == in_.end() || it->is_null()) return;
    if (!it->is_array()) return Fail("cities", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      std::string where = "cities/" + std::to_string(i);
      if (c.is_string()) {
        out->push_back({c.get<std::string>(), ""});
      } else if (c.is_object() && c.contains("id") && c["id"].is_string()) {
        for (const auto& [key, value] : c.items())
          if (key != "id" && key != "country") return Fail(where + "/" + key, "is not a known field");
        City city{c["id"].get<std::string>(), ""};
        if (c.contains("country")) {
          if (!c["country"].is_string()) return Fail(where + "/country", "must be a string");
          city.country = c["country"].get<std::string>();
        }
        out->push_back(city);
      } else {
        return Fail(where, "must be a city id or {\"id\": ..., \"country\": ...}");
      }
    }
  }

  void Body(std::vector<Section>* out) {
    seen_.insert("body");
    auto it = in_.find("body");
    if (it == in_.end() || it->is_null()) return;
    if (!it->is_array()) return Fail("body", "must be an array of sections");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      std::string where = "body/" + std::to_string(i);
      if (!s.is_object()) return Fail(where, "must be an object with heading and paragraphs");
      Section section;
      for (const auto& [key, value] : s.items())
        if (key != "heading" && key != "paragraphs") return Fail(where + "/" + key, "is not a known field");
      if (s.contains("heading")) {
        if (!s["heading"].is_string()) return Fail(where + "/heading", "must be a string");
        section.heading = s["heading"].get<std::string>();
      }
      if (!s.contains("paragraphs") || !s["paragraphs"].is_array() || s["paragraphs"].empty())
        return Fail(where + "/paragraphs", "must be a non-empty array of strings");
      for (const json& p : s["paragraphs"]) {
        if (!p.is_string()) return Fail(where + "/paragraphs", "must be an array of strings");
        section.paragraphs.push_back(p.get<std::string>());
      }
      out->push_back(std::move(section));
    }
  }

  void Files(std::vector<FileRef>* out) {
    seen_.insert("files");
    auto it = in_.find("files");
    if (it == in_.end() || it->is_null()) return;
    if (!it->is_array()) return Fail("files", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& f = (*it)[i];
      std::string where = "files/" + std::to_string(i);
      if (!f.is_object() || !f.contains("path") || !f["path"].is_string())
        return Fail(where, "must be an object with a path");
      for (const auto& [key, value] : f.items())
        if (key != "path" && key != "lang" && key != "role" && key != "label" && key != "sha256") return Fail(where + "/" + key, "is not a known field");
      FileRef ref;
      ref.path = f["path"].get<std::string>();
      for (auto [key, field] : {std::pair{"lang", &ref.lang}, {"role", &ref.role}, {"label", &ref.label}, {"sha256", &ref.sha256}}) {
        if (f.contains(key)) {
          if (!f[key].is_string()) return Fail(where + "/" + key, "must be a string");
          *field = f[key].get<std::string>();
        }
      }
      if (ref.role.empty()) ref.role = "full-text";
      out->push_back(std::move(ref));
    }
  }

  void RejectUnknown() {
    for (const auto& [key, value] : in_.items()) {
      if (!seen_.count(key)) Fail(key, "is not a known field");
    }
  }

 private:
  void Fail(const std::string& field, const std::string& message) {
    errors_->push_back({field, "field '" + field + "' " + message});
  }

  const json& in_;
  std::vector<FieldError>* errors_;
  std::set<std::string> seen_;
};

}  // namespace

json ToJson(const Document& doc) {
  json out = json::object();
  out["id"] = doc.id;
  out["work"] = doc.work;
  out["type"] = doc.type;
  out["lang"] = doc.lang;
  out["status"] = doc.status;
  out["title"] = doc.title;
  PutString(out, "summary", doc.summary);
  if (!doc.body.empty()) {
    json body = json::array();
    for (const Section& s : doc.body) {
      json section = {{"paragraphs", s.paragraphs}};
      if (!s.heading.empty()) section["heading"] = s.heading;
      body.push_back(std::move(section));
    }
    out["body"] = std::move(body);
  }
  PutList(out, "domains", doc.domains);
  if (!doc.cities.empty()) {
    json cities = json::array();
    for (const City& c : doc.cities) cities.push_back({{"id", c.id}, {"country", c.country}});
    out["cities"] = std::move(cities);
  }
  PutList(out, "countries", doc.countries);
  PutList(out, "networks", doc.networks);
  PutList(out, "organisations", doc.organisations);
  if (doc.year) out["year"] = *doc.year;
  PutString(out, "published", doc.published);
  PutString(out, "updated", doc.updated);
  PutString(out, "edition", doc.edition);
  PutString(out, "url", doc.url);
  if (!doc.files.empty()) {
    json files = json::array();
    for (const FileRef& f : doc.files) {
      json file = {{"path", f.path}, {"role", f.role}};
      if (!f.lang.empty()) file["lang"] = f.lang;
      if (!f.label.empty()) file["label"] = f.label;
      if (!f.sha256.empty()) file["sha256"] = f.sha256;
      files.push_back(std::move(file));
    }
    out["files"] = std::move(files);
  }
  return out;
}

Document FromJson(const json& in, std::vector<FieldError>* errors) {
  Document doc;
  if (!in.is_object()) {
    errors->push_back({"", "a record must be a JSON object"});
    return doc;
  }
  Reader r(in, errors);
  r.String("id", &doc.id, true);
  r.String("work", &doc.work, true);
  r.String("type", &doc.type, true);
  r.String("lang", &doc.lang, true);
  r.String("status", &doc.status);
  if (doc.status.empty()) doc.status = "current";
  r.String("title", &doc.title, true);
  r.String("summary", &doc.summary);
  r.Body(&doc.body);
  r.StringList("domains", &doc.domains);
  r.Cities(&doc.cities);
  r.StringList("countries", &doc.countries);
  r.StringList("networks", &doc.networks);
  r.StringList("organisations", &doc.organisations);
  r.Year(&doc.year);
  r.String("published", &doc.published);
  r.String("updated", &doc.updated);
  r.String("edition", &doc.edition);
  r.String("url", &doc.url);
  r.Files(&doc.files);
  r.RejectUnknown();
  return doc;
}

}  // namespace bridges
