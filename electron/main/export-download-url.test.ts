import { describe, expect, it } from 'vitest';
import { isExportDownload } from './export-download-url.ts';

describe('isExportDownload', () => {
  const id = '0b7c6f1e-2f55-4c1a-9a43-5d7a2f0f9e11';
  it('accepts a fleet cloud export link with its ticket', () => {
    expect(isExportDownload(`http://127.0.0.1:8080/api/exports/${id}/download?ticket=abc`)).toBe(true);
    expect(isExportDownload(`https://fleet.example.com/api/exports/${id}/download?ticket=abc`)).toBe(true);
  });
  it('refuses anything else: other paths, no ticket, other schemes, garbage', () => {
    expect(isExportDownload(`http://127.0.0.1:8080/api/exports/${id}/download`)).toBe(false);
    expect(isExportDownload(`http://127.0.0.1:8080/api/exports/${id}?ticket=abc`)).toBe(false);
    expect(isExportDownload(`file:///api/exports/${id}/download?ticket=abc`)).toBe(false);
    expect(isExportDownload('javascript:alert(1)')).toBe(false);
    expect(isExportDownload('not a url')).toBe(false);
  });
});
