#include "core/tokens.h"

#include <Poco/SHA2Engine.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

namespace bridges {

namespace {

constexpr std::string_view kSecretPrefix = "bridges_";

}  // namespace

Status RandomHex(size_t bytes, std::string* out) {
  std::string raw(bytes, '\0');
  size_t filled = 0;
  while (filled < bytes) {
    ssize_t n = getrandom(raw.data() + filled, bytes - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Error(std::string("no random bytes from the kernel: ") + std::strerror(errno));
    filled += static_cast<size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  out->clear();
  for (unsigned char c : raw) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
  return Status::Ok();
}

std::string HashToken(const std::string& secret) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(secret);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool IsValidTokenName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CreateToken(Store& store, const NewToken& token, const Actor& by, std::string* secret) {
  if (!IsValidTokenName(token.name))
    return Status::Invalid("token name '" + token.name + "' must be 1-64 characters of A-Z a-z 0-9 . _ @ -");
  if (token.role != Role::kCurator && token.role != Role::kEditor)
    return Status::Invalid("a token's role is curator or editor (readers need no token)");
  if (token.expires_in_days && (*token.expires_in_days < 1 || *token.expires_in_days > 3650))
    return Status::Invalid("expiry must be between 1 and 3650 days");
  std::string random;
  Status s = RandomHex(32, &random);
  if (!s.ok()) return s;
  auto created = std::chrono::system_clock::now();
  TokenRecord record;
  record.name = token.name;
  record.role = token.role;
  record.hash = HashToken(std::string(kSecretPrefix) + random);
  record.created_at = UtcTimestamp(created);
  if (token.expires_in_days) record.expires_at = UtcTimestamp(created + std::chrono::hours(24 * *token.expires_in_days));

  Store::Transaction tx(store);
  if (!tx.status().ok()) return tx.status();
  AuditEntry audit{0, "", by, std::string(action::kTokenCreate), "", 0, token.name + " (" + std::string(RoleName(token.role)) + ")"};
  if (s = store.AddToken(record); !s.ok()) return s;
  if (s = store.AppendAudit(&audit); !s.ok()) return s;
  if (s = tx.Commit(); !s.ok()) return s;
  *secret = std::string(kSecretPrefix) + random;
  return Status::Ok();
}

Status RevokeToken(Store& store, const std::string& name, const Actor& by) {
  Store::Transaction tx(store);
  if (!tx.status().ok()) return tx.status();
  Status s = store.RevokeToken(name, UtcTimestamp());
  if (!s.ok()) return s;
  AuditEntry audit{0, "", by, std::string(action::kTokenRevoke), "", 0, name};
  if (s = store.AppendAudit(&audit); !s.ok()) return s;
  return tx.Commit();
}

Status Authenticate(Store& store, const std::string& secret, const std::string& address, Actor* out) {
  TokenRecord token;
  Status s = store.FindToken(HashToken(secret), &token);
  if (s.code() == StatusCode::kNotFound) return Status::Unauthenticated("the token is not valid");
  if (!s.ok()) return s;
  if (!token.revoked_at.empty()) return Status::Unauthenticated("the token was revoked");
  if (!token.expires_at.empty() && token.expires_at <= UtcTimestamp()) return Status::Unauthenticated("the token has expired");
  *out = {token.name, token.role, address};
  return Status::Ok();
}

}  // namespace bridges
