// SignalText: names and sentences for signals and their si_code values, so
// every message about a signal reads the same ("Segmentation fault (SIGSEGV)
// at 0x0: address not mapped").
#pragma once

#include <cstdint>
#include <string>

namespace rwd::signals {

// "SIGSEGV"
std::string name(int signal);
// "Segmentation fault (SIGSEGV)"
std::string describe(int signal);
// What si_code says, e.g. "address not mapped to an object"; empty when
// the code says nothing useful.
std::string describeCode(int signal, int code);
// The signals that mean the program is in trouble (crash filters).
bool isFatal(int signal);
// Signals that do not carry a fault address.
bool hasFaultAddress(int signal);

}  // namespace rwd::signals
