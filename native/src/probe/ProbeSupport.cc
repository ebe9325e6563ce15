// ProbeSupport: run-time detection of uprobes + BPF, with a reason.
#include "probe/ProbeSupport.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "probe/BpfAssembler.h"

namespace rwd {

const std::string& ProbeSupport::unavailableReason() {
  static const std::string reason = findReason();
  return reason;
}

int ProbeSupport::uprobeEventType() {
  std::ifstream file("/sys/bus/event_source/devices/uprobe/type");
  int type = -1;
  if (!(file >> type)) return -1;
  return type;
}

std::string ProbeSupport::findReason() {
  if (uprobeEventType() < 0) return "this kernel has no uprobe event source (/sys/bus/event_source/devices/uprobe)";
  // The helpers an exact stop uses: the thread's id in a pid namespace and a signal to it.
  BpfAssembler code;
  code.moveImmediate(1, 0);
  code.moveImmediate(2, 0);
  code.moveRegister(3, 10);
  code.alu(BPF_ADD, 3, -8);
  code.moveImmediate(4, 8);
  code.call(BPF_FUNC_get_ns_current_pid_tgid);
  code.moveImmediate(1, 0);
  code.call(BPF_FUNC_send_signal_thread);
  code.moveImmediate(0, 0);
  code.exit();
  const auto program = code.finish();
  const int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "rwd_support", "GPL", program.data(), program.size(), nullptr);
  if (fd >= 0) {
    close(fd);
    return "";
  }
  const int error = errno;
  if (error == EPERM)
    return "BPF programs may not be loaded here (the helper lacks CAP_BPF and CAP_PERFMON, or BPF is disabled)";
  if (error == ENOSYS) return "this kernel was built without BPF";
  if (error == EINVAL || error == EACCES)
    return "this kernel's BPF lacks what a probe stop needs (bpf_send_signal_thread, bpf_get_ns_current_pid_tgid)";
  return std::string("loading a BPF program failed: ") + std::strerror(error);
}

}  // namespace rwd
