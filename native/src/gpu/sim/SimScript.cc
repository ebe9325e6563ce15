// SimScript: line parsing into stages of steps.
#include "gpu/sim/SimScript.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rwd {

namespace {

std::runtime_error badLine(int line, const std::string& what) {
  return std::runtime_error("GPU simulator script line " + std::to_string(line) + ": " + what);
}

uint64_t parseNumber(const std::string& value, int line, const std::string& key) {
  try {
    size_t used = 0;
    uint64_t number = std::stoull(value, &used, 0);
    if (used != value.size()) throw std::invalid_argument(value);
    return number;
  } catch (const std::logic_error&) { throw badLine(line, key + "=" + value + " is not a number"); }
}

}  // namespace

uint64_t SimStep::number(const std::string& key) const { return parseNumber(text(key), lineNumber, key); }

uint64_t SimStep::number(const std::string& key, uint64_t fallback) const { return has(key) ? number(key) : fallback; }

const std::string& SimStep::text(const std::string& key) const {
  auto it = args.find(key);
  if (it == args.end()) throw badLine(lineNumber, "'" + verb + "' needs " + key + "=");
  return it->second;
}

std::vector<uint64_t> SimStep::numbers(const std::string& key) const {
  std::vector<uint64_t> list;
  std::stringstream items(text(key));
  std::string item;
  while (std::getline(items, item, ',')) list.push_back(parseNumber(item, lineNumber, key));
  return list;
}

SimScript SimScript::parse(const std::string& text) {
  SimScript script;
  script.stages_.emplace_back();
  std::stringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::stringstream words(line);
    SimStep step;
    step.lineNumber = number;
    if (!(words >> step.verb)) continue;
    std::string word;
    while (words >> word) {
      auto equals = word.find('=');
      if (equals == std::string::npos || equals == 0) {
        if (step.verb == "wait" && (word == "resume" || word == "ack")) continue;
        throw badLine(number, "expected key=value, found '" + word + "'");
      }
      step.args[word.substr(0, equals)] = word.substr(equals + 1);
    }
    if (step.verb == "wait") script.stages_.emplace_back();
    else script.stages_.back().push_back(step);
  }
  return script;
}

SimScript SimScript::load(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("GPU simulator script " + path + " cannot be read.");
  std::stringstream text;
  text << file.rdbuf();
  return parse(text.str());
}

}  // namespace rwd
