import { describe, expect, it } from 'vitest';
import { checkDraft, draftFieldOf, draftOf, runErrorWords, splitRecipients } from './report-schedule-form.ts';

const good = { ...draftOf(), name: 'Weekly fleet summary', recipients: 'fleet.manager@example.com; owner@example.com' };

describe('the report schedule form', () => {
  it('makes the request of a complete draft: recipients split, only the chosen kind of selection', () => {
    expect(checkDraft({ ...good, groupId: 'kept-while-switching' })).toEqual({
      request: {
        name: 'Weekly fleet summary', report: 'fleet-insights', selection: { kind: 'all' }, cadence: 'weekly', formats: ['pdf'],
        recipients: ['fleet.manager@example.com', 'owner@example.com'], enabled: true,
      },
    });
    expect(checkDraft({ ...good, selectionKind: 'group', groupId: 'g1' })).toMatchObject({ request: { selection: { kind: 'group', groupId: 'g1' } } });
    // The schedule chooses its report; a new one starts as the fleet insights report.
    expect(checkDraft({ ...good, report: 'speeding' })).toMatchObject({ request: { report: 'speeding' } });
  });

  it('names every wrong field at once, with the reason', () => {
    const checked = checkDraft({ ...good, name: ' ', selectionKind: 'vehicles', formats: [], recipients: 'a@b.se, nope' });
    expect(checked).toEqual({
      errors: {
        name: 'Give the schedule a name, e.g. “Weekly fleet summary”.',
        deviceIds: 'Choose at least one vehicle.',
        formats: 'Choose at least one format.',
        recipients: '“nope” is not an e-mail address.',
      },
    });
    expect(checkDraft({ ...good, selectionKind: 'group' })).toEqual({ errors: { groupId: 'Choose the group the report covers.' } });
    expect(checkDraft({ ...good, recipients: '' })).toEqual({ errors: { recipients: 'Enter at least one e-mail address.' } });
    const many = Array.from({ length: 21 }, (_, i) => `r${i}@example.com`).join(',');
    expect(checkDraft({ ...good, recipients: many })).toEqual({ errors: { recipients: 'At most 20 recipients per schedule.' } });
  });

  it('puts a server error under the field it names', () => {
    expect(draftFieldOf('selection.deviceIds.3')).toBe('deviceIds');
    expect(draftFieldOf('selection.groupId')).toBe('groupId');
    expect(draftFieldOf('/recipients/1')).toBe('recipients');
    expect(draftFieldOf('name')).toBe('name');
    expect(draftFieldOf('expectedVersion')).toBeNull();
    expect(draftFieldOf(undefined)).toBeNull();
  });

  it('splits recipients at commas, semicolons and line breaks, and words why a report was not sent', () => {
    expect(splitRecipients(' a@b.se,\nc@d.se ;e@f.se ')).toEqual(['a@b.se', 'c@d.se', 'e@f.se']);
    expect(runErrorWords('smtp-unreachable')).toBe('The e-mail server could not be reached.');
    expect(runErrorWords('report-too-large')).toContain('10,000');
    expect(runErrorWords(null)).toBe('');
  });
});
