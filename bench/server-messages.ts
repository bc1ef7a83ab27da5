import type { ChildProcess } from 'node:child_process';

/**
 * The IPC conversation of a load generator with its benchmark server process (ingest-server.ts,
 * ingest-fairness-server.ts): wait for a message of a type, or send a request and wait for its
 * answer. One home for it; the benches only differ in what they ask.
 */
export function serverMessages(server: ChildProcess) {
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          server.off('message', on);
          resolve(m as T);
        }
      };
      server.on('message', on);
    });
  const ask = async <T>(type: string, reply = type) => {
    const answer = next<T>(reply);
    server.send({ type });
    return answer;
  };
  return { next, ask };
}
