// API tokens: random secrets shown once when created, stored only as their
// SHA-256, with a role, an optional expiry and a revocation date. Tokens live
// in the store (core/store.h); bridges-admin creates and revokes them, searchd
// checks them.
#ifndef BRIDGES_CORE_TOKENS_H_
#define BRIDGES_CORE_TOKENS_H_

#include <optional>
#include <string>

#include "core/diagnostic.h"
#include "core/store.h"

namespace bridges {

// `bytes` random bytes from the kernel, as hex.
Status RandomHex(size_t bytes, std::string* out);

// The SHA-256 of `secret`, as hex: what the store keeps. The secrets carry
// 256 random bits, so an unsalted fast hash is enough to make a stolen store
// file useless for calling the API.
std::string HashToken(const std::string& secret);

// True for token names: 1-64 characters of [A-Za-z0-9._@-].
bool IsValidTokenName(const std::string& name);

struct NewToken {
  std::string name;
  Role role = Role::kCurator;          // kCurator or kEditor
  std::optional<int> expires_in_days;  // none: never expires
};

// Creates the token and its audit entry in one transaction, and returns the
// secret in *secret: it is never stored, so this is the only time it exists.
// Fails with kInvalidArgument for a bad name, role or expiry, kConflict if
// the name is taken; nothing is stored then.
Status CreateToken(Store& store, const NewToken& token, const Actor& by, std::string* secret);

// Revokes the token (and audits it) at once: it is refused from its next use.
// kNotFound if there is no such token, kConflict if it is already revoked.
Status RevokeToken(Store& store, const std::string& name, const Actor& by);

// The holder of `secret`, as an Actor with the token's name and role and the
// given client address. Fails with kUnauthenticated if no token has this
// secret, or it has expired or been revoked (the message says which).
Status Authenticate(Store& store, const std::string& secret, const std::string& address, Actor* out);

}  // namespace bridges

#endif  // BRIDGES_CORE_TOKENS_H_
