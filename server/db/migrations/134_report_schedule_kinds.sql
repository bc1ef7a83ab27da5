-- Report kinds beyond the fleet insights report (issue 13 item 4, decision 0320): a schedule
-- chooses trips, stops, idling, speeding, DTC history, the daily summary or the driver scorecard too (contract/api/report-schedules.ts
-- reportKinds). Only the CHECK changes; existing schedules keep 'fleet-insights'.
ALTER TABLE report_schedules DROP CONSTRAINT report_schedules_report_check;
ALTER TABLE report_schedules ADD CONSTRAINT report_schedules_report_check
  CHECK (report IN ('fleet-insights', 'trips', 'stops', 'idling', 'speeding', 'dtc-history', 'daily-summary', 'driver-scorecard'));
