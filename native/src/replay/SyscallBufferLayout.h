/* SyscallBufferLayout: what the native recorder and its preload library
 * (native/syscallbuf/rewind_syscallbuf.c) agree on — written in C so both
 * include it. The library maps three things at fixed addresses in the
 * recorded program: a code page with its system-call stub, a control page
 * (the mode word and the fill position) and the data area where it appends
 * one record per buffered call. The recorder's seccomp filter lets the
 * stub's "allowed" syscall instruction through without a stop for the calls
 * in the buffered set; every other system call, and the stub's "traced"
 * instruction, still stops the recorder. Two made-up call numbers, made
 * through the traced instruction, register the buffer and ask the recorder
 * to drain a full one. */
#ifndef REWIND_SYSCALL_BUFFER_LAYOUT_H
#define REWIND_SYSCALL_BUFFER_LAYOUT_H

#include <stdint.h>

#define RWD_SYSCALLBUF_VERSION 1u

/* The pages, one after the other from the code page. */
#define RWD_SYSCALLBUF_CODE_PAGE 0x6e7700000000ull
#define RWD_SYSCALLBUF_CONTROL_PAGE (RWD_SYSCALLBUF_CODE_PAGE + 0x1000ull)
#define RWD_SYSCALLBUF_DATA (RWD_SYSCALLBUF_CODE_PAGE + 0x2000ull)
#define RWD_SYSCALLBUF_DATA_SIZE (256ull << 10) /* each checkpoint may hold a copy */
#define RWD_SYSCALLBUF_PAGE_SIZE 0x1000ull

/* Offsets in the code page: the stub's entry that buffers (it chooses the
 * allowed instruction when the mode word says so), its entry that always
 * traps, and its two syscall instructions. */
#define RWD_SYSCALLBUF_BUFFERED_ENTRY 0x00u
#define RWD_SYSCALLBUF_TRACED_ENTRY 0x40u
#define RWD_SYSCALLBUF_ALLOWED_SYSCALL 0x80u
#define RWD_SYSCALLBUF_TRACED_SYSCALL 0x90u
/* What the kernel reports as the instruction pointer of a call made there
 * (the address after the 2-byte syscall instruction). */
#define RWD_SYSCALLBUF_ALLOWED_IP (RWD_SYSCALLBUF_CODE_PAGE + RWD_SYSCALLBUF_ALLOWED_SYSCALL + 2ull)
#define RWD_SYSCALLBUF_TRACED_IP (RWD_SYSCALLBUF_CODE_PAGE + RWD_SYSCALLBUF_TRACED_SYSCALL + 2ull)

/* Made-up system-call numbers (the kernel has none this high). */
#define RWD_SYSCALLBUF_REGISTER 0x52570001ull /* args: control page, data size, version */
#define RWD_SYSCALLBUF_FLUSH 0x52570002ull    /* no args: the data area is full */

/* Mode word values. Replay (and any copy the recorder does not watch) runs
 * with buffering off: every call then stops at the traced instruction. */
#define RWD_SYSCALLBUF_OFF 0u
#define RWD_SYSCALLBUF_ON 1u

/* Largest read or write the library buffers (bigger ones trap: the copy
 * costs more than the stop there). A write up to this size on a pipe is
 * atomic, so RWF_NOWAIT gives all or nothing. */
#define RWD_SYSCALLBUF_MAX_BYTES 4096u

struct rwd_syscallbuf_control {
  uint32_t mode;
  uint32_t version;
  uint64_t position; /* bytes of complete records in the data area */
};

/* One buffered call. Followed by in_length bytes (what a write handed out)
 * and then out_length bytes (what the kernel wrote at out_address);
 * `size` covers it all and is a multiple of 8. */
struct rwd_syscallbuf_record {
  uint32_t size;
  uint32_t reserved;
  uint64_t number;
  uint64_t args[6];
  int64_t result;
  uint64_t out_address;
  uint64_t out_length;
  uint64_t in_length;
};

#endif
