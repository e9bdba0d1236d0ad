// kill -9 of searchd at random moments while a client writes: every write
// that got a 200 must be in the store, the index and the audit trail after a
// restart, and no write may be half-applied.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <xapian.h>

#include "core/index_layout.h"
#include "core/store.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

using nlohmann::json;

// Even writes create a document of their own; odd ones replace one of a few
// shared documents, so both adding and replacing meet the kills.
constexpr int kShared = 5;

struct Write {
  int n = 0;
  std::string id;
  int status = 0;  // 0: no response (killed in flight)
  bool creates() const { return n % 2 == 0; }
};

std::string Marker(int n) { return "marker" + std::to_string(n); }
std::string IdOf(int n) { return n % 2 == 0 ? "crash-new-" + std::to_string(n) : "crash-shared-" + std::to_string(n % kShared); }

// The client: PUTs one write after another until the daemon dies.
void WriteUntilKilled(int port, const std::string& token, std::atomic<int>* next, std::vector<Write>* writes,
                      std::mutex* mutex) {
  for (;;) {
    Write w;
    w.n = (*next)++;
    w.id = IdOf(w.n);
    json record = {{"id", w.id}, {"work", w.id}, {"type", "report"}, {"lang", "en"},
                   {"title", "Crash test " + Marker(w.n)}, {"summary", "Written by the crash test."}};
    try {
      testing::HttpResult r = testing::Send(port, {"PUT", "/v1/documents/" + w.id,
                                                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                                                   record.dump()});
      w.status = r.status;
    } catch (const std::exception&) {
      w.status = 0;
    }
    std::lock_guard<std::mutex> lock(*mutex);
    writes->push_back(w);
    if (w.status != 200) return;  // the daemon is gone (or broken: the checks say which)
  }
}

// Where one write ended up.
struct Found {
  bool stored = false;   // a revision with its marker
  int audited = 0;       // audit entries publishing that revision
  bool indexed = false;  // the index holds its record
};

std::string MarkerOf(const std::string& record) {
  std::string title = json::parse(record)["title"];
  return title.substr(title.rfind(' ') + 1);
}

TEST(CurationCrash, KilledAtRandomMomentsLosesNoAcknowledgedWrite) {
  testing::TempDir dir;
  const std::string store_path = dir.path() + "/store.sqlite", index = dir.path() + "/index";
  testing::CommandResult made = testing::Admin({"token", "create", "--role", "editor", "--name", "crash", "--store", store_path});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string token = made.out.substr(0, made.out.find('\n'));
  const std::string seed = dir.Write("seed.jsonl", R"({"id":"seed","work":"seed","type":"report","lang":"en","title":"Seed"})" "\n");
  const std::vector<std::string> args = {"--store", store_path, "--seed", seed, "--threads", "4"};

  std::mt19937 rng(20241015);
  std::atomic<int> next{0};
  std::vector<Write> writes;
  std::mutex mutex;
  int kills = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int round = 0; round < 15 && std::chrono::steady_clock::now() < deadline; ++round) {
    testing::Daemon daemon(index, args);
    std::thread client(WriteUntilKilled, daemon.port(), token, &next, &writes, &mutex);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 400));  // a random moment
    daemon.Kill();
    ++kills;
    client.join();
  }
  ASSERT_GE(kills, 5);

  // Restart: start-up reconciles the index with the store.
  testing::Daemon daemon(index, args);
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(store_path, &store).ok());
  Xapian::Database db(index);
  std::map<std::string, Found> found;  // by marker
  std::vector<AuditEntry> audit;
  ASSERT_TRUE(store->ListAudit({}, &audit).ok());
  std::set<std::string> ids;
  for (const Write& w : writes) ids.insert(w.id);
  for (const std::string& id : ids) {
    std::vector<Revision> revisions;
    ASSERT_TRUE(store->ListRevisions(id, &revisions).ok());
    for (const Revision& r : revisions) {
      Found& f = found[MarkerOf(r.record)];
      EXPECT_FALSE(f.stored) << MarkerOf(r.record) << " stored twice";
      f.stored = true;
      for (const AuditEntry& e : audit) f.audited += e.doc_id == id && e.revision == r.n && e.action == "publish";
    }
    std::string term = std::string(layout::kId) + id;
    if (db.term_exists(term)) found[MarkerOf(db.get_document(*db.postlist_begin(term)).get_data())].indexed = true;
  }

  int acknowledged = 0, in_flight_stored = 0, in_flight_lost = 0;
  std::map<std::string, int> last_stored;  // shared document -> its newest stored write
  for (const Write& w : writes) {
    const Found& f = found[Marker(w.n)];
    if (w.status == 200) {
      ++acknowledged;
      EXPECT_TRUE(f.stored) << "write " << w.n << " got a 200 but is not in the store";
    } else {
      EXPECT_EQ(w.status, 0) << "write " << w.n << " failed without a crash";
      (f.stored ? in_flight_stored : in_flight_lost)++;
    }
    // Whole or not at all: a stored revision is audited once, and indexed
    // unless a later write to its document replaced it.
    EXPECT_EQ(f.audited, f.stored ? 1 : 0) << "write " << w.n;
    if (w.creates()) {
      EXPECT_EQ(f.indexed, f.stored) << "write " << w.n << (f.stored ? " is stored but not indexed" : " is indexed but not stored");
    } else if (f.stored) {
      last_stored[w.id] = w.n;
    } else {
      EXPECT_FALSE(f.indexed) << "write " << w.n << " is indexed but not stored";
    }
  }
  for (const auto& [id, n] : last_stored) EXPECT_TRUE(found[Marker(n)].indexed) << id << " should show write " << n;
  EXPECT_GT(acknowledged, 20) << "the client must get writes through between kills";

  // Searchable through the restarted daemon, and nothing else is indexed.
  int sampled = 0;
  for (const Write& w : writes) {
    if (w.status != 200 || !w.creates() || sampled++ >= 10) continue;
    EXPECT_EQ(testing::Http(daemon.port(), "/v1/search?q=" + Marker(w.n)).json()["total"], 1) << w.n;
  }
  size_t stored_documents = 0;
  for (const std::string& id : ids) {
    DocumentState state;
    stored_documents += store->LoadDocument(id, &state).ok();
  }
  EXPECT_EQ(db.get_doccount(), 1 + stored_documents) << "the seed and every stored document, nothing else";
  int64_t last = 0;
  ASSERT_TRUE(store->LastSeq(&last).ok());
  EXPECT_EQ(db.get_metadata(std::string(layout::kStoreSeqKey)), std::to_string(last));
  testing::CommandResult check = testing::Run({"/usr/bin/xapian-check", index});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  std::printf("%d kills, %zu writes, %d acknowledged; in flight at a kill: %d stored, %d not\n", kills, writes.size(),
              acknowledged, in_flight_stored, in_flight_lost);
}

}  // namespace
}  // namespace bridges
