import { describe, expect, it } from 'vitest';
import { defaultAlertRules } from '../../../../contract/api/alert-rules.ts';
import { badRecipient, changeType, parseRecipients, rulesChanged, thresholdFromField, toggleGroup } from './alert-rules-form.ts';
import { ruleWarningText } from './alert-rule-words.ts';

describe('alert rules editor', () => {
  it('changes one type and leaves the others and the saved rules alone', () => {
    const edited = changeType(defaultAlertRules, 'overspeed', { severity: 'critical', quietHours: { from: '22:00', to: '06:00' } });
    expect(edited.types.overspeed).toMatchObject({ severity: 'critical', quietHours: { from: '22:00', to: '06:00' }, enabled: true });
    expect(edited.types.low_battery).toBe(defaultAlertRules.types.low_battery);
    expect(defaultAlertRules.types.overspeed.severity).toBeNull();
    expect(rulesChanged(defaultAlertRules, edited)).toBe(true);
    expect(rulesChanged(defaultAlertRules, changeType(defaultAlertRules, 'dtc', {}))).toBe(false);
  });

  it('ticks groups in and out; unticking the last one keeps an empty list for the server to flag', () => {
    const one = toggleGroup(defaultAlertRules.types.overspeed, 'g1');
    expect(one).toEqual({ groupIds: ['g1'] });
    expect(toggleGroup({ ...defaultAlertRules.types.overspeed, groupIds: ['g1'] }, 'g1')).toEqual({ groupIds: [] });
  });

  it('reads recipients and names the first that is not an address', () => {
    expect(parseRecipients('a@x.se, b@x.se;\nb@x.se  c@x.se')).toEqual(['a@x.se', 'b@x.se', 'c@x.se']);
    expect(badRecipient(['a@x.se', 'oncall', 'c@x.se'])).toBe('oncall');
    expect(badRecipient(['a@x.se'])).toBeNull();
  });

  it('an empty threshold leaves the account setting in charge', () => {
    expect(thresholdFromField(' ')).toBeNull();
    expect(thresholdFromField('12.5')).toBe(12.5);
  });

  it('words the server’s never-fires reasons, naming the alert type', () => {
    expect(ruleWarningText({ type: 'overspeed', code: 'groups-empty' })).toBe('“Overspeed” applies to no group, so it never fires. Choose groups or “All vehicles”.');
    expect(ruleWarningText({ type: 'low_battery', code: 'quiet-all-day', params: { from: '08:00' } })).toContain('start and end at 08:00');
    expect(ruleWarningText({ code: 'escalation-severity-never-raised', params: { severity: 'critical' } })).toContain('Critical alerts or worse');
  });
});
