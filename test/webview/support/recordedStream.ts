// Recorded message streams for the webview tests: a real debug session
// records the branchy fixture from main to #DONE, and the extension's own
// host logic (HistoryPanelHost) answers a scripted series of panel requests
// from it — what a panel asks for when it opens, follows the stop, scrolls
// to the top, switches views and searches. Every message the host posts is
// kept, in order, and written to test-artifacts/webview/streams/ so the
// webview tests replay exactly what the extension would have sent.
import fs from 'node:fs';
import path from 'node:path';
import { HistoryPanelHost } from '../../../extension/src/panels/historyPanelHost';
import type { HostMessage, PositionMessage, WebviewRequest } from '../../../extension/src/panels/panelMessages';
import { pageSize } from '../../../extension/src/panels/panelMessages';
import { withDebugClient } from '../../support/dapClient';
import { repoRoot } from '../../support/paths';
import { recordTo } from '../../support/reverseTravel';
import { branchySource } from '../../helper/branchHistorySupport';

export interface RecordedStream {
  messages: HostMessage[];
  position: PositionMessage;
  file: string;
}

let recorded: Promise<RecordedStream> | undefined;

async function record(): Promise<RecordedStream> {
  const messages: HostMessage[] = [];
  await withDebugClient(async (client) => {
    await recordTo(client, 'branchy', branchySource, 'DONE');
    const host = new HistoryPanelHost({
      post: (message) => messages.push(message),
      session: () => async (command, args) => {
        const response = await client.sendForResponse(command, args);
        if (!response.success) throw new Error(response.message ?? `${command} failed`);
        return response.body;
      },
      openSource: () => undefined,
      showError: () => undefined,
    });
    await host.receive({ type: 'ready' });
    const position = messages.find((message): message is PositionMessage => message.type === 'position');
    if (!position) throw new Error(`the host sent no position: ${JSON.stringify(messages)}`);
    const at = Math.min(position.position, position.historySize - 1);
    const requests: WebviewRequest[] = [];
    for (const view of ['calls', 'instructions', 'branches'] as const) {
      requests.push({ type: 'focus', view, query: '', atIndex: at, count: pageSize });
      requests.push({ type: 'fetch', view, query: '', start: 0, count: pageSize });
    }
    requests.push({ type: 'fetch', view: 'calls', query: 'weigh', start: 0, count: pageSize });
    requests.push({ type: 'markers', buckets: 400 });
    for (const request of requests) await host.receive(request);
  });
  const errors = messages.filter((message) => message.type === 'error');
  if (errors.length > 0) throw new Error(`the host reported errors while recording: ${JSON.stringify(errors)}`);
  const file = path.join(repoRoot, 'test-artifacts', 'webview', 'streams', 'branchy.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(messages, null, 1)}\n`);
  const position = messages.find((message): message is PositionMessage => message.type === 'position')!;
  return { messages, position, file };
}

/** The branchy stream, recorded once per test file. */
export function branchyStream(): Promise<RecordedStream> {
  recorded ??= record();
  return recorded;
}
