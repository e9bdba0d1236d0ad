// bridges-searchd: the HTTP daemon. Loads its configuration once, opens the
// index, serves until SIGTERM or SIGINT, then drains in-flight requests and
// exits 0.
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <csignal>
#include <chrono>
#include <iostream>
#include <thread>

#include "core/searcher.h"
#include "core/stemmers.h"
#include "searchd/config.h"
#include "searchd/handlers.h"

using namespace bridges;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << searchd::kUsage;
      return 0;
    }
  }
  // Block the stop signals before any thread starts, so only sigwait() sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto ctx = std::make_unique<searchd::ServerContext>();
  Status s = searchd::LoadConfig(args, &ctx->config);
  if (!s.ok()) {
    std::cerr << "bridges-searchd: " << s.message() << "\n" << searchd::kUsage;
    return 2;
  }
  const searchd::Config& config = ctx->config;
  s = Vocabularies::Load(config.vocabularies.empty() ? Vocabularies::DefaultDir() : config.vocabularies, &ctx->vocabularies);
  if (!s.ok()) {
    std::cerr << "bridges-searchd: " << s.message() << "\n";
    return 2;
  }
  ctx->auth_limiter = std::make_unique<searchd::AuthLimiter>(config.auth_failures_per_minute);
  if (!config.store.empty()) {
    // The store is the source of truth: seed it if new, then bring the index
    // in step with it before anyone searches.
    CurationOptions options{config.store, config.db, {}, 500, config.max_file_bytes};
    if (!config.seed.empty()) options.seed_paths.push_back(config.seed);
    std::string report;
    s = Curation::Open(options, &ctx->vocabularies, &ctx->curation, &report);
    if (!s.ok()) {
      std::cerr << "bridges-searchd: " << s.message() << "\n";
      return 2;
    }
    std::cerr << "bridges-searchd: store " << config.store << ": " << report << "\n";
  }
  std::unique_ptr<Searcher> probe;
  s = Searcher::Open(config.db, &ctx->vocabularies, config.limits, &probe);
  if (!s.ok()) {
    std::cerr << "bridges-searchd: " << s.message() << "\n";
    return 2;
  }
  probe.reset();
  // Load every stemmer (Hunspell dictionaries take seconds) before the first
  // query that searches in every language would.
  for (const std::string& lang : StemmedLanguages()) StemmerFor(lang);
  if (config.result_cache_entries > 0) ctx->result_cache = std::make_unique<ResultCache>(config.result_cache_entries);
  if (config.access_log == "-") ctx->access_log = stderr;
  else if (!config.access_log.empty()) {
    ctx->access_log = std::fopen(config.access_log.c_str(), "a");
    if (!ctx->access_log) {
      std::cerr << "bridges-searchd: cannot open access log " << config.access_log << "\n";
      return 2;
    }
  }

  try {
    Poco::Net::SocketAddress address(config.listen);
    // SO_REUSEADDR for quick restarts, but not SO_REUSEPORT: a second daemon
    // on the same port must fail, not share it.
    Poco::Net::ServerSocket socket;
    socket.bind(address, true, false);
    socket.listen(128);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config.threads);
    params->setMaxQueued(config.max_queued * 2 + 16);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(config.keep_alive_requests);
    params->setKeepAliveTimeout(Poco::Timespan(config.keep_alive_timeout_s, 0));
    params->setTimeout(Poco::Timespan(config.request_timeout_s, 0));
    Poco::ThreadPool pool(2, config.threads + 2, 60);
    Poco::Net::HTTPServer server(new searchd::HandlerFactory(ctx.get()), pool, socket, params);
    ctx->server = &server;
    if (ctx->config.public_url.empty()) ctx->config.public_url = "http://" + socket.address().toString();
    while (ctx->config.public_url.ends_with("/")) ctx->config.public_url.pop_back();
    server.start();
    std::cout << "bridges-searchd listening on http://" << socket.address().toString() << "/" << std::endl;

    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cerr << "bridges-searchd: stopping (signal " << signal << "), draining requests\n";
    server.stop();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server.currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pool.joinAll();
  } catch (const Poco::Exception& e) {
    std::cerr << "bridges-searchd: " << e.displayText() << "\n";
    return 2;
  }
  return 0;
}
