// RegisterText: eflags and mxcsr decoded into flag names, x87 80-bit values
// and vector lanes read as numbers.
#include <cstring>

#include "registers/RegisterText.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

int main() {
  CHECK_EQ(RegisterText::eflags(0x246), std::string("0x246 [ PF ZF IF ]"));
  CHECK_EQ(RegisterText::eflags(0x202), std::string("0x202 [ IF ]"));
  CHECK_EQ(RegisterText::eflags(0x3283), std::string("0x3283 [ CF SF IF IOPL=3 ]"));
  CHECK_EQ(RegisterText::mxcsr(0x1f80), std::string("0x1f80 [ IM DM ZM OM UM PM ]"));
  CHECK_EQ(RegisterText::mxcsr(0x5f81), std::string("0x5f81 [ IE IM DM ZM OM UM PM RC=up ]"));  // round up
  CHECK_EQ(RegisterText::mxcsr(0x7f80), std::string("0x7f80 [ IM DM ZM OM UM PM RC=zero ]"));

  long double three = 3.0L;
  uint8_t x87[16] = {};
  std::memcpy(x87, &three, 10);
  CHECK_EQ(RegisterText::extendedFloat(x87), std::string("3"));

  // xmm holding the doubles 2.5 and -1.
  uint8_t xmm[16];
  const double lanes[2] = {2.5, -1.0};
  std::memcpy(xmm, lanes, 16);
  CHECK_EQ(RegisterText::vectorHex(xmm, 16), std::string("0xbff00000000000004004000000000000"));
  std::map<std::string, std::string> views;
  for (const auto& [name, text] : RegisterText::vectorLanes(xmm, 16)) views[name] = text;
  CHECK_EQ(views["v2_double"], std::string("{2.5, -1}"));
  CHECK_EQ(views["v4_int32"], std::string("{0x0, 0x40040000, 0x0, 0xbff00000}"));
  CHECK_EQ(views["uint128"], std::string("0xbff00000000000004004000000000000"));
  CHECK(views.count("v4_float") && views.count("v16_int8") && views.count("v8_int16") && views.count("v2_int64"));

  // A 256-bit register: eight floats, two 128-bit halves.
  uint8_t ymm[32] = {};
  const float one = 1.0f;
  std::memcpy(ymm + 28, &one, 4);
  views.clear();
  for (const auto& [name, text] : RegisterText::vectorLanes(ymm, 32)) views[name] = text;
  CHECK_EQ(views["v8_float"], std::string("{0, 0, 0, 0, 0, 0, 0, 1}"));
  CHECK_EQ(views["v2_int128"], std::string("{0x00000000000000000000000000000000, 0x3f800000000000000000000000000000}"));
  return summary("registers_text_test");
}
