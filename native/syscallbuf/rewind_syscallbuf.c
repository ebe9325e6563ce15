/* rewind_syscallbuf: the preload library of Rewind's native recorder
 * (LD_PRELOAD'ed into the recorded program; layout and rules in
 * native/src/replay/SyscallBufferLayout.h). It takes over read, write,
 * pread, pwrite, lseek and clock_gettime. While a recorder watches (the mode
 * word is on), each is made through a syscall instruction at a fixed
 * address that the recorder's seccomp filter lets through without a stop,
 * and the call's number, arguments, result and the bytes it handed out or
 * received are appended to a buffer the recorder drains at its next stop.
 * In replay the mode word is off: the same code runs, but every call stops
 * at the stub's traced instruction and is served from the log, so the
 * program takes the same path in both.
 *
 * What may block stays traced: reads and writes are first tried with
 * RWF_NOWAIT (preadv2/pwritev2); when that would block, or the file does not
 * support it, the plain call is made through the traced instruction. A
 * write that went out only in part is finished the same way, so a blocking
 * write still writes everything. Calls bigger than RWD_SYSCALLBUF_MAX_BYTES
 * trap as before. A forked child stops buffering (its copy of the buffer is
 * nobody's). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "replay/SyscallBufferLayout.h"

#define EXPORT __attribute__((visibility("default")))

_Static_assert(RWD_SYSCALLBUF_CONTROL_PAGE == 0x6e7700001000ull, "the stub below names the control page");
_Static_assert(RWD_SYSCALLBUF_BUFFERED_ENTRY == 0x00 && RWD_SYSCALLBUF_TRACED_ENTRY == 0x40 &&
                   RWD_SYSCALLBUF_ALLOWED_SYSCALL == 0x80 && RWD_SYSCALLBUF_TRACED_SYSCALL == 0x90,
               "the stub below places its entries and instructions there");

/* The stub, copied to the code page. Both entries take the call number and
 * six arguments in the C calling convention. The buffered entry reads the
 * mode word and makes the call at the allowed instruction when it is on,
 * else at the traced one; the traced entry always takes the traced one; afterwards rcx and r11 (which the syscall
 * instruction leaves holding its own address and the flags) are cleared and the status flags set by a compare that
 * defines them all (the mode test left them different), so both ways leave the same registers. */
__asm__(
    ".pushsection .rodata.rwd_stub,\"a\"\n"
    ".balign 64\n"
    "rwd_stub_start:\n"
    ".intel_syntax noprefix\n"
    "  movabs r11, 0x6e7700001000\n"
    "  mov r11d, dword ptr [r11]\n"
    "  jmp rwd_stub_common\n"
    ".org rwd_stub_start + 0x40, 0xcc\n"
    "  xor r11d, r11d\n"
    "rwd_stub_common:\n"
    "  mov rax, rdi\n"
    "  mov rdi, rsi\n"
    "  mov rsi, rdx\n"
    "  mov rdx, rcx\n"
    "  mov r10, r8\n"
    "  mov r8, r9\n"
    "  mov r9, [rsp + 8]\n"
    "  cmp r11d, 1\n"
    "  jne rwd_stub_traced\n"
    "  jmp rwd_stub_allowed\n"
    ".org rwd_stub_start + 0x80, 0xcc\n"
    "rwd_stub_allowed:\n"
    "  syscall\n"
    "  jmp rwd_stub_done\n"
    ".org rwd_stub_start + 0x90, 0xcc\n"
    "rwd_stub_traced:\n"
    "  syscall\n"
    "rwd_stub_done:\n"
    "  xor ecx, ecx\n"
    "  xor r11d, r11d\n"
    "  cmp ecx, ecx\n"
    "  ret\n"
    ".att_syntax prefix\n"
    "rwd_stub_end:\n"
    ".popsection\n");

extern const unsigned char rwd_stub_start[] __attribute__((visibility("hidden")));
extern const unsigned char rwd_stub_end[] __attribute__((visibility("hidden")));

typedef long (*rwd_stub)(long number, long a0, long a1, long a2, long a3, long a4, long a5);

static rwd_stub buffered_stub;
static rwd_stub traced_stub;
static volatile struct rwd_syscallbuf_control* control;
static unsigned char* data;
/* A recorder accepted the buffer (the registration call returned 0). */
static int active;

/* A plain system call that stops the recorder; -errno on failure. */
static long traced(long number, long a0, long a1, long a2, long a3, long a4, long a5) {
  if (traced_stub) return traced_stub(number, a0, a1, a2, a3, a4, a5);
  long result = syscall(number, a0, a1, a2, a3, a4, a5);
  return result == -1 ? -errno : result;
}

static long with_errno(long result) {
  if (result < 0 && result >= -4095) {
    errno = (int)-result;
    return -1;
  }
  return result;
}

static uint64_t rounded(uint64_t bytes) { return (bytes + 7) & ~7ull; }

/* Whether `bytes` more fit; when not, asks the recorder to drain. */
static int reserve(uint64_t bytes) {
  if (control->position + bytes <= RWD_SYSCALLBUF_DATA_SIZE) return 1;
  if (traced(RWD_SYSCALLBUF_FLUSH, 0, 0, 0, 0, 0, 0) != 0) {
    active = 0; /* nobody drains any more (the recording ended): trap from now on */
    return 0;
  }
  return control->position + bytes <= RWD_SYSCALLBUF_DATA_SIZE;
}

struct call_bytes {
  const void* in; /* what the call hands out, copied for the recorder's digest */
  size_t in_length;
  void* out; /* where the kernel writes */
  size_t out_room;
  int out_fixed; /* out_room bytes on success (0); else as many bytes as the result */
};

/* Makes the call through the buffered entry and appends its record.
 * Returns 0 when there was no room (nothing made). */
static int buffered(long number, long a0, long a1, long a2, long a3, long a4, long a5, const struct call_bytes* bytes,
                    long* result) {
  const uint64_t room = rounded(sizeof(struct rwd_syscallbuf_record) + bytes->in_length + bytes->out_room);
  if (!reserve(room)) return 0;
  struct rwd_syscallbuf_record* record = (struct rwd_syscallbuf_record*)(data + control->position);
  unsigned char* payload = (unsigned char*)(record + 1);
  if (bytes->in_length) memcpy(payload, bytes->in, bytes->in_length);
  const long made = buffered_stub(number, a0, a1, a2, a3, a4, a5);
  uint64_t out_length = 0;
  if (bytes->out && made >= 0) out_length = bytes->out_fixed ? (made == 0 ? bytes->out_room : 0) : (uint64_t)made;
  if (out_length) memcpy(payload + bytes->in_length, bytes->out, out_length);
  record->reserved = 0;
  record->number = (uint64_t)number;
  record->args[0] = (uint64_t)a0;
  record->args[1] = (uint64_t)a1;
  record->args[2] = (uint64_t)a2;
  record->args[3] = (uint64_t)a3;
  record->args[4] = (uint64_t)a4;
  record->args[5] = (uint64_t)a5;
  record->result = made;
  record->out_address = (uint64_t)(uintptr_t)bytes->out;
  record->out_length = out_length;
  record->in_length = bytes->in_length;
  record->size = (uint32_t)rounded(sizeof *record + bytes->in_length + out_length);
  __asm__ volatile("" ::: "memory"); /* the record is whole before it counts */
  control->position += record->size;
  *result = made;
  return 1;
}

/* preadv2/pwritev2 with RWF_NOWAIT at `offset` (-1: the file position);
 * a negative result when it was not made or would block. */
static long try_without_blocking(long number, int fd, void* buffer, size_t length, off_t offset, const void* in) {
  if (!active || length == 0 || length > RWD_SYSCALLBUF_MAX_BYTES) return -EAGAIN;
  struct iovec vector = {buffer, length};
  struct call_bytes bytes = {in, in ? length : 0, in ? NULL : buffer, in ? 0 : length, 0};
  long result = -EAGAIN;
  if (!buffered(number, fd, (long)&vector, 1, (long)offset, 0, RWF_NOWAIT, &bytes, &result)) return -EAGAIN;
  return result;
}

static long read_at(int fd, void* buffer, size_t length, off_t offset, long plain) {
  const long result = try_without_blocking(SYS_preadv2, fd, buffer, length, offset, NULL);
  if (result >= 0) return result;
  return plain == SYS_read ? traced(SYS_read, fd, (long)buffer, (long)length, 0, 0, 0)
                           : traced(SYS_pread64, fd, (long)buffer, (long)length, (long)offset, 0, 0);
}

static long write_at(int fd, const void* buffer, size_t length, off_t offset, long plain) {
  long done = try_without_blocking(SYS_pwritev2, fd, (void*)buffer, length, offset, buffer);
  if (done == (long)length) return done;
  if (done < 0) done = 0;
  /* The rest (all of it when nothing went out) as the program asked: it may block. */
  const char* rest = (const char*)buffer + done;
  const long more = plain == SYS_write ? traced(SYS_write, fd, (long)rest, (long)(length - (size_t)done), 0, 0, 0)
                                       : traced(SYS_pwrite64, fd, (long)rest, (long)(length - (size_t)done),
                                                (long)(offset + done), 0, 0);
  if (more < 0) return done > 0 ? done : more;
  return done + more;
}

EXPORT ssize_t read(int fd, void* buffer, size_t length) {
  return with_errno(read_at(fd, buffer, length, -1, SYS_read));
}

EXPORT ssize_t write(int fd, const void* buffer, size_t length) {
  return with_errno(write_at(fd, buffer, length, -1, SYS_write));
}

EXPORT ssize_t pread64(int fd, void* buffer, size_t length, off_t offset) {
  if (offset < 0) return with_errno(-EINVAL);
  return with_errno(read_at(fd, buffer, length, offset, SYS_pread64));
}

EXPORT ssize_t pwrite64(int fd, const void* buffer, size_t length, off_t offset) {
  if (offset < 0) return with_errno(-EINVAL);
  return with_errno(write_at(fd, buffer, length, offset, SYS_pwrite64));
}

EXPORT ssize_t pread(int fd, void* buffer, size_t length, off_t offset) { return pread64(fd, buffer, length, offset); }

EXPORT ssize_t pwrite(int fd, const void* buffer, size_t length, off_t offset) {
  return pwrite64(fd, buffer, length, offset);
}

EXPORT off_t lseek(int fd, off_t offset, int whence) {
  static const struct call_bytes none = {NULL, 0, NULL, 0, 0};
  long result;
  if (!active || !buffered(SYS_lseek, fd, (long)offset, whence, 0, 0, 0, &none, &result))
    result = traced(SYS_lseek, fd, (long)offset, whence, 0, 0, 0);
  return with_errno(result);
}

EXPORT off_t lseek64(int fd, off_t offset, int whence) { return lseek(fd, offset, whence); }

EXPORT int clock_gettime(clockid_t clock, struct timespec* time) {
  const struct call_bytes bytes = {NULL, 0, time, sizeof *time, 1};
  long result;
  if (!active || !buffered(SYS_clock_gettime, clock, (long)time, 0, 0, 0, 0, &bytes, &result))
    result = traced(SYS_clock_gettime, clock, (long)time, 0, 0, 0, 0);
  return (int)with_errno(result);
}

static void stop_in_child(void) {
  active = 0;
  if (control) control->mode = RWD_SYSCALLBUF_OFF;
}

__attribute__((constructor)) static void rwd_syscallbuf_start(void) {
  const size_t total = 2 * RWD_SYSCALLBUF_PAGE_SIZE + RWD_SYSCALLBUF_DATA_SIZE;
  void* const want = (void*)(uintptr_t)RWD_SYSCALLBUF_CODE_PAGE;
  void* at = mmap(want, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (at != want) {
    if (at != MAP_FAILED) munmap(at, total);
    return; /* every call stays a plain, traced one */
  }
  memcpy(at, rwd_stub_start, (size_t)(rwd_stub_end - rwd_stub_start));
  if (mprotect(at, RWD_SYSCALLBUF_PAGE_SIZE, PROT_READ | PROT_EXEC) != 0) return;
  control = (volatile struct rwd_syscallbuf_control*)(uintptr_t)RWD_SYSCALLBUF_CONTROL_PAGE;
  data = (unsigned char*)(uintptr_t)RWD_SYSCALLBUF_DATA;
  buffered_stub = (rwd_stub)((uintptr_t)at + RWD_SYSCALLBUF_BUFFERED_ENTRY);
  traced_stub = (rwd_stub)((uintptr_t)at + RWD_SYSCALLBUF_TRACED_ENTRY);
  control->version = RWD_SYSCALLBUF_VERSION;
  /* The recorder answers 0 and turns the mode word on; without one the
   * kernel answers ENOSYS and the library only passes calls on. */
  active = traced(RWD_SYSCALLBUF_REGISTER, (long)RWD_SYSCALLBUF_CONTROL_PAGE, (long)RWD_SYSCALLBUF_DATA_SIZE,
                  RWD_SYSCALLBUF_VERSION, 0, 0, 0) == 0;
  if (active) pthread_atfork(NULL, NULL, stop_in_child);
}
