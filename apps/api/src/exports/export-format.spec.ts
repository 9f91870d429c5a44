import { exportFormat } from './export-format.js';

describe('exportFormat: which file a request asks for', () => {
  it('takes format= over Accept, so a plain link can ask', () => {
    expect(exportFormat('csv', 'application/json')).toBe('csv');
    expect(exportFormat('json', 'text/csv')).toBeUndefined();
    expect(exportFormat('parquet', undefined)).toBe('parquet');
  });

  it('reads Accept lists with parameters, and answers JSON for anything else', () => {
    expect(exportFormat(undefined, 'text/csv; charset=utf-8, application/json;q=0.5')).toBe('csv');
    expect(exportFormat(undefined, 'Application/Vnd.Apache.Parquet')).toBe('parquet');
    expect(exportFormat(undefined, 'application/json, */*')).toBeUndefined();
    expect(exportFormat(undefined, undefined)).toBeUndefined();
  });
});
