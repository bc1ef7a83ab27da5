import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The raw listener in front of Fastify (decision 0440); null when the app was built without it. */
    frontDoor: FrontDoor | null;
  }
}

/**
 * The listen backlog the fleet cloud asks for (the kernel caps it at net.core.somaxconn). Node's
 * 511 overflowed when thousands of phones connected at once (decision 0395 counted 21,942 dropped
 * SYNs in one run); each dropped SYN costs its phone a 1 s retransmission before it is even read
 * (decision 0485).
 */
export const listenBacklog = 4096;

/**
 * Answers a request before Fastify sees it, or returns false to hand it to Fastify. It must
 * answer completely (status, headers, body) when it returns true, and must not throw.
 */
export type RawAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

/** The Fastify server options the factory reads (Fastify has filled in their defaults by then). */
interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/**
 * A raw `request` listener in front of Fastify (decision 0440). Fastify's request, hook, error
 * and reply path costs ~100 µs of CPU per request; an answer that needs none of it (an over-share
 * tenant's refused report, answered from memory) can be written here instead. The app is built
 * before its plugins exist, so the listener is set later by whoever owns the answer (the ingest
 * routes), through `answerWith`; until then, and whenever it returns false, Fastify answers.
 *
 * Only a listening server passes here: `app.inject` calls Fastify's handler directly, so the
 * routes keep their own answer for the same requests (tests of this path need real HTTP).
 */
export class FrontDoor {
  private answer: RawAnswer | null = null;
  /** Requests answered here, not by Fastify (tests tell the two paths apart by it). */
  answered = 0;

  /** Sets (or, with null, removes) the raw listener. One at a time: one owner. */
  answerWith(answer: RawAnswer | null): void {
    if (answer && this.answer) throw new Error('FrontDoor: a raw listener is already set');
    this.answer = answer;
  }

  /**
   * Fastify's `serverFactory`: an HTTP/1.1 server as Fastify builds its own (the same timeouts,
   * which Fastify leaves to the factory), whose listener asks the front door first.
   */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const server: Server = createServer((request, response) => {
      if (this.answer?.(request, response)) {
        this.answered += 1;
        return;
      }
      handler(request, response);
    });
    const timeouts = options as ServerTimeouts;
    if (timeouts.keepAliveTimeout !== undefined) server.keepAliveTimeout = timeouts.keepAliveTimeout;
    if (timeouts.requestTimeout !== undefined) server.requestTimeout = timeouts.requestTimeout;
    server.setTimeout(timeouts.connectionTimeout ?? 0);
    if (timeouts.maxRequestsPerSocket !== undefined && timeouts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = timeouts.maxRequestsPerSocket;
    return server;
  };
}
