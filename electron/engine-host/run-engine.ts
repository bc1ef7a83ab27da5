import { openServices, type Services } from '../core/create-services.ts';
import { BrokeredCipher } from './cipher-broker.ts';
import type { EngineArgs } from './engine-args.ts';
import type { ParentLink } from './engine-links.ts';
import { readParentMessage } from './engine-messages.ts';
import { listenMapGateway, type MapGatewayListener } from './map-gateway-listener.ts';
import { serveBridgePort } from './serve-port.ts';

export interface EngineHostOptions extends EngineArgs {
  /** Called once the engine has closed after `shutdown`. */
  exit(code: number): void;
}

/**
 * The engine process: answers its parent on `link`, opens the engine (its token vault may ask
 * the parent to encrypt/decrypt), serves every renderer port the parent hands it, and closes the
 * caches cleanly on `shutdown`.
 */
export function runEngineHost(link: ParentLink, options: EngineHostOptions): Promise<Services> {
  const cipher = new BrokeredCipher(options.cipherAvailable, (message) => link.post(message));
  let closing = false;
  let mapGateway: MapGatewayListener | null = null;
  link.onMessage((data, port) => {
    const message = readParentMessage(data);
    if (!message) {
      console.error('[engine-host] ignored a message from the parent that is not part of the protocol');
      return;
    }
    if (message.type === 'connect') {
      if (port && !closing) serveBridgePort(opened, port);
    } else if (message.type === 'cipher-result') {
      cipher.receive(message);
    } else if (!closing) {
      closing = true;
      void opened
        .then(async (services) => {
          await mapGateway?.close();
          await services.close();
        })
        .catch((error: unknown) => console.error('[engine-host] closing the engine failed:', error))
        .finally(() => {
          link.post({ type: 'closed' });
          options.exit(0);
        });
    }
  });
  // Listening first: opening the vault may already need the parent's cipher.
  link.post({ type: 'hello' });
  const opened = openServices({ profileDir: options.profileDir, cipher });
  void opened.then(async (services) => {
    await services.ready;
    const vault = await services.handlers['vault.status']({});
    mapGateway = await listenMapGateway(services.mapGateway);
    link.post({ type: 'ready', vault: vault.kind, mapGateway: { port: mapGateway.port, key: mapGateway.key } });
  }).catch(() => undefined); // a failed open is the caller's to report (main.ts exits with it)
  return opened;
}
