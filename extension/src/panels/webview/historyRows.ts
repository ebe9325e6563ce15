/// <reference lib="dom" />
// How the Branch History panel draws one row of each view: a call segment
// (indented by call depth, with how it was entered), a recorded instruction,
// a taken branch. Everything from the program goes in as text.
import type { BranchRow, CallRow, InstructionRow } from '../panelMessages';
import { element, formatCount, sourceText } from './dom';

const arrivalGlyphs: Record<string, string> = {
  call: '→',
  return: '←',
  jump: '⤳',
  signal: '⚡',
  threadSwitch: '⇄',
  syscall: '⤓',
  conditional: '↷',
  unknown: '?',
};
const arrivalWords: Record<string, string> = {
  call: 'called',
  return: 'returned to',
  jump: 'jumped to',
  signal: 'signal handler',
  threadSwitch: 'thread switch',
  syscall: 'after a system call',
  conditional: 'branched to',
  unknown: 'arrived',
};

export const indentPerLevel = 14;

function travelButton(): HTMLElement {
  return element('button', {
    className: 'travel',
    text: 'Travel here',
    attributes: { 'data-action': 'travel', type: 'button', tabindex: '-1' },
  });
}

function placeholder(target: HTMLElement, index: number): void {
  target.replaceChildren(element('span', { className: 'loading', text: `#${formatCount(index)} …` }));
}

export function renderCallRow(target: HTMLElement, row: CallRow | undefined, index: number, minDepth: number, position: number | null): void {
  if (!row) {
    target.removeAttribute('aria-level');
    placeholder(target, index);
    return;
  }
  const level = row.depth - minDepth;
  target.setAttribute('aria-level', String(level + 1));
  target.dataset.depth = String(row.depth);
  target.classList.toggle('holds-position', position !== null && row.startIndex <= position && position <= row.endIndex);
  const guides = element('span', { className: 'indent' });
  guides.style.width = `${level * indentPerLevel}px`;
  const arrival = row.arrival ?? 'start';
  target.replaceChildren(
    guides,
    element('span', {
      className: `arrival arrival-${arrival}`,
      text: arrivalGlyphs[arrival] ?? '•',
      title: arrivalWords[arrival] ?? 'recording began here',
    }),
    element('span', { className: 'function', text: row.function }),
    element('span', { className: 'source', text: sourceText(row.file, row.startLine, row.endLine) }),
    element('span', { className: 'count', text: `${formatCount(row.instructionCount)} instr` }),
    element('span', { className: 'range', text: `#${formatCount(row.startIndex)}–${formatCount(row.endIndex)}` }),
    element('span', { className: 'tid', text: `tid ${row.tid}` }),
    travelButton(),
  );
  target.title = `${row.function}${row.file ? `\n${row.file}` : ''}\n${formatCount(row.instructionCount)} instructions, history #${row.startIndex}–#${row.endIndex}`;
}

export function renderInstructionRow(target: HTMLElement, row: InstructionRow | undefined, index: number, position: number | null): void {
  if (!row) {
    placeholder(target, index);
    return;
  }
  target.classList.toggle('holds-position', position !== null && row.index === position);
  target.replaceChildren(
    element('span', { className: 'index', text: `#${formatCount(row.index)}` }),
    element('span', { className: 'address', text: row.address }),
    element('span', { className: 'function', text: row.function ?? '??' }),
    element('span', { className: 'text', text: row.kind === 'instruction' ? (row.text ?? '') : `(${row.kind})` }),
    element('span', { className: 'source', text: sourceText(row.file, row.line) }),
    travelButton(),
  );
  target.title = `${row.function ?? '??'} ${row.address}${row.file ? `\n${row.file}:${row.line}` : ''}`;
}

export function renderBranchRow(target: HTMLElement, row: BranchRow | undefined, index: number): void {
  if (!row) {
    placeholder(target, index);
    return;
  }
  target.replaceChildren(
    element('span', { className: 'index', text: row.index === null ? '—' : `#${formatCount(row.index)}` }),
    element('span', { className: `kind kind-${row.kind}`, text: row.kind }),
    element('span', { className: 'function', text: row.function }),
    element('span', { className: 'arrow', text: '→' }),
    element('span', { className: 'function to', text: row.toFunction }),
    element('span', { className: 'source', text: sourceText(row.file, row.line) }),
    travelButton(),
  );
  target.title = `${row.kind}: ${row.from} → ${row.to}${row.file ? `\n${row.file}:${row.line}` : ''}`;
}
