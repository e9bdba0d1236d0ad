#include "searchd/config.h"

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/files/extract.h"

namespace bridges::searchd {

const char* const kUsage =
    "usage: bridges-searchd --db DIR [--listen 127.0.0.1:8080] [--config FILE]\n"
    "                       [--threads N] [--web-root DIR] [--vocabularies DIR] [--access-log FILE|-]\n"
    "                       [--public-url URL] [--result-cache ENTRIES]\n"
    "                       [--store FILE [--seed PATH] [--max-file-bytes N[K|M|G]]]\n"
    "  --store FILE   the curation store (SQLite): enables the write API and keeps the index in step with it\n"
    "  --seed PATH    records (file or folder) that seed the store when it holds no document yet\n"
    "  --max-file-bytes N  the largest file curators may attach (default 100M)\n";

namespace {

Status ApplyJson(const nlohmann::json& j, Config* c) {
  try {
    for (const auto& [key, value] : j.items()) {
      if (key == "db") c->db = value.get<std::string>();
      else if (key == "listen") c->listen = value.get<std::string>();
      else if (key == "vocabularies") c->vocabularies = value.get<std::string>();
      else if (key == "web_root") c->web_root = value.get<std::string>();
      else if (key == "access_log") c->access_log = value.get<std::string>();
      else if (key == "store") c->store = value.get<std::string>();
      else if (key == "seed") c->seed = value.get<std::string>();
      else if (key == "auth_failures_per_minute") c->auth_failures_per_minute = value.get<int>();
      else if (key == "public_url") c->public_url = value.get<std::string>();
      else if (key == "oai_repository_identifier") c->oai_repository_identifier = value.get<std::string>();
      else if (key == "oai_admin_email") c->oai_admin_email = value.get<std::string>();
      else if (key == "oai_page_size") c->oai_page_size = value.get<size_t>();
      else if (key == "threads") c->threads = value.get<int>();
      else if (key == "max_queued") c->max_queued = value.get<int>();
      else if (key == "keep_alive_requests") c->keep_alive_requests = value.get<int>();
      else if (key == "keep_alive_timeout_s") c->keep_alive_timeout_s = value.get<int>();
      else if (key == "request_timeout_s") c->request_timeout_s = value.get<int>();
      else if (key == "max_query_bytes") c->max_query_bytes = value.get<size_t>();
      else if (key == "max_body_bytes") c->max_body_bytes = value.get<size_t>();
      else if (key == "max_file_bytes") {
        if (value.is_string()) {
          if (!files::ParseByteSize(value.get<std::string>(), &c->max_file_bytes))
            return Status::Invalid("max_file_bytes must be a number of bytes such as 104857600 or 100M");
        } else {
          c->max_file_bytes = value.get<uint64_t>();
        }
      }
      else if (key == "result_cache_entries") c->result_cache_entries = value.get<size_t>();
      else if (key == "max_per_page") c->limits.max_per_page = value.get<int>();
      else if (key == "max_result_window") c->limits.max_result_window = value.get<int>();
      else if (key == "max_query_terms") c->limits.query.max_terms = value.get<size_t>();
      else if (key == "max_phrase_words") c->limits.query.max_phrase_words = value.get<size_t>();
      else if (key == "max_wildcard_expansion") c->limits.query.max_wildcard_expansion = value.get<unsigned>();
      else return Status::Invalid("unknown setting '" + key + "'");
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Invalid(std::string("wrong type of value: ") + e.what());
  }
  return Status::Ok();
}

Status Check(const Config& c) {
  if (c.threads < 1 || c.threads > 1024) return Status::Invalid("threads must be between 1 and 1024");
  if (c.max_queued < 1) return Status::Invalid("max_queued must be positive");
  if (c.keep_alive_requests < 1) return Status::Invalid("keep_alive_requests must be positive");
  size_t colon = c.listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("listen must be HOST:PORT, got '" + c.listen + "'");
  if (!c.public_url.empty() && c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
    return Status::Invalid("public_url must start with http:// or https://, got '" + c.public_url + "'");
  if (c.oai_page_size < 1 || c.oai_page_size > 10000) return Status::Invalid("oai_page_size must be between 1 and 10000");
  {
    // OAI-PMH's repositoryIdentifier is a domain name: labels starting with a letter.
    const std::string& id = c.oai_repository_identifier;
    bool ok = id.find('.') != std::string::npos && id.front() != '.' && id.back() != '.';
    for (size_t i = 0; ok && i < id.size(); ++i) {
      char ch = id[i];
      bool label_start = i == 0 || id[i - 1] == '.';
      ok = std::isalpha(static_cast<unsigned char>(ch)) || (!label_start && (std::isdigit(static_cast<unsigned char>(ch)) || ch == '-')) ||
           (ch == '.' && !label_start);
    }
    if (!ok) return Status::Invalid("oai_repository_identifier must be a domain name such as bridges.icc, got '" + id + "'");
  }
  if (c.limits.max_per_page < 1) return Status::Invalid("max_per_page must be positive");
  if (c.max_file_bytes < 1) return Status::Invalid("max_file_bytes must be positive");
  if (c.auth_failures_per_minute < 1) return Status::Invalid("auth_failures_per_minute must be positive");
  if (!c.seed.empty() && c.store.empty()) return Status::Invalid("--seed needs --store");
  return Status::Ok();
}

}  // namespace

Status LoadConfig(const std::vector<std::string>& args, Config* out) {
  Config c;
  // The file first, wherever --config appears, so flags override it.
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "--config") continue;
    std::ifstream in(args[i + 1]);
    if (!in) return Status::Invalid("cannot read config file " + args[i + 1]);
    nlohmann::json j;
    try {
      in >> j;
    } catch (const nlohmann::json::exception& e) {
      return Status::Invalid(args[i + 1] + ": " + e.what());
    }
    if (!j.is_object()) return Status::Invalid(args[i + 1] + ": expected a JSON object");
    Status s = ApplyJson(j, &c);
    if (!s.ok()) return Status::Invalid(args[i + 1] + ": " + s.message());
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* target) {
      if (i + 1 >= args.size()) return false;
      *target = args[++i];
      return true;
    };
    std::string v;
    bool ok = true;
    if (a == "--db") ok = value(&c.db);
    else if (a == "--listen") ok = value(&c.listen);
    else if (a == "--config") ok = value(&v);
    else if (a == "--web-root") ok = value(&c.web_root);
    else if (a == "--vocabularies") ok = value(&c.vocabularies);
    else if (a == "--access-log") ok = value(&c.access_log);
    else if (a == "--store") ok = value(&c.store);
    else if (a == "--seed") ok = value(&c.seed);
    else if (a == "--public-url") ok = value(&c.public_url);
    else if (a == "--max-file-bytes") {
      ok = value(&v);
      if (ok && !files::ParseByteSize(v, &c.max_file_bytes))
        return Status::Invalid("--max-file-bytes must be a number of bytes such as 104857600 or 100M, not '" + v + "'");
    }
    else if (a == "--result-cache") {
      ok = value(&v);
      if (ok) c.result_cache_entries = std::strtoul(v.c_str(), nullptr, 10);
    } else if (a == "--threads") {
      ok = value(&v);
      if (ok) c.threads = std::atoi(v.c_str());
    } else return Status::Invalid("unknown option " + a);
    if (!ok) return Status::Invalid(a + " needs a value");
  }
  Status s = Check(c);
  if (!s.ok()) return s;
  *out = c;
  return Status::Ok();
}

}  // namespace bridges::searchd
