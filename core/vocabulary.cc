#include "core/vocabulary.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/language.h"
#include "core/unicode.h"

namespace bridges {

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

Status ReadStringMap(const nlohmann::json& j, std::map<std::string, std::string>* out) {
  if (j.is_null()) return Status::Ok();
  if (!j.is_object()) return Status::Error("expected an object of language -> text");
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) return Status::Error("value of '" + key + "' is not a string");
    (*out)[key] = value.get<std::string>();
  }
  return Status::Ok();
}

Status LoadVocabulary(const std::string& path, const std::string& name, Vocabulary* out) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open vocabulary");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(path + ": " + e.what());
  }
  const nlohmann::json* entries = &j;
  if (j.is_object() && j.contains("entries")) entries = &j["entries"];
  if (!entries->is_array()) return Status::Error(path + ": expected an array of entries");
  std::vector<VocabularyEntry> result;
  for (size_t i = 0; i < entries->size(); ++i) {
    const nlohmann::json& e = (*entries)[i];
    std::string where = path + ": entry " + std::to_string(i);
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
      return Status::Error(where + ": missing string 'id'");
    VocabularyEntry entry;
    entry.id = e["id"].get<std::string>();
    Status s = ReadStringMap(e.value("labels", nlohmann::json()), &entry.labels);
    if (s.ok() && e.contains("names")) s = ReadStringMap(e["names"], &entry.labels);
    if (s.ok()) s = ReadStringMap(e.value("definition", nlohmann::json()), &entry.definition);
    if (!s.ok()) return Status::Error(where + " (" + entry.id + "): " + s.message());
    if (e.contains("country") && e["country"].is_string()) entry.country = e["country"].get<std::string>();
    if (e.contains("aliases")) {
      if (!e["aliases"].is_array()) return Status::Error(where + ": 'aliases' must be an array");
      for (const auto& a : e["aliases"])
        if (a.is_string()) entry.aliases.push_back(a.get<std::string>());
    }
    result.push_back(std::move(entry));
  }
  *out = Vocabulary(name, std::move(result));
  if (out->entries().size() != entries->size())
    return Status::Error(path + ": duplicate ids in vocabulary");
  return Status::Ok();
}

}  // namespace

Vocabulary::Vocabulary(std::string name, std::vector<VocabularyEntry> entries)
    : name_(std::move(name)) {
  for (auto& e : entries) {
    if (by_id_.count(e.id)) continue;
    by_id_[e.id] = entries_.size();
    entries_.push_back(std::move(e));
  }
}

const VocabularyEntry* Vocabulary::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::string Vocabulary::Nearest(std::string_view id) const {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const VocabularyEntry& e : entries_) {
    size_t d = EditDistance(id, e.id);
    if (d < best_distance) {
      best_distance = d;
      best = e.id;
    }
  }
  return best;
}

std::string Vocabulary::Label(std::string_view id, std::string_view lang) const {
  const VocabularyEntry* e = Find(id);
  if (!e) return std::string(id);
  for (const std::string& key : {std::string(lang), PrimaryLanguage(lang), std::string("en")}) {
    auto it = e->labels.find(key);
    if (it != e->labels.end()) return it->second;
  }
  return std::string(id);
}

std::string Vocabularies::DefaultDir() {
  if (const char* dir = std::getenv("BRIDGES_SCHEMA_DIR")) return std::string(dir) + "/vocabularies";
  return std::string(BRIDGES_SOURCE_DIR) + "/schema/vocabularies";
}

Status Vocabularies::Load(const std::string& dir, Vocabularies* out) {
  const std::pair<const char*, Vocabulary*> files[] = {
      {"types", &out->types_},         {"domains", &out->domains_}, {"networks", &out->networks_},
      {"languages", &out->languages_}, {"cities", &out->cities_},
  };
  for (const auto& [name, target] : files) {
    Status s = LoadVocabulary(dir + "/" + name + ".json", name, target);
    if (!s.ok()) return s;
  }
  out->BuildLabelIndex();
  return Status::Ok();
}

const Vocabulary* Vocabularies::ForFacet(layout::Facet facet) const {
  switch (facet) {
    case layout::Facet::kDomain: return &domains_;
    case layout::Facet::kLang: return &languages_;
    case layout::Facet::kCity: return &cities_;
    case layout::Facet::kType: return &types_;
    case layout::Facet::kNetwork: return &networks_;
    default: return nullptr;
  }
}

std::string FoldPhrase(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += ' ';
    out += FoldDiacritics(NormalizeWord(t.text));
  }
  return out;
}

void Vocabularies::BuildLabelIndex() {
  auto add = [this](layout::Facet facet, const std::string& id, const std::string& label) {
    std::string folded = FoldPhrase(label);
    if (folded.empty()) return;
    auto& matches = label_index_[folded];
    for (const TagMatch& m : matches)
      if (m.facet == facet && m.id == id) return;
    matches.push_back({facet, id});
    max_label_words_ = std::max(max_label_words_, static_cast<size_t>(std::count(folded.begin(), folded.end(), ' ') + 1));
  };
  for (const auto& [facet, vocabulary] : {std::pair{layout::Facet::kDomain, &domains_},
                                          std::pair{layout::Facet::kType, &types_},
                                          std::pair{layout::Facet::kNetwork, &networks_},
                                          std::pair{layout::Facet::kCity, &cities_}}) {
    for (const VocabularyEntry& e : vocabulary->entries()) {
      for (const auto& [lang, label] : e.labels) add(facet, e.id, label);
      for (const std::string& alias : e.aliases) add(facet, e.id, alias);
      if (facet != layout::Facet::kCity) add(facet, e.id, e.id);
    }
  }
}

const std::vector<TagMatch>* Vocabularies::MatchLabel(const std::string& folded_phrase) const {
  auto it = label_index_.find(folded_phrase);
  return it == label_index_.end() ? nullptr : &it->second;
}

}  // namespace bridges
