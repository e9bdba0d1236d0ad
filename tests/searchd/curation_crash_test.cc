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

constexpr int kDocuments = 7;  // writes cycle over these, so most replace a document

struct Write {
  int n = 0;
  std::string id;
  int status = 0;  // 0: no response (killed in flight)
};

std::string Marker(int n) { return "marker" + std::to_string(n); }

// The client: PUTs one new revision after another until the daemon dies.
void WriteUntilKilled(int port, const std::string& token, std::atomic<int>* next, std::vector<Write>* writes,
                      std::mutex* mutex) {
  for (;;) {
    Write w;
    w.n = (*next)++;
    w.id = "crash-" + std::to_string(w.n % kDocuments);
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
  std::vector<AuditEntry> audit;
  ASSERT_TRUE(store->ListAudit({}, &audit).ok());
  std::map<std::string, int> audited;  // marker -> audit entries of its revision
  std::map<std::string, std::string> stored;  // marker -> document id, from every stored revision
  for (int d = 0; d < kDocuments; ++d) {
    std::string id = "crash-" + std::to_string(d);
    std::vector<Revision> revisions;
    ASSERT_TRUE(store->ListRevisions(id, &revisions).ok());
    for (const Revision& r : revisions) {
      std::string title = json::parse(r.record)["title"];
      std::string marker = title.substr(title.rfind(' ') + 1);
      EXPECT_FALSE(stored.count(marker)) << marker << " stored twice";
      stored[marker] = id;
      for (const AuditEntry& e : audit) audited[marker] += e.doc_id == id && e.revision == r.n && e.action == "publish";
    }
  }
  int acknowledged = 0, lost_in_flight = 0;
  std::set<std::string> attempted, ids;
  for (const Write& w : writes) attempted.insert(Marker(w.n));
  for (const auto& [marker, id] : stored) {
    EXPECT_TRUE(attempted.count(marker)) << marker << " is stored but was never written";
    ids.insert(id);
  }
  for (const Write& w : writes) {
    std::string marker = Marker(w.n);
    bool in_store = stored.count(marker) > 0;
    if (w.status == 200) {
      ++acknowledged;
      EXPECT_TRUE(in_store) << "write " << w.n << " got a 200 but is not in the store";
    } else {
      EXPECT_EQ(w.status, 0) << "write " << w.n << " failed without a crash";
      lost_in_flight += !in_store;
    }
    // Whatever the outcome, a stored revision is whole: audited once.
    if (in_store) {
      EXPECT_EQ(audited[marker], 1) << marker;
    }
  }
  EXPECT_GT(acknowledged, 20) << "the client must get writes through between kills";

  // The index holds each document's newest stored revision, searchable.
  for (int d = 0; d < kDocuments; ++d) {
    std::string id = "crash-" + std::to_string(d);
    DocumentState state;
    if (!store->LoadDocument(id, &state).ok()) continue;
    Revision head;
    ASSERT_TRUE(store->GetRevision(id, state.published, &head).ok());
    std::string title = json::parse(head.record)["title"];
    json indexed = testing::Http(daemon.port(), "/v1/documents/" + id).json();
    EXPECT_EQ(indexed["title"], title) << id;
    std::string marker = title.substr(title.rfind(' ') + 1);
    json hits = testing::Http(daemon.port(), "/v1/search?q=" + marker).json();
    EXPECT_EQ(hits["total"], 1) << marker;
  }
  Xapian::Database db(index);
  int64_t last = 0;
  ASSERT_TRUE(store->LastSeq(&last).ok());
  EXPECT_EQ(db.get_metadata(std::string(layout::kStoreSeqKey)), std::to_string(last));
  EXPECT_EQ(db.get_doccount(), 1 + ids.size()) << "the seed and every stored document, nothing else";
  testing::CommandResult check = testing::Run({"/usr/bin/xapian-check", index});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const int in_flight = static_cast<int>(writes.size()) - acknowledged;
  std::printf("%d kills, %zu writes, %d acknowledged; of %d in flight at a kill, %d stored and %d not\n", kills,
              writes.size(), acknowledged, in_flight, in_flight - lost_in_flight, lost_in_flight);
}

}  // namespace
}  // namespace bridges
