// bridges-gen-corpus: writes a deterministic synthetic corpus for benchmarks.
//
//   bridges-gen-corpus N OUT.jsonl VOCAB_DIR
//
// N documents in 15 languages, words drawn with a Zipf distribution from
// Debian's word lists (wamerican, wfrench, ... and Hunspell dictionaries for
// Slovak and Croatian), bodies of 200-2,000 words, about 30 domains and 2,000
// cities with skewed frequencies, years 2008-2025, 1-4 language versions per
// work (neighbouring ids). VOCAB_DIR receives the shipped vocabularies with a
// synthetic domain list and gazetteer that the records use.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

struct Language {
  std::string code;
  std::string path;
  bool hunspell = false;  // a .dic file: strip "/flags" and the count line
};

const std::vector<Language> kLanguages = {
    {"en", "/usr/share/dict/american-english"}, {"fr", "/usr/share/dict/french"},
    {"es", "/usr/share/dict/spanish"},          {"it", "/usr/share/dict/italian"},
    {"pl", "/usr/share/dict/polish"},           {"uk", "/usr/share/dict/ukrainian"},
    {"de", "/usr/share/dict/ngerman"},          {"pt", "/usr/share/dict/portuguese"},
    {"sv", "/usr/share/dict/swedish"},          {"ca", "/usr/share/dict/catalan"},
    {"da", "/usr/share/dict/danish"},           {"nl", "/usr/share/dict/dutch"},
    {"no", "/usr/share/dict/bokmaal"},          {"sk", "/usr/share/hunspell/sk_SK.dic", true},
    {"hr", "/usr/share/hunspell/hr_HR.dic", true},
};

constexpr size_t kWordsPerLanguage = 40000;

// Samples ranks 0..n-1 with probability proportional to 1/(rank+1).
class Zipf {
 public:
  explicit Zipf(size_t n, double s = 1.0) {
    cumulative_.reserve(n);
    double total = 0;
    for (size_t i = 0; i < n; ++i) cumulative_.push_back(total += 1.0 / std::pow(i + 1.0, s));
  }
  size_t operator()(std::mt19937_64& rng) const {
    double x = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    return std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
  }

 private:
  std::vector<double> cumulative_;
};

bool IsUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// Some word lists are ISO-8859-1.
std::string Latin1ToUtf8(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::vector<std::string> LoadWords(const Language& lang, std::mt19937_64& rng) {
  std::ifstream in(lang.path);
  if (!in) {
    std::cerr << "bridges-gen-corpus: missing word list " << lang.path << " (install the w* packages)\n";
    std::exit(2);
  }
  std::vector<std::string> words;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (lang.hunspell) {
      if (first) {
        first = false;
        continue;
      }
      line = line.substr(0, line.find('/'));
    }
    if (!IsUtf8(line)) line = Latin1ToUtf8(line);
    if (line.empty() || line.find('\'') != std::string::npos || line.find(' ') != std::string::npos) continue;
    words.push_back(line);
  }
  std::shuffle(words.begin(), words.end(), rng);
  if (words.size() > kWordsPerLanguage) words.resize(kWordsPerLanguage);
  return words;
}

std::string Words(const std::vector<std::string>& list, const Zipf& zipf, size_t n, std::mt19937_64& rng) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += list[zipf(rng) % list.size()];
  }
  return out;
}

void WriteVocabularies(const std::string& dir, size_t domains, size_t cities) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  std::string shipped = std::string(BRIDGES_SOURCE_DIR) + "/schema/vocabularies/";
  for (const char* name : {"types.json", "networks.json", "languages.json"})
    fs::copy_file(shipped + name, dir + "/" + name, fs::copy_options::overwrite_existing);
  nlohmann::json d = {{"vocabulary", "domains"}, {"entries", nlohmann::json::array()}};
  for (size_t i = 0; i < domains; ++i) {
    std::string id = "domain-" + std::to_string(i);
    d["entries"].push_back({{"id", id}, {"labels", {{"en", "Domain " + std::to_string(i)}, {"fr", "Domaine " + std::to_string(i)}}},
                            {"definition", {{"en", "Synthetic domain."}, {"fr", "Domaine synthétique."}}}});
  }
  std::ofstream(dir + "/domains.json") << d.dump(1);
  static const char* countries[] = {"ES", "IT", "PT", "PL", "UA", "FI", "SE", "FR", "DE", "NO", "GB", "NL", "DK", "SK", "HR"};
  nlohmann::json c = {{"vocabulary", "cities"}, {"entries", nlohmann::json::array()}};
  for (size_t i = 0; i < cities; ++i)
    c["entries"].push_back({{"id", "city-" + std::to_string(i)}, {"country", countries[i % 15]},
                            {"names", {{"en", "City " + std::to_string(i)}}}, {"aliases", nlohmann::json::array()}});
  std::ofstream(dir + "/cities.json") << c.dump(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bridges-gen-corpus N OUT.jsonl VOCAB_DIR\n";
    return 2;
  }
  const size_t n = std::stoul(argv[1]);
  const size_t kDomains = 30, kCities = 2000;
  WriteVocabularies(argv[3], kDomains, kCities);
  std::mt19937_64 rng(20241125);
  std::vector<std::vector<std::string>> words;
  for (const Language& l : kLanguages) words.push_back(LoadWords(l, rng));
  Zipf word_zipf(kWordsPerLanguage, 1.0), domain_zipf(kDomains, 1.1), city_zipf(kCities, 1.0), lang_zipf(kLanguages.size(), 0.8);
  static const char* types[] = {"good-practice", "handbook", "policy-brief", "policy-study", "manual", "guide", "toolkit", "report"};
  static const char* networks[] = {"icc", "reci", "citta-del-dialogo", "rpci", "icc-ua"};
  std::ofstream out(argv[2]);
  size_t written = 0;
  for (size_t work = 0; written < n; ++work) {
    size_t versions = 1 + rng() % 4;
    std::string type = types[rng() % 8];
    int year = 2025 - static_cast<int>(std::min<size_t>(17, static_cast<size_t>(std::abs(std::normal_distribution<double>(0, 5)(rng)))));
    std::vector<std::string> domains = {"domain-" + std::to_string(domain_zipf(rng))};
    if (rng() % 2) domains.push_back("domain-" + std::to_string(domain_zipf(rng)));
    std::vector<std::string> cities;
    for (size_t c = 0, k = rng() % 4; c < k; ++c) cities.push_back("city-" + std::to_string(city_zipf(rng)));
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    std::sort(cities.begin(), cities.end());
    cities.erase(std::unique(cities.begin(), cities.end()), cities.end());
    std::vector<size_t> langs;
    for (size_t v = 0; v < versions && langs.size() < versions; ++v) {
      size_t l = lang_zipf(rng);
      if (std::find(langs.begin(), langs.end(), l) == langs.end()) langs.push_back(l);
    }
    // Body length: log-normal, clamped to 200-2,000 words (mean near 780).
    size_t body_words = static_cast<size_t>(std::clamp(std::lognormal_distribution<double>(6.55, 0.45)(rng), 200.0, 2000.0));
    for (size_t l : langs) {
      if (written >= n) break;
      const auto& list = words[l];
      nlohmann::json body = nlohmann::json::array();
      for (size_t left = body_words; left > 0;) {
        size_t paragraph = std::min<size_t>(left, 80 + rng() % 80);
        body.push_back({{"heading", Words(list, word_zipf, 3, rng)}, {"paragraphs", {Words(list, word_zipf, paragraph, rng)}}});
        left -= paragraph;
      }
      nlohmann::json doc = {{"id", "w" + std::to_string(work) + "-" + kLanguages[l].code},
                            {"work", "w" + std::to_string(work)},
                            {"type", type},
                            {"lang", kLanguages[l].code},
                            {"title", Words(list, word_zipf, 5 + rng() % 8, rng)},
                            {"summary", Words(list, word_zipf, 40 + rng() % 40, rng)},
                            {"body", body},
                            {"domains", domains},
                            {"cities", cities},
                            {"networks", {networks[rng() % 5]}},
                            {"year", year}};
      out << doc.dump() << '\n';
      ++written;
    }
  }
  return 0;
}
