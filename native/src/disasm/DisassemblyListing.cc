// DisassemblyListing: forward decoding of a window, with placeholders.
#include "disasm/DisassemblyListing.h"

#include <cstdio>
#include <cstdlib>

#include "disasm/InstructionBoundaries.h"

namespace rwd {

namespace {

constexpr size_t kMaxInstructionLength = 15;

std::string hexBytes(const uint8_t* bytes, size_t length) {
  std::string out;
  char pair[4];
  for (size_t i = 0; i < length; ++i) {
    std::snprintf(pair, sizeof pair, i ? " %02x" : "%02x", bytes[i]);
    out += pair;
  }
  return out;
}

}  // namespace

std::vector<ListedInstruction> DisassemblyListing::list(uint64_t address, int64_t instructionOffset, size_t count) {
  if (count == 0) return {};
  if (instructionOffset >= 0) {
    auto rows = forward(address, static_cast<size_t>(instructionOffset) + count);
    rows.erase(rows.begin(), rows.begin() + instructionOffset);
    return rows;
  }
  const size_t wanted = static_cast<size_t>(-instructionOffset);
  auto starts = InstructionBoundaries(target_, symbols_, disassembler_).before(address, wanted);
  // Instructions that could not be found before the first known one are
  // placeholders, one byte each, ending where the known ones begin.
  const size_t missing = wanted - starts.size();
  const uint64_t firstKnown = starts.empty() ? address : starts.front();
  std::vector<ListedInstruction> rows;
  for (size_t i = 0; i < missing && rows.size() < count; ++i) {
    const uint64_t back = missing - i;
    rows.push_back(placeholder(firstKnown >= back ? firstKnown - back : 0, false, 0));
  }
  if (rows.size() < count) {
    auto known = forward(firstKnown, count - rows.size());
    rows.insert(rows.end(), known.begin(), known.end());
  }
  return rows;
}

std::vector<ListedInstruction> DisassemblyListing::forward(uint64_t start, size_t count) {
  std::vector<uint8_t> code(count * kMaxInstructionLength + kMaxInstructionLength);
  const size_t readable = target_.readMemory(start, code.data(), code.size());
  const bool endsUnreadable = readable < code.size();
  std::vector<ListedInstruction> rows;
  rows.reserve(count);
  uint64_t at = start;
  while (rows.size() < count) {
    const size_t offset = at - start;
    if (offset >= readable) {
      rows.push_back(placeholder(at++, false, 0));
      continue;
    }
    auto instruction = disassembler_.decode(code.data() + offset, readable - offset, at);
    if (!instruction) {
      // Too few readable bytes left for a whole instruction reads as "??".
      const bool cutShort = endsUnreadable && readable - offset < kMaxInstructionLength;
      rows.push_back(placeholder(at, !cutShort, code[offset]));
      ++at;
      continue;
    }
    ListedInstruction row;
    row.address = at;
    row.bytes = hexBytes(code.data() + offset, instruction->length);
    row.text = instruction->text() + targetSymbol(*instruction);
    annotate(row);
    rows.push_back(std::move(row));
    at += instruction->length;
  }
  return rows;
}

std::string DisassemblyListing::targetSymbol(const InstructionText& instruction) const {
  // Direct calls and jumps name their target as objdump does: "call 0x1139 <scale>".
  const bool branch =
      instruction.mnemonic[0] == 'j' || instruction.mnemonic == "call" || instruction.mnemonic.rfind("loop", 0) == 0;
  if (!branch || instruction.operands.rfind("0x", 0) != 0) return "";
  char* end = nullptr;
  const uint64_t target = std::strtoull(instruction.operands.c_str(), &end, 16);
  if (*end != '\0') return "";
  auto function = symbols_.functionAt(target);
  if (!function) return "";
  const uint64_t offset = target - function->second;
  return " <" + function->first + (offset ? "+" + std::to_string(offset) : "") + ">";
}

ListedInstruction DisassemblyListing::placeholder(uint64_t address, bool readable, uint8_t byte) const {
  ListedInstruction row;
  row.address = address;
  row.valid = false;
  row.text = readable ? "(bad)" : "??";
  if (readable) row.bytes = hexBytes(&byte, 1);
  annotate(row);
  return row;
}

void DisassemblyListing::annotate(ListedInstruction& row) const {
  if (auto function = symbols_.functionAt(row.address)) {
    const uint64_t offset = row.address - function->second;
    row.symbol = offset ? function->first + "+" + std::to_string(offset) : function->first;
  }
  row.location = symbols_.locationAt(row.address);
}

}  // namespace rwd
