// The extension-host half of the Branch History and Timeline panels, with
// no `vscode` in it: it answers the webview's requests with pages from the
// debug adapter's custom requests (callHistory, instructionHistory,
// branchHistory, historyMarkers), travels on request (travelTo), asks for a
// source line to be opened, and on every stop tells the webview where the
// program now is. The VS Code glue (historyPanel.ts) gives it the active
// session's customRequest and posts its messages.
import type { PageArguments, RewindCustomCommand, RewindCustomRequests } from '../../../adapter/src/customRequests';
import type { FetchRequest, FocusRequest, HistoryViewName, HostMessage, PageMessage, ThreadLaneRow, WebviewRequest } from './panelMessages';

/** A Rewind session's customRequest: resolves with the response body, rejects with the error. */
export type CustomRequest = <C extends RewindCustomCommand>(command: C, args: RewindCustomRequests[C]['args']) => Promise<RewindCustomRequests[C]['body']>;

export interface HistoryPanelHostOptions {
  post(message: HostMessage): void;
  /** The active Rewind session's customRequest; undefined when there is none. */
  session(): CustomRequest | undefined;
  openSource(file: string, line: number): Promise<void> | void;
  /** Tells the user something failed (an error notification). */
  showError(message: string): void;
}

const requests: Record<HistoryViewName, { command: 'callHistory' | 'instructionHistory' | 'branchHistory'; rows: string }> = {
  calls: { command: 'callHistory', rows: 'segments' },
  instructions: { command: 'instructionHistory', rows: 'instructions' },
  branches: { command: 'branchHistory', rows: 'branches' },
};

export const noSessionMessage =
  'No Rewind debug session is running. Start one with "record": "fromMain" in the launch configuration (or start recording) to see where the program has been.';
export const notRecordingMessage =
  'This session is not recording. Start recording (Rewind: Start Recording, or "record": "fromMain" in the launch configuration) to see where the program has been.';

interface PageBody {
  total: number;
  start: number;
  focus: number | null;
  position: number | null;
  historySize: number;
  source: string;
  travelable: boolean;
  minDepth?: number;
  [rows: string]: unknown;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class HistoryPanelHost {
  constructor(private readonly options: HistoryPanelHostOptions) {}

  async receive(message: WebviewRequest): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          await this.refresh();
          return;
        case 'fetch':
        case 'focus':
          await this.page(message);
          return;
        case 'open':
          await this.options.openSource(message.file, message.line);
          return;
        case 'travel':
          await this.travel(message.index);
          return;
        case 'markers':
          await this.markers(message.buckets);
          return;
      }
    } catch (error) {
      this.options.post({ type: 'error', message: messageOf(error) });
    }
  }

  /** Tells the webview whether there is a history and where the program is (on ready and on every stop). */
  async refresh(): Promise<void> {
    const request = this.options.session();
    if (!request) {
      this.options.post({ type: 'state', available: false, message: noSessionMessage });
      return;
    }
    let info: RewindCustomRequests['recordingInfo']['body'];
    try {
      info = await request('recordingInfo', {});
    } catch (error) {
      this.options.post({ type: 'state', available: false, message: messageOf(error) });
      return;
    }
    if (!info.recording) {
      this.options.post({ type: 'state', available: false, message: notRecordingMessage });
      return;
    }
    this.options.post({ type: 'state', available: true });
    this.options.post({ type: 'position', position: info.position ?? info.size ?? 0, historySize: info.size ?? 0 });
  }

  private requireSession(): CustomRequest {
    const request = this.options.session();
    if (!request) throw new Error(noSessionMessage);
    return request;
  }

  private async page(message: FetchRequest | FocusRequest): Promise<void> {
    const request = this.requireSession();
    const { command, rows } = requests[message.view];
    const args: PageArguments = { count: message.count };
    if (message.type === 'fetch') args.start = message.start;
    else args.atIndex = message.atIndex;
    if (message.query && message.view !== 'instructions') args.query = message.query;
    const body = (await request(command, args)) as unknown as PageBody;
    const page: PageMessage = {
      type: 'page',
      view: message.view,
      query: message.view === 'instructions' ? '' : message.query,
      total: body.total,
      start: body.start,
      focus: body.focus,
      atIndex: message.type === 'focus' ? message.atIndex : null,
      position: body.position,
      historySize: body.historySize,
      source: body.source,
      travelable: body.travelable,
      rows: (body[rows] as PageMessage['rows']) ?? [],
    };
    if (body.minDepth !== undefined) page.minDepth = body.minDepth;
    this.options.post(page);
  }

  private async travel(index: number): Promise<void> {
    try {
      await this.requireSession()('travelTo', { index });
    } catch (error) {
      this.options.showError(`Rewind could not travel to history position ${index}: ${messageOf(error)}`);
      throw error;
    }
  }

  private async markers(buckets: number): Promise<void> {
    const body = await this.requireSession()('historyMarkers', { buckets });
    this.options.post({
      type: 'timeline',
      historySize: body.historySize,
      position: body.position,
      buckets: body.buckets,
      markers: body.markers,
      threads: body.threads ?? [],
      source: body.source,
    });
  }
}
