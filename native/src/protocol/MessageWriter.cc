// MessageWriter: JSON-line output with events ordered after responses.
#include "protocol/MessageWriter.h"

#include <unistd.h>

#include <cerrno>

namespace rwd {

MessageWriter::MessageWriter(int fd) : fd_(fd) {}

void MessageWriter::beginRequest() { holdingEvents_ = true; }

void MessageWriter::respond(const nlohmann::json& id, const nlohmann::json& body) {
  writeLine({{"id", id}, {"ok", true}, {"body", body.is_null() ? nlohmann::json::object() : body}});
  flushHeldEvents();
}

void MessageWriter::fail(const nlohmann::json& id, ErrorCode code, const std::string& message) {
  writeLine({{"id", id}, {"ok", false}, {"error", {{"code", wireName(code)}, {"message", message}}}});
  flushHeldEvents();
}

void MessageWriter::event(const std::string& name, nlohmann::json body) {
  nlohmann::json message = {{"event", name}, {"body", std::move(body)}};
  if (holdingEvents_) {
    heldEvents_.push_back(std::move(message));
  } else {
    writeLine(message);
  }
}

void MessageWriter::flushHeldEvents() {
  holdingEvents_ = false;
  std::vector<nlohmann::json> events;
  events.swap(heldEvents_);
  for (const auto& message : events) writeLine(message);
}

void MessageWriter::writeLine(const nlohmann::json& message) {
  // Program output and symbol names need not be UTF-8: replace bad bytes.
  std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the client is gone; stdin EOF will end the session
    written += static_cast<size_t>(n);
  }
}

}  // namespace rwd
