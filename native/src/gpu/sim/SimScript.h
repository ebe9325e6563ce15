// SimScript: the event script that drives a simulated GPU device (test
// only), in the style of the Xe IGT tests: each line is what the client
// (the debugged program's runtime) does — "verb key=value ...", '#'
// comments — and "wait" ("wait resume", "wait ack") ends a stage: the
// device goes on with the next stage when the debugger has resumed every
// stopped thread and acknowledged every event that needs it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rwd {

struct SimStep {
  std::string verb;
  std::map<std::string, std::string> args;
  int lineNumber = 0;
  bool has(const std::string& key) const { return args.count(key) != 0; }
  // Throws std::runtime_error naming the line when the key is missing or
  // not a number (decimal or 0x hex).
  uint64_t number(const std::string& key) const;
  uint64_t number(const std::string& key, uint64_t fallback) const;
  const std::string& text(const std::string& key) const;
  std::vector<uint64_t> numbers(const std::string& key) const;  // "1,2,3"
};

class SimScript {
 public:
  // Throws std::runtime_error for a line it cannot read.
  static SimScript parse(const std::string& text);
  static SimScript load(const std::string& path);
  const std::vector<std::vector<SimStep>>& stages() const { return stages_; }

 private:
  std::vector<std::vector<SimStep>> stages_;
};

}  // namespace rwd
