// The helper numbers data breakpoints apart from line and function
// breakpoints (both start at 1), but a DAP client matches breakpoint events
// and hitBreakpointIds against all of its breakpoints by id. Data breakpoint
// ids are therefore moved into their own range on the way to the client.

const dataIdBase = 1_000_000;

/** The DAP id of the helper's data breakpoint `helperId`. */
export function dataBreakpointClientId(helperId: number): number {
  return dataIdBase + helperId;
}
