// PtDecoder: sync forward, drain events, next instruction, repeat; each
// instruction closes the branch question of the one before it.
#include "branch/PtDecoder.h"

#include <intel-pt.h>

#include <memory>
#include <optional>

namespace rwd {

namespace {

struct InstructionDecoderDeleter {
  void operator()(pt_insn_decoder* decoder) const { pt_insn_free_decoder(decoder); }
};

std::optional<BranchKind> kindOfClass(pt_insn_class iclass) {
  switch (iclass) {
    case ptic_call:
      return BranchKind::Call;
    case ptic_return:
      return BranchKind::Return;
    case ptic_jump:
      return BranchKind::Jump;
    case ptic_cond_jump:
      return BranchKind::Conditional;
    case ptic_far_call:
      return BranchKind::SystemCall;  // syscall, sysenter, int n, far call
    case ptic_far_return:
      return BranchKind::Return;
    case ptic_far_jump:
      return BranchKind::Jump;
    default:
      return std::nullopt;
  }
}

std::string describeError(int code, uint64_t offset) {
  return std::string("Intel PT decoding skipped trace at offset ") + std::to_string(offset) + ": " +
         pt_errstr(pt_errcode(code));
}

}  // namespace

int PtDecoder::readImage(uint8_t* buffer, size_t size, const pt_asid*, uint64_t ip, void* context) {
  auto* self = static_cast<PtDecoder*>(context);
  size_t got = self->code_.readCode(ip, buffer, size);
  return got == 0 ? -pte_nomap : static_cast<int>(got);
}

PtDecodeResult PtDecoder::decode(const uint8_t* trace, size_t size, uint64_t firstIndex) {
  PtDecodeResult result;
  if (size == 0) return result;
  // libipt's configuration takes a mutable pointer; give it a copy.
  std::vector<uint8_t> buffer(trace, trace + size);
  pt_config config;
  pt_config_init(&config);
  config.begin = buffer.data();
  config.end = buffer.data() + buffer.size();
  std::unique_ptr<pt_insn_decoder, InstructionDecoderDeleter> decoder(pt_insn_alloc_decoder(&config));
  if (!decoder) {
    result.problems.push_back("libipt could not allocate an Intel PT decoder.");
    return result;
  }
  pt_image_set_callback(pt_insn_get_image(decoder.get()), &PtDecoder::readImage, this);

  struct Previous {
    uint64_t ip = 0;
    uint8_t size = 0;
    pt_insn_class iclass = ptic_error;
    uint64_t index = 0;
  };
  Previous previous;          // the last instruction decoded
  bool havePrevious = false;  // false after a gap in the flow
  uint64_t index = firstIndex;

  for (;;) {
    int status = pt_insn_sync_forward(decoder.get());
    if (status < 0) {
      if (status != -pte_eos) {
        uint64_t offset = 0;
        pt_insn_get_offset(decoder.get(), &offset);
        result.problems.push_back(describeError(status, offset));
      }
      break;
    }
    havePrevious = false;  // a resynchronization breaks the flow
    for (;;) {
      while (status & pts_event_pending) {
        pt_event event;
        status = pt_insn_event(decoder.get(), &event, sizeof event);
        if (status < 0) break;
        if (event.type == ptev_async_branch && havePrevious) {
          result.branches.push_back({previous.index, event.variant.async_branch.from,
                                     event.ip_suppressed ? 0 : event.variant.async_branch.to, BranchKind::Signal,
                                     tid_});
          havePrevious = false;  // the interrupted instruction's own successor is unknown
        } else if (event.type == ptev_overflow) {
          result.problems.push_back("The Intel PT buffer overflowed; some branches are missing.");
          havePrevious = false;
        } else if (event.type == ptev_disabled || event.type == ptev_async_disabled) {
          havePrevious = false;
        }
      }
      if (status < 0) break;
      pt_insn instruction;
      status = pt_insn_next(decoder.get(), &instruction, sizeof instruction);
      if (status < 0) break;
      if (havePrevious) {
        auto kind = kindOfClass(previous.iclass);
        const bool fellThrough = instruction.ip == previous.ip + previous.size;
        if (kind && !(*kind == BranchKind::Conditional && fellThrough)) {
          result.branches.push_back({previous.index, previous.ip, instruction.ip, *kind, tid_});
        }
      }
      previous = Previous{instruction.ip, instruction.size, instruction.iclass, index};
      havePrevious = true;
      ++index;
      ++result.instructions;
    }
    if (status != -pte_eos) {
      uint64_t offset = 0;
      pt_insn_get_offset(decoder.get(), &offset);
      result.problems.push_back(describeError(status, offset));
    }
    if (status == -pte_eos) break;
  }
  return result;
}

}  // namespace rwd
