// Who is calling: the bearer token of a request, checked against the store,
// and a limit on failed attempts per client address.
#ifndef BRIDGES_SEARCHD_AUTH_H_
#define BRIDGES_SEARCHD_AUTH_H_

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

#include "core/store.h"
#include "searchd/errors.h"

namespace bridges::searchd {

// Counts failed authentications per client address over a sliding minute.
// From `per_minute` failures on, the address is refused (429) until its
// oldest counted failure is a minute old, whatever token it sends: guessing
// tokens costs a minute per `per_minute` tries. Thread-safe.
class AuthLimiter {
 public:
  explicit AuthLimiter(int per_minute) : per_minute_(per_minute) {}

  // Seconds until `address` may try again, or 0 if it may now.
  int BlockedFor(const std::string& address);
  void Failed(const std::string& address);

 private:
  using Clock = std::chrono::steady_clock;
  void Forget(std::deque<Clock::time_point>* failures, Clock::time_point now) const;

  const int per_minute_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

// The caller of `request`: a reader when it sends no Authorization header,
// else the holder of its bearer token. Returns an error (401 for a malformed
// header or a token that is unknown, expired or revoked, which counts as a
// failure of the client's address; 429 while the address is refused), or
// nullopt with *actor set.
std::optional<HttpError> Identify(const Poco::Net::HTTPServerRequest& request, Store& store, AuthLimiter& limiter,
                                  Actor* actor);

}  // namespace bridges::searchd

#endif  // BRIDGES_SEARCHD_AUTH_H_
