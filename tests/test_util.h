// Helpers shared by the tests: temporary folders, running the real programs,
// and starting the real searchd on a free loopback port.
#ifndef BRIDGES_TESTS_TEST_UTIL_H_
#define BRIDGES_TESTS_TEST_UTIL_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/vocabulary.h"

namespace bridges::testing {

// A fresh directory under /tmp, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// The whole file's bytes; "" when it cannot be read.
std::string ReadFile(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv[0] with arguments, waiting for it to finish.
CommandResult Run(const std::vector<std::string>& argv);

// The shipped vocabularies, loaded once.
const Vocabularies& ShippedVocabularies();

// Runs the real indexer: --quiet --db db paths...
CommandResult Index(const std::string& db, const std::vector<std::string>& paths,
                    const std::vector<std::string>& extra = {});

// The shipped corpus folder.
std::string CorpusDir();

// A running bridges-searchd on 127.0.0.1 and a free port; stopped (SIGTERM)
// when the object goes.
class Daemon {
 public:
  explicit Daemon(const std::string& db, const std::vector<std::string>& extra = {});
  ~Daemon();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and waits; returns the exit status.
  int Stop();
  // Sends SIGKILL and waits: a crash, with no chance to clean up.
  void Kill();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // names in lower case
  nlohmann::json json() const;
  std::string header(const std::string& lower_case_name) const;
};

// GET (or another method) on the daemon, over a real HTTP connection.
HttpResult Http(int port, const std::string& path_and_query, const std::string& method = "GET");

struct HttpRequest {
  std::string method = "GET";
  std::string path;  // and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with its Content-Length when not empty
};

// Any request on the daemon, over a real HTTP connection.
HttpResult Send(int port, const HttpRequest& request);

// Runs the real bridges-admin with these arguments.
CommandResult Admin(const std::vector<std::string>& args);

// Percent-encodes a query parameter value.
std::string Encode(const std::string& value);

}  // namespace bridges::testing

#endif  // BRIDGES_TESTS_TEST_UTIL_H_
