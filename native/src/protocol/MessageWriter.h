// MessageWriter: writes responses and events as JSON lines on stdout.
// Events raised while a request is being handled are held back and written
// after that request's response, so a client always sees the response to
// `continue` before the `stopped` it causes.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/ProtocolSchema.h"

#include <string>
#include <vector>

namespace rwd {

class MessageWriter {
 public:
  explicit MessageWriter(int fd);
  void beginRequest();
  void respond(const nlohmann::json& id, const nlohmann::json& body);
  void fail(const nlohmann::json& id, ErrorCode code, const std::string& message);
  void event(const std::string& name, nlohmann::json body);

 private:
  void writeLine(const nlohmann::json& message);
  void flushHeldEvents();
  int fd_;
  bool holdingEvents_ = false;
  std::vector<nlohmann::json> heldEvents_;
};

}  // namespace rwd
