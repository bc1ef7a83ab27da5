import type { BridgeErrorData } from '../../contract/bridge/bridge-error.ts';
import { createMessageTransport, type MessageTransport } from '../../contract/bridge/message-transport.ts';
import { readHostMessage } from '../../contract/bridge/transport.ts';
import type { PortEnd } from './engine-links.ts';

/**
 * The renderer's side of a port to the engine, for Node callers (tests, the bench): the same
 * contract transport the preload builds over the page's MessagePort.
 */
export function transportOverPort(port: PortEnd, lostError: BridgeErrorData = { code: 'internal', message: 'The console engine stopped.' }): MessageTransport {
  const transport = createMessageTransport(lostError);
  port.onMessage((data) => {
    const message = readHostMessage(data);
    if (message) transport.receive(message);
  });
  port.onClose(() => transport.lose());
  transport.attach((message) => port.post(message));
  return transport;
}
