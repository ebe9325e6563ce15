// Dispatcher: parse, look up, run, answer; errors never escape.
#include "server/Dispatcher.h"

#include <iostream>

#include "protocol/RequestError.h"

namespace rwd {

Dispatcher::Dispatcher(MessageWriter& writer) : writer_(writer) {}

void Dispatcher::add(const std::string& command, Handler handler) { handlers_[command] = std::move(handler); }

void Dispatcher::dispatchLine(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;  // blank lines from a terminal
  writer_.beginRequest();
  nlohmann::json id = nullptr;
  try {
    nlohmann::json request = nlohmann::json::parse(line);
    if (!request.is_object()) throw RequestError("BadRequest", "A request must be a JSON object like {\"id\":1,\"cmd\":\"initialize\"}.");
    if (request.contains("id")) id = request["id"];
    if (!request.contains("cmd") || !request["cmd"].is_string()) {
      throw RequestError("BadRequest", "The request has no \"cmd\" string; see native/PROTOCOL.md.");
    }
    const std::string command = request["cmd"].get<std::string>();
    auto handler = handlers_.find(command);
    if (handler == handlers_.end()) {
      throw RequestError("UnknownCommand", "rewind-helper has no command '" + command + "'; see native/PROTOCOL.md.");
    }
    nlohmann::json args = request.value("args", nlohmann::json::object());
    writer_.respond(id, handler->second(args));
  } catch (const nlohmann::json::parse_error& error) {
    writer_.fail(id, "BadRequest", std::string("The request is not valid JSON: ") + error.what());
  } catch (const RequestError& error) {
    writer_.fail(id, error.code(), error.what());
  } catch (const std::exception& error) {
    std::cerr << "rewind-helper: internal error: " << error.what() << std::endl;
    writer_.fail(id, "Internal", std::string("Internal error in rewind-helper: ") + error.what());
  }
}

}  // namespace rwd
