/** The part of a runtime.Port that the extension pages use, for tests that stand in for the background's side. */
export type PortListener = (message: unknown) => void;

export interface FakePort {
  name: string;
  onMessage: { addListener: (fn: PortListener) => void; removeListener: (fn: PortListener) => void };
  onDisconnect: { addListener: (fn: () => void) => void; removeListener: (fn: () => void) => void };
  postMessage: (m: unknown) => void;
  disconnect: () => void;
}
