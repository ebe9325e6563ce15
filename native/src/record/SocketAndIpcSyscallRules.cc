// SocketAndIpcSyscallRules: sockets, pipes and System V / POSIX IPC — what
// each writes into the caller's memory.
#include <string>

#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr uint64_t kMmsghdr = 64;  // struct mmsghdr: msghdr (56) + msg_len + padding
constexpr uint64_t kMaxMessages = 1024;

void recvmmsgRule(SyscallEffectBuilder& b) {
  const uint64_t vector = b.arg(1);
  uint64_t count = b.arg(2) & 0xFFFFFFFFu;
  if (count > kMaxMessages) count = kMaxMessages;
  if (b.after()) count = b.positiveResult() < count ? b.positiveResult() : count;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t entry = vector + i * kMmsghdr;
    b.receivedMessage(entry, 0, false);
    b.write(entry + 56, 4);  // msg_len
  }
  b.write(b.arg(4), 16);  // the remaining timeout is written back
}

void ipcControl(SyscallEffectBuilder& b, const char* what, uint64_t command, uint64_t buffer) {
  switch (command & ~uint64_t{0x100}) {  // without IPC_64
    case 0:
    case 1:
      return;  // IPC_RMID, IPC_SET
    case 2:
    case 3:
      b.write(buffer, 128);
      return;  // IPC_STAT, IPC_INFO: at most 128 bytes
  }
  b.unknown(std::string(what) + " command " + std::to_string(command));
}

}  // namespace

void addSocketAndIpcSyscallRules(SyscallRuleTable& table) {
  table.add("pipe", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 8); });
  table.add("pipe2", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 8); });
  table.add("socketpair", [](SyscallEffectBuilder& b) { b.write(b.arg(3), 8); });
  table.add("accept", [](SyscallEffectBuilder& b) { b.socketAddress(b.arg(1), b.arg(2)); });
  table.add("accept4", [](SyscallEffectBuilder& b) { b.socketAddress(b.arg(1), b.arg(2)); });
  table.add("getsockname", [](SyscallEffectBuilder& b) { b.socketAddress(b.arg(1), b.arg(2)); });
  table.add("getpeername", [](SyscallEffectBuilder& b) { b.socketAddress(b.arg(1), b.arg(2)); });
  table.add("getsockopt", [](SyscallEffectBuilder& b) { b.socketAddress(b.arg(3), b.arg(4)); });
  table.add("recvfrom", [](SyscallEffectBuilder& b) {
    b.resultBuffer(b.arg(1), b.arg(2));
    b.socketAddress(b.arg(4), b.arg(5));
  });
  table.add("recvmsg", [](SyscallEffectBuilder& b) { b.receivedMessage(b.arg(1), b.positiveResult(), true); });
  table.add("recvmmsg", recvmmsgRule);
  table.add("sendmmsg", [](SyscallEffectBuilder& b) {
    uint64_t count = b.arg(2) & 0xFFFFFFFFu;
    if (count > kMaxMessages) count = kMaxMessages;
    if (b.after()) count = b.positiveResult() < count ? b.positiveResult() : count;
    for (uint64_t i = 0; i < count; ++i) b.write(b.arg(1) + i * kMmsghdr + 56, 4);  // msg_len
  });
  table.add("msgrcv", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), 8 + (b.after() ? b.positiveResult() : b.arg(2)));  // mtype + text
  });
  table.add("msgctl", [](SyscallEffectBuilder& b) { ipcControl(b, "msgctl", b.arg(1), b.arg(2)); });
  table.add("shmctl", [](SyscallEffectBuilder& b) { ipcControl(b, "shmctl", b.arg(1), b.arg(2)); });
  table.add("semctl", [](SyscallEffectBuilder& b) {
    switch (b.arg(2) & ~uint64_t{0x100}) {
      case 0:
      case 1:
      case 11:
      case 12:
      case 14:
      case 15:
      case 16:
      case 17:
        return;  // RMID, SET, GETPID, GETVAL, GETNCNT, GETZCNT, SETVAL, SETALL
      case 2:
      case 3:
        b.write(b.arg(3), 128);
        return;  // IPC_STAT, IPC_INFO
    }
    b.unknown("semctl command " + std::to_string(b.arg(2)));  // GETALL: size depends on the set
  });
  table.add("mq_timedreceive", [](SyscallEffectBuilder& b) {
    b.resultBuffer(b.arg(1), b.arg(2));
    b.write(b.arg(3), 4);
  });
  table.add("mq_getsetattr", [](SyscallEffectBuilder& b) { b.write(b.arg(2), 64); });

  table.addWritesNothing({
      "socket",
      "connect",
      "bind",
      "listen",
      "shutdown",
      "setsockopt",
      "sendto",
      "sendmsg",
      "msgget",
      "msgsnd",
      "semget",
      "semop",
      "semtimedop",
      "shmget",
      "mq_open",
      "mq_unlink",
      "mq_timedsend",
      "mq_notify",
  });
}

}  // namespace rwd
