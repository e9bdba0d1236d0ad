// Kills the indexer with SIGKILL at random moments of large runs: the database
// must always pass xapian-check and hold the count of before or after a run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include <xapian.h>

#include "tests/test_util.h"

namespace bridges {
namespace {

std::string Batch(const testing::TempDir& dir, int batch, int documents) {
  std::string path = dir.path() + "/batch" + std::to_string(batch) + ".jsonl";
  std::ofstream out(path);
  static const char* words[] = {"city", "rumour", "dialogue", "diversity", "inclusion", "participation", "policy",
                                "network", "youth", "school", "mediation", "language", "equality", "council"};
  std::mt19937 rng(batch);
  for (int i = 0; i < documents; ++i) {
    std::string body;
    for (int w = 0; w < 300; ++w) body += std::string(words[rng() % 14]) + std::to_string(rng() % 500) + " ";
    out << R"({"id":"b)" << batch << "-" << i << R"(","work":"w)" << i << R"(","type":"report","lang":"en","title":"Doc )"
        << i << R"(","body":[{"paragraphs":[")" << body << R"("]}]})" << "\n";
  }
  return path;
}

Xapian::doccount Count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

TEST(IndexerCrash, KilledAtAnyMomentLeavesBeforeOrAfter) {
  testing::TempDir dir;
  std::string db = dir.path() + "/db";
  const int kPerBatch = 1500;
  ASSERT_EQ(testing::Index(db, {Batch(dir, 0, 200)}).exit_code, 0);
  std::mt19937 rng(12345);
  int kills = 0, completed = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  for (int round = 1; round <= 20 && std::chrono::steady_clock::now() < deadline; ++round) {
    std::string batch = Batch(dir, round, kPerBatch);
    Xapian::doccount before = Count(db);
    pid_t pid = fork();
    if (pid == 0) {
      execl(BRIDGES_INDEXER, BRIDGES_INDEXER, "--quiet", "--db", db.c_str(), batch.c_str(), nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 2500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++kills;
    else ++completed;
    testing::CommandResult check = testing::Run({"/usr/bin/xapian-check", db});
    ASSERT_EQ(check.exit_code, 0) << "round " << round << ": " << check.out << check.err;
    Xapian::doccount after = Count(db);
    EXPECT_TRUE(after == before || after == before + kPerBatch)
        << "round " << round << ": " << before << " -> " << after << " is neither before nor after";
  }
  EXPECT_GT(kills, 5) << "the test must interrupt runs, not only let them finish (" << completed << " completed)";
  // The database still takes writes after all this.
  EXPECT_EQ(testing::Index(db, {Batch(dir, 99, 10)}).exit_code, 0);
}

TEST(IndexerCrash, KilledDuringAParallelBuildLeavesNothingOrEverything) {
  testing::TempDir dir;
  std::string batch = Batch(dir, 1, 1500);
  std::mt19937 rng(777);
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    std::string db = dir.path() + "/db" + std::to_string(round);
    pid_t pid = fork();
    if (pid == 0) {
      execl(BRIDGES_INDEXER, BRIDGES_INDEXER, "--quiet", "--jobs", "2", "--db", db.c_str(), batch.c_str(), nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 1500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    kills += WIFSIGNALED(status);
    Xapian::doccount n = Count(db);
    EXPECT_TRUE(n == 0 || n == 1500) << "round " << round << ": " << n;
    testing::CommandResult check = testing::Run({"/usr/bin/xapian-check", db});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    // The next run completes the build, whatever the killed one left.
    ASSERT_EQ(testing::Index(db, {batch}).exit_code, 0);
    EXPECT_EQ(Count(db), 1500u);
  }
  EXPECT_GT(kills, 2);
}

}  // namespace
}  // namespace bridges
