import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes one file's bytes on unchanged while it hashes (SHA-256) and measures them, and counts
 * CSV records: line ends outside quoted fields (a quoted field may hold a line end). `onBytes`
 * reports progress as the bytes go by.
 */
export class ExportMeter extends Transform {
  readonly #hash = createHash('sha256');
  #bytes = 0;
  #lineEnds = 0;
  #inQuotes = false;
  readonly #onBytes: (n: number) => void;
  #discarding = false;

  constructor(onBytes: (n: number) => void = () => {}) {
    super();
    this.#onBytes = onBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.#discarding) {
      done();
      return;
    }
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      // '"' toggles; a doubled quote inside a field toggles twice, which is the same as none.
      if (byte === 0x22) this.#inQuotes = !this.#inQuotes;
      else if (byte === 0x0a && !this.#inQuotes) this.#lineEnds += 1;
    }
    this.#onBytes(chunk.length);
    done(null, chunk);
  }

  /**
   * The reader went away (the download was closed): drop what comes, and flow, so the source
   * (a COPY on a connection inside a transaction) runs to its end and the connection comes back
   * clean, instead of stalling on backpressure that nobody will relieve.
   */
  discard(): void {
    this.#discarding = true;
    this.unpipe();
    this.resume();
  }

  /** After the stream ended: size, hex SHA-256, and CSV records (line ends outside quotes). */
  result(): { bytes: number; sha256: string; lineEnds: number } {
    return { bytes: this.#bytes, sha256: this.#hash.digest('hex'), lineEnds: this.#lineEnds };
  }
}
