// Base64: round trips of every length remainder, the RFC 4648 test vectors,
// and text that is not base64 refused.
#include "protocol/Base64.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

std::vector<uint8_t> bytesOf(const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); }

}  // namespace

int main() {
  // RFC 4648, section 10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK_EQ(Base64::encode(bytesOf(plain)), std::string(encoded));
    auto decoded = Base64::decode(encoded);
    CHECK(decoded.has_value() && *decoded == bytesOf(plain));
  }
  // Every byte value survives a round trip.
  std::vector<uint8_t> all;
  for (int value = 0; value < 256; ++value) all.push_back(static_cast<uint8_t>(value));
  auto back = Base64::decode(Base64::encode(all));
  CHECK(back.has_value() && *back == all);
  // Missing padding and line breaks are accepted; other characters and stray padding are not.
  CHECK(Base64::decode("Zm9vYg").value_or(std::vector<uint8_t>{}) == bytesOf("foob"));
  CHECK(Base64::decode("Zm9v\nYmFy").value_or(std::vector<uint8_t>{}) == bytesOf("foobar"));
  CHECK(!Base64::decode("Zm9v!").has_value());
  CHECK(!Base64::decode("Zg==Zg==").has_value());
  CHECK(!Base64::decode("Z").has_value());
  CHECK(!Base64::decode("Zg===").has_value());
  return summary("protocol_base64_test");
}
