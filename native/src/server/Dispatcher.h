// Dispatcher: the table from command name to handler, and the one place
// that turns a handler's return or throw into a response.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <unordered_map>

#include "protocol/MessageWriter.h"

namespace rwd {

class Dispatcher {
 public:
  using Handler = std::function<nlohmann::json(const nlohmann::json& args)>;
  explicit Dispatcher(MessageWriter& writer);
  // `command` must be a request of the protocol's schema (kRequestNames);
  // anything else is a bug that stops the helper at its start.
  void add(const std::string& command, Handler handler);
  // Throws std::logic_error naming the schema's requests without a handler.
  void checkEveryRequestHandled() const;
  // Parses one request line and answers it, whatever it holds.
  void dispatchLine(const std::string& line);

 private:
  MessageWriter& writer_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace rwd
