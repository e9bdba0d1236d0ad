#include "searchd/auth.h"

#include "core/tokens.h"

namespace bridges::searchd {

void AuthLimiter::Forget(std::deque<Clock::time_point>* failures, Clock::time_point now) const {
  while (!failures->empty() && now - failures->front() >= std::chrono::minutes(1)) failures->pop_front();
}

int AuthLimiter::BlockedFor(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return 0;
  Clock::time_point now = Clock::now();
  Forget(&it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < per_minute_) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + std::chrono::minutes(1) - now);
  return static_cast<int>(wait.count()) + 1;
}

void AuthLimiter::Failed(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  Clock::time_point now = Clock::now();
  // Addresses that stopped failing are dropped now and then, so the map
  // cannot grow without bound.
  if (failures_.size() > 10000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      Forget(&it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  std::deque<Clock::time_point>& list = failures_[address];
  list.push_back(now);
  while (static_cast<int>(list.size()) > per_minute_) list.pop_front();
}

std::optional<HttpError> Identify(const Poco::Net::HTTPServerRequest& request, Store& store, AuthLimiter& limiter,
                                  Actor* actor) {
  const std::string address = request.clientAddress().host().toString();
  const std::string header = request.get("Authorization", "");
  if (header.empty()) {
    *actor = {"", Role::kReader, address};
    return std::nullopt;
  }
  if (int wait = limiter.BlockedFor(address)) {
    HttpError error(ApiError::kTooManyRequests, "too many failed authentication attempts from " + address +
                                                    "; retry in " + std::to_string(wait) + " s");
    error.retry_after_s = wait;
    return error;
  }
  const std::string scheme = "Bearer ";
  Status s = header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0
                 ? Authenticate(store, header.substr(scheme.size()), address, actor)
                 : Status::Unauthenticated("the Authorization header must be 'Bearer <token>'");
  if (s.code() == StatusCode::kUnauthenticated) limiter.Failed(address);
  if (!s.ok()) return FromStatus(s);
  return std::nullopt;
}

}  // namespace bridges::searchd
