// EvaluationCache: the answers `evaluate` gave at this stop, by thread,
// frame, expression and format, so an expression asked for again (a watch
// refreshed, a hover, a loop of requests) costs a lookup instead of an
// unwind, a scope walk and memory reads. Only answers of expressions that
// change nothing are kept. invalidate() is the one way to forget them, and
// it must be called whenever a value may have changed: any resume or step
// (forward or in the recorded past), every stop, every write to the
// program's memory or registers (setVariable, setExpression, writeMemory),
// an evaluation that assigns or calls a function, a new program.
#pragma once

#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

namespace rwd {

class EvaluationCache {
 public:
  // The answer kept for these arguments, or null.
  const nlohmann::json* find(pid_t tid, int frame, bool hex, const std::string& expression) const;
  void store(pid_t tid, int frame, bool hex, const std::string& expression, const nlohmann::json& answer);
  void invalidate() { answers_.clear(); }
  size_t size() const { return answers_.size(); }

 private:
  // At most this many answers; a full cache starts over.
  static constexpr size_t kMaxAnswers = 4096;
  std::map<std::tuple<pid_t, int, bool, std::string>, nlohmann::json> answers_;
};

}  // namespace rwd
