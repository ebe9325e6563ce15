// RequestError: the one exception a request handler throws to answer
// ok:false. `code` is one of the codes in PROTOCOL.md; `message` is a
// sentence for the user.
#pragma once

#include <stdexcept>
#include <string>

namespace rwd {

class RequestError : public std::runtime_error {
 public:
  RequestError(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

}  // namespace rwd
