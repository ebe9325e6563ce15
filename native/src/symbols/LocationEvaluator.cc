// LocationEvaluator: a DWARF expression stack machine over libdw's Dwarf_Op.
#include "symbols/LocationEvaluator.h"

#include <dwarf.h>

#include <cstring>

namespace rwd {

namespace {

constexpr size_t kMaxSteps = 10000;  // guards loops built with DW_OP_bra

struct Machine {
  const ExpressionContext& context;
  std::vector<uint64_t> stack;
  Location result;
  // The location being built for the next DW_OP_piece (or the end).
  bool inRegister = false;
  int registerNumber = 0;
  bool isValue = false;
  bool hasBytes = false;
  std::vector<uint8_t> bytes;
  std::string failure;

  bool fail(std::string why) {
    failure = std::move(why);
    return false;
  }
  bool pop(uint64_t& out) {
    if (stack.empty()) return fail("malformed location expression");
    out = stack.back();
    stack.pop_back();
    return true;
  }
  bool pop2(uint64_t& first, uint64_t& second) { return pop(second) && pop(first); }

  LocationPiece currentPiece(uint64_t size) {
    LocationPiece piece;
    piece.size = size;
    if (inRegister) {
      piece.kind = LocationPiece::Kind::Register;
      piece.registerNumber = registerNumber;
    } else if (hasBytes) {
      piece.kind = LocationPiece::Kind::Bytes;
      piece.bytes = bytes;
    } else if (isValue && !stack.empty()) {
      piece.kind = LocationPiece::Kind::Value;
      piece.value = stack.back();
    } else if (!stack.empty()) {
      piece.kind = LocationPiece::Kind::Memory;
      piece.address = stack.back();
    } else {
      piece.kind = LocationPiece::Kind::Unavailable;
    }
    inRegister = isValue = hasBytes = false;
    bytes.clear();
    stack.clear();
    return piece;
  }

  bool readMemory(uint64_t address, size_t size, uint64_t& out) {
    if (!context.memory) return fail("no memory to read");
    auto value = context.memory->readUnsigned(address, size);
    if (!value) return fail("unreadable memory in a location expression");
    out = *value;
    return true;
  }

  bool step(const Dwarf_Op& op, size_t& next, const Dwarf_Op* ops, size_t count) {
    const uint8_t atom = op.atom;
    uint64_t a = 0, b = 0;
    if (atom >= DW_OP_lit0 && atom <= DW_OP_lit31) {
      stack.push_back(atom - DW_OP_lit0);
      return true;
    }
    if (atom >= DW_OP_reg0 && atom <= DW_OP_reg31) {
      inRegister = true;
      registerNumber = atom - DW_OP_reg0;
      return true;
    }
    if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31) {
      auto value = LocationEvaluator::registerValue(context.registers, atom - DW_OP_breg0);
      if (!value) return fail("register not available in this frame");
      stack.push_back(*value + static_cast<int64_t>(op.number));
      return true;
    }
    switch (atom) {
      case DW_OP_addr:
        stack.push_back(op.number + context.bias);
        return true;
      case DW_OP_regx:
        inRegister = true;
        registerNumber = static_cast<int>(op.number);
        return true;
      case DW_OP_bregx: {
        auto value = LocationEvaluator::registerValue(context.registers, static_cast<int>(op.number));
        if (!value) return fail("register not available in this frame");
        stack.push_back(*value + static_cast<int64_t>(op.number2));
        return true;
      }
      case DW_OP_fbreg: {
        auto base = context.frameBase ? context.frameBase() : std::nullopt;
        if (!base) return fail("frame base not available");
        stack.push_back(*base + static_cast<int64_t>(op.number));
        return true;
      }
      case DW_OP_call_frame_cfa:
        if (!context.cfa) return fail("canonical frame address not available");
        stack.push_back(*context.cfa);
        return true;
      case DW_OP_const1u:
      case DW_OP_const2u:
      case DW_OP_const4u:
      case DW_OP_const8u:
      case DW_OP_constu:
      case DW_OP_const1s:
      case DW_OP_const2s:
      case DW_OP_const4s:
      case DW_OP_const8s:
      case DW_OP_consts:
        stack.push_back(op.number);
        return true;
      case DW_OP_dup:
        if (stack.empty()) return fail("malformed location expression");
        stack.push_back(stack.back());
        return true;
      case DW_OP_drop:
        return pop(a);
      case DW_OP_over:
        if (stack.size() < 2) return fail("malformed location expression");
        stack.push_back(stack[stack.size() - 2]);
        return true;
      case DW_OP_pick:
        if (op.number >= stack.size()) return fail("malformed location expression");
        stack.push_back(stack[stack.size() - 1 - op.number]);
        return true;
      case DW_OP_swap:
        if (!pop2(a, b)) return false;
        stack.push_back(b);
        stack.push_back(a);
        return true;
      case DW_OP_rot: {
        uint64_t c = 0;
        if (!pop(c) || !pop2(a, b)) return false;  // a b c -> c a b
        stack.push_back(c);
        stack.push_back(a);
        stack.push_back(b);
        return true;
      }
      case DW_OP_deref:
        return pop(a) && readMemory(a, 8, b) && (stack.push_back(b), true);
      case DW_OP_deref_size:
        return pop(a) && readMemory(a, static_cast<size_t>(op.number), b) && (stack.push_back(b), true);
      case DW_OP_abs:
        if (!pop(a)) return false;
        stack.push_back(static_cast<int64_t>(a) < 0 ? -a : a);
        return true;
      case DW_OP_neg:
        if (!pop(a)) return false;
        stack.push_back(-a);
        return true;
      case DW_OP_not:
        if (!pop(a)) return false;
        stack.push_back(~a);
        return true;
      case DW_OP_plus_uconst:
        if (!pop(a)) return false;
        stack.push_back(a + op.number);
        return true;
      case DW_OP_and:
      case DW_OP_or:
      case DW_OP_xor:
      case DW_OP_plus:
      case DW_OP_minus:
      case DW_OP_mul:
      case DW_OP_div:
      case DW_OP_mod:
      case DW_OP_shl:
      case DW_OP_shr:
      case DW_OP_shra:
      case DW_OP_eq:
      case DW_OP_ne:
      case DW_OP_lt:
      case DW_OP_gt:
      case DW_OP_le:
      case DW_OP_ge:
        if (!pop2(a, b)) return false;
        return binary(atom, a, b);
      case DW_OP_nop:
        return true;
      case DW_OP_stack_value:
        isValue = true;
        return true;
      case DW_OP_implicit_value: {
        Dwarf_Block block;
        if (dwarf_getlocation_implicit_value(context.attribute, &op, &block) != 0) return fail("optimized out");
        hasBytes = true;
        bytes.assign(block.data, block.data + block.length);
        return true;
      }
      case DW_OP_piece:
        result.pieces.push_back(currentPiece(op.number));
        return true;
      case DW_OP_skip:
      case DW_OP_bra: {
        if (atom == DW_OP_bra) {
          if (!pop(a)) return false;
          if (a == 0) return true;
        }
        const uint64_t target = op.offset + 3 + static_cast<int16_t>(op.number);
        if (target > ops[count - 1].offset) {
          next = count;  // a jump to the end
          return true;
        }
        for (size_t i = 0; i < count; ++i) {
          if (ops[i].offset == target) {
            next = i;
            return true;
          }
        }
        return fail("malformed location expression");
      }
      case DW_OP_form_tls_address:
      case DW_OP_GNU_push_tls_address:
        return fail("thread-local storage is not supported yet");
      default:
        // DW_OP_entry_value, implicit pointers, typed operations: not
        // recoverable from this frame alone.
        return fail("optimized out");
    }
  }

  bool binary(uint8_t atom, uint64_t a, uint64_t b) {
    const int64_t sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
    uint64_t out = 0;
    switch (atom) {
      case DW_OP_and:
        out = a & b;
        break;
      case DW_OP_or:
        out = a | b;
        break;
      case DW_OP_xor:
        out = a ^ b;
        break;
      case DW_OP_plus:
        out = a + b;
        break;
      case DW_OP_minus:
        out = a - b;
        break;
      case DW_OP_mul:
        out = a * b;
        break;
      case DW_OP_div:
        if (sb == 0) return fail("division by zero in a location expression");
        out = static_cast<uint64_t>(sa / sb);
        break;
      case DW_OP_mod:
        if (b == 0) return fail("division by zero in a location expression");
        out = a % b;
        break;
      case DW_OP_shl:
        out = b >= 64 ? 0 : a << b;
        break;
      case DW_OP_shr:
        out = b >= 64 ? 0 : a >> b;
        break;
      case DW_OP_shra:
        out = static_cast<uint64_t>(b >= 64 ? (sa < 0 ? -1 : 0) : sa >> b);
        break;
      case DW_OP_eq:
        out = sa == sb;
        break;
      case DW_OP_ne:
        out = sa != sb;
        break;
      case DW_OP_lt:
        out = sa < sb;
        break;
      case DW_OP_gt:
        out = sa > sb;
        break;
      case DW_OP_le:
        out = sa <= sb;
        break;
      case DW_OP_ge:
        out = sa >= sb;
        break;
      default:
        return fail("malformed location expression");
    }
    stack.push_back(out);
    return true;
  }
};

}  // namespace

std::optional<uint64_t> LocationEvaluator::registerValue(const FrameRegisters* registers, int number) {
  if (!registers || number < 0 || number >= static_cast<int>(registers->value.size())) return std::nullopt;
  if (!registers->known[number]) return std::nullopt;
  return registers->value[number];
}

Location LocationEvaluator::evaluate(const Dwarf_Op* ops, size_t count, const ExpressionContext& context) {
  Machine machine{context};
  if (count == 0) {
    machine.result.problem = "optimized out";
    return machine.result;
  }
  size_t steps = 0;
  for (size_t i = 0; i < count;) {
    size_t next = i + 1;
    if (++steps > kMaxSteps || !machine.step(ops[i], next, ops, count)) {
      Location failed;
      failed.problem = machine.failure.empty() ? "malformed location expression" : machine.failure;
      return failed;
    }
    i = next;
  }
  const bool endsWithPiece = ops[count - 1].atom == DW_OP_piece;
  if (!endsWithPiece) machine.result.pieces.push_back(machine.currentPiece(0));
  // A location made only of missing pieces is no location.
  bool anyAvailable = false;
  for (const auto& piece : machine.result.pieces) anyAvailable |= piece.kind != LocationPiece::Kind::Unavailable;
  if (!anyAvailable) {
    machine.result.pieces.clear();
    machine.result.problem = "optimized out";
  }
  return machine.result;
}

std::optional<uint64_t> LocationEvaluator::evaluateNumber(const Dwarf_Op* ops, size_t count,
                                                          const ExpressionContext& context) {
  Location location = evaluate(ops, count, context);
  if (location.pieces.size() != 1) return std::nullopt;
  const LocationPiece& piece = location.pieces.front();
  switch (piece.kind) {
    case LocationPiece::Kind::Memory:
      return piece.address;
    case LocationPiece::Kind::Value:
      return piece.value;
    case LocationPiece::Kind::Register:
      return registerValue(context.registers, piece.registerNumber);
    default:
      return std::nullopt;
  }
}

}  // namespace rwd
