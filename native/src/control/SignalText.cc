// SignalText: signal names, descriptions and si_code meanings.
#include "control/SignalText.h"

#include <signal.h>

#include <cstring>

namespace rwd::signals {

std::string name(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation ? std::string("SIG") + abbreviation : "signal " + std::to_string(signal);
}

std::string describe(int signal) { return std::string(strsignal(signal)) + " (" + name(signal) + ")"; }

bool isFatal(int signal) {
  switch (signal) {
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGABRT:
    case SIGTRAP:
    case SIGSYS:
      return true;
    default:
      return false;
  }
}

bool hasFaultAddress(int signal) {
  return signal == SIGSEGV || signal == SIGBUS || signal == SIGFPE || signal == SIGILL || signal == SIGTRAP;
}

std::string describeCode(int signal, int code) {
  switch (code) {
    case SI_USER:
      return "sent by kill()";
    case SI_TKILL:
      return "sent by tkill() or raise()";
    case SI_QUEUE:
      return "sent by sigqueue()";
    case SI_KERNEL:
      return hasFaultAddress(signal) ? "" : "sent by the kernel";
    default:
      break;
  }
  switch (signal) {
    case SIGSEGV:
      if (code == SEGV_MAPERR) return "address not mapped to an object";
      if (code == SEGV_ACCERR) return "invalid permissions for the mapped object";
      break;
    case SIGBUS:
      if (code == BUS_ADRALN) return "invalid address alignment";
      if (code == BUS_ADRERR) return "nonexistent physical address";
      if (code == BUS_OBJERR) return "object-specific hardware error";
      break;
    case SIGFPE:
      if (code == FPE_INTDIV) return "integer divide by zero";
      if (code == FPE_INTOVF) return "integer overflow";
      if (code == FPE_FLTDIV) return "floating-point divide by zero";
      if (code == FPE_FLTOVF) return "floating-point overflow";
      if (code == FPE_FLTUND) return "floating-point underflow";
      if (code == FPE_FLTRES) return "floating-point inexact result";
      if (code == FPE_FLTINV) return "invalid floating-point operation";
      break;
    case SIGILL:
      if (code == ILL_ILLOPC) return "illegal opcode";
      if (code == ILL_ILLOPN) return "illegal operand";
      if (code == ILL_PRVOPC) return "privileged opcode";
      break;
    default:
      break;
  }
  return "";
}

}  // namespace rwd::signals
