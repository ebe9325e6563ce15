// FormatOptions: how the client wants values shown — integers in hex (DAP
// `format.hex`, or a `,x` suffix on an expression) and values without their
// type formatter (a `,raw` suffix).
#pragma once

namespace rwd {

struct FormatOptions {
  bool hex = false;
  bool raw = false;
};

}  // namespace rwd
