import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { noIngestMetrics, stageNames, type IngestMetrics, type StageName } from './ingest-metrics.ts';

const suite = useTestFleet();

/** Records which stages were reported and whether every `since` was a mark it handed out. */
class StageLog implements IngestMetrics {
  readonly stages: StageName[] = [];
  private readonly marks = new Set<number>();
  private next = 1;
  foreignSince = 0;
  mark(): number {
    const m = this.next++;
    this.marks.add(m);
    return m;
  }
  stage(name: StageName, since: number): number {
    this.stages.push(name);
    // 'transaction' measures from a mark plus a duration (the part spent inside the batch).
    if (name !== 'transaction' && !this.marks.has(since)) this.foreignSince++;
    return this.mark();
  }
}

describe('ingest stage metrics', () => {
  it('reports every stage of a batch to the injected metrics, measured from its own marks', async () => {
    const log = new StageLog();
    const app = await buildApp({ db: suite.fleet.db, config: { ...appConfig(suite.fleet.boot.signingKey), monitoringJobs: false }, ingest: { metrics: log } });
    try {
      const unit = demoDevices[0]?.uniqueId ?? '';
      const response = await app.inject({
        method: 'POST', url: '/api/ingest/batch',
        payload: { records: [{ deviceId: unit, time: Date.now() - 1000, latitude: 57.7, longitude: 11.97, speedKmh: 30 }] },
      });
      expect(response.json()).toMatchObject({ stored: 1 });
      expect(new Set(log.stages)).toEqual(new Set(stageNames));
      expect(log.foreignSince).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('records nothing by default', () => {
    expect(noIngestMetrics.mark()).toBe(0);
    expect(noIngestMetrics.stage('parse', 0)).toBe(0);
  });
});
