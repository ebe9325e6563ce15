// EvaluationCache: answers of side-effect-free evaluations, kept for one stop.
#include "server/EvaluationCache.h"

namespace rwd {

const nlohmann::json* EvaluationCache::find(pid_t tid, int frame, bool hex, const std::string& expression) const {
  auto found = answers_.find(std::make_tuple(tid, frame, hex, expression));
  return found == answers_.end() ? nullptr : &found->second;
}

void EvaluationCache::store(pid_t tid, int frame, bool hex, const std::string& expression,
                            const nlohmann::json& answer) {
  if (answers_.size() >= kMaxAnswers) answers_.clear();
  answers_.insert_or_assign(std::make_tuple(tid, frame, hex, expression), answer);
}

}  // namespace rwd
