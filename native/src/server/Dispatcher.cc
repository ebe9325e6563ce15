// Dispatcher: parse, look up, run, answer; errors never escape.
#include "server/Dispatcher.h"

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "protocol/RequestError.h"

namespace rwd {

Dispatcher::Dispatcher(MessageWriter& writer) : writer_(writer) {}

void Dispatcher::add(const std::string& command, Handler handler) {
  if (std::find(kRequestNames.begin(), kRequestNames.end(), command) == kRequestNames.end()) {
    throw std::logic_error("rewind-helper handles '" + command +
                           "', which native/protocol/helper-protocol.schema.json does not declare");
  }
  handlers_[command] = std::move(handler);
}

void Dispatcher::checkEveryRequestHandled() const {
  std::string missing;
  for (std::string_view name : kRequestNames) {
    if (!handlers_.contains(std::string(name))) missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty())
    throw std::logic_error("rewind-helper has no handler for these requests of its schema: " + missing);
}

namespace {

// Text from the request, short enough for a message (cut at a character's start).
std::string shortened(const std::string& text, size_t length = 80) {
  if (text.size() <= length) return text;
  while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
  return text.substr(0, length) + "… (" + std::to_string(text.size()) + " bytes)";
}

// nlohmann's message without its "[json.exception.type_error.302] " tag.
std::string plainJsonMessage(const nlohmann::json::exception& error) {
  std::string text = error.what();
  if (!text.empty() && text[0] == '[') {
    size_t end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  return shortened(text);
}

}  // namespace

void Dispatcher::dispatchLine(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;  // blank lines from a terminal
  writer_.beginRequest();
  nlohmann::json id = nullptr;
  std::string command;
  try {
    nlohmann::json request;
    try {
      request = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& error) {  // syntax, or a number out of range such as 1e400
      throw RequestError(ErrorCode::BadRequest, "The request is not valid JSON (" + plainJsonMessage(error) +
                                                    "); send one JSON object per line, see native/PROTOCOL.md.");
    }
    if (!request.is_object())
      throw RequestError(ErrorCode::BadRequest,
                         "A request must be a JSON object like {\"id\":1,\"cmd\":\"initialize\"}.");
    if (request.contains("id")) {
      if (!request["id"].is_number_integer() && !request["id"].is_null()) {
        throw RequestError(ErrorCode::BadRequest,
                           "The request's \"id\" must be a whole number, not " +
                               shortened(request["id"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
                               ".");
      }
      id = request["id"];
    }
    if (!request.contains("cmd") || !request["cmd"].is_string()) {
      throw RequestError(ErrorCode::BadRequest, "The request has no \"cmd\" string; see native/PROTOCOL.md.");
    }
    command = request["cmd"].get<std::string>();
    auto handler = handlers_.find(command);
    if (handler == handlers_.end()) {
      throw RequestError(ErrorCode::UnknownCommand,
                         "rewind-helper has no command '" + shortened(command) + "'; see native/PROTOCOL.md.");
    }
    nlohmann::json args = request.contains("args") ? request["args"] : nlohmann::json::object();
    if (args.is_null()) args = nlohmann::json::object();
    if (!args.is_object())
      throw RequestError(ErrorCode::BadRequest, "The \"args\" of '" + shortened(command) + "' must be a JSON object.");
    writer_.respond(id, handler->second(args));
  } catch (const RequestError& error) {
    // Messages may quote what the request sent: never megabytes of it.
    writer_.fail(id, error.code(), shortened(error.what(), 2000));
  } catch (const DebugError& error) {
    writer_.fail(id, errorCodeOf(error.kind()), shortened(error.what(), 2000));
  } catch (const nlohmann::json::exception& error) {
    // An argument a handler read without JsonArgs was missing or of another type.
    writer_.fail(id, ErrorCode::BadRequest,
                 "An argument of '" + shortened(command) + "' is missing or of the wrong type (" +
                     plainJsonMessage(error) + "); see native/PROTOCOL.md.");
  } catch (const std::exception& error) {
    std::cerr << "rewind-helper: internal error: " << error.what() << std::endl;
    writer_.fail(id, ErrorCode::Internal, std::string("Internal error in rewind-helper: ") + error.what());
  }
}

}  // namespace rwd
