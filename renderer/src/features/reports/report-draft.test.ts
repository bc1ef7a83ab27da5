import { describe, expect, it } from 'vitest';
import { checkReportDraft, reportDraft, reportFieldOf } from './report-draft.ts';

const today = '2026-12-07';
const draft = reportDraft('lastWeek', { from: '2026-11-30', to: '2026-12-06' });

describe('the report picker', () => {
  it('asks for the kind, the preset period and only the chosen selection', () => {
    expect(checkReportDraft({ ...draft, groupId: 'kept-while-switching' }, today)).toEqual({ query: { kind: 'trips', from: '2026-11-30', to: '2026-12-06' } });
    expect(checkReportDraft({ ...draft, kind: 'speeding', selection: 'vehicles', deviceIds: ['a', 'b'] }, today)).toEqual({
      query: { kind: 'speeding', from: '2026-11-30', to: '2026-12-06', deviceIds: 'a,b' },
    });
    expect(checkReportDraft({ ...draft, preset: 'custom', custom: { from: '2026-12-01', to: '2026-12-02' }, selection: 'driver', driverId: 'd1' }, today)).toEqual({
      query: { kind: 'trips', from: '2026-12-01', to: '2026-12-02', driverId: 'd1' },
    });
  });

  it('names every missing choice under its field before asking', () => {
    expect(checkReportDraft({ ...draft, selection: 'group' }, today)).toEqual({ errors: { groupId: 'Choose the group the report covers.' } });
    expect(checkReportDraft({ ...draft, selection: 'vehicles' }, today)).toEqual({ errors: { deviceIds: 'Choose at least one vehicle.' } });
    expect(checkReportDraft({ ...draft, selection: 'driver' }, today)).toEqual({ errors: { driverId: 'Choose the driver the report covers.' } });
    expect(checkReportDraft({ ...draft, preset: 'custom', custom: { from: '2026-12-05', to: '2026-12-01' } }, today)).toMatchObject({ errors: { period: expect.stringContaining('ends before it starts') } });
  });

  it('puts an error of the fleet cloud or the engine under the field it names', () => {
    expect(reportFieldOf('deviceIds.3')).toBe('deviceIds');
    expect(reportFieldOf('from')).toBe('period');
    expect(reportFieldOf('to')).toBe('period');
    expect(reportFieldOf('/groupId')).toBe('groupId');
    expect(reportFieldOf('kind')).toBeNull();
    expect(reportFieldOf(undefined)).toBeNull();
  });
});
