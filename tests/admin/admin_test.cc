// bridges-admin, the real program, on a real store file.
#include <gtest/gtest.h>

#include "core/tokens.h"
#include "tests/test_util.h"

namespace bridges {
namespace {

TEST(Admin, CreatesListsAndRevokesTokens) {
  testing::TempDir dir;
  const std::string store = dir.path() + "/store.sqlite";
  testing::CommandResult created = testing::Admin({"token", "create", "--role", "curator", "--name", "maria",
                                                   "--expires", "30", "--store", store});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string secret = created.out.substr(0, created.out.find('\n'));
  EXPECT_EQ(created.out, secret + "\n") << "stdout holds the token and nothing else";
  EXPECT_NE(created.err.find("shown only this once"), std::string::npos) << created.err;

  std::unique_ptr<Store> opened;
  ASSERT_TRUE(Store::Open(store, &opened).ok());
  Actor actor;
  ASSERT_TRUE(Authenticate(*opened, secret, "local", &actor).ok());
  EXPECT_EQ(actor.role, Role::kCurator);

  testing::CommandResult list = testing::Admin({"--store", store, "token", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("maria"), std::string::npos);
  EXPECT_NE(list.out.find("active"), std::string::npos);
  EXPECT_EQ(list.out.find(secret), std::string::npos) << "list never shows a secret";

  EXPECT_EQ(testing::Admin({"token", "create", "--role", "editor", "--name", "maria", "--store", store}).exit_code, 1);
  EXPECT_EQ(testing::Admin({"token", "revoke", "maria", "--store", store}).exit_code, 0);
  EXPECT_EQ(Authenticate(*opened, secret, "local", &actor).code(), StatusCode::kUnauthenticated);
  EXPECT_NE(testing::Admin({"token", "list", "--store", store}).out.find("revoked"), std::string::npos);
  EXPECT_EQ(testing::Admin({"token", "revoke", "nobody", "--store", store}).exit_code, 1);
}

TEST(Admin, UsageErrorsExitTwo) {
  testing::TempDir dir;
  const std::string store = dir.path() + "/store.sqlite";
  const std::vector<std::vector<std::string>> bad = {
      {"token", "create", "--role", "curator", "--name", "x"},                      // no --store
      {"token", "create", "--role", "reader", "--name", "x", "--store", store},     // readers need no token
      {"token", "create", "--role", "curator", "--store", store},                   // no name
      {"token", "create", "--role", "editor", "--name", "x", "--expires", "0", "--store", store},
      {"token", "fly", "--store", store},
      {"--bogus", "--store", store},
  };
  for (const auto& args : bad) {
    testing::CommandResult r = testing::Admin(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find("usage"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace bridges
