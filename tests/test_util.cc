#include "tests/test_util.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bridges::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "bridges-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  fs::path p = fs::path(path_) / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {

}  // namespace

CommandResult Run(const std::vector<std::string>& argv) {
  TempDir io;
  std::string out = io.path() + "/out", err = io.path() + "/err";
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

const Vocabularies& ShippedVocabularies() {
  static const Vocabularies v = [] {
    Vocabularies out;
    Status s = Vocabularies::Load(Vocabularies::DefaultDir(), &out);
    if (!s.ok()) throw std::runtime_error(s.message());
    return out;
  }();
  return v;
}

CommandResult Index(const std::string& db, const std::vector<std::string>& paths, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {BRIDGES_INDEXER, "--quiet", "--db", db};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), paths.begin(), paths.end());
  return Run(argv);
}

std::string CorpusDir() { return std::string(BRIDGES_SOURCE_DIR) + "/corpus"; }

Daemon::Daemon(const std::string& db, const std::vector<std::string>& extra) {
  log_ = (fs::temp_directory_path() / ("bridges-searchd-" + std::to_string(getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)) + ".log")).string();
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<std::string> argv = {BRIDGES_SEARCHD, "--db", db, "--listen", "127.0.0.1:0", "--access-log", ""};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  // The daemon prints its address once it listens.
  const std::string marker = "listening on http://127.0.0.1:";
  // Generous: the daemon loads every stemmer's dictionary before it listens,
  // and CI runs several test processes at once on two cores.
  for (int i = 0; i < 6000 && port_ == 0; ++i) {
    std::string log = ReadFile(log_);
    size_t at = log.find(marker);
    if (at != std::string::npos) port_ = std::atoi(log.c_str() + at + marker.size());
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) throw std::runtime_error("searchd exited at start: " + log);
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (port_ == 0) throw std::runtime_error("searchd did not start: " + ReadFile(log_));
}

void Daemon::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int Daemon::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Daemon::~Daemon() {
  Stop();
  std::error_code ec;
  fs::remove(log_, ec);
}

nlohmann::json HttpResult::json() const { return nlohmann::json::parse(body); }

std::string HttpResult::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

HttpResult Http(int port, const std::string& path_and_query, const std::string& method) {
  return Send(port, {method, path_and_query, {}, ""});
}

HttpResult Send(int port, const HttpRequest& r) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : r.headers) request.set(name, value);
  if (!r.body.empty()) request.setContentLength(static_cast<std::streamsize>(r.body.size()));
  session.sendRequest(request) << r.body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  result.content_type = response.getContentType();
  for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

CommandResult Admin(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BRIDGES_ADMIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::string Encode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "&=+?#/ ", out);
  return out;
}

}  // namespace bridges::testing
