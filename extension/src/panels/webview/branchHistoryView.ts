/// <reference lib="dom" />
// The Branch History panel's script: three views of the recorded history —
// Calls (the function-call history as a nested tree: one row per segment,
// indented by call depth), Instructions (every recorded entry) and Branches
// (every taken branch) — each a VirtualList fed page by page by the host; a
// search box (function or file) for Calls and Branches; the program's
// current position highlighted and, with Follow on, scrolled to on every
// stop. Click a row to open its source line; "Travel here" (or T) moves the
// replay position there.
import type { BranchRow, CallRow, HistoryRow, HistoryViewName, HostMessage, InstructionRow, PageMessage } from '../panelMessages';
import { pageSize } from '../panelMessages';
import { element, formatCount } from './dom';
import { renderBranchRow, renderCallRow, renderInstructionRow } from './historyRows';
import { VirtualList } from './virtualList';
import { onHostMessage, vscodeApi } from './vscodeApi';

const rowHeight = 22;
const api = vscodeApi();

interface Tab {
  name: HistoryViewName;
  title: string;
  list: VirtualList<HistoryRow>;
  query: string;
  /** The list holds rows of the current history and search; false until a page of them came. */
  fresh: boolean;
  minDepth: number;
  total: number;
  source: string;
}

let available = false;
let position: number | null = null;
let historySize = 0;
let follow = true;
let active: HistoryViewName = 'calls';

const tabs = {} as Record<HistoryViewName, Tab>;
const tabButtons = {} as Record<HistoryViewName, HTMLButtonElement>;
const searchBox = element('input', {
  className: 'search',
  attributes: { type: 'search', placeholder: 'Search functions or files', 'aria-label': 'Search functions or files', spellcheck: 'false' },
});
const followBox = element('input', { attributes: { type: 'checkbox', id: 'follow', checked: '' } });
const status = element('span', { className: 'status', attributes: { role: 'status', 'aria-live': 'polite' } });
const notice = element('div', { className: 'notice', attributes: { role: 'note' } });
const lists = element('div', { className: 'lists' });

function positionRow(): number | null {
  if (position === null || historySize === 0) return null;
  return Math.min(position, historySize - 1);
}

function makeTab(name: HistoryViewName, title: string, role: 'tree' | 'listbox'): Tab {
  const tab: Tab = { name, title, query: '', fresh: false, minDepth: 0, total: 0, source: '' } as Tab;
  tab.list = new VirtualList<HistoryRow>({
    role,
    label: title,
    rowHeight,
    pageSize,
    renderRow: (target, row, index) => {
      if (name === 'calls') renderCallRow(target, row as CallRow | undefined, index, tab.minDepth, positionRow());
      else if (name === 'instructions') renderInstructionRow(target, row as InstructionRow | undefined, index, positionRow());
      else renderBranchRow(target, row as BranchRow | undefined, index);
    },
    requestPage: (start, count) => api.postMessage({ type: 'fetch', view: name, query: tab.query, start, count }),
    onActivate: (_index, row) => openSource(name, row),
    onTravel: (_index, row) => travel(name, row),
  });
  tab.list.root.classList.add(`view-${name}`);
  tab.list.root.hidden = true;
  lists.appendChild(tab.list.root);
  return tab;
}

function openSource(name: HistoryViewName, row: HistoryRow): void {
  let file: string | undefined;
  let line: number | undefined;
  if (name === 'calls') [file, line] = [(row as CallRow).file, (row as CallRow).startLine];
  else if (name === 'instructions') [file, line] = [(row as InstructionRow).file, (row as InstructionRow).line];
  else [file, line] = [(row as BranchRow).file, (row as BranchRow).line];
  if (file && line) api.postMessage({ type: 'open', file, line });
  else setStatus('No source line is known for this row.');
}

function travel(name: HistoryViewName, row: HistoryRow): void {
  const index = name === 'calls' ? (row as CallRow).startIndex : (row as InstructionRow | BranchRow).index;
  if (index === null || index === undefined) return;
  api.postMessage({ type: 'travel', index });
}

function setStatus(text: string): void {
  status.textContent = text;
}

function describe(): void {
  const tab = tabs[active];
  const where = position === null ? '' : position >= historySize ? ' · live end' : ` · at #${formatCount(position)}`;
  const matches = tab.query ? ` matching “${tab.query}”` : '';
  const unit = active === 'calls' ? 'calls' : active === 'instructions' ? 'instructions' : 'branches';
  setStatus(`${formatCount(tab.total)} ${unit}${matches} · history of ${formatCount(historySize)}${where}${tab.source ? ` · ${tab.source}` : ''}`);
}

/** Asks for the active view's rows: around the current position when following. */
function load(tab: Tab): void {
  const at = positionRow();
  if (follow && at !== null) {
    api.postMessage({ type: 'focus', view: tab.name, query: tab.query, atIndex: at, count: pageSize });
  } else {
    const start = Math.floor(tab.list.topRow / pageSize) * pageSize;
    api.postMessage({ type: 'fetch', view: tab.name, query: tab.query, start, count: pageSize });
  }
}

function activate(name: HistoryViewName): void {
  active = name;
  for (const tab of Object.values(tabs)) {
    tab.list.root.hidden = tab.name !== name;
    tabButtons[tab.name].setAttribute('aria-selected', String(tab.name === name));
    tabButtons[tab.name].classList.toggle('active', tab.name === name);
  }
  const tab = tabs[name];
  searchBox.value = tab.query;
  searchBox.disabled = name === 'instructions';
  searchBox.placeholder = name === 'instructions' ? 'Search works in Calls and Branches' : 'Search functions or files';
  if (available && !tab.fresh) load(tab);
  tab.list.render();
  describe();
}

function onPage(page: PageMessage): void {
  const tab = tabs[page.view];
  if (!tab || page.query !== tab.query) return; // an answer to an older search
  tab.fresh = true;
  tab.source = page.source;
  tab.total = page.total;
  if (page.minDepth !== undefined) tab.minDepth = page.minDepth;
  tab.list.setTotal(page.total);
  tab.list.putRows(page.start, page.rows);
  if (page.historySize !== historySize && page.position !== null) {
    historySize = page.historySize;
    position = page.position;
  }
  if (page.atIndex !== null && page.focus !== null && page.atIndex === positionRow()) {
    tab.list.setCurrent(page.focus);
    if (follow) {
      tab.list.scrollTo(page.focus, 'center');
      tab.list.select(page.focus);
    }
  }
  if (page.view === active) describe();
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'state':
      available = message.available;
      notice.textContent = message.message ?? '';
      notice.hidden = available;
      lists.hidden = !available;
      if (!available) setStatus('');
      return;
    case 'position': {
      const grew = message.historySize !== historySize;
      position = message.position;
      historySize = message.historySize;
      if (grew) {
        // Rows of a history that changed may have moved: every view starts over.
        for (const tab of Object.values(tabs)) {
          tab.fresh = false;
          tab.list.reset(tab.total);
        }
      }
      const tab = tabs[active];
      tab.list.setCurrent(undefined);
      load(tab);
      describe();
      return;
    }
    case 'page':
      onPage(message);
      return;
    case 'error':
      setStatus(message.message);
      return;
    default:
      return;
  }
}

function build(): void {
  const tabList = element('div', { className: 'tabs', attributes: { role: 'tablist', 'aria-label': 'History views' } });
  tabs.calls = makeTab('calls', 'Calls', 'tree');
  tabs.instructions = makeTab('instructions', 'Instructions', 'listbox');
  tabs.branches = makeTab('branches', 'Branches', 'listbox');
  for (const tab of Object.values(tabs)) {
    const button = element('button', {
      className: 'tab',
      text: tab.title,
      attributes: { role: 'tab', type: 'button', 'data-view': tab.name, 'aria-selected': 'false' },
    });
    button.addEventListener('click', () => activate(tab.name));
    tabButtons[tab.name] = button;
    tabList.appendChild(button);
  }
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  searchBox.addEventListener('input', () => {
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const tab = tabs[active];
      tab.query = searchBox.value.trim();
      tab.total = 0;
      tab.fresh = false;
      tab.list.reset(0);
      tab.list.select(undefined);
      load(tab);
    }, 200);
  });
  followBox.addEventListener('change', () => {
    follow = followBox.checked;
    if (follow && available) load(tabs[active]);
  });
  const followLabel = element('label', { className: 'follow', text: ' Follow' });
  followLabel.prepend(followBox);
  const header = element('header', {}, [tabList, searchBox, followLabel]);
  notice.hidden = true;
  lists.hidden = true;
  document.body.append(header, notice, lists, element('footer', {}, [status]));
  activate('calls');
}

build();
onHostMessage(onMessage);
api.postMessage({ type: 'ready' });
