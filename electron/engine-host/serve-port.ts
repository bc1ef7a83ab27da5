import { readCallMessage, type WebHostMessage } from '../../contract/bridge/transport.ts';
import type { Services } from '../core/create-services.ts';
import type { PortEnd } from './engine-links.ts';

/**
 * Serves one renderer over its port: calls in, results and engine events out, every call through
 * the engine's validating router (the renderer is untrusted, and so is anything on its port).
 * The port may arrive before the engine has opened; calls then wait for it.
 */
export function serveBridgePort(opened: Promise<Services>, port: PortEnd): void {
  let open = true;
  let unsubscribe: () => void = () => undefined;
  const post = (message: WebHostMessage) => {
    if (open) port.post(message);
  };
  const end = () => {
    open = false;
    unsubscribe();
  };
  port.onClose(end);
  void opened.then((services) => {
    if (open) unsubscribe = services.onEvent((event, payload) => post({ type: 'event', event, payload }));
  });

  port.onMessage((data) => {
    const call = readCallMessage(data);
    if (!call) {
      // Not our renderer's transport: stop talking to it.
      end();
      port.close();
      return;
    }
    void opened
      .then((services) => services.route(call.method, call.input))
      .then((result) => post({ type: 'result', id: call.id, ...result }));
  });
}
