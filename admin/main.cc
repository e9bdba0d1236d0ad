// bridges-admin: manages the API tokens kept in the curation store.
//
//   bridges-admin token create --role curator|editor --name NAME [--expires DAYS] --store FILE
//   bridges-admin token list --store FILE
//   bridges-admin token revoke NAME --store FILE
//
// Exit status: 0 done; 1 refused (name taken, no such token...); 2 usage
// error or a store that cannot be opened.
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/tokens.h"

namespace {

constexpr const char* kUsage =
    "usage: bridges-admin token create --role curator|editor --name NAME [--expires DAYS] --store FILE\n"
    "       bridges-admin token list --store FILE\n"
    "       bridges-admin token revoke NAME --store FILE\n"
    "  create prints the new token once on stdout; only its hash is stored.\n";

struct Command {
  std::vector<std::string> words;            // "token", "create", ...
  std::map<std::string, std::string> flags;  // "--role" -> "curator"
};

bool Parse(int argc, char** argv, Command* c, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (a.rfind("--", 0) != 0) {
      c->words.push_back(a);
      continue;
    }
    if (a != "--store" && a != "--role" && a != "--name" && a != "--expires") {
      *error = "unknown option " + a;
      return false;
    }
    if (i + 1 >= argc) {
      *error = a + " needs a value";
      return false;
    }
    c->flags[a] = argv[++i];
  }
  if (!c->flags.count("--store")) *error = "--store FILE is required";
  else if (c->words.empty() || c->words[0] != "token") *error = "expected a command: token create|list|revoke";
  return error->empty();
}

// The local user, for the audit trail.
bridges::Actor LocalActor() {
  std::string name = "unknown";
  if (const passwd* pw = getpwuid(geteuid())) name = pw->pw_name;
  return {name, bridges::Role::kAdmin, "local"};
}

std::string State(const bridges::TokenRecord& t) {
  if (!t.revoked_at.empty()) return "revoked " + t.revoked_at;
  if (!t.expires_at.empty() && t.expires_at <= bridges::UtcTimestamp()) return "expired";
  return "active";
}

int Create(bridges::Store& store, const Command& c) {
  bridges::NewToken token;
  auto flag = [&](const char* name) { auto it = c.flags.find(name); return it == c.flags.end() ? "" : it->second; };
  token.name = flag("--name");
  std::optional<bridges::Role> role = bridges::ParseRole(flag("--role"));
  if (token.name.empty() || !role) {
    std::cerr << "bridges-admin: token create needs --name NAME and --role curator|editor\n" << kUsage;
    return 2;
  }
  token.role = *role;
  if (!flag("--expires").empty()) token.expires_in_days = std::atoi(flag("--expires").c_str());
  std::string secret;
  bridges::Status s = bridges::CreateToken(store, token, LocalActor(), &secret);
  if (!s.ok()) {
    bool usage = s.code() == bridges::StatusCode::kInvalidArgument;
    std::cerr << "bridges-admin: " << s.message() << "\n" << (usage ? kUsage : "");
    return usage ? 2 : 1;
  }
  std::cout << secret << std::endl;
  std::cerr << "created " << flag("--role") << " token '" << token.name << "'"
            << (token.expires_in_days ? ", valid for " + std::to_string(*token.expires_in_days) + " days" : "")
            << ". It is shown only this once: keep it now.\n";
  return 0;
}

int List(bridges::Store& store) {
  std::vector<bridges::TokenRecord> tokens;
  bridges::Status s = store.ListTokens(&tokens);
  if (!s.ok()) {
    std::cerr << "bridges-admin: " << s.message() << "\n";
    return 1;
  }
  std::printf("%-24s %-8s %-21s %-21s %s\n", "NAME", "ROLE", "CREATED", "EXPIRES", "STATE");
  for (const bridges::TokenRecord& t : tokens)
    std::printf("%-24s %-8s %-21s %-21s %s\n", t.name.c_str(), std::string(bridges::RoleName(t.role)).c_str(),
                t.created_at.c_str(), t.expires_at.empty() ? "never" : t.expires_at.c_str(), State(t).c_str());
  return 0;
}

int Revoke(bridges::Store& store, const Command& c) {
  if (c.words.size() != 3) {
    std::cerr << "bridges-admin: token revoke needs the token's NAME\n" << kUsage;
    return 2;
  }
  bridges::Status s = bridges::RevokeToken(store, c.words[2], LocalActor());
  if (!s.ok()) {
    std::cerr << "bridges-admin: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "revoked token '" << c.words[2] << "'\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Command command;
  std::string error;
  if (!Parse(argc, argv, &command, &error)) {
    std::cerr << "bridges-admin: " << error << "\n" << kUsage;
    return 2;
  }
  std::unique_ptr<bridges::Store> store;
  bridges::Status s = bridges::Store::Open(command.flags["--store"], &store);
  if (!s.ok()) {
    std::cerr << "bridges-admin: " << s.message() << "\n";
    return 2;
  }
  const std::string verb = command.words.size() > 1 ? command.words[1] : "";
  if (verb == "create" && command.words.size() == 2) return Create(*store, command);
  if (verb == "list" && command.words.size() == 2) return List(*store);
  if (verb == "revoke") return Revoke(*store, command);
  std::cerr << "bridges-admin: unknown command 'token " << verb << "'\n" << kUsage;
  return 2;
}
