import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ExportMeter } from './export-meter.ts';

async function measure(chunks: string[]) {
  let reported = 0;
  const meter = new ExportMeter((n) => (reported += n));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), meter, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { ...meter.result(), reported, passed: Buffer.concat(out).toString() };
}

describe('ExportMeter', () => {
  it('passes bytes unchanged, hashes and measures them', async () => {
    const text = 'id,name\n1,a\n2,b\n';
    const result = await measure([text]);
    expect(result).toMatchObject({ passed: text, bytes: text.length, reported: text.length, lineEnds: 3 });
    expect(result.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('counts a record whose quoted field holds line ends and doubled quotes once, across chunk borders', async () => {
    const text = 'id,name\n1,"North, ""the depot""\nby the\nharbour"\n2,plain\n';
    const result = await measure([text.slice(0, 15), text.slice(15, 31), text.slice(31)]);
    expect(result.lineEnds).toBe(3);
    expect(result.passed).toBe(text);
  });

  it('counts a header alone as one line (no rows)', async () => {
    expect((await measure(['id,name\n'])).lineEnds).toBe(1);
  });

  it('drops what comes once discarding, and still ends', async () => {
    const meter = new ExportMeter();
    meter.discard();
    await pipeline(Readable.from([Buffer.from('a\nb\n')]), meter);
    expect(meter.result().bytes).toBe(0);
  });
});
