// bridges-xapian-floor: the yardstick for the indexer. The bare engine on the
// same records: one TermGenerator per language with its Snowball stemmer
// (STEM_SOME, positions), the same boolean filter terms, replace_document,
// nothing else.
//
//   bridges-xapian-floor IN.jsonl DB [SHARD COUNT]
//
// With SHARD and COUNT, indexes only the lines whose number % COUNT == SHARD,
// so several processes can build shards to merge with xapian-compact.
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/index_layout.h"
#include "core/stemmers.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5) {
    std::cerr << "usage: bridges-xapian-floor IN.jsonl DB [SHARD COUNT]\n";
    return 2;
  }
  size_t shard = argc == 5 ? std::stoul(argv[3]) : 0, count = argc == 5 ? std::stoul(argv[4]) : 1;
  Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
  std::map<std::string, std::unique_ptr<Xapian::TermGenerator>> generators;
  auto generator_for = [&](const std::string& lang) -> Xapian::TermGenerator& {
    auto& g = generators[lang];
    if (!g) {
      g = std::make_unique<Xapian::TermGenerator>();
      try {
        g->set_stemmer(Xapian::Stem(lang));
        g->set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      } catch (const Xapian::InvalidArgumentError&) {
        g->set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // no Snowball stemmer for this language
      }
    }
    return *g;
  };
  std::ifstream in(argv[1]);
  std::string line;
  size_t n = 0, indexed = 0;
  using bridges::layout::Facet;
  using bridges::layout::Spec;
  while (std::getline(in, line)) {
    if (n++ % count != shard) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    Xapian::Document doc;
    Xapian::TermGenerator& g = generator_for(j["lang"]);
    g.set_document(doc);
    g.index_text(j["title"].get<std::string>(), 5);
    g.increase_termpos();
    g.index_text(j["summary"].get<std::string>(), 2);
    for (const auto& section : j["body"]) {
      g.increase_termpos();
      g.index_text(section.value("heading", ""), 2);
      for (const auto& p : section["paragraphs"]) {
        g.increase_termpos();
        g.index_text(p.get<std::string>());
      }
    }
    std::string id = j["id"];
    doc.add_boolean_term("Q" + id);
    doc.add_boolean_term(std::string(Spec(Facet::kLang).prefix) + j["lang"].get<std::string>());
    doc.add_boolean_term(std::string(Spec(Facet::kType).prefix) + j["type"].get<std::string>());
    doc.add_boolean_term(std::string(Spec(Facet::kYear).prefix) + std::to_string(j["year"].get<int>()));
    for (const auto& d : j["domains"]) doc.add_boolean_term(std::string(Spec(Facet::kDomain).prefix) + d.get<std::string>());
    for (const auto& c : j["cities"]) doc.add_boolean_term(std::string(Spec(Facet::kCity).prefix) + c.get<std::string>());
    for (const auto& w : j["networks"]) doc.add_boolean_term(std::string(Spec(Facet::kNetwork).prefix) + w.get<std::string>());
    db.replace_document("Q" + id, doc);
    ++indexed;
  }
  db.commit();
  std::cout << "floor shard " << shard << "/" << count << ": " << indexed << " documents\n";
  return 0;
}
